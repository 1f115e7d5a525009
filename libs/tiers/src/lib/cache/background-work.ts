/**
 * Writes the cache makes after it has answered (stores after a load, promotions, demotions):
 * tracked so that shutdown, and tests, can wait for them to land.
 */
export class BackgroundWork {
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly onFailure: (error: unknown) => void) {}

  run(work: () => Promise<void>): Promise<void> {
    const running = work()
      .catch(this.onFailure)
      .finally(() => this.pending.delete(running));
    this.pending.add(running);
    return running;
  }

  /** Resolves once no work is pending, including work started by work that was pending. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) {
      await Promise.all(this.pending);
    }
  }
}

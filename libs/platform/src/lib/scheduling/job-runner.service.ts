import { Injectable, Logger } from '@nestjs/common';

export interface JobRun {
  job: string;
  at: string;
  durationMs: number;
}

/**
 * Runs scheduled jobs one run at a time each: a tick that comes while the job's previous run is
 * still going is skipped, and says so. Remembers the last run that completed and the last that
 * failed, for /health.
 */
@Injectable()
export class JobRunner {
  private readonly logger = new Logger('jobs');
  private readonly running = new Set<string>();
  private lastCompleted: JobRun | null = null;
  private lastFailure: (JobRun & { error: string }) | null = null;

  get lastCompletedJob(): JobRun | null {
    return this.lastCompleted;
  }

  get lastFailedJob(): (JobRun & { error: string }) | null {
    return this.lastFailure;
  }

  /**
   * Runs `work` unless a run of `job` is under way (then resolves false at once). A failing job
   * is logged and recorded; it never takes the scheduler down with it.
   */
  async run(job: string, work: () => Promise<string>): Promise<boolean> {
    if (this.running.has(job)) {
      this.logger.warn(`${job}: the previous run is still going; skipping this one`);
      return false;
    }
    this.running.add(job);
    const started = Date.now();
    try {
      const summary = await work();
      this.lastCompleted = { job, at: new Date().toISOString(), durationMs: Date.now() - started };
      this.logger.log(`${job}: ${summary}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.lastFailure = {
        job,
        at: new Date().toISOString(),
        durationMs: Date.now() - started,
        error: message,
      };
      this.logger.error(`${job} failed: ${message}`);
    } finally {
      this.running.delete(job);
    }
    return true;
  }
}

import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InvalidationOutbox } from '@strata/contexts';
import { StrataCache } from '@strata/tiers';

/** Rows replayed at one start; a larger backlog (a crash loop) is worked off over restarts. */
const BATCH = 1000;

/**
 * Replays writes whose invalidation was never confirmed: a process killed between a write's
 * commit and its invalidation leaves its outbox row, which would leave the shared tiers serving
 * the old value until their TTL. Every process replays every row left when it starts (a killed
 * process is restarted, and replays its own); invalidating twice is harmless, so several
 * processes may replay one row. Only at start: a look on a timer would add a statement to the
 * source every few seconds, and would take rows that a store written to directly (a seed) left
 * on purpose for invalidations nobody asked for. Every statement runs on the source's
 * connection and counts with its statements.
 */
@Injectable()
export class OutboxReplay implements OnApplicationBootstrap {
  private readonly logger = new Logger(OutboxReplay.name);
  /** Writes replayed since start: each was a commit whose invalidation had been lost. */
  replayed = 0;

  constructor(
    private readonly outbox: InvalidationOutbox,
    private readonly cache: StrataCache,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.replayWrittenBefore(Date.now());
  }

  /** Replays every unsettled write older than `writtenBefore`; never throws. */
  async replayWrittenBefore(writtenBefore: number): Promise<number> {
    try {
      const writes = await this.outbox.unsettled(writtenBefore, BATCH);
      for (const { outboxId, changedKeys } of writes) {
        await Promise.all(changedKeys.map((key) => this.cache.invalidate(key)));
        // A shared tier that did not confirm keeps the row for the next start (see
        // CachedContexts.invalidate).
        if (this.cache.pendingInvalidations() === 0) {
          await this.outbox.settle(outboxId);
        }
        this.replayed += 1;
      }
      if (writes.length > 0) {
        this.logger.warn(`replayed the invalidations of ${writes.length} unsettled writes`);
      }
      return writes.length;
    } catch (error) {
      // The source or a tier is away: the rows stay for the next start.
      this.logger.debug(`outbox replay failed: ${(error as Error).message}`);
      return 0;
    }
  }
}

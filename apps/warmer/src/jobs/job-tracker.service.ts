import { Injectable, Logger } from '@nestjs/common';

export interface JobRun {
  job: string;
  at: string;
  durationMs: number;
}

/** Runs scheduled jobs and remembers the last that completed, for /health. */
@Injectable()
export class JobTracker {
  private readonly logger = new Logger('jobs');
  private lastCompleted: JobRun | null = null;
  private lastFailure: (JobRun & { error: string }) | null = null;

  get lastCompletedJob(): JobRun | null {
    return this.lastCompleted;
  }

  get lastFailedJob(): (JobRun & { error: string }) | null {
    return this.lastFailure;
  }

  /** A failing job is logged and recorded; it never takes the scheduler down with it. */
  async run(job: string, work: () => Promise<string>): Promise<void> {
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
    }
  }
}

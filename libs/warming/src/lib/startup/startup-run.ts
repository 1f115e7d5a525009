import type { HotFill, HotFillOutcome } from '@strata/tiers';

/**
 * off: switched off here (configuration, or a process whose hot tier serves no reads). waiting:
 * the application has not bootstrapped yet. running: copying. done: every key of the hot set was
 * tried. timed-out: the time limit came first (ready all the same). failed: the history could not
 * be read (ready all the same, with an empty hot tier).
 */
export type StartupState = 'off' | 'waiting' | 'running' | 'done' | 'timed-out' | 'failed';

/** Why a key of the hot set was not copied, and how many were not (HotFillOutcome). */
export type StartupSkips = Record<Exclude<HotFillOutcome, 'copied'>, number>;

/** What start-up warming did in this process, for `/v1/cache/warming`, `/v1/cache/stats` and `/metrics`. */
export interface StartupRun {
  state: StartupState;
  /** Keys of the predicted hot set (at most `startup.maxEntries`). */
  predicted: number;
  /** Entries copied from the warm (or cold) tier into the hot tier, and their bytes. */
  loaded: number;
  bytes: number;
  skipped: StartupSkips;
  /** Real milliseconds from its start to done, the time limit, or failure. */
  ms?: number;
}

export function notStarted(state: 'off' | 'waiting'): StartupRun {
  return {
    state,
    predicted: 0,
    loaded: 0,
    bytes: 0,
    skipped: {
      present: 0,
      absent: 0,
      expired: 0,
      outdated: 0,
      refused: 0,
      'over-budget': 0,
      unavailable: 0,
      disabled: 0,
    },
  };
}

/** The run with one batch of fills counted in. */
export function withFills(run: StartupRun, fills: readonly HotFill[]): StartupRun {
  const next: StartupRun = { ...run, skipped: { ...run.skipped } };
  for (const fill of fills) {
    if (fill.outcome === 'copied') {
      next.loaded += 1;
      next.bytes += fill.bytes ?? 0;
    } else {
      next.skipped[fill.outcome] += 1;
    }
  }
  return next;
}

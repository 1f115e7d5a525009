/** A key and how much of the history speaks for it (reads, or a share of reads). */
export interface KeyWeight {
  key: string;
  reads: number;
}

/**
 * What the recorded history says about the coming window, signal by signal. Each list may be
 * empty (a first day has no earlier day at this hour; a new deployment has no history at all).
 */
export interface PredictionSignals {
  /** Reads of each key at the coming window's hour of the day, on the days recorded. */
  atHour: readonly KeyWeight[];
  /** Reads of each key ever recorded: the popularity that lasts from day to day. */
  lasting: readonly KeyWeight[];
  /** Reads of each key lately, decayed: what is busy now. */
  recent: readonly KeyWeight[];
  /** What users went on to read after the keys busy now (their habits, learned per sequence). */
  following: readonly KeyWeight[];
}

export type SignalName = keyof PredictionSignals;

/**
 * How much each signal counts. Lasting popularity and the hour's profile are long samples, so
 * they outweigh the last window's few reads of a key, which are noisy under Zipf traffic; the
 * recent weight still moves a key that has just become busy up; what follows busy keys fills in.
 */
export const SIGNAL_WEIGHTS: Readonly<Record<SignalName, number>> = {
  atHour: 0.35,
  lasting: 0.3,
  recent: 0.25,
  following: 0.1,
};

export interface Prediction {
  key: string;
  /** 0–1: the weighted sum of the key's signals, each scaled to its strongest key. */
  score: number;
  /** The signal that gave the key most of its score. */
  because: SignalName;
}

/**
 * Ranks every key some signal names by its combined score, best first, at most `limit`. Signals
 * are scaled to their own strongest key so that counts of different kinds (reads at an hour,
 * reads ever, decayed weights) add up; an empty signal adds nothing and its weight is spread over
 * the others, so a first day ranks by what it has.
 */
export function rankPredictions(
  signals: PredictionSignals,
  limit: number,
  weights: Readonly<Record<SignalName, number>> = SIGNAL_WEIGHTS,
): Prediction[] {
  const present = (Object.keys(weights) as SignalName[]).filter((name) =>
    signals[name].some((entry) => entry.reads > 0),
  );
  const total = present.reduce((sum, name) => sum + weights[name], 0);
  const scored = new Map<string, { score: number; best: number; because: SignalName }>();
  for (const name of present) {
    const strongest = Math.max(...signals[name].map((entry) => entry.reads));
    for (const { key, reads } of signals[name]) {
      const part = ((reads / strongest) * weights[name]) / total;
      const entry = scored.get(key) ?? { score: 0, best: -1, because: name };
      entry.score += part;
      if (part > entry.best) {
        entry.best = part;
        entry.because = name;
      }
      scored.set(key, entry);
    }
  }
  return [...scored]
    .map(([key, { score, because }]) => ({ key, score, because }))
    .sort((a, b) => b.score - a.score || a.key.localeCompare(b.key))
    .slice(0, limit);
}

/**
 * What follows the busy keys, each successor weighted by its share of what followed that key
 * times how busy the key is: a key read after many busy ones is likely next.
 */
export function followingWeights(
  busy: readonly KeyWeight[],
  successors: ReadonlyMap<string, readonly KeyWeight[]>,
): KeyWeight[] {
  const weights = new Map<string, number>();
  for (const { key, reads } of busy) {
    const next = successors.get(key) ?? [];
    const all = next.reduce((sum, entry) => sum + entry.reads, 0);
    for (const entry of next) {
      if (all > 0 && entry.key !== key) {
        weights.set(entry.key, (weights.get(entry.key) ?? 0) + (reads * entry.reads) / all);
      }
    }
  }
  return [...weights].map(([key, reads]) => ({ key, reads }));
}

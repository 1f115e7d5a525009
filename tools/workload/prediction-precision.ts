/** How well one way of choosing keys named what the next window read. */
export interface ChooserFigures {
  /** Keys chosen, over the windows scored (each window at the smaller of the two choices). */
  chosen: number;
  /** Of those, read in the window they were chosen for. */
  read: number;
  /** read / chosen; 0 with nothing chosen. */
  precision: number;
}

export interface PrecisionFigures {
  windows: number;
  predictive: ChooserFigures;
  /** The most-read keys of the window before. */
  baseline: ChooserFigures;
}

/**
 * Scores predictive warming against the baseline it must beat, from the simulator's own record
 * of what was read: at each window boundary the prediction and the baseline (the keys read most
 * in the window just closed) are compared on the window that follows. Both are cut to the same
 * length, the smaller, so that a longer list cannot buy precision or lose it.
 */
export class PredictionPrecision {
  private readonly windowReads = new Map<string, number>();
  private open: { predicted: readonly string[]; baseline: readonly string[] } | undefined;
  private readonly totals = {
    windows: 0,
    predictive: { chosen: 0, read: 0 },
    baseline: { chosen: 0, read: 0 },
  };

  constructor(private readonly counts: (key: string) => boolean) {}

  /** A key the schedule read (every read, cache on or off). */
  read(key: string): void {
    if (this.counts(key)) {
      this.windowReads.set(key, (this.windowReads.get(key) ?? 0) + 1);
    }
  }

  /** A window ends and the next begins with this prediction, best first. */
  boundary(predicted: readonly string[]): void {
    this.settle();
    const baseline = [...this.windowReads]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([key]) => key);
    const length = Math.min(predicted.length, baseline.length);
    this.open =
      length === 0
        ? undefined
        : { predicted: predicted.slice(0, length), baseline: baseline.slice(0, length) };
    this.windowReads.clear();
  }

  get figures(): PrecisionFigures {
    return {
      windows: this.totals.windows,
      predictive: withPrecision(this.totals.predictive),
      baseline: withPrecision(this.totals.baseline),
    };
  }

  private settle(): void {
    if (this.open === undefined) {
      return;
    }
    this.totals.windows += 1;
    for (const chooser of ['predicted', 'baseline'] as const) {
      const tally = this.totals[chooser === 'predicted' ? 'predictive' : 'baseline'];
      tally.chosen += this.open[chooser].length;
      tally.read += this.open[chooser].filter((key) => this.windowReads.has(key)).length;
    }
    this.open = undefined;
  }
}

function withPrecision(tally: { chosen: number; read: number }): ChooserFigures {
  return { ...tally, precision: tally.chosen === 0 ? 0 : tally.read / tally.chosen };
}

import { Counter, Gauge, type Registry } from 'prom-client';

/** One series of a collect-time metric: its labels and its value now. */
export type Sample<L extends string> = readonly [labels: Record<L, string>, value: number];

export interface CollectedSpec<L extends string> {
  name: string;
  help: string;
  labelNames?: readonly L[];
  /** Every series the metric has now, read at scrape time; none leaves the metric empty. */
  read: () => Iterable<Sample<L>> | Promise<Iterable<Sample<L>>>;
}

/**
 * A metric whose value is read from someone else's figures at scrape time rather than counted
 * here: its series are replaced by `read`'s on every collect. A counter's figures must only
 * grow (they are totals kept since start); a gauge's are whatever they are now.
 */
export function collectedMetric<L extends string>(
  registry: Registry,
  kind: 'counter' | 'gauge',
  { name, help, labelNames = [], read }: CollectedSpec<L>,
): void {
  const common = { name, help, labelNames, registers: [registry] };
  if (kind === 'counter') {
    new Counter<L>({
      ...common,
      async collect() {
        const samples = await read();
        // Replaced after the read, so that a scrape never sees the series half gone.
        this.reset();
        for (const [labels, value] of samples) this.inc(labels, value);
      },
    });
    return;
  }
  new Gauge<L>({
    ...common,
    async collect() {
      const samples = await read();
      this.reset();
      for (const [labels, value] of samples) this.set(labels, value);
    },
  });
}

/**
 * `read`, called at most once for all the collects one scrape starts together (the registry
 * starts them in one pass): they share the call under way; the next scrape makes a new one.
 */
export function oncePerScrape<T>(read: () => T | Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= Promise.resolve()
      .then(read)
      .finally(() => (pending = undefined));
    return pending;
  };
}

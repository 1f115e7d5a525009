/**
 * First step, as a share of the maximum weight. Caffeine takes 6.25% and decays by 0.98; with a
 * judgement every ten cache sizes of requests, a short trace or a large cache gets only a dozen or
 * two judgements, too few for those steps to reach a large window where recency pays (sprite at
 * 800, OLTP at 5000 stayed 2.5–3 points below LRU). Larger first steps that settle faster get
 * there and still settle.
 */
const STEP_SHARE = 0.1;
/** Each step in the same regime shrinks by this factor, so the climber settles. */
const STEP_DECAY = 0.95;
/**
 * A fall in hit ratio smaller than this is sampling noise, not evidence: the climber keeps its
 * direction instead of reversing on it (otherwise, where the window barely matters, noise alone
 * walks it back and forth).
 */
const NOISE = 0.002;
/** A change in hit ratio this large means the workload changed: restart with a full step. */
const RESTART_THRESHOLD = 0.05;

/**
 * Hill climbing on the window size (Caffeine's adaptive W-TinyLFU): after each sample of requests,
 * keep moving the window in the direction that raised the hit ratio, reverse when it fell.
 * Returns the adjustment to apply in the policy's weight unit; positive grows the window.
 */
export class HillClimber {
  private hits = 0;
  private misses = 0;
  private previousHitRatio = 0;
  private step: number;

  constructor(
    private readonly maximumWeight: number,
    /** Requests per judgement: long enough that noise does not steer, short enough to follow phases. */
    public sampleSize: number,
  ) {
    // The first move grows the window: recency is the safer bet until the sample says otherwise.
    this.step = STEP_SHARE * maximumWeight;
  }

  /** Counts requests; at the end of a sample, returns the adjustment (0 otherwise). */
  record(hits: number, misses: number): number {
    this.hits += hits;
    this.misses += misses;
    return this.hits + this.misses >= this.sampleSize ? this.adjust() : 0;
  }

  private adjust(): number {
    const hitRatio = this.hits / (this.hits + this.misses);
    const change = hitRatio - this.previousHitRatio;
    const amount = change >= -NOISE ? this.step : -this.step;
    this.step =
      Math.abs(change) >= RESTART_THRESHOLD
        ? STEP_SHARE * this.maximumWeight * Math.sign(amount)
        : STEP_DECAY * amount;
    this.previousHitRatio = hitRatio;
    this.hits = 0;
    this.misses = 0;
    return amount;
  }
}

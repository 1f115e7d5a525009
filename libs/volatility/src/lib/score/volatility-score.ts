/** What a score was computed from; `GET /v1/cache/volatility/:type/:id` shows it. */
export interface ScoreInputs {
  type: string;
  base: number;
  /** Update frequency: min(updates in the window / updatesToSaturate, 1). */
  f: number;
  /** Variability: burstiness of the recent reads, from their intervals' coefficient of variation. */
  v: number;
  /** User activity: share of recent accesses made in an active session, recent updates counted as such. */
  a: number;
  updatesInWindow: number;
  /** Recent updates, decayed by the half-life: each counts toward `a` as an access in a session. */
  recentUpdates: number;
  /** Recent accesses, decayed by the half-life. */
  recentAccesses: number;
}

export interface VolatilityScore {
  score: number;
  inputs: ScoreInputs;
}

const clampUnit = (value: number) => (Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0);

/** DESIGN §5: `score = base × (1 + f + v + a) / 4`, every term and the result clamped to [0, 1]. */
export function volatilityScore(inputs: ScoreInputs): VolatilityScore {
  const base = clampUnit(inputs.base);
  const f = clampUnit(inputs.f);
  const v = clampUnit(inputs.v);
  const a = clampUnit(inputs.a);
  return {
    score: clampUnit((base * (1 + f + v + a)) / 4),
    inputs: { ...inputs, base, f, v, a },
  };
}

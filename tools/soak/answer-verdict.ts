/** What the soak's load was answered, as MixedLoad counts it. */
export interface SoakAnswers {
  statuses: ReadonlyMap<number, number>;
  /** 503s that carried Retry-After: the api shedding new uncached work while it lags. */
  shed: number;
  /** Requests that got no answer at all. */
  failed: number;
}

/**
 * Everything wrong with the answers, in words. Shedding under lag is designed behaviour (issue
 * 11, overload) and is reported beside the verdict, not in it; any other 5xx, a 503 without
 * Retry-After included, and any request left unanswered, fails the soak.
 */
export function answerProblems({ statuses, shed, failed }: SoakAnswers): string[] {
  const serverErrors = [...statuses.entries()]
    .filter(([status]) => status >= 500)
    .reduce((sum, [, count]) => sum + count, 0);
  const unexplained = serverErrors - shed;
  return [
    ...(unexplained > 0 ? [`${unexplained} answers were 5xx other than shedding`] : []),
    ...(failed > 0 ? [`${failed} requests got no answer`] : []),
  ];
}

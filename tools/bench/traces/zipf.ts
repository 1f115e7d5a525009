/** Zipf(s) popularity over `distinct` keys (key 0 the most popular), by inverse-CDF sampling: O(log n) per draw. */
export function zipfSampler(s: number, distinct: number, random: () => number): () => number {
  const cumulative = new Float64Array(distinct);
  let total = 0;
  for (let rank = 0; rank < distinct; rank++) {
    total += 1 / (rank + 1) ** s;
    cumulative[rank] = total;
  }
  return () => {
    const target = random() * total;
    let low = 0;
    let high = distinct - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (cumulative[middle] < target) low = middle + 1;
      else high = middle;
    }
    return low;
  };
}

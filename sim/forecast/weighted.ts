/**
 * The q-quantile of values with weights: the value below which a share q of the weight lies, each
 * value standing at the middle of its own weight and linear between (with equal weights, the
 * Hazen definition, R type 5).
 */
export function weightedQuantile(values: ArrayLike<number>, weights: ArrayLike<number>, q: number): number {
  const n = values.length;
  if (n === 0) return NaN;
  const order = Array.from({ length: n }, (_, i) => i).filter((i) => weights[i] > 0);
  if (order.length === 0) return NaN;
  order.sort((a, b) => values[a] - values[b]);
  let total = 0;
  for (const i of order) total += weights[i];
  let below = 0;
  let prevMid = -Infinity;
  let prevValue = values[order[0]];
  for (const i of order) {
    const mid = (below + weights[i] / 2) / total;
    if (q <= mid) {
      if (prevMid === -Infinity) return values[i];
      return prevValue + ((q - prevMid) / (mid - prevMid)) * (values[i] - prevValue);
    }
    below += weights[i];
    prevMid = mid;
    prevValue = values[i];
  }
  return prevValue;
}

/** The weighted p10, p50 and p90. */
export function weightedP10P50P90(values: ArrayLike<number>, weights: ArrayLike<number>): [number, number, number] {
  return [weightedQuantile(values, weights, 0.1), weightedQuantile(values, weights, 0.5), weightedQuantile(values, weights, 0.9)];
}

/**
 * Nearest-rank percentile: the smallest value with at least p of the values at or below it
 * (rank ceil(p·n) of the sorted values). Never interpolates, so every figure is one real wait.
 */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (!sorted.length) return null
  const rank = Math.max(1, Math.ceil(p * sorted.length))
  return sorted[rank - 1]!
}

export function medianAndP90(values: readonly number[]): { medianMs: number | null; p90Ms: number | null } {
  const sorted = [...values].sort((a, b) => a - b)
  return { medianMs: percentile(sorted, 0.5), p90Ms: percentile(sorted, 0.9) }
}

export function ratio(part: number, whole: number): number | null {
  return whole ? part / whole : null
}

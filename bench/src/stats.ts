/** Timing helpers: percentiles over repeated runs, rates, and number formatting. */

export interface Summary {
  runs: number
  p50: number
  p95: number
  p99: number
  max: number
  mean: number
}

export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return NaN
  // Nearest rank: the smallest value with at least p% of the runs at or below it.
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)))
  return sorted[rank - 1] as number
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b)
  const mean = sorted.reduce((s, v) => s + v, 0) / (sorted.length || 1)
  return {
    runs: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
    mean,
  }
}

/** Milliseconds taken by fn. */
export function timeMs(fn: () => unknown): number {
  const start = performance.now()
  fn()
  return performance.now() - start
}

/** Runs fn `warmup` times untimed, then `runs` times timed (each run may use its index). */
export function measure(runs: number, fn: (i: number) => unknown, warmup = Math.min(20, Math.ceil(runs / 10))): Summary {
  for (let i = 0; i < warmup; i++) fn(i)
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    fn(i)
    times.push(performance.now() - start)
  }
  return summarize(times)
}

export async function measureAsync(runs: number, fn: (i: number) => Promise<unknown>, warmup = Math.min(20, Math.ceil(runs / 10))): Promise<Summary> {
  for (let i = 0; i < warmup; i++) await fn(i)
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    await fn(i)
    times.push(performance.now() - start)
  }
  return summarize(times)
}

export const ms = (v: number): string => (Number.isFinite(v) ? (v < 1 ? v.toFixed(3) : v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0)) : 'n/a')

export const int = (v: number): string => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : 'n/a')

export const mb = (bytes: number): string => (Number.isFinite(bytes) ? `${(bytes / 1024 / 1024).toFixed(0)} MB` : 'n/a')

export const ratio = (v: number): string => (Number.isFinite(v) ? `${v < 10 ? v.toFixed(2) : v.toFixed(0)}x` : 'n/a')

/** Deterministic PRNG (mulberry32) so every run draws the same cursors and queries. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Exponential backoff with jitter: never a busy loop, never a thundering herd. */
export interface BackoffPolicy {
  baseMs: number
  maxMs: number
}

export const defaultBackoff: BackoffPolicy = { baseMs: 30_000, maxMs: 30 * 60_000 }

export function backoffDelay(failures: number, policy: BackoffPolicy, random: () => number): number {
  const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, failures - 1))
  return Math.round(exp * (0.5 + random() / 2))
}

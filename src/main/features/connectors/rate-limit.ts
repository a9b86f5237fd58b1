/**
 * Reads the three header families platforms use and returns when calls may
 * resume (ms epoch), or null when the headers say nothing.
 * Retry-After: seconds or an HTTP date. X-RateLimit-Reset: Mastodon's ISO
 * timestamp (Reddit's seconds-from-now). RateLimit-Reset: unix seconds (Bluesky).
 */
export function resumeAt(headers: Headers, now: number): number | null {
  const retryAfter = headers.get('retry-after')
  if (retryAfter) {
    const seconds = Number(retryAfter)
    if (Number.isFinite(seconds)) return now + Math.max(0, seconds) * 1000
    const date = Date.parse(retryAfter)
    if (Number.isFinite(date)) return Math.max(now, date)
  }
  const remaining = headers.get('x-ratelimit-remaining') ?? headers.get('ratelimit-remaining')
  const exhausted = remaining !== null && Number(remaining) <= 0
  const xReset = headers.get('x-ratelimit-reset')
  if (xReset && exhausted) {
    const date = Date.parse(xReset)
    if (Number.isFinite(date) && /\D/.test(xReset)) return Math.max(now, date)
    const seconds = Number(xReset)
    if (Number.isFinite(seconds)) return now + seconds * 1000
  }
  const reset = headers.get('ratelimit-reset')
  if (reset && exhausted) {
    const value = Number(reset)
    // Unix seconds when large, delta seconds when small (the IETF draft uses deltas).
    if (Number.isFinite(value)) return value > 1e9 ? Math.max(now, value * 1000) : now + value * 1000
  }
  return null
}

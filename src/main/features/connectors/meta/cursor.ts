/** A stream's cursor: the newest creation time seen (ms). Graph's `since` is inclusive, so the boundary second is read again and ingest drops the repeats. */
export interface TimeCursor {
  since: number
}

export function readCursor(raw: string | null): TimeCursor | null {
  if (!raw) return null
  try {
    const value = JSON.parse(raw) as { since?: unknown }
    return typeof value.since === 'number' && Number.isFinite(value.since) ? { since: value.since } : null
  } catch {
    return null
  }
}

export const writeCursor = (since: number): string => JSON.stringify({ since })

/** Graph takes unix seconds for since/until. */
export const unixSeconds = (ms: number): number => Math.floor(ms / 1000)

/** Graph's datetime ("2026-12-07T03:31:45+0000"); NaN when it is not one. */
export function graphTime(value: unknown): number {
  if (typeof value !== 'string') return NaN
  return Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))
}

/**
 * A stream's cursor: the newest creation time seen (ms) and the ids seen at exactly that time.
 * Graph's `since` is inclusive and its times have one-second steps, so the boundary second is read
 * again: the ids let it drop what it already returned without missing a second item of that second.
 */
export interface TimeCursor {
  since: number
  seen: string[]
}

export function readCursor(raw: string | null): TimeCursor | null {
  if (!raw) return null
  try {
    const value = JSON.parse(raw) as { since?: unknown; seen?: unknown }
    if (typeof value.since !== 'number' || !Number.isFinite(value.since)) return null
    const seen = Array.isArray(value.seen) ? value.seen.filter((s): s is string => typeof s === 'string') : []
    return { since: value.since, seen }
  } catch {
    return null
  }
}

/** Collects what a poll returns and decides what is new since the cursor. */
export class Frontier {
  readonly from: number
  private readonly before: Set<string>
  private newest: number
  private atNewest: Set<string>

  constructor(raw: string | null, backfillSince: number) {
    const cursor = readCursor(raw)
    this.from = cursor?.since ?? backfillSince
    this.before = new Set(cursor?.seen ?? [])
    this.newest = this.from
    this.atNewest = new Set(cursor?.seen ?? [])
  }

  /** True when the item is new (and records it). */
  take(id: string, createdAt: number): boolean {
    if (createdAt < this.from || (createdAt === this.from && this.before.has(id))) return false
    if (createdAt > this.newest) {
      this.newest = createdAt
      this.atNewest = new Set()
    }
    if (createdAt === this.newest) this.atNewest.add(id)
    return true
  }

  cursor(): string {
    return JSON.stringify({ since: this.newest, seen: [...this.atNewest].slice(-200) })
  }
}

/** Graph takes unix seconds for since/until. */
export const unixSeconds = (ms: number): number => Math.floor(ms / 1000)

/** Graph's datetime ("2026-12-07T03:31:45+0000"); NaN when it is not one. */
export function graphTime(value: unknown): number {
  if (typeof value !== 'string') return NaN
  return Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))
}

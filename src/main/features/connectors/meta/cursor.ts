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
  /** Set when a poll stopped before reading everything since `from`: the cursor may not pass this time. */
  private ceiling = Infinity

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

  /**
   * A list was left unfinished (the poll's page budget ran out) with nothing older than `t` read from
   * it: the next poll starts no later than `t`, so what was left is read then (ingest drops repeats).
   */
  cap(t: number): void {
    this.ceiling = Math.min(this.ceiling, Math.max(t, this.from))
  }

  /** True when something was left for the next poll. */
  get capped(): boolean {
    return this.ceiling !== Infinity
  }

  /**
   * A newest-first list ran past the poll's page budget: what was not read is older than what was, and
   * the next poll (newest first again) would not reach it either, so it is reported as a gap.
   */
  missed(): void {
    this.gap = true
  }

  gap = false

  cursor(): string {
    if (this.ceiling < this.newest) return JSON.stringify({ since: this.ceiling, seen: [] })
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

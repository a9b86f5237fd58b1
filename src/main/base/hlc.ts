/**
 * A hybrid logical clock: wall-clock milliseconds plus a counter. Its stamps only ever grow within a
 * workspace, even when the computer's clock is set back, so a replica can order changes from several
 * laptops by stamp and still keep each laptop's own order. Stamps are fixed-width text so SQL and any
 * other store compare them as plain strings.
 */
export interface HlcStamp {
  /** Physical part: milliseconds since the epoch (never less than a stamp given before). */
  ms: number
  /** Logical part: how many stamps were given within the same millisecond. */
  counter: number
}

const MS_DIGITS = 15
const COUNTER_DIGITS = 6

export function formatHlc({ ms, counter }: HlcStamp): string {
  return `${String(ms).padStart(MS_DIGITS, '0')}-${String(counter).padStart(COUNTER_DIGITS, '0')}`
}

/** Reads a stamp written by formatHlc; anything else is no stamp. */
export function parseHlc(text: string | null | undefined): HlcStamp | null {
  const match = /^(\d{15})-(\d{6})$/.exec(text ?? '')
  return match ? { ms: Number(match[1]), counter: Number(match[2]) } : null
}

export class HybridLogicalClock {
  private last: HlcStamp

  /** `now` is the wall clock; `after` the newest stamp already given (e.g. read back from the workspace). */
  constructor(
    private readonly now: () => number,
    after: HlcStamp | null = null,
  ) {
    this.last = after ?? { ms: 0, counter: 0 }
  }

  /** The next stamp: later than every stamp given before. */
  tick(): string {
    return formatHlc(this.next())
  }

  /** The next stamp as its parts, for a caller that writes stamps in a format of its own. */
  next(): HlcStamp {
    const wall = Math.floor(this.now())
    this.last = wall > this.last.ms ? { ms: wall, counter: 0 } : { ms: this.last.ms, counter: this.last.counter + 1 }
    return this.last
  }

  /** Takes in a stamp seen elsewhere (another laptop), so the next local stamp orders after it. */
  observe(stamp: string): void {
    const seen = parseHlc(stamp)
    if (seen) this.observeStamp(seen)
  }

  observeStamp(seen: HlcStamp): void {
    if (seen.ms > this.last.ms || (seen.ms === this.last.ms && seen.counter > this.last.counter)) this.last = seen
  }
}

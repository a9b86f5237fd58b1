/**
 * A hybrid logical clock: wall-clock milliseconds, a counter for events in the same millisecond,
 * and the laptop's node id, written so that string order is clock order. It never runs backwards
 * (a laptop whose clock was set back keeps counting) and moves past every clock it receives.
 */
export class HybridClock {
  private wall = 0
  private counter = 0

  constructor(
    private readonly node: string,
    private readonly physical: () => number,
    latest: string | null = null,
  ) {
    if (latest) this.receive(latest)
  }

  now(): string {
    const physical = this.physical()
    if (physical > this.wall) {
      this.wall = physical
      this.counter = 0
    } else this.counter++
    return formatHlc(this.wall, this.counter, this.node)
  }

  /** Moves this clock past one read from another laptop's op. */
  receive(remote: string): void {
    const parsed = parseHlc(remote)
    if (!parsed) return
    if (parsed.wall > this.wall || (parsed.wall === this.wall && parsed.counter > this.counter)) {
      this.wall = parsed.wall
      this.counter = parsed.counter
    }
  }
}

export const formatHlc = (wall: number, counter: number, node: string): string =>
  `${String(wall).padStart(15, '0')}:${String(counter).padStart(5, '0')}:${node}`

export function parseHlc(text: string): { wall: number; counter: number; node: string } | null {
  const m = /^(\d{15}):(\d{5}):(.+)$/.exec(text)
  return m ? { wall: Number(m[1]), counter: Number(m[2]), node: m[3]! } : null
}

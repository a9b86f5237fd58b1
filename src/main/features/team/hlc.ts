import { HybridLogicalClock } from '../../base/hlc'

/**
 * The team's stamps: the workspace's hybrid logical clock (base/hlc.ts: wall-clock milliseconds and a
 * counter for events in the same millisecond) with the laptop's node id, written so that string order
 * is clock order. It never runs backwards and moves past every clock it receives.
 */
export class HybridClock {
  private readonly clock: HybridLogicalClock

  constructor(
    private readonly node: string,
    physical: () => number,
    latest: string | null = null,
  ) {
    this.clock = new HybridLogicalClock(physical)
    if (latest) this.receive(latest)
  }

  now(): string {
    const { ms, counter } = this.clock.next()
    return formatHlc(ms, counter, this.node)
  }

  /** Moves this clock past one read from another laptop's op. */
  receive(remote: string): void {
    const parsed = parseHlc(remote)
    if (parsed) this.clock.observeStamp({ ms: parsed.wall, counter: parsed.counter })
  }
}

export const formatHlc = (wall: number, counter: number, node: string): string =>
  `${String(wall).padStart(15, '0')}:${String(counter).padStart(5, '0')}:${node}`

export function parseHlc(text: string): { wall: number; counter: number; node: string } | null {
  const m = /^(\d{15}):(\d{5}):(.+)$/.exec(text)
  return m ? { wall: Number(m[1]), counter: Number(m[2]), node: m[3]! } : null
}

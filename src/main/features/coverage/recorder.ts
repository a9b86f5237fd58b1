import type { ErrorClass } from '../../model/connector'
import type { PollObserver } from '../sync/engine'
import type { CoverageStore, GapKind } from '../../store/coverage'
import { streamKey } from './context'
import { countByHour } from './rate'

const DAY_MS = 86_400_000

/** How serious a gap is: a stretch that is several kinds at once is named after the worst. */
const SEVERITY: Record<GapKind, number> = { cooldown: 1, outage: 2, auth: 3, platform: 4, backfill_limit: 4 }

const gapKindOf = (verdict: ErrorClass): GapKind =>
  verdict.kind === 'rate_limited' ? 'cooldown' : verdict.kind === 'reauth' || verdict.kind === 'disconnect' ? 'auth' : 'outage'

const days = (n: number): string => (n === 1 ? 'one day' : `${n} days`)

/**
 * Turns poll outcomes into coverage: the window read without a gap that lost items, the hourly item
 * counts the usual rate is learned from, and the gaps Parley knows of. A failed poll opens a gap from
 * the last good poll; the next good one closes it, caught up unless the platform said it could not
 * return everything or the stretch reached past how far back the platform keeps the stream.
 */
export class CoverageRecorder implements PollObserver {
  constructor(
    private readonly d: {
      store: CoverageStore
      zone: () => string
      /** The manifest's backfill limit of a stream, in days, or null. */
      backfillLimitDays: (platform: string, stream: string) => number | null
      /** Filled here, read by the monitor: which streams were polled since this process started. */
      polledThisRun: Set<string>
    },
  ) {}

  polled(p: Parameters<PollObserver['polled']>[0]): void {
    const { store } = this.d
    this.d.polledThisRun.add(streamKey(p.accountId, p.stream))
    const limit = this.d.backfillLimitDays(p.platform, p.stream)
    const horizon = limit ? p.now - limit * DAY_MS : -Infinity
    let row = store.get(p.accountId, p.stream)
    if (!row) {
      // The first poll reads back to the backfill start (no further than the platform keeps); a stream read
      // before coverage was recorded starts now, since nothing says what was read before.
      const from = p.first ? Math.max(p.backfillSince, horizon) : p.now
      store.start(p.accountId, p.stream, from, from)
      if (p.first && horizon > p.backfillSince) {
        store.addGap({ account: p.accountId, stream: p.stream, kind: 'backfill_limit', from: p.backfillSince, to: horizon, outcome: 'lost', detail: `The platform keeps ${days(limit!)} of this stream, so nothing older could be read.` })
      }
      row = store.get(p.accountId, p.stream)!
    }
    const lastGood = row.last_success_at ?? row.covered_since
    const beyondLimit = lastGood < horizon
    const open = store.openGap(p.accountId, p.stream)
    if (open) store.closeGap(open.id, p.now, p.gap || beyondLimit ? 'lost' : 'caught_up')
    if (beyondLimit) {
      store.addGap({ account: p.accountId, stream: p.stream, kind: 'backfill_limit', from: lastGood, to: horizon, outcome: 'lost', detail: `Parley was away longer than the ${days(limit!)} the platform keeps.` })
      store.restartCoverage(p.accountId, p.stream, horizon)
    }
    if (p.gap) {
      if (!open) store.addGap({ account: p.accountId, stream: p.stream, kind: 'platform', from: lastGood, to: p.now, outcome: 'lost', detail: 'The platform could not return everything since the previous poll.' })
      store.restartCoverage(p.accountId, p.stream, p.now)
    }
    store.addHours(p.accountId, p.stream, countByHour(p.arrivals, row.learning_since, p.now, this.d.zone()))
    const newest = p.arrivals.length ? Math.min(p.arrivals.reduce((a, b) => Math.max(a, b), -Infinity), p.now) : null
    store.succeeded(p.accountId, p.stream, p.now, newest)
  }

  failed(p: Parameters<PollObserver['failed']>[0]): void {
    const { store } = this.d
    this.d.polledThisRun.add(streamKey(p.accountId, p.stream))
    const row = store.get(p.accountId, p.stream)
    // Coverage starts with the first good poll: before it there is nothing to interrupt.
    if (!row) return
    const kind = gapKindOf(p.verdict)
    const detail = p.verdict.message.slice(0, 300)
    const open = store.openGap(p.accountId, p.stream)
    if (open) store.reviseGap(open.id, SEVERITY[kind] > SEVERITY[open.kind] ? kind : open.kind, detail)
    else store.addGap({ account: p.accountId, stream: p.stream, kind, from: row.last_success_at ?? p.now, to: null, outcome: null, detail })
  }
}

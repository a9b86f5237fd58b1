import type { SilenceSettings } from '../../../shared/contract'
import type { CoverageRow, CoverageStore } from '../../store/coverage'
import { HOUR_MS, epochHour, expectedItems, occurrences, usualGapMs, usualRate } from './rate'

/** The rate is learned from the last eight weeks: long enough for a weekly habit, short enough to follow a change. */
export const LEARN_MS = 8 * 7 * 24 * HOUR_MS
/** A stream "usually brings items" once it brought this many over at least a day. */
const MIN_ITEMS = 10
const MIN_LEARNED_MS = 24 * HOUR_MS

export interface Assessment {
  rate: number[]
  learnedItems: number
  learnedSince: number
  usuallyBringsItems: boolean
  /** Since when the stream has brought nothing (its last item, or the start of what Parley covered). */
  quietSince: number
  expected: number
  usualGapMs: number | null
  /** Quiet long enough for the alarm. */
  silent: boolean
  /** Quieter than usual but not yet an alarm (half the way there). */
  quiet: boolean
}

/** What a stream's history says about its silence right now. */
export function assess(store: CoverageStore, row: CoverageRow, settings: SilenceSettings, now: number, zone: string): Assessment {
  const learnedSince = Math.max(row.learning_since, now - LEARN_MS)
  const sinceHour = epochHour(learnedSince)
  const counts = store.itemsByHourOfWeek(row.channel_account_id, row.stream, sinceHour)
  const quietSince = Math.max(row.last_item_at ?? -Infinity, row.covered_since)
  // The habit is learned from the time before the quiet spell: counting the spell itself would make a long silence look usual.
  const rate = usualRate(counts, occurrences(sinceHour * HOUR_MS, Math.max(quietSince, sinceHour * HOUR_MS), zone))
  const learnedItems = counts.reduce((a, b) => a + b, 0)
  const usuallyBringsItems = learnedItems >= MIN_ITEMS && quietSince - learnedSince >= MIN_LEARNED_MS
  const expected = expectedItems(rate, quietSince, now, zone)
  const quietFor = now - quietSince
  const floor = settings.floorMinutes * 60_000
  const silent = settings.enabled && usuallyBringsItems && quietFor >= floor && expected >= settings.gaps
  const quiet = !silent && usuallyBringsItems && quietFor >= floor / 2 && expected >= settings.gaps / 2
  return { rate, learnedItems, learnedSince, usuallyBringsItems, quietSince, expected, usualGapMs: usualGapMs(rate, now, zone), silent, quiet }
}

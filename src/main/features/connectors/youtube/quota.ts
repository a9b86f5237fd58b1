import { MeteredBudget, positiveInt } from '../budget'

/** Quota units per call, as YouTube documents them (developers.google.com/youtube/v3/determine_quota_cost). */
export const COST = { list: 1, insert: 50, setModerationStatus: 50 } as const

export const DEFAULT_DAILY_QUOTA = 10_000
/** Kept back from polling for replies and moderation: 20 of either a day at the default quota. */
export const DEFAULT_RESERVE = 1_000

/** The day's ledger for this account: YouTube's quota day ends at midnight Pacific time. */
export function quotaFor(settings: Record<string, unknown>): MeteredBudget {
  const limit = positiveInt(settings.dailyQuota, DEFAULT_DAILY_QUOTA)
  // Never keep back more than half of a small quota, or polling would never run.
  const reserve = Math.min(positiveInt(settings.quotaReserve, DEFAULT_RESERVE), Math.floor(limit / 2))
  const ledger = typeof settings.ledgerId === 'string' ? settings.ledgerId : null
  return new MeteredBudget({ unit: 'units', window: 'day-pacific', limit, reserve }, ledger, settings, {
    platform: 'YouTube',
    what: 'of the daily quota',
  })
}

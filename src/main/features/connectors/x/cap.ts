import { MeteredBudget, positiveInt } from '../budget'

/** What Parley spends a month when the person sets nothing: about three polls an hour on each stream. */
export const DEFAULT_MONTHLY_CAP = 10_000

/**
 * X bills requests, so the person sets a monthly cap; polling pauses when it is reached. Replies and
 * moderation the person approved still go out (and are counted): nothing approved is held back by it.
 */
export function capFor(settings: Record<string, unknown>): MeteredBudget {
  const limit = positiveInt(settings.monthlyCap, DEFAULT_MONTHLY_CAP)
  const ledger = typeof settings.ledgerId === 'string' ? settings.ledgerId : null
  return new MeteredBudget({ unit: 'requests', window: 'month-utc', limit, reserve: 0 }, ledger, settings, { platform: 'X', what: 'of your monthly cap' })
}

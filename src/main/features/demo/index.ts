/**
 * Deterministic demo workspace for the fictional e-bike brand Lumen Bikes:
 * same options, same output. Items share author objects between
 * conversations (to keep generation fast); treat them as read-only.
 */
import { DemoBuilder } from './generator'
import { Timeline } from './timeline'
import type { DemoConversation, DemoOptions } from './types'

export { demoAccounts } from './accounts'
export { vocabulary } from './vocabulary'
export type { DemoAccount, DemoConversation, DemoOptions } from './types'

/** Conversations oldest first; the newest start within minutes of `now`. */
export function* generateDemo(opts: DemoOptions): Generator<DemoConversation> {
  const n = Math.max(0, Math.floor(opts.conversations))
  const days = opts.days ?? 30
  const builder = new DemoBuilder(opts.now, days, opts.seed ?? 42, n, opts.realisticFiller ?? n >= 20_000)
  const timeline = new Timeline(opts.now, days)
  for (let i = 0; i < n; i++) yield builder.conversation(timeline.at((i + builder.jitter()) / n))
}

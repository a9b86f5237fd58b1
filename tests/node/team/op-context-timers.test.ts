import { describe, expect, it } from 'vitest'
import { realTimers } from '../../../src/main/base/timers'
import { opContext, timersOutsideOps, type OpContext } from '../../../src/main/features/team/op-context'

const remote: OpContext = { operation: 'team.apply', input: null, recorded: true, remote: true }
const firedIn = (timers: typeof realTimers): Promise<OpContext | undefined> =>
  new Promise((resolve) => opContext.run(remote, () => timers.set(() => resolve(opContext.current()), 0)))

/**
 * Applying a pulled op nudges the outbox (and polls), which arm timers. A pass those timers start is
 * this laptop's own work: what it stores (the reply it sends coming back into the thread) is shared.
 */
describe('timers armed while a pulled op is applied', () => {
  it('carry the remote context when plain, and none through timersOutsideOps', async () => {
    expect(await firedIn(realTimers)).toBe(remote)
    expect(await firedIn(timersOutsideOps(realTimers))).toBeUndefined()
  })
})

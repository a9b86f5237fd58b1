import { describe, expect, it } from 'vitest'
import { applyContext, applyInbound, applyOutbound, newConversationActivity } from '../../../src/main/model/conversation-activity'

const T = Date.UTC(2026, 10, 2, 9, 0, 0)
const from = (who: string, at: number, contactId: number | null = null) => ({ at, preview: `hi from ${who}`, authorName: who, authorHandle: `@${who}`, contactId })

describe('what a message does to its conversation', () => {
  it('inbound starts the wait clock once, marks unread and puts the newest author in the header', () => {
    const c = newConversationActivity(T, { authorName: 'Ana', authorHandle: '@ana', contactId: 1 })
    applyInbound(c, from('Ana', T, 1))
    applyInbound(c, from('Bo', T + 60_000, 2))
    expect(c).toMatchObject({ messageCount: 2, unread: 1, waitingSince: T, preview: 'hi from Bo', authorName: 'Bo', contactId: 2, lastActivityAt: T + 60_000 })
  })

  it('an older message arriving late counts but leaves the header, the contact and the last activity alone', () => {
    const c = newConversationActivity(T, null)
    applyInbound(c, from('Ana', T + 60_000, 1))
    applyInbound(c, from('Bo', T, 2))
    expect(c).toMatchObject({ messageCount: 2, preview: 'hi from Ana', authorName: 'Ana', contactId: 1, lastActivityAt: T + 60_000 })
  })

  it('inbound reopens a done, pending or snoozed conversation and ends the snooze', () => {
    for (const status of ['done', 'pending', 'snoozed'] as const) {
      const c = { ...newConversationActivity(T, null), status, snoozedUntil: T + 1e9 }
      applyInbound(c, from('Ana', T + 1000))
      expect(c).toMatchObject({ status: 'open', snoozedUntil: null })
    }
  })

  it('a reply stops the wait clock it answers and records the first response only once', () => {
    const c = newConversationActivity(T, null)
    applyInbound(c, from('Ana', T))
    applyOutbound(c, T + 5_000)
    expect(c).toMatchObject({ waitingSince: null, firstReplyAt: T + 5_000, messageCount: 2 })
    applyInbound(c, from('Ana', T + 10_000))
    applyOutbound(c, T + 20_000)
    expect(c).toMatchObject({ waitingSince: null, firstReplyAt: T + 5_000 })
  })

  it('a reply older than the wait it would answer leaves the clock running', () => {
    const c = newConversationActivity(T, null)
    applyInbound(c, from('Ana', T + 10_000))
    applyOutbound(c, T)
    expect(c.waitingSince).toBe(T + 10_000)
  })

  it('a context post counts without being activity', () => {
    const c = newConversationActivity(T, null)
    applyContext(c)
    expect(c).toMatchObject({ messageCount: 1, unread: 0, waitingSince: null, preview: '' })
  })
})

// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import type { ReplyFacts } from '@shared/contract'
import { createClient, setApi } from '@renderer/api/client'
import ReplyLimits from '@renderer/components/ReplyLimits.vue'
import { fakeTransport } from './fake-transport'

const HOUR = 3_600_000

function setup(facts: Partial<ReplyFacts> & Pick<ReplyFacts, 'limits'>) {
  setActivePinia(createPinia())
  const fake = fakeTransport({ 'replies.facts': () => ({ platformLabel: 'Bluesky', deadline: null, cooldownUntil: null, ...facts }) })
  setApi(createClient(fake.transport))
  return fake
}

afterEach(() => setApi(null))

describe('ReplyLimits', () => {
  it('counts graphemes for Bluesky: a family emoji is one, and the warning appears only past 300', async () => {
    const fake = setup({ limits: { maxLength: 300, counting: 'graphemes' } })
    const w = mount(ReplyLimits, { props: { conversationId: 5, body: `${'a'.repeat(299)}👨‍👩‍👧‍👦` } })
    await flushPromises()
    expect(fake.callsOf('replies.facts')).toEqual([{ op: 'replies.facts', input: { conversationId: 5 } }])
    expect(w.get('[data-testid="reply-count"]').text()).toBe('300 / 300')
    expect(w.find('[data-testid="reply-over"]').exists()).toBe(false)
    await w.setProps({ body: `${'a'.repeat(310)}é` })
    expect(w.get('[data-testid="reply-count"]').classes()).toContain('over')
    expect(w.get('[data-testid="reply-over"]').text()).toBe('11 over Bluesky’s limit of 300 characters: shorten it before submitting.')
    w.unmount()
  })

  it('counts every link as 23 for Mastodon', async () => {
    setup({ platformLabel: 'Mastodon', limits: { maxLength: 500, counting: 'characters-url-23' } })
    const w = mount(ReplyLimits, { props: { conversationId: 5, body: `Read https://example.com/${'x'.repeat(600)}` } })
    await flushPromises()
    expect(w.get('[data-testid="reply-count"]').text()).toBe('28 / 500')
    expect(w.get('[data-testid="reply-count"]').attributes('title')).toBe('Mastodon counts characters, each link counts as 23')
    w.unmount()
  })

  it('picks up a cooldown that starts while the reply is being written', async () => {
    let cooldownUntil: number | null = null
    setActivePinia(createPinia())
    const fake = fakeTransport({ 'replies.facts': () => ({ platformLabel: 'Mastodon', limits: null, deadline: null, cooldownUntil }) })
    setApi(createClient(fake.transport))
    const w = mount(ReplyLimits, { props: { conversationId: 5, body: 'hi' } })
    await flushPromises()
    expect(w.find('[data-testid="reply-cooldown"]').exists()).toBe(false)
    cooldownUntil = Date.now() + 2 * HOUR
    fake.emit('sync.health', { accountId: 1, status: 'active', statusMessage: null, offline: false, streams: [] })
    await flushPromises()
    expect(w.get('[data-testid="reply-cooldown"]').text()).toContain('sending resumes in 2 hours')
    w.unmount()
  })

  it('shows the reply window and the cooldown, and nothing at all when the platform sets no limit', async () => {
    setup({ limits: null, deadline: Date.now() + 3 * HOUR, cooldownUntil: Date.now() + 2 * HOUR })
    const w = mount(ReplyLimits, { props: { conversationId: 5, body: 'hi' } })
    await flushPromises()
    expect(w.find('[data-testid="reply-count"]').exists()).toBe(false)
    expect(w.get('[data-testid="reply-deadline"]').text()).toMatch(/^Bluesky’s reply window closes in 3 h 00 min \(/)
    expect(w.get('[data-testid="reply-cooldown"]').text()).toBe('Bluesky asked this account to slow down: sending resumes in 2 hours.')
    w.unmount()

    setup({ limits: null })
    const none = mount(ReplyLimits, { props: { conversationId: 6, body: 'x'.repeat(5000) } })
    await flushPromises()
    expect(none.find('[data-testid="reply-limits"]').exists()).toBe(false)
    none.unmount()
  })

  it('counts the countdown of a 24-hour window and the longer one the account may use with a message tag', async () => {
    const now = Date.now()
    setup({
      platformLabel: 'Messenger',
      limits: { maxLength: 2000, counting: 'graphemes' },
      deadline: now + 90 * 60_000,
      window: { hours: 24, extended: { hours: 168, label: 'With the Human Agent tag', until: now + (6 * 24 + 22) * HOUR + 30 * 60_000 } },
    })
    const w = mount(ReplyLimits, { props: { conversationId: 5, body: 'hi' } })
    await flushPromises()
    expect(w.get('[data-testid="reply-deadline"]').text()).toMatch(/^Messenger’s 24-hour window closes in 1 h 30 min \(/)
    expect(w.get('[data-testid="reply-extended"]').text()).toMatch(/^With the Human Agent tag: until .+ \(6 d 22 h left\)$/)
    w.unmount()
  })

  it('says what a reply costs: quota units, or a price that rises when the text holds a link', async () => {
    setup({ platformLabel: 'YouTube', limits: null, cost: { unit: 'quota-units', amount: 50, withLink: null, budget: 'the project’s 10,000 units a day' } })
    const units = mount(ReplyLimits, { props: { conversationId: 5, body: 'Thanks!' } })
    await flushPromises()
    expect(units.get('[data-testid="reply-cost"]').text()).toBe('Sending costs 50 quota units, from the project’s 10,000 units a day.')
    units.unmount()

    setup({ platformLabel: 'X', limits: { maxLength: 280, counting: 'weighted-url-23' }, cost: { unit: 'usd', amount: 0.015, withLink: 0.2, budget: null } })
    const priced = mount(ReplyLimits, { props: { conversationId: 5, body: 'Thanks!' } })
    await flushPromises()
    expect(priced.get('[data-testid="reply-cost"]').text()).toBe('Sending costs $0.015 ($0.20 with a link).')
    await priced.setProps({ body: 'See https://example.com/help' })
    expect(priced.get('[data-testid="reply-cost"]').text()).toBe('Sending costs $0.20 because it holds a link.')
    // X weighs most CJK characters as 2 and any link as 23.
    await priced.setProps({ body: '你好 https://example.com/a/very/long/path' })
    expect(priced.get('[data-testid="reply-count"]').text()).toBe('28 / 280')
    priced.unmount()
  })
})

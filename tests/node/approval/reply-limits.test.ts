import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { builtInConnectors } from '../../../src/main/features/connectors'
import { addPeople, openApprovalCore, PASSPHRASES, type People } from '../../support/approval-workspace'
import { brandAccount, item } from '../../support/items'
import { tempDir } from '../../support/workspace'

/** The platform's length rule, enforced by the core at submit and at an approver's edit (Mastodon: 500, links count 23). */
describe('reply length at submit', () => {
  let t: ReturnType<typeof tempDir>
  let ws: ReturnType<typeof openApprovalCore>
  let people: People
  let conversationId: number
  let accountId: number
  const rows = (table: string): number => (ws.core.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n

  beforeEach(async () => {
    t = tempDir('parley-reply-limits-')
    // Every built-in connector, so each platform's manifest serves its own facts.
    ws = openApprovalCore(t.dir, { config: { outbox: { refreshBeforeSend: false }, connectors: builtInConnectors } })
    accountId = ws.core.stores.accounts.ensure(brandAccount, { isDemo: false, at: 1 })
    ws.core.stores.ingest.ingest(accountId, [item({ remoteId: '9001', conversationKey: 'thread-a', createdAt: ws.clock.now() - 60_000 })])
    conversationId = (ws.core.db.prepare("SELECT id FROM conversations WHERE conversation_key = 'thread-a'").get() as { id: number }).id
    people = await addPeople(ws.ok)
  })
  afterEach(async () => {
    await ws.client.close()
    t.cleanup()
  })

  it('serves the limit the connector declares, with no window or cooldown on Mastodon', async () => {
    expect(await ws.ok('replies.facts', { conversationId })).toEqual({
      platformLabel: 'Mastodon',
      limits: { maxLength: 500, counting: 'characters-url-23' },
      deadline: null,
      window: null,
      cost: null,
      cooldownUntil: null,
    })
  })

  /** A conversation on another platform's account, with the person's last message an hour ago. */
  function conversationOn(platform: string, kind: 'comment' | 'dm', settings: Record<string, unknown> = {}): number {
    const id = ws.core.stores.accounts.ensure({ ...brandAccount, platform, handle: `@brand-${platform}` }, { isDemo: false, at: 1 })
    ws.core.db.prepare('UPDATE channel_accounts SET settings = ? WHERE id = ?').run(JSON.stringify(settings), id)
    const key = `${platform}-${kind}`
    ws.core.stores.ingest.ingest(id, [item({ remoteId: `${key}-1`, conversationKey: key, kind, createdAt: ws.clock.now() - 3_600_000 })])
    return (ws.core.db.prepare('SELECT id FROM conversations WHERE conversation_key = ?').get(key) as { id: number }).id
  }

  it('serves each platform’s window, cost and length rule from its connector’s manifest', async () => {
    const asked = ws.clock.now() - 3_600_000
    expect(await ws.ok('replies.facts', { conversationId: conversationOn('youtube', 'comment') })).toMatchObject({
      platformLabel: 'YouTube',
      limits: { maxLength: 10_000, counting: 'graphemes' },
      window: null,
      cost: { unit: 'quota-units', amount: 50, withLink: null, budget: expect.stringContaining('10,000 units a day') },
    })
    expect(await ws.ok('replies.facts', { conversationId: conversationOn('x', 'comment') })).toMatchObject({
      limits: { maxLength: 280, counting: 'weighted-url-23' },
      cost: { unit: 'usd', amount: 0.015, withLink: 0.2 },
    })
    // A direct message on X costs the same with or without a link.
    expect((await ws.ok('replies.facts', { conversationId: conversationOn('x', 'dm') })).cost).toMatchObject({ amount: 0.015, withLink: null })
    expect(await ws.ok('replies.facts', { conversationId: conversationOn('facebook', 'dm') })).toMatchObject({
      deadline: asked + 24 * 3_600_000,
      window: { hours: 24, extended: null },
      cost: null,
    })
    const tagged = await ws.ok('replies.facts', { conversationId: conversationOn('instagram', 'dm', { humanAgent: true }) })
    expect(tagged).toMatchObject({ deadline: asked + 24 * 3_600_000, window: { hours: 24, extended: { hours: 168, until: asked + 7 * 24 * 3_600_000 } } })
    // Comments on a Page have no window.
    expect((await ws.ok('replies.facts', { conversationId: conversationOn('facebook', 'comment') })).window).toBeNull()
  })

  it('says how long the account must wait while the platform has it cooling down', async () => {
    const until = ws.clock.now() + 5 * 60_000
    ws.core.db
      .prepare('INSERT INTO sync_cursors(channel_account_id, stream, updated_at, next_poll_at, cooldown_until) VALUES (?, ?, ?, ?, ?)')
      .run(accountId, 'notifications', ws.clock.now(), until, until)
    expect((await ws.ok('replies.facts', { conversationId })).cooldownUntil).toBe(until)
    // Once the wait is over there is nothing to show.
    ws.clock.advance(5 * 60_000 + 1)
    expect((await ws.ok('replies.facts', { conversationId })).cooldownUntil).toBeNull()
  })

  it('refuses an over-long reply in plain words and records nothing', async () => {
    await ws.ok('drafts.save', { conversationId, body: 'x'.repeat(501) })
    const result = await ws.raw('approvals.submit', { conversationId })
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'bad_input',
        message: 'Mastodon accepts at most 500 characters (each link counts as 23) in a reply; this one has 501. Nothing was sent: shorten it by 1 and submit it again.',
      },
    })
    expect([rows('approvals'), rows('outbox_items')]).toEqual([0, 0])
    expect((ws.core.db.prepare('SELECT kind FROM audit_events').all() as { kind: string }[]).map((r) => r.kind)).toEqual(['drafted'])
    // The draft is kept as written: nothing is lost.
    expect((await ws.ok('drafts.get', { conversationId }))?.body).toBe('x'.repeat(501))
  })

  it('counts a long link as 23 characters, so a reply that only looks long goes through', async () => {
    const body = `${'y'.repeat(470)} https://example.com/${'p'.repeat(300)}`
    await ws.ok('drafts.save', { conversationId, body })
    const result = await ws.ok('approvals.submit', { conversationId })
    expect(result.outboxItem?.body ?? result.approval?.body).toBe(body)
  })

  it('refuses an approver edit that runs over the limit', async () => {
    await ws.ok('profiles.switch', { profileId: people.alex })
    await ws.ok('drafts.save', { conversationId, body: 'Short and fine.' })
    const { approval } = await ws.ok('approvals.submit', { conversationId })
    await ws.ok('profiles.switch', { profileId: people.sam, passphrase: PASSPHRASES.sam })
    const edit = await ws.raw('approvals.editAndApprove', { approvalId: approval!.id, bodyHash: approval!.bodyHash, body: 'z'.repeat(600) })
    expect(edit).toMatchObject({ ok: false, error: { code: 'bad_input', message: /at most 500 characters.*this one has 600/ } })
    expect((await ws.ok('approvals.list', { conversationId, status: 'all' }))[0]).toMatchObject({ status: 'pending', body: 'Short and fine.' })
  })
})

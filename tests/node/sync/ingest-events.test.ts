import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startMastodonFake, type MastodonFake } from '../../../src/main/features/connectors/mastodon/fake-server'
import { actAsMe, openApprovalCore } from '../../support/approval-workspace'
import { tempDir } from '../../support/workspace'

describe('what one poll publishes', () => {
  let fake: MastodonFake
  let t: ReturnType<typeof tempDir>
  let ws: ReturnType<typeof openApprovalCore>
  let accountId: number

  beforeEach(async () => {
    fake = await startMastodonFake()
    t = tempDir('parley-ingest-events-')
    ws = openApprovalCore(t.dir)
    await actAsMe(ws.ok)
    accountId = (await ws.core.accounts.add('mastodon', { instance: fake.url, token: fake.token })).id
    await ws.core.sync.pollOnce([accountId])
  })
  afterEach(async () => {
    await ws.client.close()
    await fake.close()
    t.cleanup()
  })

  it('new items and what the rules did with them reach the screens as one conversations.changed and one counts.changed', async () => {
    const rule = await ws.ok('rules.save', { name: 'Refunds', conditions: { text: 'refund' }, actions: [{ type: 'tag', tag: 'refund' }] })
    await ws.ok('rules.setEnabled', { id: rule.id, enabled: true })
    const refund = fake.addMention({ from: 'ines', text: 'refund now please' })
    fake.addMention({ from: 'hanako', text: 'Lovely ride along the Rhine today' })
    const seen: { name: string; payload: unknown }[] = []
    ws.core.events.subscribe((name, payload) => {
      if (name === 'conversations.changed' || name === 'counts.changed') seen.push({ name, payload })
    })
    await ws.core.sync.pollOnce([accountId])
    const refundConversation = (ws.core.db.prepare('SELECT conversation_id AS id FROM messages WHERE remote_id = ?').get(refund.id) as { id: number }).id
    // The rule did act on the new item.
    expect((await ws.ok('conversations.get', { id: refundConversation })).conversation.tags).toEqual(['refund'])
    expect(seen.map((e) => e.name)).toEqual(['conversations.changed', 'counts.changed'])
    const changed = seen[0]!.payload as { ids: number[]; reason: string }
    expect(changed.reason).toBe('ingest')
    expect(changed.ids).toContain(refundConversation)
    expect(changed.ids).toHaveLength(2)
  })
})

import { afterEach, describe, expect, it } from 'vitest'
import { telegramConnector } from '../../../src/main/features/connectors/telegram'
import { startTelegramFake, type TelegramFake } from '../../../src/main/features/connectors/telegram/fake-server'
import { actAsMe, openApprovalCore } from '../../support/approval-workspace'
import { tempDir } from '../../support/workspace'

/** Moderating a Telegram group through the outbox, by a rule and by hand, against the fake Bot API. */
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function setup(): Promise<{ fake: TelegramFake; ws: ReturnType<typeof openApprovalCore>; accountId: number }> {
  const fake = await startTelegramFake()
  const t = tempDir('parley-telegram-mod-')
  const ws = openApprovalCore(t.dir, { config: { connectors: [telegramConnector] } })
  cleanups.push(async () => {
    await ws.client.close().catch(() => undefined)
    t.cleanup()
    await fake.close()
  })
  const account = await ws.ok('accounts.add', { platform: 'telegram', fields: { botToken: fake.token, apiBase: fake.url } })
  await actAsMe(ws.ok)
  return { fake, ws, accountId: account.id }
}

describe('Telegram moderation through the outbox', () => {
  it('a rule deletes the spam and bans its author once, after the undo window; a repeat changes nothing', async () => {
    const { fake, ws, accountId } = await setup()
    const rule = await ws.ok('rules.save', { name: 'Watch spam', conditions: { text: 'watches' }, actions: [{ type: 'delete' }, { type: 'block' }] })
    await ws.ok('rules.setEnabled', { id: rule.id, enabled: true })
    await ws.core.sync.pollOnce([accountId])
    const spam = fake.messagesIn(fake.chats.riders.id).find((m) => m.text?.startsWith('Cheap watches'))!
    const queued = (await ws.ok('outbox.list', {})).filter((i) => i.kind === 'moderation')
    expect(queued.map((i) => i.state)).toEqual(['queued', 'queued'])
    expect(fake.messagesIn(fake.chats.riders.id)).toContainEqual(spam)

    ws.clock.advance(60_000)
    const outcomes = await ws.core.outboxEngine.runDue()
    expect(outcomes.map((o) => o.outcome)).toEqual(['sent', 'sent'])
    expect(fake.messagesIn(fake.chats.riders.id).map((m) => m.message_id)).not.toContain(spam.message_id)
    expect([...(fake.banned.get(fake.chats.riders.id) ?? [])]).toEqual([fake.people.zed.id])
    // Nobody else was touched.
    expect(fake.messagesIn(fake.chats.riders.id).length).toBeGreaterThan(3)
    ws.clock.advance(60_000)
    expect(await ws.core.outboxEngine.runDue()).toEqual([])
    expect(fake.requests.filter((r) => r.path.endsWith('/deleteMessage'))).toHaveLength(1)
  })

  it('a person asks to delete one message: it goes through the outbox and is gone at Telegram', async () => {
    const { fake, ws, accountId } = await setup()
    await ws.core.sync.pollOnce([accountId])
    const question = fake.messagesIn(fake.chats.riders.id).find((m) => m.text?.startsWith('Does the Commuter'))!
    const row = ws.core.db.prepare('SELECT id, conversation_id AS c FROM messages WHERE remote_id = ?').get(`${fake.chats.riders.id}/${question.message_id}`) as { id: number; c: number }
    const item = await ws.ok('moderation.request', { conversationId: row.c, messageId: row.id, action: 'delete' })
    expect(item).toMatchObject({ kind: 'moderation', state: 'queued' })
    ws.clock.advance(60_000)
    expect((await ws.core.outboxEngine.runDue()).map((o) => o.outcome)).toEqual(['sent'])
    expect(fake.messagesIn(fake.chats.riders.id).map((m) => m.message_id)).not.toContain(question.message_id)
  })
})

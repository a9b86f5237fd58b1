import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { matrixConnector } from '../../../src/main/features/connectors/matrix'
import { actAsMe, openApprovalCore } from '../../support/approval-workspace'
import { matrixWorld, startSynapse, synapseMissing, type Synapse } from '../../support/synapse'
import { tempDir } from '../../support/workspace'

/**
 * Moderating a Matrix room through the outbox against a real Synapse (tests/support/synapse.ts:
 * chroot into the Debian sid root filesystem scripts/synapse-rootfs.sh caches; SQLite, 127.0.0.1).
 */
const missing = synapseMissing()
let server: Synapse
beforeAll(async () => {
  if (!missing) server = await startSynapse()
}, 120_000)
afterAll(async () => {
  await server?.stop()
})
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

describe.skipIf(missing)('Matrix moderation through the outbox', () => {
  it('a rule redacts the spam and bans its author once, after the undo window; a person redacts another message', async () => {
    const world = await matrixWorld(server, 'mod')
    const spam = await world.customer.client.send(world.supportRoom, { msgtype: 'm.text', body: 'Cheap watches at spam.example' })
    const kept = await world.customer.client.send(world.supportRoom, { msgtype: 'm.text', body: 'Which saddle fits a city bike?' })
    const t = tempDir('parley-matrix-mod-')
    const ws = openApprovalCore(t.dir, { config: { connectors: [matrixConnector] } })
    cleanups.push(async () => {
      await ws.client.close().catch(() => undefined)
      t.cleanup()
    })
    const account = await ws.ok('accounts.add', { platform: 'matrix', fields: world.connectInput(server.url) })
    await actAsMe(ws.ok)
    const rule = await ws.ok('rules.save', { name: 'Watch spam', conditions: { text: 'watches' }, actions: [{ type: 'delete' }, { type: 'block' }] })
    await ws.ok('rules.setEnabled', { id: rule.id, enabled: true })
    await ws.core.sync.pollOnce([account.id])
    expect((await ws.ok('outbox.list', {})).filter((i) => i.kind === 'moderation').map((i) => i.state)).toEqual(['queued', 'queued'])

    ws.clock.advance(60_000)
    expect((await ws.core.outboxEngine.runDue()).map((o) => o.outcome)).toEqual(['sent', 'sent'])
    const events = await world.brand.client.messages(world.supportRoom)
    expect(events.find((e) => e.event_id === spam)?.unsigned).toHaveProperty('redacted_because')
    expect(events.find((e) => e.event_id === kept)?.content.body).toBe('Which saddle fits a city bike?')
    const membership = await world.brand.client.call<{ membership: string }>('GET', `/_matrix/client/v3/rooms/${encodeURIComponent(world.supportRoom)}/state/m.room.member/${encodeURIComponent(world.customer.userId)}`)
    expect(membership.membership).toBe('ban')
    ws.clock.advance(60_000)
    expect(await ws.core.outboxEngine.runDue()).toEqual([])

    const row = ws.core.db.prepare('SELECT id, conversation_id AS c FROM messages WHERE remote_id = ?').get(`${world.supportRoom}/${kept}`) as { id: number; c: number }
    await ws.ok('moderation.request', { conversationId: row.c, messageId: row.id, action: 'delete' })
    ws.clock.advance(60_000)
    expect((await ws.core.outboxEngine.runDue()).map((o) => o.outcome)).toEqual(['sent'])
    const after = await world.brand.client.messages(world.supportRoom)
    expect(after.find((e) => e.event_id === kept)?.content).toEqual({})
  }, 120_000)
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { matrixConnector } from '../../../src/main/features/connectors/matrix'
import { secretAccount } from '../../../src/main/features/vault/vault'
import { addPeople, openApprovalCore, PASSPHRASES } from '../../support/approval-workspace'
import { runCrashWorker } from '../../support/crash-worker'
import { matrixWorld, startSynapse, synapseMissing, type Synapse } from '../../support/synapse'
import { MemoryVault } from '../../support/sync-workspace'
import { tempDir } from '../../support/workspace'

/**
 * The crash harness with a real Synapse (tests/support/synapse.ts: scripts/synapse-rootfs.sh builds a
 * Debian sid root filesystem with matrix-synapse once; the test runs it under chroot on 127.0.0.1
 * with SQLite in a temporary folder). The process dies after Synapse took the reply, before Parley
 * recorded it; at start-up reconcile reads the room for the event carrying the outbox key as its
 * transaction id.
 */
const missing = synapseMissing()
let server: Synapse
beforeAll(async () => {
  if (!missing) server = await startSynapse()
}, 120_000)
afterAll(async () => {
  await server?.stop()
})

describe.skipIf(missing)('a Matrix reply after a crash', () => {
  it('reconcile finds it in the room at start-up: sent, and the customer sees it once', async () => {
    const world = await matrixWorld(server, 'crash')
    await world.customer.client.send(world.supportRoom, { msgtype: 'm.text', body: 'My brakes squeal in the rain.' })
    const t = tempDir('parley-matrix-crash-')
    const ws = openApprovalCore(t.dir, { config: { connectors: [matrixConnector] } })
    try {
      const account = await ws.core.accounts.add('matrix', world.connectInput(server.url))
      await ws.core.sync.pollOnce([account.id])
      const { id: conversationId } = ws.core.db.prepare("SELECT conversation_id AS id FROM messages WHERE text = 'My brakes squeal in the rain.'").get() as { id: number }
      const people = await addPeople(ws.ok)
      await ws.ok('policy.set', { rules: [], roleDefaults: { agent: 'always', supervisor: 'never', admin: 'never' }, undoWindowMs: 0 })
      const uid = (ws.core.db.prepare('SELECT uid FROM channel_accounts WHERE id = ?').get(account.id) as { uid: string }).uid
      const token = ws.vault.entries.get(secretAccount(uid, 'accessToken'))!
      await ws.client.close()

      const run = await runCrashWorker({
        args: ['--data-dir', t.dir, '--agent', String(people.alex), '--supervisor', String(people.sam), '--conversations', String(conversationId), '--stall-after-send'],
        env: { PARLEY_CRASH_TOKEN: token, PARLEY_CRASH_PASSPHRASE: PASSPHRASES.sam },
        onLine: (line) => ({ kill: line === 'posted' }),
      })
      expect(run.signal, run.stderr).toBe('SIGKILL')
      const itemId = run.lines.find((l) => l.startsWith('approved '))!.split(' ')[3]!

      const vault = new MemoryVault()
      vault.entries.set(secretAccount(uid, 'accessToken'), token)
      const restarted = openApprovalCore(t.dir, { clock: ws.clock, vault, config: { connectors: [matrixConnector] } })
      try {
        expect(restarted.core.db.prepare('SELECT state, attempts FROM outbox_items WHERE id = ?').get(itemId)).toEqual({ state: 'sending', attempts: 1 })
        expect(await restarted.core.outboxEngine.recover()).toEqual([{ itemId, accountId: account.id, outcome: 'sent' }])
        restarted.clock.advance(120_000)
        expect(await restarted.core.outboxEngine.runDue()).toEqual([])
        const fromBrand = (await world.customer.client.messages(world.supportRoom)).filter((e) => e.sender === world.brand.userId && e.type === 'm.room.message')
        expect(fromBrand).toHaveLength(1)
        expect(restarted.core.db.prepare('SELECT remote_id FROM outbox_items WHERE id = ?').get(itemId)).toEqual({ remote_id: `${world.supportRoom}/${fromBrand[0]!.event_id}` })
      } finally {
        await restarted.client.close()
      }
    } finally {
      await ws.client.close().catch(() => undefined)
      t.cleanup()
    }
  }, 120_000)
})

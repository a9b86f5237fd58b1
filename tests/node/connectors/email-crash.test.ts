import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { emailConnector } from '../../../src/main/features/connectors/email'
import { secretAccount } from '../../../src/main/features/vault/vault'
import { addPeople, openApprovalCore, PASSPHRASES } from '../../support/approval-workspace'
import { runCrashWorker } from '../../support/crash-worker'
import { folderContents, mailFromCustomer, supportAccount } from '../../support/mail-clients'
import { startMailServers, type MailServers } from '../../support/mail-servers'
import { MemoryVault } from '../../support/sync-workspace'
import { tempDir } from '../../support/workspace'

/** The crash harness with e-mail: the process dies after the SMTP server took the reply, before Parley recorded it. */
let servers: MailServers
beforeAll(async () => {
  servers = await startMailServers()
}, 60_000)
afterAll(async () => {
  await servers?.stop()
})

describe('an e-mail reply after a crash', () => {
  it('reconcile finds it in Sent at start-up: sent, and the customer receives it once', async () => {
    const password = servers.users['support@brand.test']!
    const question = `crash-${Date.now()}@customer.test`
    await mailFromCustomer(servers, { subject: 'Brake squeal', text: 'My brakes squeal in the rain.', messageId: question })
    const t = tempDir('parley-email-crash-')
    const ws = openApprovalCore(t.dir, { config: { connectors: [emailConnector] } })
    try {
      const account = await ws.core.accounts.add('email', supportAccount(servers))
      await ws.core.sync.pollOnce([account.id])
      const { id: conversationId } = ws.core.db.prepare('SELECT conversation_id AS id FROM messages WHERE remote_id = ?').get(question) as { id: number }
      const people = await addPeople(ws.ok)
      await ws.ok('policy.set', { rules: [], roleDefaults: { agent: 'always', supervisor: 'never', admin: 'never' }, undoWindowMs: 0 })
      const uid = (ws.core.db.prepare('SELECT uid FROM channel_accounts WHERE id = ?').get(account.id) as { uid: string }).uid
      await ws.client.close()

      const run = await runCrashWorker({
        args: ['--data-dir', t.dir, '--agent', String(people.alex), '--supervisor', String(people.sam), '--conversations', String(conversationId), '--stall-after-send'],
        env: { PARLEY_CRASH_TOKEN: password, PARLEY_CRASH_PASSPHRASE: PASSPHRASES.sam },
        onLine: (line) => ({ kill: line === 'posted' }),
      })
      expect(run.signal, run.stderr).toBe('SIGKILL')
      const itemId = run.lines.find((l) => l.startsWith('approved '))!.split(' ')[3]!

      const vault = new MemoryVault()
      vault.entries.set(secretAccount(uid, 'password'), password)
      const restarted = openApprovalCore(t.dir, { clock: ws.clock, vault, config: { connectors: [emailConnector] } })
      try {
        expect(restarted.core.db.prepare('SELECT state, attempts FROM outbox_items WHERE id = ?').get(itemId)).toEqual({ state: 'sending', attempts: 1 })
        expect(await restarted.core.outboxEngine.recover()).toEqual([{ itemId, accountId: account.id, outcome: 'sent' }])
        restarted.clock.advance(120_000)
        expect(await restarted.core.outboxEngine.runDue()).toEqual([])
      } finally {
        await restarted.client.close()
      }
      await servers.drained()
      const replies = (await folderContents(servers, 'customer@customer.test', 'INBOX')).filter((m) => m.parsed.inReplyTo === `<${question}>`)
      expect(replies).toHaveLength(1)
    } finally {
      await ws.client.close().catch(() => undefined)
      t.cleanup()
    }
  })
})

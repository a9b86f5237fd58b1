import { afterEach, describe, expect, it } from 'vitest'
import { telegramConnector } from '../../../src/main/features/connectors/telegram'
import { startTelegramFake, type TelegramFake } from '../../../src/main/features/connectors/telegram/fake-server'
import { secretAccount } from '../../../src/main/features/vault/vault'
import { addPeople, openApprovalCore, PASSPHRASES } from '../../support/approval-workspace'
import { runCrashWorker } from '../../support/crash-worker'
import { MemoryVault } from '../../support/sync-workspace'
import { tempDir } from '../../support/workspace'

/**
 * The crash harness with the fake Bot API. Telegram has no idempotency key and a bot cannot read a
 * chat's history, so what Parley knows after a crash is its own send marks (telegram/send.ts):
 * a message id recorded means sent; a try that reached Telegram with no id recorded is never resent
 * blindly but held as unconfirmed for a person to check.
 */
const open: TelegramFake[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((f) => f.close()))
})

async function prepare() {
  const fake = await startTelegramFake()
  open.push(fake)
  const t = tempDir('parley-telegram-crash-')
  const ws = openApprovalCore(t.dir, { config: { connectors: [telegramConnector] } })
  const account = await ws.core.accounts.add('telegram', { botToken: fake.token, apiBase: fake.url })
  await ws.core.sync.pollOnce([account.id])
  const question = fake.messagesIn(fake.chats.riders.id).find((m) => m.text?.startsWith('Does the Commuter'))!
  const { id: conversationId } = ws.core.db.prepare('SELECT conversation_id AS id FROM messages WHERE remote_id = ?').get(`${fake.chats.riders.id}/${question.message_id}`) as { id: number }
  const people = await addPeople(ws.ok)
  await ws.ok('policy.set', { rules: [], roleDefaults: { agent: 'always', supervisor: 'never', admin: 'never' }, undoWindowMs: 0 })
  const uid = (ws.core.db.prepare('SELECT uid FROM channel_accounts WHERE id = ?').get(account.id) as { uid: string }).uid
  await ws.client.close()
  const restart = () => {
    const vault = new MemoryVault()
    vault.entries.set(secretAccount(uid, 'botToken'), fake.token)
    return openApprovalCore(t.dir, { clock: ws.clock, vault, config: { connectors: [telegramConnector] } })
  }
  const args = ['--data-dir', t.dir, '--agent', String(people.alex), '--supervisor', String(people.sam), '--conversations', String(conversationId)]
  return { fake, t, ws, account, args, restart }
}

describe('a Telegram reply after a crash', () => {
  it('is found by its recorded message id when the process died after the send: sent, posted once', async () => {
    const { fake, t, account, args, restart } = await prepare()
    try {
      const run = await runCrashWorker({
        args: [...args, '--stall-after-send'],
        env: { PARLEY_CRASH_TOKEN: fake.token, PARLEY_CRASH_PASSPHRASE: PASSPHRASES.sam },
        onLine: (line) => ({ kill: line === 'posted' }),
      })
      expect(run.signal, run.stderr).toBe('SIGKILL')
      const itemId = run.lines.find((l) => l.startsWith('approved '))!.split(' ')[3]!
      const restarted = restart()
      try {
        expect(restarted.core.db.prepare('SELECT state FROM outbox_items WHERE id = ?').get(itemId)).toEqual({ state: 'sending' })
        expect(await restarted.core.outboxEngine.recover()).toEqual([{ itemId, accountId: account.id, outcome: 'sent' }])
        restarted.clock.advance(120_000)
        expect(await restarted.core.outboxEngine.runDue()).toEqual([])
      } finally {
        await restarted.client.close()
      }
      expect(fake.sentByBot()).toHaveLength(1)
    } finally {
      t.cleanup()
    }
  })

  it('is held as unconfirmed, never resent, when the process died while Telegram was answering', async () => {
    const { fake, t, args, account, restart } = await prepare()
    try {
      let kill: () => void = () => undefined
      // Telegram takes the message, then the process dies before the answer arrives.
      fake.inject(
        (r) => r.path.endsWith('/sendMessage'),
        async (req) => {
          await fetch(`${fake.url}${req.path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: req.body })
          kill()
        },
      )
      const run = await runCrashWorker({
        args,
        env: { PARLEY_CRASH_TOKEN: fake.token, PARLEY_CRASH_PASSPHRASE: PASSPHRASES.sam },
        control: (k) => (kill = k),
      })
      expect(run.signal, run.stderr).toBe('SIGKILL')
      expect(fake.sentByBot()).toHaveLength(1)
      const itemId = run.lines.find((l) => l.startsWith('approved '))!.split(' ')[3]!
      const restarted = restart()
      try {
        expect(await restarted.core.outboxEngine.recover()).toEqual([{ itemId, accountId: account.id, outcome: 'unconfirmed' }])
        restarted.clock.advance(3_600_000)
        await restarted.core.outboxEngine.runDue()
      } finally {
        await restarted.client.close()
      }
      expect(fake.sentByBot()).toHaveLength(1)
    } finally {
      t.cleanup()
    }
  })
})

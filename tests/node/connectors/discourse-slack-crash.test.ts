import { describe, expect, it } from 'vitest'
import { discourseConnector } from '../../../src/main/features/connectors/discourse'
import { startDiscourseFake } from '../../../src/main/features/connectors/discourse/fake-server'
import { slackConnector } from '../../../src/main/features/connectors/slack'
import { startSlackFake } from '../../../src/main/features/connectors/slack/fake-server'
import { secretAccount } from '../../../src/main/features/vault/vault'
import type { Connector } from '../../../src/main/model/connector'
import { addPeople, openApprovalCore, PASSPHRASES } from '../../support/approval-workspace'
import { runCrashWorker } from '../../support/crash-worker'
import { MemoryVault } from '../../support/sync-workspace'
import { tempDir } from '../../support/workspace'

/**
 * The crash harness with a forum and a chat workspace: the process dies after the platform took the
 * reply, before Parley recorded it. Neither platform has an idempotency key; at start-up reconcile
 * reads the topic (Discourse: our post with the approved words) or the thread (Slack: the outbox key
 * in the message's metadata), marks the reply sent, and nothing is posted twice.
 */
interface Case {
  label: string
  connector: Connector
  secretName: string
  start(): Promise<{ close(): Promise<void>; input: Record<string, string>; secret: string; ourReplies(): string[] }>
}

const cases: Case[] = [
  {
    label: 'Discourse',
    connector: discourseConnector,
    secretName: 'apiKey',
    async start() {
      const fake = await startDiscourseFake()
      const before = fake.postsBy(fake.brand).length
      return {
        close: () => fake.close(),
        input: { url: fake.url, apiKey: fake.apiKey, username: fake.brand.username },
        secret: fake.apiKey,
        ourReplies: () => fake.postsBy(fake.brand).slice(before).map((p) => p.raw),
      }
    },
  },
  {
    label: 'Slack',
    connector: slackConnector,
    secretName: 'botToken',
    async start() {
      const fake = await startSlackFake()
      return {
        close: () => fake.close(),
        input: { botToken: fake.token, apiBase: fake.apiBase },
        secret: fake.token,
        ourReplies: () => fake.messagesBy(fake.bot).map((m) => m.text),
      }
    },
  },
]

describe.each(cases)('a $label reply after a crash', ({ connector, secretName, start }) => {
  it('reconcile finds it at start-up: sent, and on the platform once', async () => {
    const fake = await start()
    const t = tempDir('parley-board-crash-')
    const ws = openApprovalCore(t.dir, { config: { connectors: [connector] } })
    try {
      const account = await ws.core.accounts.add(connector.platform, fake.input)
      await ws.core.sync.pollOnce([account.id])
      const { id: conversationId } = ws.core.db
        .prepare("SELECT id FROM conversations WHERE channel_account_id = ? AND kind IN ('comment', 'mention') ORDER BY id LIMIT 1")
        .get(account.id) as { id: number }
      const people = await addPeople(ws.ok)
      await ws.ok('policy.set', { rules: [], roleDefaults: { agent: 'always', supervisor: 'never', admin: 'never' }, undoWindowMs: 0 })
      const uid = (ws.core.db.prepare('SELECT uid FROM channel_accounts WHERE id = ?').get(account.id) as { uid: string }).uid
      await ws.client.close()

      const run = await runCrashWorker({
        args: ['--data-dir', t.dir, '--agent', String(people.alex), '--supervisor', String(people.sam), '--conversations', String(conversationId), '--stall-after-send'],
        env: { PARLEY_CRASH_TOKEN: fake.secret, PARLEY_CRASH_PASSPHRASE: PASSPHRASES.sam },
        onLine: (line) => ({ kill: line === 'posted' }),
      })
      expect(run.signal, run.stderr).toBe('SIGKILL')
      expect(fake.ourReplies()).toHaveLength(1)
      const itemId = run.lines.find((l) => l.startsWith('approved '))!.split(' ')[3]!

      const vault = new MemoryVault()
      vault.entries.set(secretAccount(uid, secretName), fake.secret)
      const restarted = openApprovalCore(t.dir, { clock: ws.clock, vault, config: { connectors: [connector] } })
      try {
        expect(restarted.core.db.prepare('SELECT state, attempts FROM outbox_items WHERE id = ?').get(itemId)).toEqual({ state: 'sending', attempts: 1 })
        expect(await restarted.core.outboxEngine.recover()).toEqual([{ itemId, accountId: account.id, outcome: 'sent' }])
        restarted.clock.advance(120_000)
        expect(await restarted.core.outboxEngine.runDue()).toEqual([])
        // The reply Parley recorded is the one on the platform.
        const sent = restarted.core.db.prepare('SELECT remote_id AS r FROM outbox_items WHERE id = ?').get(itemId) as { r: string | null } | undefined
        expect(sent?.r ?? null).not.toBeNull()
      } finally {
        await restarted.client.close()
      }
      expect(fake.ourReplies()).toEqual([expect.stringMatching(/^Thanks for writing, we are on it/)])
    } finally {
      await ws.client.close().catch(() => undefined)
      await fake.close()
      t.cleanup()
    }
  }, 60_000)
})

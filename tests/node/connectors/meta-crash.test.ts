import { afterEach, describe, expect, it } from 'vitest'
import { facebookConnector } from '../../../src/main/features/connectors/facebook'
import { instagramConnector } from '../../../src/main/features/connectors/instagram'
import { startMetaFake, type MetaFake } from '../../../src/main/features/connectors/meta/fake-server'
import { secretAccount } from '../../../src/main/features/vault/vault'
import type { Connector } from '../../../src/main/model/connector'
import { addPeople, openApprovalCore, PASSPHRASES } from '../../support/approval-workspace'
import { runCrashWorker } from '../../support/crash-worker'
import { MemoryVault } from '../../support/sync-workspace'
import { tempDir } from '../../support/workspace'

/**
 * The crash harness with the Graph API, which has no idempotency key: the process dies after Meta
 * took the reply and before Parley recorded it. At start-up reconcile must read the comment thread
 * or the conversation, find the reply, and never post it again.
 */
const open: MetaFake[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((f) => f.close()))
})

const cases: { name: string; connector: Connector; kind: 'comment' | 'dm'; pick: (f: MetaFake) => string; replies: (f: MetaFake) => number }[] = [
  {
    name: 'a Facebook comment reply',
    connector: facebookConnector,
    kind: 'comment',
    pick: (f) => `post:${f.cast.launchPostId}`,
    replies: (f) => [...f.state.comments.values()].filter((c) => c.fromId === f.cast.pageId && c.message.startsWith('Thanks for writing')).length,
  },
  {
    name: 'a Messenger reply',
    connector: facebookConnector,
    kind: 'dm',
    pick: (f) => `dm:${f.cast.openThreadId}`,
    replies: (f) => [...f.state.messages.values()].filter((m) => m.fromPage && m.threadId === f.cast.openThreadId).length,
  },
  {
    name: 'an Instagram comment reply',
    connector: instagramConnector,
    kind: 'comment',
    pick: (f) => `media:${f.cast.launchMediaId}`,
    replies: (f) => [...f.state.igComments.values()].filter((c) => c.fromIgId === f.cast.igId && c.text.startsWith('Thanks for writing')).length,
  },
]

describe.each(cases)('$name after a crash', ({ connector, pick, replies }) => {
  it('reconcile finds it at start-up: sent, and Meta has it once', async () => {
    const fake = await startMetaFake()
    open.push(fake)
    const pageToken = fake.state.pages.get(fake.cast.pageId)!.token
    const t = tempDir('parley-meta-crash-')
    const ws = openApprovalCore(t.dir, { config: { connectors: [connector] } })
    try {
      const account = await ws.core.accounts.add(connector.platform, { appId: fake.appId, accessToken: fake.userToken, page: 'Lumen Bikes', apiBase: fake.url })
      await ws.core.sync.pollOnce([account.id])
      const { id: conversationId } = ws.core.db.prepare('SELECT id FROM conversations WHERE channel_account_id = ? AND conversation_key = ?').get(account.id, pick(fake)) as { id: number }
      const people = await addPeople(ws.ok)
      await ws.ok('policy.set', { rules: [], roleDefaults: { agent: 'always', supervisor: 'never', admin: 'never' }, undoWindowMs: 0 })
      const uid = (ws.core.db.prepare('SELECT uid FROM channel_accounts WHERE id = ?').get(account.id) as { uid: string }).uid
      await ws.client.close()
      const before = replies(fake)

      const run = await runCrashWorker({
        args: ['--data-dir', t.dir, '--agent', String(people.alex), '--supervisor', String(people.sam), '--conversations', String(conversationId), '--stall-after-send'],
        env: { PARLEY_CRASH_TOKEN: pageToken, PARLEY_CRASH_PASSPHRASE: PASSPHRASES.sam },
        onLine: (line) => ({ kill: line === 'posted' }),
      })
      expect(run.signal, run.stderr).toBe('SIGKILL')
      expect(replies(fake)).toBe(before + 1)
      const itemId = run.lines.find((l) => l.startsWith('approved '))!.split(' ')[3]!

      const vault = new MemoryVault()
      vault.entries.set(secretAccount(uid, 'pageToken'), pageToken)
      const restarted = openApprovalCore(t.dir, { clock: ws.clock, vault, config: { connectors: [connector] } })
      try {
        expect(restarted.core.db.prepare('SELECT state, attempts FROM outbox_items WHERE id = ?').get(itemId)).toEqual({ state: 'sending', attempts: 1 })
        expect(await restarted.core.outboxEngine.recover()).toEqual([{ itemId, accountId: account.id, outcome: 'sent' }])
        restarted.clock.advance(120_000)
        expect(await restarted.core.outboxEngine.runDue()).toEqual([])
      } finally {
        await restarted.client.close()
      }
      expect(replies(fake)).toBe(before + 1)
    } finally {
      await ws.client.close().catch(() => undefined)
      t.cleanup()
    }
  })
})

import { afterEach, describe, expect, it } from 'vitest'
import { redditConnector } from '../../../src/main/features/connectors/reddit'
import { FAKE_REDDIT_CLIENT_ID, startRedditFake } from '../../../src/main/features/connectors/reddit/fake-server'
import { xConnector } from '../../../src/main/features/connectors/x'
import { FAKE_X_CLIENT_ID, startXFake } from '../../../src/main/features/connectors/x/fake-server'
import { youtubeConnector } from '../../../src/main/features/connectors/youtube'
import { FAKE_YT_CLIENT_ID, FAKE_YT_CLIENT_SECRET, startYouTubeFake } from '../../../src/main/features/connectors/youtube/fake-server'
import { secretAccount } from '../../../src/main/features/vault/vault'
import type { Connector } from '../../../src/main/model/connector'
import { addPeople, openApprovalCore, PASSPHRASES } from '../../support/approval-workspace'
import { runCrashWorker } from '../../support/crash-worker'
import { MemoryVault } from '../../support/sync-workspace'
import { tempDir } from '../../support/workspace'

/**
 * The crash harness with the metered platforms: the process dies after the platform took the reply,
 * before Parley recorded it. Neither YouTube, X nor Reddit has an idempotency key, so only reading for
 * the reply (reconcile) keeps it from going out twice.
 */
interface Case {
  name: string
  connector: Connector
  start(): Promise<{
    close(): Promise<void>
    input: Record<string, string>
    clientId: string
    /** The brand's posts the platform holds. */
    posted(): string[]
  }>
}

const cases: Case[] = [
  {
    name: 'YouTube',
    connector: youtubeConnector,
    async start() {
      const fake = await startYouTubeFake()
      return {
        close: () => fake.close(),
        input: { clientId: FAKE_YT_CLIENT_ID, clientSecret: FAKE_YT_CLIENT_SECRET, apiBase: fake.url, refreshToken: fake.tokens.refreshToken },
        clientId: FAKE_YT_CLIENT_ID,
        posted: () => fake.state.postedBy(fake.state.brand.id).map((c) => c.text),
      }
    },
  },
  {
    name: 'X',
    connector: xConnector,
    async start() {
      const fake = await startXFake()
      return {
        close: () => fake.close(),
        input: { clientId: FAKE_X_CLIENT_ID, apiBase: fake.url, refreshToken: fake.tokens.refreshToken },
        clientId: FAKE_X_CLIENT_ID,
        posted: () => fake.state.postsBy(fake.state.brand.id).filter((p) => p.repliedTo !== null).map((p) => p.text),
      }
    },
  },
  {
    name: 'Reddit',
    connector: redditConnector,
    async start() {
      const fake = await startRedditFake()
      return {
        close: () => fake.close(),
        input: { clientId: FAKE_REDDIT_CLIENT_ID, apiBase: fake.url, refreshToken: fake.tokens.refreshToken, subreddits: 'lumenbikes' },
        clientId: FAKE_REDDIT_CLIENT_ID,
        posted: () => [...fake.state.newestComments((c) => c.author === fake.state.brand), ...fake.state.newestMessages((m) => m.author === fake.state.brand)].map((x) => x.body),
      }
    },
  },
]

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

describe.each(cases)('a $name reply after a crash', ({ connector, start }) => {
  it('reconcile finds it at start-up: sent, and it was posted once', async () => {
    const fake = await start()
    cleanups.push(() => fake.close())
    const t = tempDir('parley-metered-crash-')
    cleanups.push(async () => t.cleanup())
    const ws = openApprovalCore(t.dir, { config: { connectors: [connector] } })
    const account = await ws.core.accounts.add(connector.platform, fake.input)
    await ws.core.sync.pollOnce([account.id])
    const { id: conversationId } = ws.core.db
      .prepare(`SELECT c.id FROM conversations c JOIN messages m ON m.conversation_id = c.id WHERE c.kind IN ('comment', 'mention') AND m.direction = 'in' ORDER BY c.last_activity_at DESC LIMIT 1`)
      .get() as { id: number }
    const people = await addPeople(ws.ok)
    await ws.ok('policy.set', { rules: [], roleDefaults: { agent: 'always', supervisor: 'never', admin: 'never' }, undoWindowMs: 0 })
    const uid = (ws.core.db.prepare('SELECT uid FROM channel_accounts WHERE id = ?').get(account.id) as { uid: string }).uid
    const accessToken = ws.vault.entries.get(secretAccount(uid, 'accessToken'))!
    await ws.client.close()

    const run = await runCrashWorker({
      args: ['--data-dir', t.dir, '--agent', String(people.alex), '--supervisor', String(people.sam), '--conversations', String(conversationId), '--stall-after-send'],
      env: { PARLEY_CRASH_TOKEN: accessToken, PARLEY_CRASH_PASSPHRASE: PASSPHRASES.sam, PARLEY_CRASH_CLIENT_ID: fake.clientId },
      onLine: (line) => ({ kill: line === 'posted' }),
    })
    expect(run.signal, run.stderr).toBe('SIGKILL')
    expect(fake.posted()).toHaveLength(1)
    const itemId = run.lines.find((l) => l.startsWith('approved '))!.split(' ')[3]!

    const vault = new MemoryVault()
    vault.entries.set(secretAccount(uid, 'accessToken'), accessToken)
    vault.entries.set(secretAccount(uid, 'clientId'), fake.clientId)
    const restarted = openApprovalCore(t.dir, { clock: ws.clock, vault, config: { connectors: [connector] } })
    try {
      expect(restarted.core.db.prepare('SELECT state, attempts FROM outbox_items WHERE id = ?').get(itemId)).toEqual({ state: 'sending', attempts: 1 })
      expect(await restarted.core.outboxEngine.recover()).toEqual([{ itemId, accountId: account.id, outcome: 'sent' }])
      restarted.clock.advance(120_000)
      expect(await restarted.core.outboxEngine.runDue()).toEqual([])
    } finally {
      await restarted.client.close()
    }
    expect(fake.posted()).toHaveLength(1)
  }, 60_000)
})

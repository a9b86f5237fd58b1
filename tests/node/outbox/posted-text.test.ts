import { afterEach, describe, expect, it } from 'vitest'
import { replyHash } from '../../../src/main/features/reply/hash'
import { startBlueskyFake } from '../../../src/main/features/connectors/bluesky/fake-server'
import { builtInConnectors } from '../../../src/main/features/connectors'
import { startDiscourseFake } from '../../../src/main/features/connectors/discourse/fake-server'
import { startMastodonFake } from '../../../src/main/features/connectors/mastodon/fake-server'
import { startSlackFake } from '../../../src/main/features/connectors/slack/fake-server'
import { startMetaFake } from '../../../src/main/features/connectors/meta/fake-server'
import { FAKE_REDDIT_CLIENT_ID, startRedditFake } from '../../../src/main/features/connectors/reddit/fake-server'
import { FAKE_X_CLIENT_ID, startXFake } from '../../../src/main/features/connectors/x/fake-server'
import { FAKE_YT_CLIENT_ID, FAKE_YT_CLIENT_SECRET, startYouTubeFake } from '../../../src/main/features/connectors/youtube/fake-server'
import { startTelegramFake } from '../../../src/main/features/connectors/telegram/fake-server'
import type { RecordedRequest } from '../../../src/main/features/connectors/testing/fake-http'
import type { Connector } from '../../../src/main/model/connector'
import { withRequiredMentions, type Platform } from '../../../src/shared/contract'
import { addPeople, openApprovalCore, PASSPHRASES } from '../../support/approval-workspace'
import { startHttpProxy } from '../../support/http-proxy'
import { matrixWorld, startSynapse, synapseMissing } from '../../support/synapse'
import { tempDir } from '../../support/workspace'

/**
 * The approved words are the posted words: for every connector that can reply, a reply goes
 * submit → approve → deliver against the platform's fake, and the text the fake receives (after
 * JSON decoding, the only transport encoding) is byte for byte the approved text.
 */

interface Harness {
  /** Starts the fake; says what connects an account to it. */
  start(): Promise<{ requests: RecordedRequest[]; close(): Promise<void>; connectInput: Record<string, string> }>
  /** The reply texts the platform received, in order, decoded from the requests' JSON bodies. */
  received(requests: RecordedRequest[]): string[]
}

const json = (r: RecordedRequest): Record<string, unknown> => JSON.parse(r.body) as Record<string, unknown>

/** Facebook and Instagram: the Graph API takes form bodies; a comment reply's `message`, or the Send API's message object. */
function graphHarness(replyEdge: 'comments' | 'replies'): Harness {
  return {
    start: async () => {
      const fake = await startMetaFake()
      return { requests: fake.requests, close: () => fake.close(), connectInput: { appId: fake.appId, accessToken: fake.userToken, page: 'Lumen Bikes', apiBase: fake.url } }
    },
    received: (requests) =>
      requests.flatMap((r) => {
        if (r.method !== 'POST') return []
        const form = new URLSearchParams(r.body)
        if (r.path.endsWith(`/${replyEdge}`)) return [form.get('message')!]
        if (r.path.endsWith('/messages')) return [(JSON.parse(form.get('message')!) as { text: string }).text]
        return []
      }),
  }
}

/** One entry per platform that can reply; a new connector with 'reply' fails below until it has one. */
const harnesses: Partial<Record<Platform, Harness>> = {
  mastodon: {
    start: async () => {
      const fake = await startMastodonFake()
      return { requests: fake.requests, close: () => fake.close(), connectInput: { instance: fake.url, token: fake.token } }
    },
    received: (requests) => requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/statuses').map((r) => json(r).status as string),
  },
  bluesky: {
    start: async () => {
      const fake = await startBlueskyFake()
      return { requests: fake.requests, close: () => fake.close(), connectInput: { service: fake.url, handle: fake.brand.handle, appPassword: 'lumn-4pp2-pass-w0rd' } }
    },
    received: (requests) =>
      requests.flatMap((r) => {
        if (r.path === '/xrpc/com.atproto.repo.createRecord') return [(json(r).record as { text: string }).text]
        if (r.path === '/xrpc/chat.bsky.convo.sendMessage') return [(json(r).message as { text: string }).text]
        return []
      }),
  },
  discourse: {
    start: async () => {
      const fake = await startDiscourseFake()
      return { requests: fake.requests, close: () => fake.close(), connectInput: { url: fake.url, apiKey: fake.apiKey, username: fake.brand.username } }
    },
    received: (requests) => requests.filter((r) => r.method === 'POST' && r.path === '/posts.json').map((r) => json(r).raw as string),
  },
  slack: {
    start: async () => {
      const fake = await startSlackFake()
      return { requests: fake.requests, close: () => fake.close(), connectInput: { botToken: fake.token, apiBase: fake.apiBase } }
    },
    // Slack's Web API takes form bodies: form decoding is the transport encoding here.
    received: (requests) => requests.filter((r) => r.path === '/api/chat.postMessage').map((r) => new URLSearchParams(r.body).get('text') ?? ''),
  },
  facebook: graphHarness('comments'),
  instagram: graphHarness('replies'),
  youtube: {
    start: async () => {
      const fake = await startYouTubeFake()
      return {
        requests: fake.requests,
        close: () => fake.close(),
        connectInput: { clientId: FAKE_YT_CLIENT_ID, clientSecret: FAKE_YT_CLIENT_SECRET, apiBase: fake.url, refreshToken: fake.tokens.refreshToken },
      }
    },
    received: (requests) =>
      requests.filter((r) => r.method === 'POST' && r.path === '/youtube/v3/comments').map((r) => (json(r).snippet as { textOriginal: string }).textOriginal),
  },
  x: {
    start: async () => {
      const fake = await startXFake()
      return { requests: fake.requests, close: () => fake.close(), connectInput: { clientId: FAKE_X_CLIENT_ID, apiBase: fake.url, refreshToken: fake.tokens.refreshToken } }
    },
    received: (requests) =>
      requests.filter((r) => r.method === 'POST' && (r.path === '/2/tweets' || /^\/2\/dm_conversations\/[\d-]+\/messages$/.test(r.path))).map((r) => json(r).text as string),
  },
  reddit: {
    start: async () => {
      const fake = await startRedditFake()
      return {
        requests: fake.requests,
        close: () => fake.close(),
        connectInput: { clientId: FAKE_REDDIT_CLIENT_ID, apiBase: fake.url, refreshToken: fake.tokens.refreshToken, subreddits: 'lumenbikes' },
      }
    },
    // Reddit's API takes form bodies: form decoding is the transport encoding here.
    received: (requests) => requests.filter((r) => r.method === 'POST' && r.path === '/api/comment').map((r) => new URLSearchParams(r.body).get('text') ?? ''),
  },
  telegram: {
    start: async () => {
      const fake = await startTelegramFake()
      return { requests: fake.requests, close: () => fake.close(), connectInput: { botToken: fake.token, apiBase: fake.url } }
    },
    received: (requests) => requests.filter((r) => r.path.endsWith('/sendMessage')).map((r) => json(r).text as string),
  },
  // A real Synapse (tests/support/synapse.ts: chroot into the cached Debian sid root filesystem), behind a recording proxy.
  ...(synapseMissing()
    ? {}
    : {
        matrix: {
          start: async () => {
            const server = await startSynapse()
            const world = await matrixWorld(server, 'posted')
            await world.customer.client.send(world.supportRoom, { msgtype: 'm.text', body: 'Is the café open?' })
            await world.customer.client.send(world.dmRoom, { msgtype: 'm.text', body: 'Private question' })
            const proxy = await startHttpProxy(server.url)
            return {
              requests: proxy.requests,
              close: async () => {
                await proxy.close()
                await server.stop()
              },
              connectInput: world.connectInput(proxy.url),
            }
          },
          received: (requests) => requests.filter((r) => r.method === 'PUT' && /\/send\/m\.room\.message\//.test(r.path)).map((r) => json(r).body as string),
        },
      }),
}

/**
 * Platforms checked the same way elsewhere, against real servers rather than a fake, and where.
 * E-mail has no public threads and no HTTP fake: its test sends through real Postfix and reads the
 * customer's copy from real Dovecot, asserting the approved words, the subject line the approval
 * showed and covered, and the approval's hash.
 */
const coveredElsewhere: Partial<Record<Platform, string>> = {
  email: "tests/node/connectors/email.test.ts › threads a customer's mail, sends exactly the approved reply once, and files it in Sent",
  ...(synapseMissing() ? { matrix: `skipped here: ${synapseMissing()}` } : {}),
}

const replying = builtInConnectors.filter((c) => c.capabilities.has('reply'))
const withFake = replying.filter((c) => harnesses[c.platform])

// Words that a careless transport would change: emoji, combining marks, a non-NFC form, inner line breaks.
const WORDS = 'Thanks! Ça marche — the café (cafe\u0301) fix ships Friday 🚲⚡\nTalk soon.'

describe('every connector posts exactly the approved text', () => {
  const cleanups: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c()
  })

  it('knows how to check every connector that can reply', () => {
    expect(replying.map((c) => c.platform)).toEqual(expect.arrayContaining(['mastodon', 'bluesky']))
    for (const c of replying) {
      expect(harnesses[c.platform] ?? coveredElsewhere[c.platform], `${c.platform} can reply: add its fake to this test`).toBeDefined()
    }
  })

  it.each(withFake.map((c) => [c.platform, c] as [string, Connector]))('%s: a comment and a DM reply go out byte for byte as approved', async (_name, connector) => {
    const harness = harnesses[connector.platform]!
    const fake = await harness.start()
    cleanups.push(() => fake.close())
    const t = tempDir('parley-posted-')
    const ws = openApprovalCore(t.dir, { config: { connectors: [connector] } })
    cleanups.push(async () => {
      await ws.client.close().catch(() => undefined)
      t.cleanup()
    })
    const account = await ws.core.accounts.add(connector.platform, fake.connectInput)
    await ws.core.sync.pollOnce([account.id])
    const people = await addPeople(ws.ok)

    const pick = (kinds: string) =>
      ws.core.db
        .prepare(
          `SELECT c.id FROM conversations c WHERE c.channel_account_id = ? AND c.kind IN (${kinds})
           AND EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.direction = 'in' AND m.remote_id IS NOT NULL)
           ORDER BY c.last_activity_at DESC LIMIT 1`,
        )
        .get(account.id) as { id: number } | undefined
    // A platform without private messages (YouTube) answers a public thread only.
    const conversations = [pick("'comment', 'mention'"), ...(connector.capabilities.has('reply_dm') ? [pick("'dm'")] : [])]
    expect(conversations.every(Boolean), 'the fake has a public thread and a DM to answer').toBe(true)

    for (const [index, { id: conversationId }] of (conversations as { id: number }[]).entries()) {
      await ws.ok('profiles.switch', { profileId: people.alex })
      const envelope = await ws.ok('approvals.envelope', { conversationId })
      // What the composer shows before submit: the mentions the platform needs, then the words.
      const preview = withRequiredMentions(WORDS, envelope)
      await ws.ok('drafts.save', { conversationId, body: WORDS })
      await ws.ok('approvals.submit', { conversationId })
      const approval = (await ws.ok('approvals.list', { conversationId, status: 'pending', limit: 10 }))[0]!
      expect(approval.body).toBe(preview)
      // The author's composer now holds exactly the submitted words.
      expect((await ws.ok('drafts.get', { conversationId }))?.body).toBe(preview)
      await ws.ok('profiles.switch', { profileId: people.sam, passphrase: PASSPHRASES.sam })
      // The second reply: the supervisor rewrites it (without the mentions); the editor showed them in front.
      const rewrite = index === 1 ? `Rewritten by the supervisor: ${WORDS}` : null
      const decided =
        rewrite === null
          ? await ws.ok('approvals.approve', { approvalId: approval.id, bodyHash: approval.bodyHash })
          : await ws.ok('approvals.editAndApprove', { approvalId: approval.id, bodyHash: approval.bodyHash, body: rewrite })
      const approved = decided.approval
      if (rewrite !== null) expect(approved.body).toBe(withRequiredMentions(rewrite, envelope))
      const before = harness.received(fake.requests).length
      ws.clock.advance(60_000)
      const outcomes = await ws.core.outboxEngine.runDue()
      expect(outcomes.map((o) => o.outcome)).toEqual(['sent'])
      const posted = harness.received(fake.requests).slice(before)
      expect(posted).toEqual([approved.body])
      // And the approval's hash covers exactly those bytes.
      expect(replyHash(posted[0]!, { accountId: account.id, inReplyTo: decided.outboxItem!.inReplyTo! })).toBe(approved.bodyHash)
    }
    // Starting a real Synapse (Matrix) takes seconds, more on a busy machine.
  }, 120_000)
})

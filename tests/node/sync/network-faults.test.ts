import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { blueskyConnector } from '../../../src/main/features/connectors/bluesky'
import { startBlueskyFake, type BlueskyFake } from '../../../src/main/features/connectors/bluesky/fake-server'
import { discourseConnector } from '../../../src/main/features/connectors/discourse'
import { startDiscourseFake, type DiscourseFake } from '../../../src/main/features/connectors/discourse/fake-server'
import { feedConnector } from '../../../src/main/features/connectors/feed'
import { FEED_PATHS, startFeedFake, type FeedFake } from '../../../src/main/features/connectors/feed/fake-server'
import { mastodonConnector } from '../../../src/main/features/connectors/mastodon'
import { startMastodonFake, type MastodonFake } from '../../../src/main/features/connectors/mastodon/fake-server'
import { slackConnector } from '../../../src/main/features/connectors/slack'
import { startSlackFake, TIER_LIMITS, type SlackFake, type SlackMethod } from '../../../src/main/features/connectors/slack/fake-server'
import { facebookConnector } from '../../../src/main/features/connectors/facebook'
import { instagramConnector } from '../../../src/main/features/connectors/instagram'
import { startMetaFake, type MetaFake } from '../../../src/main/features/connectors/meta/fake-server'
import type { FakeServer, RecordedRequest } from '../../../src/main/features/connectors/testing/fake-http'
import { describeFault, type Fault } from '../../../src/main/features/connectors/testing/faults'
import type { Connector } from '../../../src/main/model/connector'
import { redditConnector } from '../../../src/main/features/connectors/reddit'
import { FAKE_REDDIT_CLIENT_ID, REDDIT_BRAND, REDDIT_CAST, REDDIT_SUBREDDIT, startRedditFake, type RedditFake } from '../../../src/main/features/connectors/reddit/fake-server'
import { xConnector } from '../../../src/main/features/connectors/x'
import { FAKE_X_CLIENT_ID, startXFake, X_CAST, type XFake } from '../../../src/main/features/connectors/x/fake-server'
import { youtubeConnector } from '../../../src/main/features/connectors/youtube'
import { FAKE_YT_CLIENT_ID, FAKE_YT_CLIENT_SECRET, startYouTubeFake, YT_CAST, type YouTubeFake } from '../../../src/main/features/connectors/youtube/fake-server'
import { matrixConnector } from '../../../src/main/features/connectors/matrix'
import { telegramConnector } from '../../../src/main/features/connectors/telegram'
import { startTelegramFake, type TelegramFake } from '../../../src/main/features/connectors/telegram/fake-server'
import { startHttpProxy } from '../../support/http-proxy'
import { matrixWorld, startSynapse, synapseMissing } from '../../support/synapse'
import { MemoryVault, syncWorkspace } from '../../support/sync-workspace'

/**
 * Every connector, through the real SyncEngine, against its fake with a shared
 * fault layer: a run of faults, then a healthy period. The poller must recover
 * by itself, store everything a fault-free workspace stores, store nothing twice,
 * and say on the health panel what happened.
 */

type Ws = ReturnType<typeof syncWorkspace>

interface Platform {
  label: string
  connector: Connector
  start(): Promise<{
    server: FakeServer
    close(): Promise<void>
    addItem(n: number): void | Promise<void>
    input(): Record<string, string>
    /** Where the fault-free control workspace connects, when it cannot share the server (a Telegram bot's updates are consumed once). */
    controlInput?(): Record<string, string>
  }>
  /** A longer client timeout for a real server, whose healthy answers may take longer than a fake's on a busy machine. */
  timeoutMs?: number
  /** Requests the faults hit: polling, not signing in (a failed sign-in is a different story, tested elsewhere). */
  faulted(req: RecordedRequest): boolean
}

const platforms: Platform[] = [
  {
    label: 'Mastodon',
    connector: mastodonConnector,
    async start() {
      const fake: MastodonFake = await startMastodonFake()
      return {
        server: fake,
        close: () => fake.close(),
        addItem: (n) => {
          fake.addMention({ from: 'ines', text: `Fault-period question ${n}` })
          if (n % 2 === 0) fake.addDirectMessage({ from: 'ines', text: `Fault-period DM ${n}` })
        },
        input: () => ({ instance: fake.url, token: fake.token }),
      }
    },
    faulted: (req) => req.path.startsWith('/api/') && req.path !== '/api/v1/accounts/verify_credentials',
  },
  {
    label: 'Bluesky',
    connector: blueskyConnector,
    async start() {
      const fake: BlueskyFake = await startBlueskyFake()
      return {
        server: fake,
        close: () => fake.close(),
        addItem: (n) => {
          fake.addMention({ from: 'zoe', text: `Hey @${fake.brand.handle}, fault-period question ${n}` })
          if (n % 2 === 0) fake.addChatMessage({ convoId: 'fault-convo', from: 'olga', text: `Fault-period DM ${n}` })
        },
        input: () => ({ service: fake.url, handle: fake.brand.handle, appPassword: 'lumn-4pp2-pass-w0rd' }),
      }
    },
    faulted: (req) => req.path.startsWith('/xrpc/') && !req.path.startsWith('/xrpc/com.atproto.server.'),
  },
  {
    label: 'The feed',
    connector: feedConnector,
    async start() {
      const fake: FeedFake = await startFeedFake({ title: 'Riders Forum', windowSize: 50 })
      fake.addEntry({ title: 'Before the storm', html: '<p>All quiet.</p>', published: Date.now() - 3_600_000 })
      return {
        server: fake.server,
        close: () => fake.close(),
        addItem: (n) => void fake.addEntry({ title: `Fault-period post ${n}`, html: `<p>Post ${n}</p>` }),
        input: () => ({ url: `${fake.url}${FEED_PATHS.rss}` }),
      }
    },
    faulted: () => true,
  },
  {
    label: 'YouTube',
    connector: youtubeConnector,
    async start() {
      const fake: YouTubeFake = await startYouTubeFake()
      return {
        server: fake,
        close: () => fake.close(),
        addItem: (n) => {
          fake.addComment({ author: YT_CAST.ines, text: `Fault-period question ${n}` })
          if (n % 2 === 0) fake.addComment({ author: YT_CAST.spammer, text: `Fault-period spam ${n}`, status: 'heldForReview' })
        },
        input: () => ({ clientId: FAKE_YT_CLIENT_ID, clientSecret: FAKE_YT_CLIENT_SECRET, apiBase: fake.url, refreshToken: fake.tokens.refreshToken }),
      }
    },
    // Polling, not the sign-in: the token endpoint stays healthy.
    faulted: (req) => req.path.startsWith('/youtube/v3/') && req.path !== '/youtube/v3/channels',
  },
  {
    label: 'X',
    connector: xConnector,
    async start() {
      const fake: XFake = await startXFake()
      const launch = fake.state.postsBy(fake.state.brand.id)[0]!
      return {
        server: fake,
        close: () => fake.close(),
        addItem: (n) => {
          fake.state.addPost({ author: X_CAST.ines, text: `@lumenbikes fault-period question ${n}` })
          fake.state.addPost({ author: X_CAST.marco, text: `Fault-period reply ${n}`, replyTo: launch.id })
          if (n % 2 === 0) fake.state.addDm({ from: X_CAST.ines, text: `Fault-period DM ${n}` })
        },
        // X rotates refresh tokens: each workspace signs in with a pair of its own.
        input: () => ({ clientId: FAKE_X_CLIENT_ID, apiBase: fake.url, refreshToken: fake.oauth.issue().refreshToken }),
      }
    },
    faulted: (req) => req.path.startsWith('/2/') && !req.path.startsWith('/2/oauth2/') && req.path !== '/2/users/me',
  },
  {
    label: 'Reddit',
    connector: redditConnector,
    // All three streams poll at once, so a healthy answer waits behind the workspace's first ingests (one thread):
    // on a busy machine that outlasts the 400 ms the other fakes get, and the set-up poll would count as an incident.
    timeoutMs: 2_000,
    async start() {
      const fake: RedditFake = await startRedditFake()
      const launch = [...fake.state.posts.values()].find((p) => p.author === REDDIT_BRAND)!
      return {
        server: fake,
        close: () => fake.close(),
        addItem: (n) => {
          fake.state.addComment({ post: launch, author: REDDIT_CAST.ines, body: `Fault-period question ${n}` })
          if (n % 2 === 0) fake.state.addMessage({ author: REDDIT_CAST.marco, dest: REDDIT_BRAND, subject: `Fault ${n}`, body: `Fault-period message ${n}` })
        },
        input: () => ({ clientId: FAKE_REDDIT_CLIENT_ID, apiBase: fake.url, refreshToken: fake.tokens.refreshToken, subreddits: REDDIT_SUBREDDIT }),
      }
    },
    // Polling, not the sign-in: the token endpoint and the account check stay healthy.
    faulted: (req) => !req.path.startsWith('/api/v1/'),
  },
  {
    label: 'Discourse',
    connector: discourseConnector,
    async start() {
      // The fake counts its per-minute limit on the wall clock; this run makes many polls in a few seconds.
      const fake: DiscourseFake = await startDiscourseFake({ rateLimit: 100_000 })
      const topic = [...fake.state.topics.values()].find((t) => t.archetype === 'regular')!
      return {
        server: fake,
        close: () => fake.close(),
        addItem: (n) => {
          fake.addPost({ from: fake.cast.ines, topic, raw: `@lumen_team fault-period question ${n}` })
          if (n % 2 === 0) fake.addPrivateMessage({ from: fake.cast.marco, title: `Fault-period message ${n}`, raw: `Fault-period private message ${n}` })
        },
        input: () => ({ url: fake.url, apiKey: fake.apiKey, username: fake.brand.username }),
      }
    },
    faulted: (req) => req.path !== '/session/current.json',
  },
  {
    label: 'Slack',
    connector: slackConnector,
    async start() {
      const fake: SlackFake = await startSlackFake()
      // The fake's tier limits run on the wall clock; this run makes many polls in a few seconds.
      for (const method of Object.keys(TIER_LIMITS) as SlackMethod[]) fake.setLimit(method, 100_000)
      return {
        server: fake,
        close: () => fake.close(),
        addItem: (n) => {
          fake.say({ from: fake.people.ben, channel: fake.channel('community'), text: `<@${fake.bot.id}> fault-period question ${n}` })
          if (n % 2 === 0) fake.say({ from: fake.people.chloe, channel: fake.im(fake.people.chloe), text: `Fault-period DM ${n}` })
          // Where the bot is not: only the user token's search finds it.
          fake.say({ from: fake.people.ana, channel: fake.channel('random'), text: `Lumen fault-period chatter ${n}` })
        },
        // With the optional user token, so the search stream meets every fault too.
        input: () => ({ botToken: fake.token, apiBase: fake.apiBase, userToken: fake.userToken, searchTerms: 'Lumen' }),
      }
    },
    faulted: (req) => req.path !== '/api/auth.test' && req.path !== '/api/conversations.list',
  },
  ...(['facebook', 'instagram'] as const).map(
    (which): Platform => ({
      label: which === 'facebook' ? 'Facebook' : 'Instagram',
      connector: which === 'facebook' ? facebookConnector : instagramConnector,
      async start() {
        // A budget no test run reaches: this suite is about the network, not Meta's call limits.
        const fake: MetaFake = await startMetaFake({ callBudget: 1_000_000 })
        return {
          server: fake,
          close: () => fake.close(),
          addItem: (n) => {
            if (which === 'facebook') fake.addComment({ postId: fake.cast.launchPostId, fromId: fake.cast.ines.id, message: `Fault-period question ${n}` })
            else fake.addIgComment({ mediaId: fake.cast.launchMediaId, fromIgId: fake.cast.ines.igId, text: `Fault-period question ${n}` })
            if (n % 2 === 0) fake.addMessage({ threadId: which === 'facebook' ? fake.cast.openThreadId : fake.cast.igThreadId, text: `Fault-period DM ${n}` })
          },
          input: () => ({ appId: fake.appId, accessToken: fake.userToken, page: fake.cast.pageName, apiBase: fake.url }),
        }
      },
      faulted: (req) => !/\/(oauth\/access_token|me\/permissions|me\/accounts)$/.test(req.path),
    }),
  ),
  {
    label: 'Telegram',
    connector: telegramConnector,
    async start() {
      // getUpdates with an offset makes Telegram forget what came before, so the control reads its own copy of the same story.
      const fake: TelegramFake = await startTelegramFake()
      const twin: TelegramFake = await startTelegramFake()
      return {
        server: fake,
        close: async () => {
          await fake.close()
          await twin.close()
        },
        addItem: (n) => {
          for (const f of [fake, twin]) {
            f.post({ chat: f.chats.riders, from: f.people.ines, text: `Fault-period question ${n}` })
            if (n % 2 === 0) f.dm(f.people.juergen, `Fault-period DM ${n}`)
          }
        },
        input: () => ({ botToken: fake.token, apiBase: fake.url }),
        controlInput: () => ({ botToken: twin.token, apiBase: twin.url }),
      }
    },
    faulted: (req) => req.path.endsWith('/getUpdates'),
  },
  // A real Synapse (tests/support/synapse.ts: chroot into the cached Debian sid root filesystem) behind a proxy that plays the faults.
  ...(synapseMissing()
    ? []
    : [
        {
          label: 'Matrix',
          connector: matrixConnector,
          timeoutMs: 3_000,
          async start() {
            const synapse = await startSynapse()
            const world = await matrixWorld(synapse, 'faults')
            await world.customer.client.send(world.supportRoom, { msgtype: 'm.text', body: 'Before the storm' })
            const proxy = await startHttpProxy(synapse.url)
            return {
              server: proxy,
              close: async () => {
                await proxy.close()
                await synapse.stop()
              },
              addItem: async (n: number) => {
                await world.customer.client.send(world.supportRoom, { msgtype: 'm.text', body: `Fault-period question ${n}` })
                if (n % 2 === 0) await world.customer.client.send(world.dmRoom, { msgtype: 'm.text', body: `Fault-period DM ${n}` })
              },
              input: () => world.connectInput(proxy.url),
            }
          },
          faulted: (req: RecordedRequest) => req.path.startsWith('/_matrix/client/') && !req.path.endsWith('/login'),
        } satisfies Platform,
      ]),
]

/** The fault sequence: each row is played on every faulted request for `passes` polling passes. */
const sequence: { fault: Fault; passes: number; phrase: string }[] = [
  { fault: { kind: 'hang' }, passes: 3, phrase: 'timed out' },
  // Before any byte a reset looks like a server that went away: the engine treats it as offline and probes.
  { fault: { kind: 'reset', at: 'start' }, passes: 1, phrase: 'could not be reached' },
  { fault: { kind: 'status', status: 429, retryAfter: '30' }, passes: 3, phrase: 'asked Parley to slow down' },
  { fault: { kind: 'status', status: 503 }, passes: 2, phrase: 'answered with a server error' },
  { fault: { kind: 'status', status: 502, body: '<html><body>Bad Gateway</body></html>', contentType: 'text/html' }, passes: 1, phrase: 'answered with a server error' },
  { fault: { kind: 'reset', at: 'mid-body' }, passes: 1, phrase: 'dropped the connection' },
  { fault: { kind: 'truncate' }, passes: 1, phrase: 'dropped the connection' },
  { fault: { kind: 'wrong-type' }, passes: 1, phrase: 'sent an answer Parley could not read' },
  { fault: { kind: 'drip', bytes: 1, everyMs: 100 }, passes: 1, phrase: 'timed out' },
]

// Short enough to keep the run quick, long enough for a healthy loopback answer on a busy CI machine.
const TIMEOUT_MS = 400

const times = (n: number): string => (n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`)

/** What the health panel should say of one stream: every fault it met, counted (a stream held back by the host's cooldown met none). */
function expectedPhrases(outcomes: { phrase: string; streams: string[] }[], stream: string): { phrases: string[]; failures: number } {
  const counts = new Map<string, number>()
  for (const o of outcomes) if (o.streams.includes(stream)) counts.set(o.phrase, (counts.get(o.phrase) ?? 0) + 1)
  return { phrases: [...counts].map(([phrase, n]) => `${phrase} ${times(n)}`), failures: [...counts.values()].reduce((a, b) => a + b, 0) }
}

const remoteIds = (ws: Ws): string[] =>
  (ws.core.db.prepare('SELECT remote_id FROM messages ORDER BY remote_id').all() as { remote_id: string }[]).map((r) => r.remote_id)
const count = (ws: Ws, table: string): number => (ws.core.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n

/** Moves the fake clock to when every stream of the account is due, then runs the scheduler. */
async function nextPass(ws: Ws, accountId: number) {
  const due = Math.max(...ws.core.sync.health(accountId)!.streams.map((s) => s.nextPollAt ?? 0))
  if (due > ws.clock.now()) ws.clock.advance(due - ws.clock.now())
  return ws.core.sync.runDue()
}

describe.each(platforms)('network faults against the $label fake', (platform) => {
  let fake: Awaited<ReturnType<Platform['start']>>
  let ws: Ws
  let accountId: number
  const outcomes: { step: string; phrase: string; streams: string[]; kinds: string[] }[] = []

  beforeAll(async () => {
    fake = await platform.start()
    // Every stream of the account polls at once, so each meets each fault (X has three streams; with two at a
    // time, the third would wait out the host's 429 cooldown instead of meeting the 429).
    ws = syncWorkspace({ connectors: [platform.connector], vault: new MemoryVault(), timeoutMs: platform.timeoutMs ?? TIMEOUT_MS, maxConcurrent: platform.connector.streams.length })
    accountId = (await ws.core.accounts.add(platform.connector.platform, fake.input())).id
    // The first poll backfills; on a loaded machine it can outlast the short timeout this suite uses for faults,
    // so the set-up poll may take a few passes (the faults below are what this suite asserts).
    let failed = (await ws.core.sync.runDue()).filter((o) => o.error !== null)
    for (let tries = 0; failed.length > 0 && tries < 5; tries++) failed = (await nextPass(ws, accountId)).filter((o) => o.error !== null)
    expect(failed).toEqual([])

    let n = 0
    for (const row of sequence) {
      for (let pass = 0; pass < row.passes; pass++) {
        await fake.addItem(++n)
        let armed = true
        fake.server.fault((req) => armed && platform.faulted(req), row.fault, 10_000)
        const results = await nextPass(ws, accountId)
        armed = false
        outcomes.push({ step: describeFault(row.fault), phrase: row.phrase, streams: results.map((o) => o.stream), kinds: results.map((o) => o.error?.kind ?? 'ok') })
      }
    }
    await fake.addItem(n + 1)
  }, 120_000)

  afterAll(async () => {
    await ws?.cleanup()
    await fake?.close()
  })

  it('fails every poll that meets a fault, without giving up on the account', () => {
    for (const o of outcomes) {
      expect(o.kinds.length, o.step).toBeGreaterThan(0)
      expect(o.kinds, o.step).not.toContain('ok')
      // None of these faults is the user's to fix: no reconnect, no disconnect.
      expect(o.kinds.filter((k) => k === 'reauth' || k === 'disconnect'), o.step).toEqual([])
    }
    expect(outcomes.filter((o) => o.step.startsWith('429')).every((o) => o.kinds.every((k) => k === 'rate_limited'))).toBe(true)
    // Every stream meets every fault, except that a 429 puts the whole host on cooldown: streams not yet polled in that pass wait.
    for (const o of outcomes.filter((x) => !x.step.startsWith('429'))) expect(o.streams.length, o.step).toBe(platform.connector.streams.length)
    expect(ws.core.stores.accounts.get(accountId)!.status).toBe('active')
  })

  it('recovers by itself on schedule, then loses nothing and stores nothing twice', async () => {
    // The healthy period: only the scheduler, the fake clock and the backoff it chose.
    let passes = 0
    for (; passes < 5; passes++) {
      const results = await nextPass(ws, accountId)
      if (results.length && results.every((o) => o.error === null)) break
    }
    expect(passes).toBeLessThan(5)
    expect(ws.core.sync.isOffline()).toBe(false)

    // A workspace that never saw a fault, polling the same fake once.
    const control = syncWorkspace({ connectors: [platform.connector], vault: new MemoryVault() })
    try {
      const controlId = (await control.core.accounts.add(platform.connector.platform, (fake.controlInput ?? fake.input)())).id
      await control.core.sync.runDue()
      // A second healthy pass picks up anything the first pass's cursors deferred.
      await nextPass(ws, accountId)
      await nextPass(control, controlId)
      expect(remoteIds(ws)).toEqual(remoteIds(control))
      expect(count(ws, 'messages')).toBe(count(control, 'messages'))
      expect(count(ws, 'conversations')).toBe(count(control, 'conversations'))
      expect(remoteIds(ws).length).toBeGreaterThan(sequence.length)
      expect(new Set(remoteIds(ws)).size).toBe(remoteIds(ws).length)
    } finally {
      await control.cleanup()
    }
  })

  it('explains on the health panel what happened and when it recovered', () => {
    const health = ws.core.sync.health(accountId)!
    for (const stream of health.streams) {
      expect(stream.lastError, stream.stream).toBeNull()
      expect(stream.incident, stream.stream).toMatchObject({ recoveredAt: expect.any(Number) })
      const expected = expectedPhrases(outcomes, stream.stream)
      for (const phrase of expected.phrases) expect(stream.incident!.summary, `${stream.stream}: ${stream.incident!.summary}`).toContain(phrase)
      expect(stream.incident!.failures).toBe(expected.failures)
    }
  })
})

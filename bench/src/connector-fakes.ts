/**
 * The connector-poll phase's other process (bench/src/connectors.ts starts it): every connector's fake, or the real
 * server the tests use (Dovecot for e-mail, Synapse for Matrix), seeded with ITEMS realistic items on one stream.
 * Prints one JSON line on stdout per connector as it is ready (FakeLine), and stops them all when stdin closes,
 * so the fakes' CPU never lands in the process that measures Parley's.
 */
import MailComposer from 'nodemailer/lib/mail-composer'
import { startBlueskyFake } from '../../src/main/features/connectors/bluesky/fake-server'
import { startDiscourseFake } from '../../src/main/features/connectors/discourse/fake-server'
import { FEED_PATHS, startFeedFake } from '../../src/main/features/connectors/feed/fake-server'
import { startMastodonFake } from '../../src/main/features/connectors/mastodon/fake-server'
import { startMetaFake } from '../../src/main/features/connectors/meta/fake-server'
import { FAKE_REDDIT_CLIENT_ID, REDDIT_SUBREDDIT, startRedditFake } from '../../src/main/features/connectors/reddit/fake-server'
import { startSlackFake, TIER_LIMITS, type SlackMethod } from '../../src/main/features/connectors/slack/fake-server'
import { startTelegramFake } from '../../src/main/features/connectors/telegram/fake-server'
import { FAKE_X_CLIENT_ID, startXFake } from '../../src/main/features/connectors/x/fake-server'
import { FAKE_YT_CLIENT_ID, FAKE_YT_CLIENT_SECRET, startYouTubeFake } from '../../src/main/features/connectors/youtube/fake-server'
import { asMailUser, supportAccount } from '../../tests/support/mail-clients'
import { mailServersMissing, startMailServers } from '../../tests/support/mail-servers'
import { matrixWorld, startSynapse, synapseMissing } from '../../tests/support/synapse'

export const ITEMS = 100

/** What the measuring process needs for one connector: what `accounts add` takes and the stream that holds the items. */
export interface PollTarget {
  platform: string
  input: Record<string, string>
  stream: string
}

/** One line on stdout: a connector ready to poll, one that cannot be (and why), or the end of the list. */
export type FakeLine = { target: PollTarget } | { skip: { platform: string; reason: string } } | { done: true }

const log = (line: string): void => {
  process.stderr.write(`[bench fakes] ${line}\n`)
}

// Realistic community messages: a question, a detail, a thank-you, of ordinary length, with a link now and then.
const OPENINGS = ['Hi team,', 'Quick question:', 'Hello!', 'Hey Lumen folks,', 'Not sure who to ask, but', 'Morning —']
const BODIES = [
  'my order #%n still shows "label created" after six days. Could you check where it is?',
  'the rear light on my Trail 2 flickers when it rains. Is that covered by the warranty?',
  'which saddle would you recommend for a 60 km commute? The stock one is fine for short rides.',
  'the app keeps asking me to pair the bike again after every update (iOS 18, app 4.2).',
  'I love the new winter light, best purchase this year. Any plans for a brighter mode?',
  'can I swap the 38 mm tyres for 45 mm on the City frame, or will they rub the fender?',
  'your shop page says in stock but checkout says sold out: https://lumen.example/shop/trail-2',
]
const CLOSINGS = ['Thanks!', 'Cheers, %a', 'Thanks in advance.', '', 'Appreciate it 🙏', 'Best, %a']
const NAMES = ['Inês Duarte', 'Marco Rossi', 'Aiko Tanaka', 'Sam O’Neill', 'Priya Nair', 'Jonas Weber', 'Chloé Martin', 'Dmitri Volkov', 'Ana Silva', 'Ben Carter']

const author = (i: number): string => NAMES[i % NAMES.length]!
function message(i: number): string {
  const text = [OPENINGS[i % OPENINGS.length], BODIES[(i * 3) % BODIES.length], CLOSINGS[(i * 5) % CLOSINGS.length]].join(' ').trim()
  return text.replace('%n', String(10_400 + i)).replace('%a', author(i).split(' ')[0]!)
}
const handle = (i: number): string => author(i).toLowerCase().replace(/[^a-z]/g, '') + (i % 7)
/** Oldest first, a minute apart, ending a minute ago. */
const at = (i: number): number => Date.now() - (ITEMS - i + 1) * 60_000
const range = Array.from({ length: ITEMS }, (_, i) => i)

type Starter = () => Promise<{ target: PollTarget; close: () => Promise<unknown> } | { skip: string }>

const starters: Record<string, Starter> = {
  async email() {
    const missing = mailServersMissing()
    if (missing) return { skip: missing }
    const mail = await startMailServers()
    const raws = await Promise.all(
      range.map((i) =>
        new MailComposer({
          from: { name: author(i), address: `${handle(i)}@customer.test` },
          to: 'support@brand.test',
          subject: `Order #${10_400 + i}: ${BODIES[(i * 3) % BODIES.length]!.slice(0, 40)}`,
          messageId: `<bench-${i}@customer.test>`,
          date: new Date(at(i)),
          text: message(i),
          ...(i % 3 === 0 ? { html: `<p>${message(i)}</p><p style="color:#888">Sent from my phone</p>` } : {}),
        })
          .compile()
          .build(),
      ),
    )
    await asMailUser(mail, 'support@brand.test', async (c) => {
      for (const raw of raws) await c.append('INBOX', raw)
    })
    return { target: { platform: 'email', input: supportAccount(mail), stream: 'mail' }, close: () => mail.stop() }
  },
  async facebook() {
    const fake = await startMetaFake({ seed: false, callBudget: 1_000_000 })
    const people = range.slice(0, 10).map((i) => fake.addPerson({ name: author(i), igUsername: handle(i) }))
    const post = fake.addPost({ message: 'The Lumen 2 is here: lighter frame, brighter light.', at: at(0) - 60_000 })
    for (const i of range) fake.addComment({ postId: post, fromId: people[i % 10]!.id, message: message(i), at: at(i) })
    const input = { appId: fake.appId, accessToken: fake.userToken, page: 'Lumen Bikes', apiBase: fake.url }
    return { target: { platform: 'facebook', input, stream: 'comments' }, close: () => fake.close() }
  },
  async instagram() {
    const fake = await startMetaFake({ seed: false, callBudget: 1_000_000 })
    const people = range.slice(0, 10).map((i) => fake.addPerson({ name: author(i), igUsername: handle(i) }))
    const media = fake.addMedia({ caption: 'The Lumen 2 is here.', at: at(0) - 60_000 })
    for (const i of range) fake.addIgComment({ mediaId: media, fromIgId: people[i % 10]!.igId, text: message(i), at: at(i) })
    const input = { appId: fake.appId, accessToken: fake.userToken, page: 'Lumen Bikes', apiBase: fake.url }
    return { target: { platform: 'instagram', input, stream: 'comments' }, close: () => fake.close() }
  },
  async youtube() {
    const fake = await startYouTubeFake({ seed: false })
    for (const i of range) fake.addComment({ author: { id: `UCbench${String(i % 10).padStart(17, '0')}`, title: author(i), handle: `@${handle(i)}` }, text: message(i), at: at(i) })
    const input = { clientId: FAKE_YT_CLIENT_ID, clientSecret: FAKE_YT_CLIENT_SECRET, apiBase: fake.url, refreshToken: fake.tokens.refreshToken }
    return { target: { platform: 'youtube', input, stream: 'comments' }, close: () => fake.close() }
  },
  async reddit() {
    const fake = await startRedditFake({ seed: false, rateLimit: 1_000_000 })
    const post = fake.state.addPost({ subreddit: REDDIT_SUBREDDIT, author: fake.state.brand, title: 'The Lumen 2 is here', at: at(0) - 60_000 })
    for (const i of range) fake.state.addComment({ post, author: handle(i), body: message(i), at: at(i) })
    const input = { clientId: FAKE_REDDIT_CLIENT_ID, apiBase: fake.url, refreshToken: fake.tokens.refreshToken, subreddits: REDDIT_SUBREDDIT }
    return { target: { platform: 'reddit', input, stream: 'comments' }, close: () => fake.close() }
  },
  async x() {
    const fake = await startXFake({ seed: false, rateLimit: 1_000_000 })
    for (const i of range) {
      const user = { id: `1900000000000000${String(i % 10).padStart(2, '0')}`, username: handle(i), name: author(i) }
      fake.state.addPost({ author: user, text: `@${fake.state.brand.username} ${message(i)}`.slice(0, 280), at: at(i) })
    }
    const input = { clientId: FAKE_X_CLIENT_ID, apiBase: fake.url, refreshToken: fake.tokens.refreshToken }
    return { target: { platform: 'x', input, stream: 'mentions' }, close: () => fake.close() }
  },
  async discourse() {
    const fake = await startDiscourseFake({ seed: false, rateLimit: 1_000_000 })
    const users = range.slice(0, 10).map((i) => fake.state.addUser({ username: handle(i), name: author(i) }))
    const { topic } = fake.addTopic({ from: users[0]!, title: 'Rear light flickers in the rain', raw: message(0), at: at(0) })
    for (const i of range.slice(1)) fake.addPost({ from: users[i % 10]!, topic, raw: message(i), at: at(i) })
    const input = { url: fake.url, apiKey: fake.apiKey, username: fake.brand.username }
    return { target: { platform: 'discourse', input, stream: 'topics' }, close: () => fake.close() }
  },
  async slack() {
    const fake = await startSlackFake({ seed: false })
    // Slack's per-method limits (20 conversations.list a minute) would refuse 20 polls in a row: measured here is CPU, not pacing.
    for (const method of Object.keys(TIER_LIMITS) as SlackMethod[]) fake.setLimit(method, 1_000_000)
    const people = range.slice(0, 10).map((i) => fake.state.addUser(`U0BENCH${String(i).padStart(4, '0')}`, handle(i), author(i)))
    const channel = fake.channel('community')
    for (const p of people) channel.members.push(p.id)
    for (const i of range) fake.say({ from: people[i % 10]!, channel, text: message(i), at: at(i) })
    return { target: { platform: 'slack', input: { botToken: fake.token, apiBase: fake.apiBase }, stream: 'channels' }, close: () => fake.close() }
  },
  async telegram() {
    const fake = await startTelegramFake({ seed: false })
    const people = range.slice(0, 10).map((i) => fake.addPerson({ firstName: author(i).split(' ')[0]!, lastName: author(i).split(' ')[1], username: handle(i) }))
    for (const i of range) fake.post({ chat: fake.chats.riders, from: people[i % 10]!, text: message(i), at: at(i) })
    return { target: { platform: 'telegram', input: { botToken: fake.token, apiBase: fake.url }, stream: 'updates' }, close: () => fake.close() }
  },
  async matrix() {
    const missing = synapseMissing()
    if (missing) return { skip: missing }
    const server = await startSynapse()
    try {
      const world = await matrixWorld(server, 'bench')
      // The first sync brings the newest 50 events of each room (the connector's timeline limit): half in each.
      for (const i of range) await world.customer.client.send(i % 2 ? world.dmRoom : world.supportRoom, { msgtype: 'm.text', body: message(i) })
      return { target: { platform: 'matrix', input: world.connectInput(server.url), stream: 'sync' }, close: () => server.stop() }
    } catch (error) {
      await server.stop()
      throw error
    }
  },
  async mastodon() {
    const fake = await startMastodonFake({ seed: false, rateLimit: 1_000_000 })
    const people = range.slice(0, 10).map((i) => fake.addAccount({ username: handle(i), domain: 'riders.example', displayName: author(i) }))
    for (const i of range) fake.addMention({ from: people[i % 10]!.id, text: message(i), at: at(i) })
    return { target: { platform: 'mastodon', input: { instance: fake.url, token: fake.token }, stream: 'notifications' }, close: () => fake.close() }
  },
  async bluesky() {
    const fake = await startBlueskyFake({ seed: false })
    const people = range.slice(0, 10).map((i) => ({ did: `did:plc:bench${i}aaaaaaaaaaaaaaa`, handle: `${handle(i)}.bsky.social`, displayName: author(i) }))
    for (const i of range) fake.addMention({ from: people[i % 10]!, text: `@${fake.brand.handle} ${message(i)}`.slice(0, 300) })
    const input = { service: fake.url, handle: fake.brand.handle, appPassword: 'lumn-4pp2-pass-w0rd' }
    return { target: { platform: 'bluesky', input, stream: 'notifications' }, close: () => fake.close() }
  },
  async feed() {
    const fake = await startFeedFake({ title: 'Lumen riders’ blog', windowSize: ITEMS })
    for (const i of range) fake.addEntry({ title: BODIES[(i * 3) % BODIES.length]!.slice(0, 60), html: `<p>${message(i)}</p><p><a href="https://lumen.example/blog/${i}">Read more</a></p>`, author: author(i), link: `https://lumen.example/blog/${i}`, guid: `bench-${i}` })
    return { target: { platform: 'feed', input: { url: `${fake.url}${FEED_PATHS.rss}`, keywords: '' }, stream: 'feed' }, close: () => fake.close() }
  },
}

async function main(): Promise<void> {
  const closers: (() => Promise<unknown>)[] = []
  // The measuring process going away (stdin closes, stdout breaks, a signal), even mid-setup, stops what was started:
  // Dovecot, Postfix and Synapse are daemons of their own and would outlive this process.
  let stopping = false
  let starting: Promise<unknown> = Promise.resolve()
  const stop = async (): Promise<void> => {
    if (stopping) return
    stopping = true
    await starting.catch(() => undefined)
    await Promise.allSettled(closers.map((c) => c()))
    process.exit(0)
  }
  process.stdin.on('end', () => void stop())
  process.stdin.on('close', () => void stop())
  process.stdin.resume()
  process.stdout.on('error', () => void stop())
  process.on('SIGTERM', () => void stop())
  process.on('SIGINT', () => void stop())

  // All at once, each announced as soon as it is ready: the other process measures the in-process fakes while
  // Synapse (about 20 s) and Dovecot are still starting.
  const say = (line: FakeLine): void => void process.stdout.write(`${JSON.stringify(line)}\n`)
  starting = Promise.all(
    // argv: the platforms to start (all when none are named).
    Object.entries(starters)
      .filter(([platform]) => process.argv.length <= 2 || process.argv.includes(platform))
      .map(async ([platform, start]) => {
        const t0 = performance.now()
        try {
          const started = await start()
          if ('skip' in started) return say({ skip: { platform, reason: started.skip } })
          closers.push(started.close)
          if (!stopping) say({ target: started.target })
        } catch (error) {
          say({ skip: { platform, reason: `its server did not start: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` } })
        } finally {
          log(`${platform} ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
        }
      }),
  )
  await starting
  if (!stopping) say({ done: true })
}

main().catch((error: unknown) => {
  log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
  process.exit(1)
})

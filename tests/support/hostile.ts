import { readFileSync } from 'node:fs'
import type { BlueskyFake } from '../../src/main/features/connectors/bluesky/fake-server'
import type { DiscourseFake } from '../../src/main/features/connectors/discourse/fake-server'
import type { FeedFake } from '../../src/main/features/connectors/feed/fake-server'
import type { MastodonFake } from '../../src/main/features/connectors/mastodon/fake-server'
import type { SlackFake } from '../../src/main/features/connectors/slack/fake-server'
import type { MetaFake } from '../../src/main/features/connectors/meta/fake-server'
import type { RedditFake } from '../../src/main/features/connectors/reddit/fake-server'
import type { XFake } from '../../src/main/features/connectors/x/fake-server'
import type { YouTubeFake } from '../../src/main/features/connectors/youtube/fake-server'
import type { TelegramFake } from '../../src/main/features/connectors/telegram/fake-server'
import type { MatrixWorld, Synapse } from './synapse'
import MailComposer from 'nodemailer/lib/mail-composer'
import { asMailUser } from './mail-clients'
import type { MailServers } from './mail-servers'

/** tests/fixtures/hostile/payloads.json: XSS, CSS tricks, broken markup, bidi overrides and look-alike links. */
export interface HostileCorpus {
  html: { id: string; html: string }[]
  links: { id: string; html: string; realHost: string }[]
  names: { id: string; value: string }[]
  urls: { id: string; value: string }[]
  texts: { id: string; value: string }[]
}

export const hostile: HostileCorpus = JSON.parse(readFileSync(new URL('../fixtures/hostile/payloads.json', import.meta.url), 'utf8')) as HostileCorpus

/** Explicit bidi embeddings, overrides and isolates: they reorder what the reader sees. */
export const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/

/** Every hostile HTML body, the look-alike links included. */
export const hostileBodies = (): { id: string; html: string }[] => [...hostile.html, ...hostile.links.map(({ id, html }) => ({ id, html }))]

const cycle = <T>(list: T[], i: number): T => list[i % list.length]!

/**
 * Mastodon: a remote account with a hostile display name posts every body as a
 * mention; a rewritten notifications answer gives its statuses and accounts
 * hostile permalinks, profile URLs and avatars (a malicious instance controls those).
 */
export function plantMastodon(fake: MastodonFake): number {
  const authors = hostile.names.map((n, i) => fake.addAccount({ username: `mallory${i}`, domain: 'evil.example', displayName: n.value }))
  let planted = 0
  hostileBodies().forEach((body, i) => {
    fake.addMention({ from: cycle(authors, i).id, text: `hostile ${body.id}`, html: body.html })
    planted++
  })
  hostile.texts.forEach((t, i) => {
    fake.addMention({ from: cycle(authors, i).id, text: t.value })
    planted++
  })
  let n = 0
  const rewrite = (status: Record<string, unknown> | null | undefined): void => {
    if (!status) return
    const account = status.account as Record<string, unknown> | undefined
    if (!account || !String(account.acct ?? '').endsWith('@evil.example')) return
    status.url = cycle(hostile.urls, n++).value
    status.uri = cycle(hostile.urls, n).value
    account.url = cycle(hostile.urls, n + 1).value
    account.avatar = cycle(hostile.urls, n + 2).value
    account.display_name = cycle(hostile.names, n).value
  }
  fake.fault(
    (req) => req.path === '/api/v1/notifications' || req.path === '/api/v1/conversations',
    {
      kind: 'tamper',
      edit: (body) => {
        const list = JSON.parse(body) as Record<string, unknown>[]
        for (const entry of list) {
          rewrite(entry.status as Record<string, unknown> | undefined)
          rewrite(entry.last_status as Record<string, unknown> | undefined)
        }
        return JSON.stringify(list)
      },
    },
    1_000,
  )
  return planted
}

/** Bluesky: hostile profiles post every text and body as plain text, plus link facets whose URIs are hostile or look-alikes. */
export function plantBluesky(fake: BlueskyFake): number {
  const profiles = hostile.names.map((n, i) => ({ did: `did:plc:mallory${i}evil`, handle: `mallory${i}.evil.example`, displayName: n.value, avatar: cycle(hostile.urls, i).value }))
  let planted = 0
  for (const [i, t] of [...hostile.texts, ...hostile.html.map((h) => ({ id: h.id, value: h.html }))].entries()) {
    fake.addMention({ from: cycle(profiles, i), text: `@${fake.brand.handle} ${t.value}` })
    planted++
  }
  const root = fake.brandPost('Hostile link facets land here')
  const shown = ['https://paypal.com/login', 'paypal.com', 'https://p\u0430ypal.com/', '\u202emoc.lapyap//:sptth']
  const targets = [...hostile.urls.map((u) => u.value), 'https://evil.example/login', 'https://xn--pypal-4ve.com/']
  targets.forEach((uri, i) => {
    const label = cycle(shown, i)
    const text = `see ${label} now`
    const byteStart = Buffer.byteLength('see ')
    const facets = [{ index: { byteStart, byteEnd: byteStart + Buffer.byteLength(label) }, features: [{ $type: 'app.bsky.richtext.facet#link', uri }] }]
    fake.addReply({ from: cycle(profiles, i), text, toPost: root, facets })
    planted++
  })
  return planted
}

/** Feeds: every body as an entry whose title, author and link are hostile too. */
export function plantFeed(fake: FeedFake): number {
  const bodies = hostileBodies()
  bodies.forEach((body, i) => {
    fake.addEntry({
      title: i % 2 ? cycle(hostile.names, i).value : `${cycle(hostile.texts, i).value} (${body.id})`,
      html: body.html,
      author: cycle(hostile.names, i + 1).value,
      link: cycle(hostile.urls, i).value,
      guid: `hostile-${body.id}`,
    })
  })
  return bodies.length
}

/** The feed's own title is channel content too. */
export const HOSTILE_FEED_TITLE = `Riders <script>window.__pwned='feed-title'</script> \u202eForum`

/**
 * Discourse: users with hostile names post every body as cooked HTML (a hostile forum controls its
 * cooking) and every text as raw; a rewritten post stream gives them hostile avatars, slugs and usernames.
 */
export function plantDiscourse(fake: DiscourseFake): number {
  const authors = hostile.names.map((n, i) => fake.state.addUser({ username: `mallory${i}`, name: n.value }))
  const { topic } = fake.addTopic({ from: authors[0]!, title: `Hostile ${HOSTILE_FEED_TITLE}`, raw: 'The hostile thread starts here.' })
  let planted = 1
  hostileBodies().forEach((body, i) => {
    fake.addPost({ from: cycle(authors, i), topic, raw: `hostile ${body.id}`, cooked: body.html })
    planted++
  })
  hostile.texts.forEach((t, i) => {
    fake.addPost({ from: cycle(authors, i), topic, raw: t.value })
    planted++
  })
  let n = 0
  fake.fault(
    (req) => /^\/t\/\d+\/posts\.json$/.test(req.path),
    {
      kind: 'tamper',
      edit: (body) => {
        const answer = JSON.parse(body) as { post_stream: { posts: Record<string, unknown>[] } }
        for (const post of answer.post_stream.posts) {
          post.avatar_template = cycle(hostile.urls, n++).value
          post.topic_slug = cycle(hostile.urls, n).value
          post.username = `${String(post.username)}${cycle(hostile.names, n).value}`
        }
        return JSON.stringify(answer)
      },
    },
    1_000,
  )
  return planted
}

/**
 * Facebook and Instagram: people with hostile names (and usernames) write every body and text as a
 * comment and a direct message (Graph sends plain text, so markup arrives as words); a rewritten
 * answer gives comments and media hostile permalinks (a compromised or look-alike API controls those).
 */
export function plantMeta(fake: MetaFake, platform: 'facebook' | 'instagram'): number {
  const people = hostile.names.map((n, i) => fake.addPerson({ name: n.value, igUsername: platform === 'instagram' ? n.value : `mallory${i}` }))
  const post = platform === 'facebook' ? fake.addPost({ message: 'Hostile thread' }) : fake.addMedia({ caption: 'Hostile thread' })
  const thread = fake.addThread(platform === 'facebook' ? 'messenger' : 'instagram', people[0]!.id)
  let planted = 0
  const texts = [...hostileBodies().map((b) => b.html), ...hostile.texts.map((t) => t.value)]
  texts.forEach((text, i) => {
    const who = cycle(people, i)
    if (platform === 'facebook') fake.addComment({ postId: post, fromId: who.id, message: text })
    else fake.addIgComment({ mediaId: post, fromIgId: who.igId, text })
    fake.addMessage({ threadId: thread, text })
    planted += 2
  })
  let n = 0
  fake.fault(
    (req) => /\/(comments|feed|media)$/.test(req.path),
    {
      kind: 'tamper',
      edit: (body) => {
        const list = JSON.parse(body) as { data?: Record<string, unknown>[] }
        for (const entry of list.data ?? []) {
          if ('permalink_url' in entry) entry.permalink_url = cycle(hostile.urls, n++).value
          if ('permalink' in entry) entry.permalink = cycle(hostile.urls, n++).value
        }
        return JSON.stringify(list)
      },
    },
    1_000,
  )
  return planted
}

/** Slack: people with hostile names say every text and every body (Slack shows text, so markup arrives as words), with hostile mrkdwn links. */
export function plantSlack(fake: SlackFake): number {
  const people = hostile.names.map((n, i) => fake.state.addUser(`U0MAL${String(i).padStart(5, '0')}`, `mallory${i}`, n.value))
  const channel = fake.channel('community')
  for (const p of people) channel.members.push(p.id)
  let planted = 0
  for (const [i, t] of [...hostile.texts, ...hostile.html.map((h) => ({ id: h.id, value: h.html }))].entries()) {
    fake.say({ from: cycle(people, i), channel, text: t.value })
    planted++
  }
  hostile.urls.forEach((u, i) => {
    fake.say({ from: cycle(people, i), channel, text: `see <${u.value}|paypal.com> and <${u.value}>` })
    planted++
  })
  return planted
}

/** YouTube: channels with hostile names, channel URLs and avatars comment every text and body (YouTube sends plain text). */
export function plantYouTube(fake: YouTubeFake): number {
  const authors = hostile.names.map((n, i) => ({ id: `UCmallory${i}evil000000`, title: n.value, handle: n.value, url: cycle(hostile.urls, i).value, avatar: cycle(hostile.urls, i + 1).value }))
  let planted = 0
  for (const [i, t] of [...hostile.texts, ...hostileBodies().map((h) => ({ id: h.id, value: h.html }))].entries()) {
    fake.addComment({ author: cycle(authors, i), text: t.value, at: Date.now() - i * 1000 })
    planted++
  }
  return planted
}

/** X: accounts with hostile display names mention the brand with every text and body (X sends plain text). */
export function plantX(fake: XFake): number {
  const authors = hostile.names.map((n, i) => fake.state.addUser({ id: `19000000000000000${i}`, username: `mallory${i}`, name: n.value }))
  let planted = 0
  for (const [i, t] of [...hostile.texts, ...hostileBodies().map((h) => ({ id: h.id, value: h.html }))].entries()) {
    fake.state.addPost({ author: cycle(authors, i), text: `@${fake.state.brand.username} ${t.value}`, at: Date.now() - i * 1000 })
    planted++
  }
  return planted
}

/**
 * Reddit: people with hostile names (a malicious server is not bound by Reddit's username rules) answer
 * the brand's post with every text, and send every text as a private message; every body arrives as
 * the comment's body_html, rewritten into the answers as a hostile server would.
 */
export function plantReddit(fake: RedditFake): number {
  const post = fake.state.addPost({ subreddit: 'lumenbikes', author: fake.state.brand, title: cycle(hostile.names, 0).value, at: Date.now() - 86_400_000 })
  const authors = hostile.names.map((n) => n.value)
  const htmlFor = new Map<string, string>()
  let planted = 0
  for (const [i, t] of hostile.texts.entries()) {
    fake.state.addComment({ post, author: cycle(authors, i), body: t.value, at: Date.now() - i * 1000 })
    fake.state.addMessage({ author: cycle(authors, i + 1), dest: fake.state.brand, subject: cycle(hostile.names, i).value, body: t.value, at: Date.now() - i * 1000 })
    planted += 2
  }
  for (const [i, b] of hostileBodies().entries()) {
    const body = `hostile ${b.id}`
    htmlFor.set(body, b.html)
    fake.state.addComment({ post, author: cycle(authors, i), body, at: Date.now() - i * 1000 })
    planted++
  }
  let n = 0
  const rewrite = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(rewrite)
    if (!value || typeof value !== 'object') return
    const data = value as Record<string, unknown>
    if (typeof data.body === 'string' && htmlFor.has(data.body)) data.body_html = htmlFor.get(data.body)
    if (typeof data.context === 'string' && data.context) data.context = cycle(hostile.urls, n++).value
    Object.values(data).forEach(rewrite)
  }
  fake.fault(
    (req) => req.path.startsWith('/message/') || req.path.endsWith('/comments') || req.path.endsWith('/modqueue'),
    {
      kind: 'tamper',
      edit: (text) => {
        const parsed = JSON.parse(text) as unknown
        rewrite(parsed)
        return JSON.stringify(parsed)
      },
    },
    10_000,
  )
  return planted
}

/**
 * Telegram: people with hostile names post every body and text in the riders' group and to the
 * bot directly (Telegram carries text only; the HTML arrives as the words it is).
 */
export function plantTelegram(fake: TelegramFake): number {
  const people = hostile.names.map((n, i) => fake.addPerson({ firstName: n.value, lastName: cycle(hostile.names, i + 1).value, username: `mallory${i}` }))
  let planted = 0
  for (const [i, t] of [...hostile.texts.map((x) => x.value), ...hostileBodies().map((b) => b.html)].entries()) {
    const from = cycle(people, i)
    if (i % 3 === 0) fake.dm(from, t)
    else fake.post({ chat: fake.chats.riders, from, text: t })
    planted++
  }
  return planted
}

/**
 * Matrix on a real Synapse: customers with hostile display names send every body as
 * org.matrix.custom.html (formatted_body) and every text as plain m.text, in the support room and the DM.
 */
export async function plantMatrix(server: Synapse, world: MatrixWorld): Promise<number> {
  const senders = [world.customer.client]
  for (const [i, n] of hostile.names.entries()) {
    const name = `mallory${i}`
    const id = await server.register(name, `${name}-password`)
    const client = server.client((await server.login(name, `${name}-password`)).accessToken)
    await client.call('PUT', `/_matrix/client/v3/profile/${encodeURIComponent(id)}/displayname`, { displayname: n.value })
    await client.join(world.supportRoom)
    senders.push(client)
  }
  let planted = 0
  for (const [i, body] of hostileBodies().entries()) {
    await cycle(senders, i).send(world.supportRoom, { msgtype: 'm.text', body: `hostile ${body.id}`, format: 'org.matrix.custom.html', formatted_body: body.html })
    planted++
  }
  for (const t of hostile.texts) {
    await world.customer.client.send(world.dmRoom, { msgtype: 'm.text', body: t.value })
    planted++
  }
  return planted
}

/**
 * E-mail: every hostile body as an HTML-only mail and every hostile text as a plain one, from senders
 * with hostile display names and under hostile subjects, put straight into the support mailbox of a real
 * Dovecot. MailComposer encodes the headers, as a sender's mail program would (a name cannot break a header).
 */
export async function plantEmail(servers: MailServers): Promise<number> {
  const mails: { html?: string; text?: string }[] = [...hostileBodies().map((b) => ({ html: b.html })), ...hostile.texts.map((t) => ({ text: t.value }))]
  const raws = await Promise.all(
    mails.map((m, i) =>
      new MailComposer({
        from: { name: cycle(hostile.names, i).value, address: `mallory${i % hostile.names.length}@customer.test` },
        to: 'support@brand.test',
        subject: cycle(hostile.texts, i).value,
        messageId: `<hostile-${i}@customer.test>`,
        date: new Date(),
        ...m,
      })
        .compile()
        .build(),
    ),
  )
  await asMailUser(servers, 'support@brand.test', async (c) => {
    for (const raw of raws) await c.append('INBOX', raw)
  })
  return raws.length
}

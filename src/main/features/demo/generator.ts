/**
 * Builds demo conversations. Each conversation is first planned as timed
 * events (who answers whom, when), then sorted and rendered into items, so
 * replies that arrive out of order still come out chronological.
 */
import type { ConversationKind, Direction, ItemAuthor, NormalizedItem } from '../../model/items'
import { BRAND_AUTHORS, demoAccounts, FORUM_HOST, type AccountKey } from './accounts'
import { CHANNEL_WEIGHTS, shapeFor } from './channels'
import { EmailWriter } from './email-text'
import { Identities, type IdentityPlatform } from './identities'
import { Composer, tpl, type Composed, type Tpl } from './compose'
import { mastodonId, slugify, tid } from './ids'
import { buildPeople, buildSpammers, type Person } from './people'
import { Rng, Weighted } from './prng'
import { CITIES, Ctx, HASHTAGS, resolveSlot, STAFF, type Staff } from './slots'
import { BRAND_POSTS, BRAND_REPLIES, DM_ACK, DM_CLOSE, DM_OUTREACH, DM_RESOLVE, SUPPORT_POSTS } from './templates-brand'
import { CLOSINGS, CORE, DETAILS, DM_AFTER, DM_INFO, GREETINGS, PEER_REPLIES, PUBLIC_AFTER, REACTIONS, type Intent } from './templates-customer'
import {
  FORUM_CLOSERS, FORUM_DETAILS, FORUM_OPENERS, FORUM_TITLES, JOURNALISTS, NEWS_DETAILS, NEWS_LEADS, NEWS_TITLES, PUBLICATIONS,
} from './templates-feed'
import { INTL } from './templates-intl'
import type { Shape, TextStyle } from './shape'
import type { EmailShape } from './shapes-mail'
import type { RedditShape } from './shapes-reddit'
import type { YouTubeShape } from './shapes-social'
import { CHAT_OPENERS } from './templates-chat'
import { EMAIL_SUBJECTS } from './templates-email'
import { DAY, HOUR, MINUTE } from './timeline'
import type { DemoAccount, DemoConversation } from './types'
import { fillerSentence } from './vocabulary'

type Role =
  | 'context' | 'open' | 'reaction' | 'peer' | 'brandReply' | 'custInfo' | 'custAfter' | 'brandAck' | 'brandResolve' | 'brandClose' | 'outreach'

/** One planned message. `person` null means the brand wrote it, to `to`. */
interface Ev {
  t: number
  role: Role
  person: Person | null
  to: Person | null
  intent: Intent
  parent: Ev | null
  item: NormalizedItem | null
  /** E-mail: the message without its quoted history, for the next reply to quote. */
  body?: string
}

interface Channel {
  account: DemoAccount
  key: AccountKey
  brand: ItemAuthor | null
  /** Per-account sequence that makes remote ids unique. */
  counter: number
  /** Local part of the brand's handle, for Mastodon @mentions. */
  brandUser: string
  style: TextStyle & { masto: boolean }
  /** Platforms shaped outside the generator (all but Mastodon, Bluesky and feeds). */
  shape: Shape | null
  identity: IdentityPlatform | null
}

interface Choice<T> {
  values: readonly T[]
  weights: Weighted
}

function choice<T>(table: ReadonlyArray<readonly [T, number]>): Choice<T> {
  return { values: table.map((e) => e[0]), weights: new Weighted(table.map((e) => e[1])) }
}

function draw<T>(c: Choice<T>, rng: Rng): T {
  return c.values[c.weights.sample(rng)] as T
}

const KINDS = choice<ConversationKind>([['comment', 40], ['mention', 25], ['dm', 20], ['feed', 15]])
const CHANNELS: Readonly<Record<ConversationKind, Choice<AccountKey>>> = {
  comment: choice(CHANNEL_WEIGHTS.comment),
  mention: choice(CHANNEL_WEIGHTS.mention),
  dm: choice(CHANNEL_WEIGHTS.dm),
  feed: choice(CHANNEL_WEIGHTS.feed),
}

// 'reaction' is a short comment under a post rather than an intent of its own.
const COMMENT_INTENTS = choice<Intent | 'reaction'>([
  ['reaction', 34], ['question', 18], ['complaint', 10], ['praise', 10], ['bug', 5], ['feature', 7], ['spam', 8], ['shipping', 4],
  ['refund', 2], ['chatter', 2],
])
const MENTION_INTENTS = choice<Intent>([
  ['praise', 22], ['question', 18], ['complaint', 15], ['bug', 9], ['shipping', 8], ['feature', 8], ['spam', 6], ['refund', 3], ['chatter', 11],
])
const DM_INTENTS = choice<Intent>([
  ['question', 18], ['shipping', 20], ['refund', 14], ['bug', 14], ['complaint', 16], ['praise', 5], ['spam', 6], ['feature', 4], ['chatter', 3],
])

/** How likely the brand answers a public message of each intent. */
const REPLY_CHANCE: Readonly<Record<Intent, number>> = {
  question: 0.55, complaint: 0.6, bug: 0.5, refund: 0.6, shipping: 0.6, feature: 0.3, praise: 0.3, chatter: 0.2, spam: 0,
}

const COMMENT_COUNT = new Weighted([11, 13, 14, 14, 13, 12, 12, 11]) // 1..8 comments
const DM_LENGTH = new Weighted([14, 24, 20, 20, 12, 10]) // 1..6 messages

const EMOJI_TPL = tpl('{emoji}')

export class DemoBuilder {
  private readonly rng: Rng
  private readonly ctx = new Ctx()
  private readonly c: Composer
  private readonly people: Person[]
  private readonly spammers: Person[]
  private readonly channels: Record<AccountKey, Channel>
  private readonly newsAuthors: ItemAuthor[]
  private readonly identities = new Identities()
  private readonly windowShowcase: AccountKey[] = ['facebook-page', 'instagram-main']
  private readonly email: EmailWriter

  constructor(
    private readonly now: number,
    private readonly days: number,
    seed: number,
    conversations: number,
    private readonly filler: boolean,
  ) {
    const root = new Rng(seed)
    // Separate streams: the people pool does not shift when conversation logic changes.
    this.people = buildPeople(root.fork(), Math.min(4000, Math.max(150, Math.ceil(conversations / 40))))
    this.spammers = buildSpammers(root.fork(), Math.min(300, Math.max(12, Math.ceil(conversations / 400))))
    this.rng = root.fork()
    this.c = new Composer(this.rng, (slot, c) => resolveSlot(slot, c, this.ctx))
    // Its own stream: ids of the newer platforms never shift the conversation stream.
    const shapeSeeds = root.fork()
    const channels: Partial<Record<AccountKey, Channel>> = {}
    for (const account of demoAccounts()) {
      const key = account.key as AccountKey
      const shaped = shapeFor(account.platform, shapeSeeds.u32())
      const masto = account.platform === 'mastodon'
      const sh = shaped?.shape
      const style = sh ? { html: sh.html, brandAt: sh.brandAt, replyAt: sh.replyAt, hashtags: sh.hashtags, ownPosts: sh.ownPosts, masto } : { html: masto, brandAt: '@' + account.handle, replyAt: false, hashtags: true, ownPosts: true, masto }
      channels[key] = {
        account, key, brand: BRAND_AUTHORS[key] ?? null, counter: 0, brandUser: account.handle.split('@')[0] as string, style,
        shape: shaped?.shape ?? null, identity: shaped?.identity ?? null,
      }
    }
    this.email = new EmailWriter(this.c, this.rng)
    this.channels = channels as Record<AccountKey, Channel>
    this.newsAuthors = PUBLICATIONS.flatMap((pub) =>
      JOURNALISTS.map((name) => ({
        remoteId: 'https://' + pub.host + '/authors/' + slugify(name.normalize('NFD')),
        handle: pub.host,
        displayName: name + ', ' + pub.name,
        avatarUrl: null,
        profileUrl: 'https://' + pub.host + '/authors/' + slugify(name.normalize('NFD')),
      })),
    )
  }

  /** Jitter for start-time quantiles, from the same stream for determinism. */
  jitter(): number {
    return this.rng.next()
  }

  conversation(start: number): DemoConversation {
    const rng = this.rng
    const kind = draw(KINDS, rng)
    let key = draw(CHANNELS[kind], rng)
    // The first DMs of the last day go to Messenger and Instagram, so their 24-hour reply window shows open in every demo.
    if (kind === 'dm' && start > this.now - 20 * HOUR && this.windowShowcase.length > 0) key = this.windowShowcase.shift() as AccountKey
    const ch = this.channels[key]
    this.ctx.reroll(rng, rng.int(CITIES.length))
    let items: NormalizedItem[]
    let spam = false
    if (kind === 'feed') {
      items = [ch.key === 'feed-forum' ? this.forumEntry(start, ch) : this.newsEntry(start, ch)]
    } else {
      const events = kind === 'comment' ? this.planComments(start, ch.style.ownPosts) : kind === 'mention' ? this.planMention(start) : this.planDm(start)
      const first = events[0] as Ev
      spam = first.role !== 'context' && first.intent === 'spam'
      if (ch.shape) {
        items = this.renderShaped(events, ch, kind, ch.shape)
      } else {
        let convKey = ''
        if (kind === 'dm') {
          const n = ch.counter++
          convKey = ch.account.platform === 'mastodon' ? 'dm:' + String(1_048_000 + n) : 'convo:' + tid(start, n)
        }
        items = this.render(events, ch, kind, convKey)
      }
    }
    return { accountKey: ch.account.key, items, ...this.triage(items, spam) }
  }

  // ---- planning -------------------------------------------------------------

  private ev(t: number, role: Role, person: Person | null, to: Person | null, intent: Intent, parent: Ev | null): Ev {
    return { t, role, person, to, intent, parent, item: null }
  }

  /** Repeat customers are common: a power law over the pool. */
  private pickPerson(): Person {
    return this.people[Math.floor(Math.pow(this.rng.next(), 1.6) * this.people.length)] as Person
  }

  private pickOther(not: Person | null): Person {
    const p = this.pickPerson()
    return p === not ? this.pickPerson() : p
  }

  /** A brand post and the comments under it, or (ownPost false) a thread someone starts in a community. */
  private planComments(start: number, ownPost: boolean): Ev[] {
    const rng = this.rng
    const root = ownPost ? this.ev(start, 'context', null, null, 'chatter', null) : this.planThreadStart(start)
    const events: Ev[] = [root]
    const inbound: Ev[] = ownPost || root.intent === 'spam' ? [] : [root]
    if (!ownPost && rng.chance(REPLY_CHANCE[root.intent] * 0.6)) this.planBrandReply(events, root, 0.3)
    const n = 1 + COMMENT_COUNT.sample(rng)
    let t = start
    for (let k = 0; k < n; k++) {
      // The first comment always fits before `now`, so no thread is only the brand's post.
      t += k === 0 ? Math.min(rng.logUniform(2 * MINUTE, 3 * HOUR), (this.now - start) * (0.2 + 0.7 * rng.next())) : rng.logUniform(MINUTE, 6 * HOUR)
      if (t > this.now) break
      let e: Ev
      // In a community thread most people answer what was asked; under a brand post they mostly comment on the post.
      if ((k > 0 || !ownPost) && inbound.length > 0 && rng.chance(ownPost ? 0.22 : 0.7)) {
        const target = rng.pick(inbound)
        e = this.ev(t, 'peer', this.pickOther(target.person), null, target.intent, target)
      } else {
        const intent = draw(COMMENT_INTENTS, rng)
        if (intent === 'reaction' && !ownPost) e = this.ev(t, 'peer', this.pickOther(root.person), null, root.intent, root)
        else if (intent === 'reaction') e = this.ev(t, 'reaction', this.pickPerson(), null, 'chatter', root)
        else e = this.ev(t, 'open', intent === 'spam' ? rng.pick(this.spammers) : this.pickPerson(), null, intent, root)
      }
      events.push(e)
      if (e.role !== 'reaction' && e.intent !== 'spam') inbound.push(e)
      const p = e.role === 'reaction' ? 0.08 : e.role === 'peer' ? 0.04 : REPLY_CHANCE[e.intent]
      if (rng.chance(p)) this.planBrandReply(events, e, 0.3)
    }
    return events
  }

  private planThreadStart(start: number): Ev {
    const rng = this.rng
    const intent = draw(MENTION_INTENTS, rng)
    const person = intent === 'spam' ? rng.pick(this.spammers) : this.pickPerson()
    if (!person.spammer && rng.chance(0.85)) this.ctx.city = person.city
    return this.ev(start, 'open', person, null, intent, null)
  }

  private planMention(start: number): Ev[] {
    const rng = this.rng
    const intent = draw(MENTION_INTENTS, rng)
    const person = intent === 'spam' ? rng.pick(this.spammers) : this.pickPerson()
    if (!person.spammer && rng.chance(0.85)) this.ctx.city = person.city
    const root = this.ev(start, 'open', person, null, intent, null)
    const events = [root]
    if (rng.chance(REPLY_CHANCE[intent])) this.planBrandReply(events, root, 0.45)
    if (intent !== 'spam' && rng.chance(0.12)) {
      events.push(this.ev(start + rng.logUniform(2 * MINUTE, 5 * HOUR), 'peer', this.pickOther(person), null, intent, root))
    }
    return events
  }

  /** Brand answers `e`; the customer may answer back and the brand close. */
  private planBrandReply(events: Ev[], e: Ev, backChance: number): void {
    const rng = this.rng
    const reply = this.ev(e.t + rng.logUniform(4 * MINUTE, 14 * HOUR), 'brandReply', null, e.person, e.intent, e)
    events.push(reply)
    if (e.person && rng.chance(backChance)) {
      const back = this.ev(reply.t + rng.logUniform(3 * MINUTE, 6 * HOUR), 'custAfter', e.person, null, e.intent, reply)
      events.push(back)
      if (rng.chance(0.3)) events.push(this.ev(back.t + rng.logUniform(5 * MINUTE, 10 * HOUR), 'brandClose', null, e.person, e.intent, back))
    }
  }

  private planDm(start: number): Ev[] {
    const rng = this.rng
    const intent = draw(DM_INTENTS, rng)
    const spam = intent === 'spam'
    const person = spam ? rng.pick(this.spammers) : this.pickPerson()
    if (!spam && rng.chance(0.85)) this.ctx.city = person.city
    const n = spam ? 1 : 1 + DM_LENGTH.sample(rng)
    const brandFirst = !spam && rng.chance(0.07)
    const events: Ev[] = []
    let prev: Ev | null = null
    let t = start
    let brandTurns = 0
    let customerTurns = 0
    for (let k = 0; k < n; k++) {
      const brandTurn = (k % 2 === 0) === brandFirst
      if (k > 0) t += brandTurn ? rng.logUniform(4 * MINUTE, 20 * HOUR) : rng.logUniform(2 * MINUTE, 8 * HOUR)
      let e: Ev
      if (brandTurn) {
        const role: Role = k === 0 ? 'outreach' : brandTurns === 0 ? 'brandAck' : brandTurns === 1 ? 'brandResolve' : 'brandClose'
        e = this.ev(t, role, null, person, intent, prev)
        brandTurns++
      } else {
        const role: Role = k === 0 ? 'open' : customerTurns <= 1 ? 'custInfo' : 'custAfter'
        e = this.ev(t, role, person, null, intent, prev)
        customerTurns++
      }
      events.push(e)
      prev = e
    }
    return events
  }

  // ---- rendering ------------------------------------------------------------

  private render(events: Ev[], ch: Channel, kind: ConversationKind, convKey: string): NormalizedItem[] {
    if (events.length > 1) events.sort((a, b) => a.t - b.t)
    const items: NormalizedItem[] = []
    const bskyChat = kind === 'dm' && ch.account.platform === 'bluesky'
    let last = 0
    for (const e of events) {
      // Not happened yet, or answers something that has not happened yet.
      if (e.t > this.now || (e.parent !== null && e.parent.item === null)) continue
      const t = Math.max(Math.floor(e.t), last + 1)
      const msg = e.person ? this.customerText(e, ch, kind) : this.brandText(e, ch, kind)
      const author = e.person ? (ch.account.platform === 'mastodon' ? e.person.masto : e.person.bsky) : (ch.brand as ItemAuthor)
      const parent = bskyChat || e.parent === null ? null : e.parent.item
      const item = this.item(ch, kind, e.person ? 'in' : 'out', author, msg, t, parent, convKey, e.role === 'context')
      if (convKey === '') convKey = item.remoteId
      e.item = item
      items.push(item)
      last = t
    }
    return items
  }

  /** The newer platforms: the platform's shape makes ids, keys, links and what a reply points at. */
  private renderShaped(events: Ev[], ch: Channel, kind: ConversationKind, shape: Shape): NormalizedItem[] {
    if (events.length > 1) events.sort((a, b) => a.t - b.t)
    const items: NormalizedItem[] = []
    const platform = ch.account.platform
    let root: NormalizedItem | null = null
    let subject: string | null = null
    let last = 0
    for (const e of events) {
      if (e.t > this.now || (e.parent !== null && e.parent.item === null)) continue
      const t = Math.max(Math.floor(e.t), last + 1)
      if (root === null) subject = this.subjectOf(platform, kind, e.intent)
      const msg = e.person ? this.customerText(e, ch, kind) : this.brandText(e, ch, kind)
      const author = e.person ? this.identities.of(e.person, ch.identity as IdentityPlatform) : (ch.brand as ItemAuthor)
      let text = msg.text
      let itemSubject = subject
      if (platform === 'email') {
        text = this.mail(e, text, shape as EmailShape)
        if (root !== null) itemSubject = 'Re: ' + (subject as string)
      } else if ((platform === 'youtube' || platform === 'reddit') && root === null) {
        // Spam, and now and then something else, waits for review: YouTube's held comments, Reddit's mod queue (where readers' reports land too).
        ;(shape as YouTubeShape | RedditShape).holdNext = e.person !== null && (e.person.spammer || this.rng.chance(platform === 'reddit' ? 0.12 : 0.03))
      }
      const item: NormalizedItem = shape.item({
        kind, direction: e.person ? 'in' : 'out', author, t, parent: e.parent?.item ?? null, root, isContext: e.role === 'context',
        text, html: msg.html, subject: itemSubject,
      })
      root ??= item
      e.item = item
      items.push(item)
      last = t
    }
    return items
  }

  /** Mail, forum topics and Reddit's private messages have subjects; other platforms none (a Reddit comment's is its post's title, from the shape). */
  private subjectOf(platform: string, kind: ConversationKind, intent: Intent): string | null {
    if (platform === 'email' || (platform === 'reddit' && kind === 'dm')) return this.title(EMAIL_SUBJECTS[intent])
    if (platform !== 'discourse') return null
    return this.title(intent === 'praise' || intent === 'chatter' || intent === 'spam' ? FORUM_TITLES : EMAIL_SUBJECTS[intent])
  }

  /** Greeting, sign-off, quoted history and attachments around the message; the shape lists the attachments. */
  private mail(e: Ev, core: string, shape: EmailShape): string {
    const rng = this.rng
    const parent = e.parent?.item ?? null
    const issue = e.intent === 'bug' || e.intent === 'complaint' || e.intent === 'refund' || e.intent === 'shipping'
    let attach: 'photo' | 'invoice' | 'label' | null = null
    if (e.person && e.role === 'open' && issue && rng.chance(0.35)) attach = e.intent === 'refund' || e.intent === 'shipping' ? 'invoice' : 'photo'
    else if (!e.person && e.role === 'brandResolve' && (e.intent === 'refund' || e.intent === 'shipping') && rng.chance(0.5)) attach = 'label'
    if (e.to) shape.counterpart = this.identities.of(e.to, 'email').remoteId
    const out = this.email.write(core, {
      inbound: e.person !== null,
      name: e.person ? e.person.first : e.to ? e.to.first : '',
      staff: (STAFF[this.ctx.staff] as Staff).name,
      intent: e.intent,
      opening: e.role === 'open' ? rng.chance(0.85) : rng.chance(0.4),
      quote: parent === null || e.parent === null ? null : { body: e.parent.body ?? parent.text, author: parent.author, t: parent.createdAt },
      order: this.ctx.order,
      attach,
    })
    e.body = out.body
    shape.attachments = out.attachments
    return out.text
  }

  private item(
    ch: Channel, kind: ConversationKind, direction: Direction, author: ItemAuthor, msg: Composed, t: number,
    parent: NormalizedItem | null, convKey: string, isContext: boolean,
  ): NormalizedItem {
    const n = ch.counter++
    let remoteId: string
    let permalink: string | null
    if (ch.account.platform === 'mastodon') {
      remoteId = mastodonId(t, n)
      permalink = author.profileUrl + '/' + remoteId
    } else if (kind === 'dm') {
      remoteId = tid(t, n)
      permalink = null
    } else {
      const rkey = tid(t, n)
      remoteId = 'at://' + author.remoteId + '/app.bsky.feed.post/' + rkey
      permalink = 'https://bsky.app/profile/' + author.handle + '/post/' + rkey
    }
    return {
      remoteId,
      conversationKey: convKey === '' ? remoteId : convKey,
      parentRemoteId: parent ? parent.remoteId : null,
      kind,
      direction,
      author,
      text: msg.text,
      html: msg.html,
      createdAt: t,
      permalink,
      subject: null,
      isContext,
    }
  }

  /** Mastodon puts an @mention of whoever is answered at the start. */
  private mentionOf(person: Person | null, ch: Channel): void {
    if (person) this.c.mention('@' + person.mastoUser, person.mastoUser, person.masto.profileUrl as string)
    else this.c.mention('@' + ch.brandUser, ch.brandUser, (ch.brand as ItemAuthor).profileUrl as string)
  }

  private brandMention(ch: Channel): void {
    if (ch.style.masto) this.mentionOf(null, ch)
    else this.c.val(ch.style.brandAt)
  }

  /** Who is answered, by their handle, on platforms whose replies start with it (X, YouTube). */
  private replyAt(ch: Channel, person: Person | null): void {
    const author = person === null ? ch.brand : this.authorOf(ch, person)
    if (author) this.c.val(author.handle + ' ')
  }

  private authorOf(ch: Channel, p: Person): ItemAuthor {
    if (ch.identity) return this.identities.of(p, ch.identity)
    return ch.account.platform === 'mastodon' ? p.masto : p.bsky
  }

  private customerText(e: Ev, ch: Channel, kind: ConversationKind): Composed {
    const rng = this.rng
    const c = this.c
    const p = e.person as Person
    const style = ch.style
    const masto = style.masto
    c.begin(style.html, rng.chance(p.typo))
    this.ctx.name = p.first
    this.ctx.photoUser = p.mastoUser
    let endMention = false
    if (e.parent !== null) {
      if (masto) {
        this.mentionOf(e.parent.person, ch)
        c.val(' ')
      } else if (style.replyAt && kind !== 'dm') this.replyAt(ch, e.parent.person)
    } else if (kind === 'mention' || (kind === 'dm' && masto)) {
      if (kind === 'mention' && style.brandAt.startsWith('@') && rng.chance(0.4)) endMention = true
      else {
        this.brandMention(ch)
        c.val(' ')
      }
    } else if (kind === 'comment' && !style.ownPosts && ch.identity !== 'youtube' && rng.chance(0.3)) {
      // Starting a thread in a community chat.
      c.fill(rng.pick(CHAT_OPENERS))
      c.val(' ')
    }
    this.customerBody(e, p, kind)
    if (p.emoji && !p.spammer && rng.chance(0.6)) {
      c.space()
      c.fill(EMOJI_TPL)
    }
    if (this.filler && !p.spammer && rng.chance(e.role === 'open' ? 0.5 : 0.25)) this.addFiller(1 + rng.int(3))
    if (endMention) {
      c.space()
      if (rng.chance(0.4)) c.val('cc ')
      this.brandMention(ch)
    }
    if (kind !== 'dm' && style.hashtags && rng.chance(p.spammer ? 0.4 : 0.12)) this.hashtags(ch, masto)
    return c.finish(p.lower)
  }

  private customerBody(e: Ev, p: Person, kind: ConversationKind): void {
    const rng = this.rng
    const c = this.c
    const intl = p.lang !== 'en' && rng.chance(0.85) ? INTL[p.lang] : null
    switch (e.role) {
      case 'open': {
        const intent = e.intent
        if (intl && intent !== 'spam' && intent !== 'feature' && intent !== 'refund') return c.fill(rng.pick(intl.inbound))
        const chatty = !p.terse && intent !== 'spam' && intent !== 'chatter'
        if (chatty && rng.chance(0.22)) {
          c.fill(rng.pick(GREETINGS))
          c.space()
        }
        c.fill(rng.pick(CORE[intent]))
        if (chatty && rng.chance(0.35)) {
          const details =
            intent === 'question' || intent === 'feature' ? DETAILS.question
              : intent === 'complaint' || intent === 'bug' ? DETAILS.issue
                : intent === 'refund' || intent === 'shipping' ? DETAILS.order : null
          if (details) {
            c.space()
            c.fill(rng.pick(details))
          }
        }
        if (chatty && intent !== 'praise' && rng.chance(0.18)) {
          c.space()
          c.fill(rng.pick(CLOSINGS))
        }
        return
      }
      case 'reaction': return c.fill(rng.pick(intl ? intl.reactions : REACTIONS))
      case 'peer': {
        const issue = e.intent === 'complaint' || e.intent === 'bug' || e.intent === 'refund' || e.intent === 'shipping'
        return c.fill(rng.pick(issue ? PEER_REPLIES.issue : PEER_REPLIES.general))
      }
      case 'custInfo': return c.fill(rng.pick(DM_INFO))
      default: return c.fill(rng.pick(kind === 'dm' ? DM_AFTER : PUBLIC_AFTER))
    }
  }

  private brandText(e: Ev, ch: Channel, kind: ConversationKind): Composed {
    const rng = this.rng
    const c = this.c
    const masto = ch.style.masto
    const to = e.to
    c.begin(ch.style.html, false)
    this.ctx.name = to ? to.first : ''
    if (masto && to) {
      this.mentionOf(to, ch)
      c.val(' ')
    } else if (ch.style.replyAt && to && kind !== 'dm') this.replyAt(ch, to)
    let list: Tpl[]
    switch (e.role) {
      case 'context': list = ch.key === 'mastodon-support' ? SUPPORT_POSTS : BRAND_POSTS; break
      case 'brandReply': list = e.parent?.role === 'reaction' ? BRAND_REPLIES.reaction : BRAND_REPLIES[e.intent]; break
      case 'brandAck': list = DM_ACK[e.intent]; break
      case 'brandResolve': list = DM_RESOLVE[e.intent]; break
      case 'outreach': list = DM_OUTREACH; break
      default: list = DM_CLOSE
    }
    if (to && to.lang !== 'en' && (e.role === 'brandReply' || e.role === 'brandAck') && rng.chance(0.7)) list = INTL[to.lang].brand
    if (list.length === 0) list = BRAND_REPLIES.chatter
    c.fill(rng.pick(list))
    if (e.role === 'context') {
      if (ch.style.hashtags && rng.chance(0.35)) this.hashtags(ch, masto)
    } else if (ch.key === 'email-support') {
      // The e-mail writer signs the message.
    } else if (ch.key === 'mastodon-support' || rng.chance(0.25)) {
      const staff = STAFF[this.ctx.staff] as Staff
      c.val(rng.chance(0.5) ? ' ^' + staff.initials : ' – ' + staff.name)
    }
    return c.finish(false)
  }

  private hashtags(ch: Channel, masto: boolean): void {
    const n = this.rng.chance(0.3) ? 2 : 1
    let prev = ''
    for (let i = 0; i < n; i++) {
      const tag = this.rng.pick(HASHTAGS)
      if (tag === prev) continue
      prev = tag
      this.c.space()
      if (masto) this.c.hashtag(tag, ch.account.baseUrl)
      else this.c.val('#' + tag)
    }
  }

  private addFiller(sentences: number): void {
    if (this.rng.chance(0.4)) this.c.para()
    else this.c.space()
    for (let i = 0; i < sentences; i++) {
      if (i > 0) this.c.val(' ')
      this.c.val(fillerSentence(this.rng))
    }
  }

  // ---- feeds ----------------------------------------------------------------

  private title(list: Tpl[]): string {
    this.c.begin(false, false)
    this.c.fill(this.rng.pick(list))
    return this.c.text
  }

  private forumEntry(start: number, ch: Channel): NormalizedItem {
    const rng = this.rng
    const c = this.c
    const p = this.pickPerson()
    this.ctx.name = p.first
    this.ctx.photoUser = p.forum.handle
    const subject = this.title(FORUM_TITLES)
    const topic = 48_000 + ch.counter++
    const link = 'https://' + FORUM_HOST + '/t/' + slugify(subject) + '/' + String(topic)
    c.begin(true, rng.chance(p.typo))
    c.fill(rng.pick(FORUM_OPENERS))
    if (rng.chance(0.7)) {
      c.space()
      c.fill(rng.pick(FORUM_DETAILS))
    }
    if (rng.chance(0.6)) {
      c.space()
      c.fill(rng.pick(FORUM_CLOSERS))
    }
    if (this.filler && rng.chance(0.7)) this.addFiller(1 + rng.int(4))
    const msg = c.finish(false)
    const html = (msg.html as string) + '<p><a href="' + link + '">Read full topic</a></p>'
    const remoteId = FORUM_HOST + '-topic-' + String(topic)
    return this.feedItem(remoteId, p.forum, msg.text, html, start, link, subject)
  }

  private newsEntry(start: number, ch: Channel): NormalizedItem {
    const rng = this.rng
    const c = this.c
    const author = rng.pick(this.newsAuthors)
    const subject = this.title(NEWS_TITLES)
    const id = 100_000 + ch.counter++
    const date = new Date(start)
    const month = date.getUTCMonth() + 1
    const link = 'https://' + author.handle + '/' + String(date.getUTCFullYear()) + '/' + (month < 10 ? '0' : '') + String(month) + '/' + slugify(subject) + '-' + String(id)
    // Some news feeds deliver plain-text summaries only.
    c.begin(rng.chance(0.7), false)
    c.fill(rng.pick(NEWS_LEADS))
    c.space()
    c.fill(rng.pick(NEWS_DETAILS))
    if (this.filler && rng.chance(0.7)) this.addFiller(1 + rng.int(4))
    const msg = c.finish(false)
    return this.feedItem(link, author, msg.text, msg.html, start, link, subject)
  }

  private feedItem(remoteId: string, author: ItemAuthor, text: string, html: string | null, t: number, link: string, subject: string): NormalizedItem {
    return {
      remoteId, conversationKey: remoteId, parentRemoteId: null, kind: 'feed', direction: 'in', author, text, html, createdAt: t,
      permalink: link, subject, isContext: false,
    }
  }

  // ---- triage ---------------------------------------------------------------

  /** Recent inbound work is open and unread; older threads are mostly done. */
  private triage(items: NormalizedItem[], spam: boolean): Pick<DemoConversation, 'status' | 'unread'> {
    const rng = this.rng
    const last = items[items.length - 1] as NormalizedItem
    const age = this.now - last.createdAt
    const ageFrac = age / (this.days * DAY)
    const lastIn = last.direction === 'in'
    const r = rng.next()
    let status: DemoConversation['status']
    if (spam) status = r < 0.75 ? 'done' : 'open'
    else if (r < (age < DAY ? 0.04 : 0.11)) status = 'pending'
    else if (lastIn && age < 1.5 * DAY) status = rng.chance(0.05) ? 'done' : 'open'
    else status = rng.chance(lastIn ? 0.3 + 0.65 * ageFrac : 0.65 + 0.3 * ageFrac) ? 'done' : 'open'
    const unread = status === 'open' && (lastIn && age < 3 * DAY ? rng.chance(0.9) : rng.chance(0.1))
    return { status, unread }
  }
}

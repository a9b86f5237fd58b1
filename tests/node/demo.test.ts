import { describe, expect, it } from 'vitest'
import type { NormalizedItem } from '../../src/main/model/items'
import { builtInConnectors } from '../../src/main/features/connectors/index'
import { BRAND_AUTHORS } from '../../src/main/features/demo/accounts'
import * as discourse from '../../src/main/features/connectors/discourse/mapping'
import * as matrix from '../../src/main/features/connectors/matrix/mapping'
import * as reddit from '../../src/main/features/connectors/reddit/mapping'
import * as slack from '../../src/main/features/connectors/slack/mapping'
import * as telegram from '../../src/main/features/connectors/telegram/mapping'
import * as youtube from '../../src/main/features/connectors/youtube/mapping'
import { Composer, type Tpl } from '../../src/main/features/demo/compose'
import { demoAccounts, generateDemo, vocabulary, type DemoConversation } from '../../src/main/features/demo/index'
import { Rng } from '../../src/main/features/demo/prng'
import { Ctx, resolveSlot } from '../../src/main/features/demo/slots'
import * as brand from '../../src/main/features/demo/templates-brand'
import * as customer from '../../src/main/features/demo/templates-customer'
import * as chat from '../../src/main/features/demo/templates-chat'
import * as email from '../../src/main/features/demo/templates-email'
import * as feed from '../../src/main/features/demo/templates-feed'
import { INTL } from '../../src/main/features/demo/templates-intl'

const NOW = Date.UTC(2025, 4, 14, 12, 0, 0)
const DAY = 86_400_000

function generate(conversations: number, extra: { seed?: number; days?: number; realisticFiller?: boolean } = {}): DemoConversation[] {
  return [...generateDemo({ conversations, now: NOW, ...extra })]
}

const sample = generate(2000)
const allItems = sample.flatMap((c) => c.items)

describe('demo accounts', () => {
  it('has the brand on Mastodon, Bluesky, a support instance and two feeds, with unique keys', () => {
    const accounts = demoAccounts()
    expect(new Set(accounts.map((a) => a.key)).size).toBe(accounts.length)
    expect(accounts.filter((a) => a.platform === 'mastodon')).toHaveLength(2)
    expect(accounts.filter((a) => a.platform === 'bluesky')).toHaveLength(1)
    expect(accounts.filter((a) => a.platform === 'feed')).toHaveLength(2)
    for (const a of accounts) expect(a.baseUrl).toMatch(a.platform === 'email' ? /^imaps:\/\/[a-z.]+:993$/ : /^https:\/\//)
  })

  it('has an account on every registered connector, and conversations on each', () => {
    const platforms = new Set(demoAccounts().map((a) => a.platform))
    for (const connector of builtInConnectors) expect(platforms.has(connector.platform), connector.platform).toBe(true)
    for (const p of platforms) expect(builtInConnectors.some((c) => c.platform === p), p).toBe(true)
    const byKey = new Map(demoAccounts().map((a) => [a.key, a.platform]))
    const seen = new Set(sample.map((c) => byKey.get(c.accountKey)))
    for (const p of platforms) expect(seen.has(p), p).toBe(true)
  })

  it('keeps the platforms it had before the others joined at about three quarters of conversations', () => {
    const byKey = new Map(demoAccounts().map((a) => [a.key, a.platform]))
    const old = sample.filter((c) => ['mastodon', 'bluesky', 'feed'].includes(byKey.get(c.accountKey) as string)).length / sample.length
    expect(old).toBeGreaterThan(0.7)
    expect(old).toBeLessThan(0.85)
  })

  it('every conversation belongs to a known account', () => {
    const keys = new Set(demoAccounts().map((a) => a.key))
    for (const c of sample) expect(keys.has(c.accountKey)).toBe(true)
  })
})

describe('generateDemo', () => {
  it('is deterministic for the same options', () => {
    const a = generate(300, { seed: 7 })
    const b = generate(300, { seed: 7 })
    expect(JSON.stringify(a)).toBe(JSON.stringify(b))
  })

  it('changes with the seed', () => {
    const a = generate(300, { seed: 7 })
    const b = generate(300, { seed: 8 })
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(b))
  })

  it('yields exactly the requested number of conversations, none empty', () => {
    expect(sample).toHaveLength(2000)
    expect(generate(0)).toHaveLength(0)
    for (const c of sample) expect(c.items.length).toBeGreaterThan(0)
  })

  it('mixes conversation kinds roughly 40/25/20/15', () => {
    const count: Record<string, number> = {}
    for (const c of sample) {
      const kind = (c.items[0] as NormalizedItem).kind
      count[kind] = (count[kind] ?? 0) + 1
      for (const item of c.items) expect(item.kind).toBe(kind)
    }
    const share = (k: string): number => (count[k] ?? 0) / sample.length
    expect(share('comment')).toBeGreaterThan(0.35)
    expect(share('comment')).toBeLessThan(0.45)
    expect(share('mention')).toBeGreaterThan(0.2)
    expect(share('mention')).toBeLessThan(0.3)
    expect(share('dm')).toBeGreaterThan(0.16)
    expect(share('dm')).toBeLessThan(0.24)
    expect(share('feed')).toBeGreaterThan(0.11)
    expect(share('feed')).toBeLessThan(0.19)
  })

  it('averages between 3 and 5 messages per conversation', () => {
    const avg = allItems.length / sample.length
    expect(avg).toBeGreaterThan(3)
    expect(avg).toBeLessThan(5)
  })

  it('keeps remote ids unique per account', () => {
    const seen = new Map<string, Set<string>>()
    for (const c of generate(20_000)) {
      let ids = seen.get(c.accountKey)
      if (!ids) seen.set(c.accountKey, (ids = new Set()))
      for (const item of c.items) {
        expect(ids.has(item.remoteId)).toBe(false)
        ids.add(item.remoteId)
      }
    }
  })

  it('orders items chronologically inside the time window, conversations oldest first', () => {
    let prevStart = -Infinity
    for (const c of sample) {
      const first = c.items[0] as NormalizedItem
      expect(first.createdAt).toBeGreaterThanOrEqual(prevStart)
      prevStart = first.createdAt
      for (let i = 0; i < c.items.length; i++) {
        const item = c.items[i] as NormalizedItem
        expect(Number.isInteger(item.createdAt)).toBe(true)
        expect(item.createdAt).toBeGreaterThanOrEqual(NOW - 30 * DAY)
        expect(item.createdAt).toBeLessThanOrEqual(NOW)
        if (i > 0) expect(item.createdAt).toBeGreaterThan((c.items[i - 1] as NormalizedItem).createdAt)
      }
    }
    // The newest conversations are close to now.
    expect(NOW - (sample[sample.length - 1]?.items[0] as NormalizedItem).createdAt).toBeLessThan(DAY)
  })

  it('respects a custom window', () => {
    for (const c of generate(200, { days: 3 })) {
      for (const item of c.items) expect(item.createdAt).toBeGreaterThanOrEqual(NOW - 3 * DAY)
    }
  })

  it('puts context posts first, outbound and by the brand', () => {
    const POSTS = new Set(['mastodon', 'bluesky', 'facebook', 'instagram', 'x'])
    const byKey = new Map(demoAccounts().map((a) => [a.key, a.platform]))
    const brandIds = new Set(Object.values(BRAND_AUTHORS).map((a) => a.remoteId))
    let contexts = 0
    for (const c of sample) {
      c.items.forEach((item, i) => {
        if (!item.isContext) return
        contexts++
        expect(i).toBe(0)
        expect(item.direction).toBe('out')
        expect(item.kind).toBe('comment')
        expect(brandIds.has(item.author.remoteId)).toBe(true)
      })
      const first = c.items[0] as NormalizedItem
      // Community threads (YouTube, forums, chats) start with someone's own message, not a brand post.
      if (first.kind === 'comment' && POSTS.has(byKey.get(c.accountKey) as string)) {
        expect(first.isContext).toBe(true)
        expect(c.items.length).toBeGreaterThan(1)
      }
    }
    expect(contexts).toBeGreaterThan(500)
  })

  it('gives feed items a subject, a link and their own conversation', () => {
    const feeds = allItems.filter((i) => i.kind === 'feed')
    expect(feeds.length).toBeGreaterThan(100)
    for (const item of feeds) {
      expect(typeof item.subject).toBe('string')
      expect((item.subject as string).length).toBeGreaterThan(5)
      expect(item.conversationKey).toBe(item.remoteId)
      expect(item.permalink).toMatch(/^https:\/\//)
      expect(item.direction).toBe('in')
    }
  })

  it('links replies to an earlier item of the same conversation', () => {
    for (const c of sample) {
      const earlier = new Set<string>()
      for (const item of c.items) {
        if (item.parentRemoteId !== null) expect(earlier.has(item.parentRemoteId)).toBe(true)
        earlier.add(item.remoteId)
        expect(item.conversationKey).toBe((c.items[0] as NormalizedItem).conversationKey)
      }
    }
  })

  it('shapes ids and links like the platforms do', () => {
    const byKey = new Map(demoAccounts().map((a) => [a.key, a.platform]))
    for (const c of sample) {
      const platform = byKey.get(c.accountKey)
      for (const item of c.items) {
        if (platform === 'mastodon') {
          expect(item.remoteId).toMatch(/^\d{16,20}$/)
          expect(item.conversationKey).toMatch(item.kind === 'dm' ? /^dm:\d+$/ : /^\d+$/)
          expect(item.permalink).toMatch(/^https:\/\/[^/]+\/@\w+\/\d+$/)
        } else if (platform === 'bluesky' && item.kind === 'dm') {
          expect(item.conversationKey).toMatch(/^convo:[2-7a-z]{13}$/)
          expect(item.remoteId).toMatch(/^[2-7a-z]{13}$/)
        } else if (platform === 'bluesky') {
          expect(item.remoteId).toMatch(/^at:\/\/did:plc:[a-z2-7]{24}\/app\.bsky\.feed\.post\/3[2-7a-z]{12}$/)
          expect(item.permalink).toMatch(/^https:\/\/bsky\.app\/profile\/[a-z0-9.-]+\/post\/[2-7a-z]{13}$/)
        }
        // Facebook, e-mail and Telegram users without a username have no profile link, as on the platforms.
        if (item.author.profileUrl !== null || !['facebook', 'email', 'telegram'].includes(platform as string)) expect(item.author.profileUrl).toMatch(/^https:\/\//)
        if (item.author.avatarUrl !== null) expect(item.author.avatarUrl).toMatch(/^https:\/\//)
      }
    }
  })

  it('shapes the other platforms\' ids, keys and links as their connectors do', () => {
    /** Platforms with at least one item that met a check below. */
    const checked = new Set<string>()
    const byKey = new Map(demoAccounts().map((a) => [a.key, a.platform]))
    const seen = new Set<string>()
    for (const c of sample) {
      const platform = byKey.get(c.accountKey) as string
      const root = c.items[0] as NormalizedItem
      for (const item of c.items) {
        const check = `${platform} ${item.kind}`
        seen.add(check)
        let known = true
        switch (check) {
          case 'email dm':
            expect(item.remoteId).toMatch(/^[a-z0-9]+@[a-z.]+$/)
            expect(item.conversationKey).toBe(root.remoteId)
            expect(item.subject).toBe(item === root ? root.subject : `Re: ${root.subject as string}`)
            expect(item.permalink).toBeNull()
            break
          case 'facebook comment':
          case 'facebook mention':
            expect(item.conversationKey).toMatch(/^post:\d+_\d+$/)
            expect(item.remoteId).toMatch(/^\d+_\d+$/)
            expect(item.permalink).toMatch(/^https:\/\/www\.facebook\.com\//)
            break
          case 'facebook dm':
            expect(item.conversationKey).toMatch(/^dm:t_\d+$/)
            expect(item.remoteId).toMatch(/^m_[\w-]+$/)
            break
          case 'instagram comment':
          case 'instagram mention':
            expect(item.conversationKey).toMatch(/^media:\d{17}$/)
            expect(item.remoteId).toMatch(/^\d{17}$/)
            break
          case 'youtube comment':
            expect(item.conversationKey).toBe(`yt:thread:${root.remoteId}`)
            expect(youtube.threadIdOf(item.conversationKey, item.remoteId)).toBe(root.remoteId)
            if (item !== root) expect(item.parentRemoteId).toBe(root.remoteId)
            expect(item.permalink).toMatch(/^https:\/\/www\.youtube\.com\/watch\?v=[\w-]{11}&lc=/)
            break
          case 'x comment':
          case 'x mention':
            expect(item.conversationKey).toBe(`x:conv:${root.remoteId}`)
            expect(item.permalink).toBe(`https://x.com/${item.author.handle.slice(1)}/status/${item.remoteId}`)
            break
          case 'x dm':
            expect(item.conversationKey).toMatch(/^x:dm:\d+$/)
            break
          case 'discourse comment':
          case 'discourse mention':
          case 'discourse dm':
            expect(discourse.topicOfKey(item.conversationKey)).not.toBeNull()
            expect(item.conversationKey.startsWith(item.kind === 'dm' ? 'pm:' : 'topic:')).toBe(true)
            expect(item.subject).toBe(root.subject)
            expect(item.html?.startsWith('<p>')).toBe(true)
            break
          case 'slack comment':
          case 'slack mention':
          case 'slack dm':
            expect(slack.parseMessageId(item.remoteId)).not.toBeNull()
            expect(slack.parseKey(item.conversationKey)?.channel).toBe(slack.parseMessageId(item.remoteId)?.channel)
            break
          case 'telegram comment':
          case 'telegram mention':
          case 'telegram dm':
            expect(telegram.splitRemoteId(item.remoteId)?.chatId).toBe(telegram.chatOfConversation(item.conversationKey)?.chatId)
            break
          case 'matrix comment':
          case 'matrix mention':
          case 'matrix dm':
            expect(matrix.roomOfConversation(item.conversationKey)).toBe(matrix.splitRemoteId(item.remoteId)?.roomId)
            expect(item.permalink).toMatch(/^https:\/\/matrix\.to\/#\/!/)
            break
          case 'reddit comment':
          case 'reddit mention':
            // What the connector's own mapping makes of the comment a listing or the inbox gives.
            expect(item.remoteId).toMatch(/^t1_[a-z0-9]{6,8}$/)
            expect(item.conversationKey).toMatch(/^rd:post:t3_[a-z0-9]{6,8}$/)
            expect(reddit.postOf({ kind: 't1', id: item.remoteId.slice(3), name: item.remoteId, created_utc: 0, context: new URL(item.permalink as string).pathname })).toBe(item.conversationKey.slice(reddit.POST_PREFIX.length))
            expect(item.permalink).toMatch(item.kind === 'mention' && item.direction === 'in' ? /^https:\/\/www\.reddit\.com\/r\/\w+\/comments\/\w+\/\w+\/\w+\/\?context=3$/ : /^https:\/\/www\.reddit\.com\/r\/\w+\/comments\/\w+\/_\/\w+\/$/)
            expect(item.subject).toBe(root.subject)
            expect(item.author.handle).toMatch(/^u\/[\w-]{3,20}$/)
            expect(item.author.remoteId).toBe(item.author.handle.slice(2))
            if (item === root) expect(item.parentRemoteId).toBeNull()
            else expect(item.parentRemoteId).toMatch(/^t1_/)
            break
          case 'reddit dm':
            expect(item.remoteId).toMatch(/^t4_[a-z0-9]{6,8}$/)
            expect(item.conversationKey).toBe(reddit.PM_PREFIX + root.remoteId)
            expect(item.permalink).toBe(`https://www.reddit.com/message/messages/${item.remoteId.slice(3)}`)
            expect(item.subject).toBe(item === root ? root.subject : `re: ${root.subject as string}`)
            break
          default:
            known = false
        }
        if (known) checked.add(platform)
      }
    }
    for (const check of ['email dm', 'facebook comment', 'facebook dm', 'instagram comment', 'instagram mention', 'instagram dm', 'youtube comment', 'x comment', 'x mention', 'x dm', 'discourse comment', 'discourse dm', 'slack comment', 'slack mention', 'slack dm', 'telegram comment', 'telegram mention', 'telegram dm', 'matrix comment', 'matrix mention', 'matrix dm', 'reddit comment', 'reddit mention', 'reddit dm']) {
      expect(seen.has(check), check).toBe(true)
    }
    // Every connector but those the test above covers has its shape checked here, so the next one cannot join unchecked.
    for (const connector of builtInConnectors) {
      if (!['mastodon', 'bluesky', 'feed'].includes(connector.platform)) expect(checked.has(connector.platform), connector.platform).toBe(true)
    }
  })

  it('writes support mail with quoted history and a listed attachment, holds some YouTube comments for review and queues some Reddit comments', () => {
    const byKey = new Map(demoAccounts().map((a) => [a.key, a.platform]))
    const mail = sample.filter((c) => byKey.get(c.accountKey) === 'email').flatMap((c) => c.items)
    expect(mail.some((i) => /\nOn \w{3}, \d+ \w{3} \d{4} at \d\d:\d\d, .+ wrote:\n> /.test(i.text))).toBe(true)
    const attached = mail.filter((i) => ((i.raw as { attachments: unknown[] }).attachments.length > 0))
    expect(attached.length).toBeGreaterThan(0)
    for (const i of attached) expect(i.text).toMatch(/\n📎 .+ \((image\/jpeg|application\/pdf), [\d.]+ (KB|MB)\)$/)
    const held = sample.filter((c) => byKey.get(c.accountKey) === 'youtube').filter((c) => (c.items[0]?.raw as { snippet?: { moderationStatus?: string } } | undefined)?.snippet?.moderationStatus === 'heldForReview')
    expect(held.length).toBeGreaterThan(0)
    const queued = sample.filter((c) => byKey.get(c.accountKey) === 'reddit').filter((c) => (c.items[0]?.raw as { num_reports?: number } | undefined)?.num_reports === 1)
    expect(queued.length).toBeGreaterThan(0)
    for (const c of queued) expect(c.items[0]?.kind).toBe('comment')
  })

  it('has Messenger and Instagram conversations inside and outside the 24-hour reply window', () => {
    const byKey = new Map(demoAccounts().map((a) => [a.key, a.platform]))
    const lastInbound = sample
      .filter((c) => ['facebook', 'instagram'].includes(byKey.get(c.accountKey) as string) && c.items[0]?.kind === 'dm')
      .map((c) => Math.max(...c.items.filter((i) => i.direction === 'in').map((i) => i.createdAt)))
    expect(lastInbound.some((t) => NOW - t < DAY)).toBe(true)
    expect(lastInbound.some((t) => NOW - t > DAY)).toBe(true)
  })

  it('writes DMs that alternate between customer and brand', () => {
    const dms = sample.filter((c) => (c.items[0] as NormalizedItem).kind === 'dm')
    expect(dms.length).toBeGreaterThan(250)
    for (const c of dms) {
      expect(c.items.length).toBeLessThanOrEqual(6)
      for (let i = 1; i < c.items.length; i++) {
        expect((c.items[i] as NormalizedItem).direction).not.toBe((c.items[i - 1] as NormalizedItem).direction)
      }
    }
    expect(dms.some((c) => c.items.length >= 4)).toBe(true)
  })

  it('has recurring people, unicode names, other languages and some HTML', () => {
    const inbound = allItems.filter((i) => i.direction === 'in')
    const perAuthor = new Map<string, number>()
    for (const i of inbound) perAuthor.set(i.author.remoteId, (perAuthor.get(i.author.remoteId) ?? 0) + 1)
    expect([...perAuthor.values()].filter((n) => n >= 3).length).toBeGreaterThan(50)
    const names = [...new Set(inbound.map((i) => i.author.displayName))]
    expect(names.some((n) => /[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]/.test(n))).toBe(true)
    expect(names.some((n) => /[éüöñçíá]/.test(n))).toBe(true)
    expect(names.some((n) => /\p{Extended_Pictographic}/u.test(n))).toBe(true)
    const texts = inbound.map((i) => i.text)
    expect(texts.some((t) => /¿|¡|pedido/.test(t))).toBe(true)
    expect(texts.some((t) => /Bestellung|Danke|ist /.test(t))).toBe(true)
    expect(texts.some((t) => /commande|Merci|Je /.test(t))).toBe(true)
    expect(texts.some((t) => /#\w+/.test(t))).toBe(true)
    expect(allItems.some((i) => i.html?.includes('<a href="https://') === true)).toBe(true)
    expect(allItems.some((i) => i.html === null)).toBe(true)
    for (const i of allItems) {
      // Template data is HTML-safe by construction; keep it that way. E-mail quotes with "> " and names "<address>", as mail does.
      expect(i.text.replace(/^>.*$/gm, '').replace(/<[a-z0-9.]+@[a-z0-9.]+>/g, '')).not.toMatch(/[<>&]/)
      if (i.html !== null) expect(i.html.startsWith('<p>')).toBe(true)
    }
  })

  it('varies message length from a few words to several sentences', () => {
    const lengths = allItems.map((i) => i.text.split(' ').length)
    expect(Math.min(...lengths)).toBeLessThanOrEqual(3)
    expect(Math.max(...lengths)).toBeGreaterThan(25)
  })

  it('suggests a realistic triage mix', () => {
    const pending = sample.filter((c) => c.status === 'pending').length / sample.length
    expect(pending).toBeGreaterThan(0.05)
    expect(pending).toBeLessThan(0.15)
    const oldest = sample.slice(0, 400)
    const newest = sample.slice(-100)
    const done = (list: DemoConversation[]): number => list.filter((c) => c.status === 'done').length / list.length
    expect(done(oldest)).toBeGreaterThan(0.6)
    expect(newest.filter((c) => c.status === 'open').length).toBeGreaterThan(50)
    expect(newest.filter((c) => c.unread).length).toBeGreaterThan(35)
    for (const c of sample) if (c.unread) expect(c.status).toBe('open')
  })

  it('adds Zipf-distributed filler when asked, widening the term spread', () => {
    const terms = (convs: DemoConversation[]): number => {
      const set = new Set<string>()
      for (const c of convs) for (const i of c.items) for (const w of i.text.toLowerCase().split(/[^a-z']+/)) if (w) set.add(w)
      return set.size
    }
    const plain = generate(1000, { realisticFiller: false })
    const filled = generate(1000, { realisticFiller: true })
    expect(terms(filled)).toBeGreaterThan(terms(plain) + 500)
  })
})

describe('vocabulary', () => {
  it('has at least 3,000 distinct plausible words', () => {
    const words = vocabulary()
    expect(new Set(words).size).toBe(words.length)
    expect(words.length).toBeGreaterThanOrEqual(3000)
    for (const w of words) expect(w).toMatch(/^[a-z][a-z0-9'/-]*$/)
  })
})

describe('templates', () => {
  it('only use known slots', () => {
    const ctx = new Ctx()
    const rng = new Rng(1)
    const c = new Composer(rng, (slot, comp) => resolveSlot(slot, comp, ctx))
    ctx.reroll(rng, 0)
    const lists: Tpl[][] = []
    const collect = (value: unknown): void => {
      if (Array.isArray(value) && value.every((t) => Array.isArray(t))) lists.push(value as Tpl[])
      else if (value && typeof value === 'object' && !Array.isArray(value)) Object.values(value).forEach(collect)
    }
    ;[brand, customer, feed, INTL, email, chat].forEach(collect)
    expect(lists.length).toBeGreaterThan(20)
    for (const list of lists) {
      for (const t of list) {
        c.begin(true, false)
        expect(() => c.fill(t)).not.toThrow()
        expect(c.text).not.toMatch(/[{}]/)
      }
    }
  })
})

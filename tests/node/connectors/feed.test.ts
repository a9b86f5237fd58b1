import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ParleyError } from '../../../src/shared/contract'
import { createHttpClient, HttpError, NetworkError, type HttpClient } from '../../../src/main/base/http'
import type { ConnectorContext, PollResult } from '../../../src/main/model/connector'
import { feedConnector, nextPollHint } from '../../../src/main/features/connectors/feed'
import { FEED_ACCEPT } from '../../../src/main/features/connectors/feed/api'
import { decodeCursor, encodeCursor, mergeSeen, SEEN_LIMIT, type SeenEntry } from '../../../src/main/features/connectors/feed/cursor'
import { keywordMatcher, parseKeywords } from '../../../src/main/features/connectors/feed/keywords'
import { TEXT_LIMIT } from '../../../src/main/features/connectors/feed/mapping'
import { ENTRIES_PER_POLL, REDIRECT_ADOPT_AFTER } from '../../../src/main/features/connectors/feed/poll'
import { FeedParseTimeout, parseOffThread } from '../../../src/main/features/connectors/feed/parse-pool'
import { classifyFeedError } from '../../../src/main/features/connectors/feed/classify'
import { FEED_PATHS, startFeedFake, type FeedFake, type FeedFakeOptions } from '../../../src/main/features/connectors/feed/fake-server'

const FIXTURES = join(import.meta.dirname, '../../fixtures/feed')
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8')

const HOUR = 60 * 60_000
const DAY = 24 * HOUR

let fakes: FeedFake[] = []
afterEach(async () => {
  await Promise.all(fakes.map((f) => f.close()))
  fakes = []
})

async function fake(options?: FeedFakeOptions): Promise<FeedFake> {
  const f = await startFeedFake(options)
  fakes.push(f)
  return f
}

interface Harness {
  ctx: ConnectorContext
  saved: Record<string, unknown>[]
  poll(cursor: string | null, backfillSince?: number): Promise<PollResult>
}

/** Connects like the app does, then builds the context the sync engine would pass to poll. */
async function connected(url: string, keywords = '', options: { http?: HttpClient; now?: () => number } = {}): Promise<Harness> {
  const http = options.http ?? createHttpClient('Parley-test')
  const result = await feedConnector.connect({ url, keywords }, http)
  const saved: Record<string, unknown>[] = []
  const ctx: ConnectorContext = {
    http,
    clock: { now: options.now ?? (() => Date.now()) },
    account: { id: 7, baseUrl: result.seed.baseUrl, handle: result.seed.handle, settings: result.settings, secrets: result.secrets },
    saveSecrets: async () => {},
    saveSettings: async (settings) => {
      saved.push(settings)
      ctx.account.settings = settings
    },
  }
  return {
    ctx,
    saved,
    poll: (cursor, backfillSince = 0) => feedConnector.poll('feed', cursor, ctx, { backfillSince }),
  }
}

async function connectError(input: Record<string, string>, http: HttpClient = createHttpClient('Parley-test')): Promise<ParleyError> {
  const error = await feedConnector.connect(input, http).then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ParleyError)
  return error as ParleyError
}

async function pollError(h: Harness, cursor: string | null): Promise<unknown> {
  return h.poll(cursor).then(
    () => {
      throw new Error('poll should have failed')
    },
    (e: unknown) => e,
  )
}

async function closedPortUrl(): Promise<string> {
  const f = await startFeedFake()
  const url = f.url
  await f.close()
  return url
}

describe('feed connector: shape', () => {
  it('is a read-only, credential-free connector with one 15-minute stream', async () => {
    expect(feedConnector.platform).toBe('feed')
    expect(feedConnector.authKind).toBe('none')
    expect(feedConnector.capabilities.size).toBe(0)
    expect(feedConnector.streams).toEqual([{ name: 'feed', intervalMs: 15 * 60_000 }])
  })

  it('refuses to send or moderate, and reconcile says nothing went out', async () => {
    const f = await fake()
    const h = await connected(`${f.url}${FEED_PATHS.rss}`)
    const reply = { text: 'hi', inReplyTo: 'x', conversationKey: 'x', kind: 'comment' as const }
    await expect(feedConnector.send(reply, 'key-1', h.ctx)).rejects.toThrow('Feeds are read-only: open the page to respond.')
    await expect(feedConnector.moderate({ kind: 'delete', remoteId: 'x' }, h.ctx)).rejects.toThrow(/read-only/)
    expect(await feedConnector.reconcile(reply, 'key-1', h.ctx)).toEqual({ state: 'not_sent' })
    const requestsBefore = f.server.requests.length
    await feedConnector.send(reply, 'key-2', h.ctx).catch(() => undefined)
    expect(f.server.requests.length).toBe(requestsBefore)
    expect(feedConnector.classifyError(new ParleyError('bad_input', 'Feeds are read-only: open the page to respond.')).kind).toBe('bad_request')
  })
})

describe('feed connector: connect', () => {
  it('connects to an RSS feed and stores its URL and normalised keywords', async () => {
    const f = await fake({ title: 'Vélo Club — Latest' })
    f.addEntry({ title: 'First', html: '<p>one</p>' })
    const url = `${f.url}${FEED_PATHS.rss}`
    const result = await feedConnector.connect({ url: `  ${url}  `, keywords: ' Brompton, Café ,,  Tour de  France ,brompton' }, createHttpClient('Parley-test'))
    expect(result.seed).toEqual({ platform: 'feed', displayName: 'Vélo Club — Latest', handle: `127.0.0.1:${f.server.port}/feed.rss`, baseUrl: url })
    expect(result.secrets).toEqual({})
    expect(result.settings).toEqual({ url, keywords: ['brompton', 'café', 'tour de france'] })
    const request = f.server.requests.at(-1)!
    expect(request.headers.accept).toBe(FEED_ACCEPT)
    expect(request.headers['accept-encoding']).toBe('gzip')
    expect(request.headers['user-agent']).toBe('Parley-test')
    expect(f.gzipped).toBe(1) // and the client decoded it, or the title above would be garbage
  })

  it('connects to Atom and RDF feeds too; empty keywords mean everything', async () => {
    const f = await fake({ title: 'Atomic' })
    for (const path of [FEED_PATHS.atom, FEED_PATHS.rdf]) {
      const result = await feedConnector.connect({ url: `${f.url}${path}` }, createHttpClient('Parley-test'))
      expect(result.seed.displayName).toBe('Atomic')
      expect(result.settings.keywords).toEqual([])
    }
  })

  it('falls back to the host when the feed has no title, and shortens long handles', async () => {
    const f = await fake()
    f.setDocument('/untitled/a/very/long/path/that/goes/on/and/on/feed.xml', '<rss version="2.0"><channel><link>https://x.example/</link></channel></rss>', 'text/xml')
    const result = await feedConnector.connect({ url: `${f.url}/untitled/a/very/long/path/that/goes/on/and/on/feed.xml` }, createHttpClient('Parley-test'))
    expect(result.seed.displayName).toBe(`127.0.0.1:${f.server.port}`)
    expect(result.seed.handle.length).toBeLessThanOrEqual(48)
    expect(result.seed.handle.endsWith('…')).toBe(true)
  })

  it.each([
    [FEED_PATHS.page, /does not look like an RSS or Atom feed: it answered with a web page/],
    [FEED_PATHS.json, /does not look like an RSS or Atom feed: it answered with JSON data/],
    ['/json-feed.json', /JSON Feed, which Parley does not read/],
    ['/garbage.txt', /does not look like an RSS or Atom feed: Parley could not read it/],
    ['/empty.xml', /it answered with nothing/],
    ['/xxe.xml', /does not look like an RSS or Atom feed/],
  ])('refuses %s as not a feed (bad_input)', async (path, message) => {
    const f = await fake()
    f.setDocument('/json-feed.json', fixture('json-feed.json'), 'application/feed+json')
    f.setDocument('/garbage.txt', 'lorem <<< ipsum >>> \u0000 dolor', 'text/plain')
    f.setDocument('/empty.xml', '   ', 'application/xml')
    f.setDocument('/xxe.xml', '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><title>&x;</title></channel></rss>', 'application/xml')
    const error = await connectError({ url: `${f.url}${path}` })
    expect(error.code).toBe('bad_input')
    expect(error.message).toMatch(message)
  })

  it('says clearly when the address is missing (404) or removed (410)', async () => {
    const f = await fake()
    const missing = await connectError({ url: `${f.url}/nope.rss` })
    expect(missing.code).toBe('bad_input')
    expect(missing.message).toMatch(/Nothing was found at that address \(404\)/)
    const gone = await connectError({ url: `${f.url}${FEED_PATHS.gone}` })
    expect(gone.message).toMatch(/removed by its publisher \(410\)/)
  })

  it('reports an unreachable server as unavailable', async () => {
    const error = await connectError({ url: `${await closedPortUrl()}/feed.rss` })
    expect(error.code).toBe('unavailable')
    expect(error.message).toMatch(/Could not reach 127\.0\.0\.1/)
  })

  it('reports a busy server as unavailable and a login wall as unauthorized', async () => {
    const f = await fake()
    f.throttle(503, '120')
    expect((await connectError({ url: `${f.url}${FEED_PATHS.rss}` })).code).toBe('unavailable')
    f.server.inject(
      () => true,
      (_req, res) => {
        res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="members"' })
        res.end()
      },
    )
    expect((await connectError({ url: `${f.url}${FEED_PATHS.rss}` })).code).toBe('unauthorized')
  })

  it.each([
    ['', /Enter the address/],
    ['ftp://files.example/feed.rss', /must start with https:\/\/ or http:\/\//],
    ['javascript:alert(1)', /must start with https:\/\//],
    ['https://user:secret@feeds.example/rss', /remove the user name and password/],
    ['http://exa mple.org/feed', /not a valid web address/],
  ])('rejects the address %j before any request', async (url, message) => {
    let calls = 0
    const http: HttpClient = {
      request: async () => {
        calls++
        throw new Error('no request expected')
      },
    }
    const error = await connectError({ url }, http)
    expect(error.code).toBe('bad_input')
    expect(error.message).toMatch(message)
    expect(calls).toBe(0)
  })

  it('adds https:// when the scheme is missing and understands feed:// links', async () => {
    const seen: string[] = []
    const http: HttpClient = {
      request: async (url) => {
        seen.push(url)
        return { status: 200, headers: new Headers(), text: '<rss version="2.0"><channel><title>T</title></channel></rss>', url, json: () => ({}) as never }
      },
    }
    const a = await feedConnector.connect({ url: 'forum.velo.example/latest.rss#top' }, http)
    const b = await feedConnector.connect({ url: 'feed://blog.example/feed/' }, http)
    expect(seen).toEqual(['https://forum.velo.example/latest.rss', 'https://blog.example/feed/'])
    expect(a.settings.url).toBe('https://forum.velo.example/latest.rss')
    expect(b.seed.handle).toBe('blog.example/feed/')
  })
})

describe('feed connector: polling', () => {
  it('backfills entries newer than backfillSince on the first poll, undated ones included', async () => {
    const now = Date.now()
    const f = await fake()
    f.addEntry({ title: 'Ancient', html: '<p>old</p>', published: now - 30 * DAY })
    const recent = f.addEntry({ title: 'Recent', html: '<p>new</p>', published: now - 2 * HOUR, author: 'Zoë Ångström' })
    const undated = f.addEntry({ title: 'Timeless', html: '<p>no date</p>', published: null })
    const h = await connected(`${f.url}${FEED_PATHS.rss}`, '', { now: () => now })
    const first = await h.poll(null, now - 7 * DAY)
    expect(first.gap).toBe(false)
    expect(first.items.map((i) => i.remoteId).sort()).toEqual([recent, undated].sort())
    const item = first.items.find((i) => i.remoteId === recent)!
    expect(item).toMatchObject({
      conversationKey: recent,
      parentRemoteId: null,
      kind: 'feed',
      direction: 'in',
      subject: 'Recent',
      text: 'new',
      html: '<p>new</p>',
      permalink: expect.stringMatching(/\/posts\/2$/),
      author: { remoteId: 'Zoë Ångström', handle: `127.0.0.1:${f.server.port}`, displayName: 'Zoë Ångström', avatarUrl: null, profileUrl: `${f.url}/` },
    })
    // pubDate has second resolution
    expect(Math.abs(item.createdAt - (now - 2 * HOUR))).toBeLessThan(1000)
    expect(first.items.find((i) => i.remoteId === undated)!.createdAt).toBe(now)
  })

  it('keeps ETag and Last-Modified exactly, sends them back, and a 304 yields nothing and the same cursor', async () => {
    const f = await fake()
    f.addEntry({ title: 'One', html: '<p>1</p>' })
    const h = await connected(`${f.url}${FEED_PATHS.rss}`)
    const first = await h.poll(null)
    const response = f.server.requests.at(-1)!
    expect(response.headers['if-none-match']).toBeUndefined()
    const cursor = decodeCursor(first.nextCursor)!
    expect(cursor.etag).toMatch(/^"[0-9a-f]{16}"$/)
    expect(cursor.lastModified).toMatch(/GMT$/)

    const second = await h.poll(first.nextCursor)
    const request = f.server.requests.at(-1)!
    expect(request.headers['if-none-match']).toBe(cursor.etag)
    expect(request.headers['if-modified-since']).toBe(cursor.lastModified)
    expect(second.items).toEqual([])
    expect(second.nextCursor).toBe(first.nextCursor)
    expect(second.gap).toBeFalsy()
  })

  it('honours Last-Modified alone when the server sends no ETag match', async () => {
    const f = await fake()
    f.addEntry({ title: 'One', html: '<p>1</p>' })
    const h = await connected(`${f.url}${FEED_PATHS.rss}`)
    const first = await h.poll(null)
    const withoutEtag = encodeCursor({ ...decodeCursor(first.nextCursor)!, etag: null })
    const second = await h.poll(withoutEtag)
    expect(f.server.requests.at(-1)!.headers['if-none-match']).toBeUndefined()
    expect(second.items).toEqual([])
    expect(second.nextCursor).toBe(withoutEtag)
  })

  it('returns only new and edited entries afterwards, on RSS, Atom and RDF alike', async () => {
    for (const path of [FEED_PATHS.rss, FEED_PATHS.atom, FEED_PATHS.rdf]) {
      const f = await fake()
      const a = f.addEntry({ title: 'A', html: '<p>alpha</p>', published: Date.now() - 3 * HOUR })
      f.addEntry({ title: 'B', html: '<p>beta</p>', published: Date.now() - 2 * HOUR })
      const h = await connected(`${f.url}${path}`)
      const first = await h.poll(null)
      expect(first.items).toHaveLength(2)

      const c = f.addEntry({ title: 'C', html: '<p>gamma</p>', published: Date.now() - HOUR })
      f.updateEntry(a, { html: '<p>alpha, edited</p>' })
      const second = await h.poll(first.nextCursor)
      expect(f.server.requests.at(-1)!.headers['if-none-match']).toBeDefined()
      // RDF has no guid: identity falls back to the link.
      const idOf = (id: string): string => (path === FEED_PATHS.rdf ? `${f.url}/posts/${id.split('-').at(-1)}` : id)
      expect(second.items.map((i) => i.remoteId).sort()).toEqual([idOf(a), idOf(c)].sort())
      expect(second.items.find((i) => i.remoteId === idOf(a))!.html).toBe('<p>alpha, edited</p>')
      expect(second.gap).toBe(false)

      const third = await h.poll(second.nextCursor)
      expect(third.items).toEqual([])
    }
  })

  it('dedupes by id and content hash when the server ignores conditional requests', async () => {
    const f = await fake({ conditional: false })
    f.addEntry({ title: 'A', html: '<p>alpha</p>' })
    const h = await connected(`${f.url}${FEED_PATHS.atom}`)
    const first = await h.poll(null)
    expect(first.items).toHaveLength(1)
    const again = await h.poll(first.nextCursor)
    expect(f.server.requests.at(-1)!.headers['if-none-match']).toBeDefined()
    expect(again.items).toEqual([])
    const b = f.addEntry({ title: 'B', html: '<p>beta</p>' })
    const third = await h.poll(again.nextCursor)
    expect(third.items.map((i) => i.remoteId)).toEqual([b])
  })

  it('flags a gap when every entry in the window is new and newer than anything seen', async () => {
    const base = Date.now() - DAY
    const f = await fake({ windowSize: 3 })
    for (let i = 0; i < 3; i++) f.addEntry({ title: `Old ${i}`, html: '<p>x</p>', published: base + i * HOUR })
    const h = await connected(`${f.url}${FEED_PATHS.rss}`)
    const first = await h.poll(null)
    expect(first.gap).toBe(false)

    // Two new entries: the window still overlaps what was seen.
    for (let i = 0; i < 2; i++) f.addEntry({ title: `New ${i}`, html: '<p>y</p>', published: base + (10 + i) * HOUR })
    const second = await h.poll(first.nextCursor)
    expect(second.items).toHaveLength(2)
    expect(second.gap).toBe(false)

    // Five more: the window (3) slid past entries Parley never saw.
    for (let i = 0; i < 5; i++) f.addEntry({ title: `Burst ${i}`, html: '<p>z</p>', published: base + (20 + i) * HOUR })
    const third = await h.poll(second.nextCursor)
    expect(third.items.map((i) => i.subject)).toEqual(['Burst 2', 'Burst 3', 'Burst 4'])
    expect(third.gap).toBe(true)
  })

  it('filters by keyword: case- and accent-insensitive, at word starts, on title or text', async () => {
    const f = await fake()
    f.addEntry({ title: 'Meet at the CAFÉ', html: '<p>Saturday</p>' })
    f.addEntry({ title: 'Folding bikes', html: '<p>I love my <b>Brompton</b>!</p>' })
    f.addEntry({ title: 'Motorbike news', html: '<p>nothing for us</p>' })
    f.addEntry({ title: 'Tour de\u00a0France recap', html: '<p>stage 12</p>' })
    f.addEntry({ title: '東京ライド', html: '<p>皇居ライドしませんか</p>' })
    f.addEntry({ title: 'Unrelated', html: '<script>brompton()</script><p>nope</p>' })
    const h = await connected(`${f.url}${FEED_PATHS.rss}`, 'cafe, BROMPTON, tour de france, bike, 皇居')
    const { items } = await h.poll(null)
    expect(items.map((i) => i.subject).sort()).toEqual(['Folding bikes', 'Meet at the CAFÉ', 'Tour de\u00a0France recap', '東京ライド'].sort())
  })

  it('returns an edited entry again only when it still matches the keywords', async () => {
    const f = await fake()
    const a = f.addEntry({ title: 'Saddles', html: '<p>comfort</p>' })
    const h = await connected(`${f.url}${FEED_PATHS.rss}`, 'brompton')
    const first = await h.poll(null)
    expect(first.items).toEqual([])
    f.updateEntry(a, { html: '<p>comfort on a Brompton</p>' })
    const second = await h.poll(first.nextCursor)
    expect(second.items.map((i) => i.remoteId)).toEqual([a])
  })

  it('puts HTML with script, iframe and onerror in html untouched and clean plain text in text', async () => {
    const f = await fake()
    const html = '<p>Hi <b>Zoë</b> &amp; 山田 — R&amp;D &lt;tips&gt;</p><script>alert("x")</script><iframe src="https://evil.example"></iframe><img src=x onerror="alert(1)"><p>Second ]]> paragraph</p>'
    f.addEntry({ title: 'Ünïcødé 🚲 title', html, author: '山田 太郎' })
    const h = await connected(`${f.url}${FEED_PATHS.atom}`)
    const [item] = (await h.poll(null)).items
    expect(item!.html).toBe(html)
    expect(item!.text).toBe('Hi Zoë & 山田 — R&D <tips>\n\nSecond ]]> paragraph')
    expect(item!.text).not.toMatch(/alert|iframe|onerror/)
    expect(item!.subject).toBe('Ünïcødé 🚲 title')
    expect(item!.author.displayName).toBe('山田 太郎')
  })

  it('cuts very long text to a preview but keeps the whole html', async () => {
    const f = await fake()
    const long = `<p>${'Pédale '.repeat(2000)}🚲🚲</p>`
    f.addEntry({ title: 'Long', html: long })
    const h = await connected(`${f.url}${FEED_PATHS.rss}`)
    const [item] = (await h.poll(null)).items
    expect(item!.text.length).toBeLessThanOrEqual(TEXT_LIMIT)
    expect(item!.text.endsWith('…')).toBe(true)
    expect(item!.html).toBe(long)
  })

  it('falls back to the link, then to a hash of title and date, for entries without an id', async () => {
    const published = Date.parse('2026-07-01T10:00:00Z')
    const f = await fake()
    const byLink = f.addEntry({ title: 'No guid', html: '<p>a</p>', guid: null, published })
    f.addEntry({ title: 'Nothing at all', html: '<p>b</p>', guid: null, link: null, published })
    const h = await connected(`${f.url}${FEED_PATHS.rss}`)
    const first = await h.poll(null)
    const ids = first.items.map((i) => i.remoteId)
    expect(ids).toContain(byLink)
    const hashed = ids.find((id) => id.startsWith('h:'))!
    expect(hashed).toMatch(/^h:[0-9a-f]{32}$/)
    // Stable across polls, so it is never stored twice.
    const again = await h.poll(null)
    expect(again.items.map((i) => i.remoteId)).toContain(hashed)
    expect(first.items.find((i) => i.remoteId === hashed)!.permalink).toBeNull()
  })

  it('keeps the first-seen time of undated entries across polls', async () => {
    let now = Date.parse('2026-08-01T00:00:00Z')
    const f = await fake({ conditional: false })
    const id = f.addEntry({ title: 'Undated', html: '<p>v1</p>', published: null })
    const h = await connected(`${f.url}${FEED_PATHS.rss}`, '', { now: () => now })
    const first = await h.poll(null)
    expect(first.items[0]!.createdAt).toBe(now)
    const firstSeen = now
    now += DAY
    f.updateEntry(id, { html: '<p>v2</p>' })
    const second = await h.poll(first.nextCursor)
    expect(second.items[0]!.html).toBe('<p>v2</p>')
    expect(second.items[0]!.createdAt).toBe(firstSeen)
  })

  it('treats an unreadable cursor as a first poll', async () => {
    const f = await fake()
    f.addEntry({ title: 'A', html: '<p>a</p>' })
    const h = await connected(`${f.url}${FEED_PATHS.rss}`)
    const result = await h.poll('not json at all')
    expect(result.items).toHaveLength(1)
    expect(f.server.requests.at(-1)!.headers['if-none-match']).toBeUndefined()
  })

  it('rejects an unknown stream name', async () => {
    const f = await fake()
    const h = await connected(`${f.url}${FEED_PATHS.rss}`)
    await expect(feedConnector.poll('notifications', null, h.ctx, { backfillSince: 0 })).rejects.toThrow(/no "notifications" stream/)
  })

  it('reports progress', async () => {
    const f = await fake()
    f.addEntry({ title: 'A', html: '<p>a</p>' })
    f.addEntry({ title: 'B', html: '<p>b</p>' })
    const h = await connected(`${f.url}${FEED_PATHS.rss}`)
    const progress: number[] = []
    await feedConnector.poll('feed', null, h.ctx, { backfillSince: 0, onProgress: (n) => progress.push(n) })
    expect(progress).toEqual([2])
  })
})

describe('feed connector: publisher hints and redirects', () => {
  it('exposes RSS <ttl> and Cache-Control max-age through nextPollHint, whichever is longer', async () => {
    const f = await fake({ ttlMinutes: 60, maxAgeSeconds: 1800 })
    f.addEntry({ title: 'A', html: '<p>a</p>' })
    const h = await connected(`${f.url}${FEED_PATHS.rss}`)
    const first = await h.poll(null)
    expect(nextPollHint(first.nextCursor)).toBe(60 * 60_000)

    f.options.ttlMinutes = undefined
    f.options.maxAgeSeconds = 7200
    f.addEntry({ title: 'B', html: '<p>b</p>' })
    const second = await h.poll(first.nextCursor)
    expect(nextPollHint(second.nextCursor)).toBe(2 * HOUR)

    f.options.maxAgeSeconds = undefined
    f.addEntry({ title: 'C', html: '<p>c</p>' })
    expect(nextPollHint((await h.poll(second.nextCursor)).nextCursor)).toBeNull()
    expect(nextPollHint(null)).toBeNull()
    expect(nextPollHint('garbage')).toBeNull()
  })

  it('caps an absurd ttl at one day', async () => {
    const f = await fake({ ttlMinutes: 999_999 })
    const h = await connected(`${f.url}${FEED_PATHS.rss}`)
    expect(nextPollHint((await h.poll(null)).nextCursor)).toBe(DAY)
  })

  it(`follows a 301 and stores the new URL once it has held for ${REDIRECT_ADOPT_AFTER} polls`, async () => {
    const f = await fake()
    f.addEntry({ title: 'A', html: '<p>a</p>' })
    const oldUrl = `${f.url}${FEED_PATHS.moved}`
    const h = await connected(oldUrl)
    let cursor: string | null = null
    for (let i = 1; i < REDIRECT_ADOPT_AFTER; i++) {
      const result = await h.poll(cursor)
      if (i === 1) expect(result.items).toHaveLength(1)
      expect(h.saved).toEqual([])
      cursor = result.nextCursor
    }
    // The conditional headers survive the redirect: the new location answers 304.
    const last = await h.poll(cursor)
    expect(last.items).toEqual([])
    expect(h.saved).toEqual([{ url: `${f.url}${FEED_PATHS.rss}`, keywords: [] }])
    const paths = f.server.requests.map((r) => r.path)
    await h.poll(last.nextCursor)
    expect(f.server.requests.slice(paths.length).map((r) => r.path)).toEqual([FEED_PATHS.rss])
  })

  it('does not adopt a redirect target that keeps changing', async () => {
    const f = await fake()
    f.addEntry({ title: 'A', html: '<p>a</p>' })
    f.setDocument('/mirror-b.rss', '<rss version="2.0"><channel><title>B</title></channel></rss>', 'application/rss+xml')
    let flip = false
    f.server.inject(
      (req) => req.path === '/rotating.rss',
      (_req, res) => {
        flip = !flip
        res.writeHead(302, { Location: flip ? FEED_PATHS.rss : '/mirror-b.rss' })
        res.end()
      },
      10,
    )
    const h = await connected(`${f.url}/rotating.rss`)
    let cursor: string | null = null
    for (let i = 0; i < 2 * REDIRECT_ADOPT_AFTER; i++) cursor = (await h.poll(cursor)).nextCursor
    expect(h.saved).toEqual([])
  })
  it('never adopts a redirect from https to http', async () => {
    const body = '<rss version="2.0"><channel><title>T</title><item><guid>1</guid><title>A</title></item></channel></rss>'
    const http: HttpClient = {
      request: async (url) => ({ status: 200, headers: new Headers(), text: body, url: url.replace('https://', 'http://'), json: () => ({}) as never }),
    }
    const h = await connected('https://feeds.example/rss', '', { http })
    let cursor: string | null = null
    for (let i = 0; i < 2 * REDIRECT_ADOPT_AFTER; i++) cursor = (await h.poll(cursor)).nextCursor
    expect(h.saved).toEqual([])
    expect(decodeCursor(cursor)!.redirect).toBeNull()
  })
})

describe('feed connector: errors', () => {
  it('classifies 429 with Retry-After as rate_limited until then', async () => {
    const f = await fake()
    const h = await connected(`${f.url}${FEED_PATHS.rss}`)
    f.throttle(429, '120')
    const error = await pollError(h, null)
    expect(error).toBeInstanceOf(HttpError)
    const before = Date.now()
    const verdict = feedConnector.classifyError(error)
    expect(verdict.kind).toBe('rate_limited')
    if (verdict.kind !== 'rate_limited') return
    expect(verdict.until).toBeGreaterThanOrEqual(before + 119_000)
    expect(verdict.until).toBeLessThanOrEqual(Date.now() + 120_000)
  })

  it('classifies 503 with an HTTP-date Retry-After as rate_limited, and a bare 5xx as retry', async () => {
    const f = await fake()
    const h = await connected(`${f.url}${FEED_PATHS.rss}`)
    const at = new Date(Date.now() + 10 * 60_000)
    f.throttle(503, at.toUTCString())
    const verdict = feedConnector.classifyError(await pollError(h, null))
    expect(verdict).toMatchObject({ kind: 'rate_limited', until: Math.floor(at.getTime() / 1000) * 1000 })
    f.server.inject(
      () => true,
      (_req, res) => {
        res.writeHead(500)
        res.end('oops')
      },
    )
    expect(feedConnector.classifyError(await pollError(h, null)).kind).toBe('retry')
  })

  it('classifies a removed feed (410) as disconnect', async () => {
    const f = await fake()
    f.addEntry({ title: 'A', html: '<p>a</p>' })
    const h = await connected(`${f.url}${FEED_PATHS.rss}`)
    const first = await h.poll(null)
    f.removeFeed()
    const verdict = feedConnector.classifyError(await pollError(h, first.nextCursor))
    expect(verdict.kind).toBe('disconnect')
    expect(verdict.message).toMatch(/^The feed is gone \(410\)/)
  })

  it('classifies a feed that turned into a web page as bad_request with a clear message', async () => {
    const f = await fake()
    const h = await connected(`${f.url}${FEED_PATHS.rss}`)
    f.server.inject(
      () => true,
      (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/html' })
        res.end('<!DOCTYPE html><html><body>Wi-Fi login</body></html>')
      },
    )
    const verdict = feedConnector.classifyError(await pollError(h, null))
    expect(verdict.kind).toBe('bad_request')
    expect(verdict.message).toMatch(/could not be read as RSS or Atom \(web page\)/)
  })

  it('classifies 401 as disconnect (no credentials to renew) and 404 as disconnect', async () => {
    const f = await fake()
    const h = await connected(`${f.url}${FEED_PATHS.rss}`)
    f.server.inject(
      () => true,
      (_req, res) => {
        res.writeHead(401)
        res.end()
      },
    )
    expect(feedConnector.classifyError(await pollError(h, null))).toMatchObject({ kind: 'disconnect', message: expect.stringMatching(/asks for a login/) })
    h.ctx.account.settings = { ...h.ctx.account.settings, url: `${f.url}/vanished.rss` }
    expect(feedConnector.classifyError(await pollError(h, null)).kind).toBe('disconnect')
  })

  it('times out on a server that never answers (retry)', async () => {
    const f = await fake()
    const base = createHttpClient('Parley-test')
    const h = await connected(`${f.url}${FEED_PATHS.rss}`, '', { http: { request: (url, init) => base.request(url, { ...init, timeoutMs: 200 }) } })
    f.server.inject(
      () => true,
      () => undefined,
    )
    const error = await pollError(h, null)
    expect(error).toBeInstanceOf(NetworkError)
    expect((error as NetworkError).reason).toBe('timeout')
    expect(feedConnector.classifyError(error).kind).toBe('retry')
  })

  it('refuses a 10 MB body (too_large → retry)', async () => {
    const f = await fake()
    const h = await connected(`${f.url}${FEED_PATHS.rss}`)
    const huge = `<rss version="2.0"><channel><title>Huge</title><description>${'x'.repeat(10 * 1024 * 1024)}</description></channel></rss>`
    f.setDocument(FEED_PATHS.rss, huge, 'application/rss+xml')
    f.options.conditional = false
    const error = await pollError(h, null)
    expect(error).toBeInstanceOf(NetworkError)
    expect((error as NetworkError).reason).toBe('too_large')
    expect(feedConnector.classifyError(error).kind).toBe('retry')
  })

  it('reports an unreachable server as offline', async () => {
    const f = await fake()
    const h = await connected(`${f.url}${FEED_PATHS.rss}`)
    h.ctx.account.settings = { ...h.ctx.account.settings, url: `${await closedPortUrl()}/feed.rss` }
    expect(feedConnector.classifyError(await pollError(h, null)).kind).toBe('offline')
  })
})

describe('feed connector: recorded-style fixtures', () => {
  async function pollFixture(name: string, contentType: string, keywords = ''): Promise<PollResult & { url: string }> {
    const f = await fake()
    f.setDocument(`/${name}`, fixture(name), contentType)
    const h = await connected(`${f.url}/${name}`, keywords)
    return { ...(await h.poll(null, 0)), url: f.url }
  }

  it('reads a Discourse latest.rss: guids, dc:creator, unicode, hostile HTML kept for ingest', async () => {
    const { items } = await pollFixture('discourse-latest.rss', 'application/rss+xml; charset=utf-8')
    expect(items.map((i) => i.remoteId)).toEqual(['forum.velo.example-topic-7', 'forum.velo.example-topic-4817', 'forum.velo.example-topic-4821'])
    const pbp = items.find((i) => i.remoteId === 'forum.velo.example-topic-4821')!
    expect(pbp.subject).toBe('Randonnée Paris–Brest–Paris 2027 : qui vient ? 🚴')
    expect(pbp.author).toMatchObject({ remoteId: 'Zoë Ångström', displayName: 'Zoë Ångström', profileUrl: 'https://forum.velo.example/latest' })
    expect(pbp.permalink).toBe('https://forum.velo.example/t/randonnee-paris-brest-paris-2027-qui-vient/4821')
    expect(pbp.createdAt).toBe(Date.parse('2026-08-03T07:12:44Z'))
    expect(pbp.html).toContain('<script>fetch(')
    expect(pbp.html).toContain('onerror="alert(\'pwned\')"')
    expect(pbp.text).toContain('Pause café à Villaines-la-Juhel')
    expect(pbp.text).not.toMatch(/fetch|cookie|pwned/)
    const tokyo = items.find((i) => i.remoteId === 'forum.velo.example-topic-4817')!
    expect(tokyo.html).toContain('<iframe')
    expect(tokyo.text).toContain('週末に皇居ライドしませんか？ Bring your Brompton!')
    expect(tokyo.author.displayName).toBe('山田 太郎')
  })

  it('keyword-filters the Discourse fixture', async () => {
    const { items } = await pollFixture('discourse-latest.rss', 'application/rss+xml', 'brompton, velo club')
    expect(items.map((i) => i.remoteId)).toEqual(['forum.velo.example-topic-7', 'forum.velo.example-topic-4817'])
  })

  it('reads a news search Atom feed: HTML titles flattened, entities decoded once, relative links resolved', async () => {
    const { items, url } = await pollFixture('news-search.atom', 'application/atom+xml')
    const award = items.find((i) => i.remoteId === 'tag:google.com,2013:googlealerts/feed:11806539234870518321')!
    expect(award.subject).toBe('Vélo Club wins regional award for safer streets')
    expect(award.permalink).toBe('https://www.google.com/url?rct=j&sa=t&url=https://news.example.com/2026/08/03/velo-club-award&ct=ga&cd=CAIyHDBiZDk&usg=AOvVaw0x')
    expect(award.html).toBe('The <b>Vélo Club</b> of Lyon received the &quot;Rue sûre&quot; prize on Sunday &amp; plans a São Paulo twinning ...')
    expect(award.text).toBe('The Vélo Club of Lyon received the "Rue sûre" prize on Sunday & plans a São Paulo twinning ...')
    // An empty <author><name/> falls back to the feed.
    expect(award.author.displayName).toBe('Google Alert - "vélo club"')
    expect(award.author.remoteId).toBe(new URL(url).host)
    const opinion = items.find((i) => i.remoteId.endsWith('3942271055123366210'))!
    expect(opinion.html).toContain('onerror="alert(document.domain)"')
    expect(opinion.text).toBe('In Zürich, the vélo club debate continues ...')
    const plain = items.find((i) => i.remoteId.endsWith(':777'))!
    expect(plain.html).toBeNull()
    expect(plain.text).toBe('Temperatures < 5 °C expected; bring gloves & lights.')
    expect(plain.permalink).toBe(`${url}/alerts/777`)
    expect(plain.author).toMatchObject({ displayName: 'Agence Presse Vélo', remoteId: 'Agence Presse Vélo' })
    expect(plain.createdAt).toBe(Date.parse('2026-08-01T06:00:00Z'))
  })

  it('reads a WordPress blog: content:encoded, relative links, missing guid/link/date, escaped HTML, javascript: links', async () => {
    const { items, nextCursor } = await pollFixture('blog.rss', 'application/rss+xml')
    expect(nextPollHint(nextCursor)).toBe(120 * 60_000)
    const truing = items.find((i) => i.subject === 'Truing a wheel in 10 minutes')!
    expect(truing.remoteId).toBe('https://blog.nandu.example/?p=1042')
    expect(truing.permalink).toBe('https://blog.nandu.example/2026/08/truing-a-wheel/')
    expect(truing.html).toContain('<a href="/tools/spoke-key/">')
    expect(truing.html).toContain('<script type="text/javascript">')
    // Escaped markup inside CDATA stays text: never turned into a tag.
    expect(truing.html).toContain('<code>&lt;script&gt;</code>')
    expect(truing.text).toContain('Write <script> tags in your shop site? Don’t.')
    expect(truing.author.displayName).toBe('María José Núñez')

    const tubeless = items.find((i) => i.permalink === 'https://blog.nandu.example/2026/07/tubeless/')!
    expect(tubeless.remoteId).toBe('https://blog.nandu.example/2026/07/tubeless/')
    expect(tubeless.subject).toBe('Escaped HTML: tubeless sealant tips')
    expect(tubeless.html).toBe('<p>Shake it well. Mind the difference between &lt;valve&gt; cores &amp; stems.</p>')
    expect(tubeless.text).toBe('Shake it well. Mind the difference between <valve> cores & stems.')
    expect(tubeless.author.displayName).toBe('Ñandú Bikes — Workshop Notes')

    const undated = items.find((i) => i.subject === 'Undated musing')!
    expect(undated.permalink).toBe('https://blog.nandu.example/2026/undated/')
    expect(Math.abs(undated.createdAt - Date.now())).toBeLessThan(60_000)

    const bare = items.find((i) => i.subject === 'No guid, no link')!
    expect(bare.remoteId).toMatch(/^h:/)
    expect(bare.permalink).toBeNull()

    const evil = items.find((i) => i.remoteId === 'nandu-evil-1')!
    expect(evil.permalink).toBeNull()
  })

  it('reads an RDF (RSS 1.0) feed: dc:date, dc:creator, link as identity', async () => {
    const { items } = await pollFixture('slashdot-style.rdf', 'application/rdf+xml')
    expect(items.map((i) => i.subject)).toEqual(['Gravel racing goes mainstream', 'E-bike batteries: recycling finally scales'])
    const battery = items[1]!
    expect(battery.remoteId).toBe('https://news.velo.example/story/26/08/03/1815/e-bike-batteries')
    expect(battery.author.displayName).toBe('timothy')
    expect(battery.createdAt).toBe(Date.parse('2026-08-03T18:15:00Z'))
    expect(battery.text).toBe('timothy writes: "Recyclers now recover 95% of the lithium..."')
  })
})

describe('feed connector: pure helpers', () => {
  it('parses keyword input', () => {
    expect(parseKeywords(undefined)).toEqual([])
    expect(parseKeywords(' , ,')).toEqual([])
    expect(parseKeywords('A,  b  c ,a')).toEqual(['a', 'b c'])
  })

  it('matches keywords at word starts, ignoring case and accents', () => {
    const match = keywordMatcher(['velo', 'e-bike', 'c++'])
    expect(match('Le VÉLO du jour')).toBe(true)
    expect(match('vélos')).toBe(true)
    expect(match('unvelo')).toBe(false)
    expect(match('Best E-Bike 2026')).toBe(true)
    expect(match('I write C++ daily')).toBe(true)
    expect(match('nothing here')).toBe(false)
    expect(keywordMatcher([])('anything')).toBe(true)
  })

  it('bounds the seen set but keeps every entry of the current document', () => {
    const old: SeenEntry[] = Array.from({ length: 600 }, (_, i) => [`old-${i}`, 'h'])
    const current: SeenEntry[] = Array.from({ length: 10 }, (_, i) => [`new-${i}`, 'h'])
    const merged = mergeSeen(current, old)
    expect(merged).toHaveLength(SEEN_LIMIT)
    expect(merged.slice(0, 10)).toEqual(current)
    const big: SeenEntry[] = Array.from({ length: 700 }, (_, i) => [`big-${i}`, 'h'])
    expect(mergeSeen(big, old)).toHaveLength(700)
  })
})

describe('feed connector: huge and hostile documents', () => {
  it('takes the newest 500 new entries per poll and the rest on the next polls, each exactly once', async () => {
    const f = await fake({ windowSize: 2_000 })
    f.addGenerated(1_200)
    const h = await connected(`${f.url}${FEED_PATHS.rss}`)
    const seen: string[] = []
    const first = await h.poll(null)
    expect(first.items).toHaveLength(ENTRIES_PER_POLL)
    expect(first.more).toBe(true)
    // Newest first: posts 701..1200.
    expect(first.items.map((i) => i.subject).sort()).toEqual(Array.from({ length: 500 }, (_, i) => `Generated post ${701 + i}`).sort())
    seen.push(...first.items.map((i) => i.remoteId))
    const second = await h.poll(first.nextCursor)
    // A backlog is fetched without validators: the server would answer 304 and the rest would never come.
    expect(f.server.requests.at(-1)!.headers['if-none-match']).toBeUndefined()
    const third = await h.poll(second.nextCursor)
    expect([second.items.length, third.items.length, third.more]).toEqual([500, 200, false])
    seen.push(...second.items.map((i) => i.remoteId), ...third.items.map((i) => i.remoteId))
    expect(new Set(seen).size).toBe(1_200)
    const fourth = await h.poll(third.nextCursor)
    expect(f.server.requests.at(-1)!.headers['if-none-match']).toBeTruthy()
    expect(fourth.items).toEqual([])
  })

  it('uses the channel author for entries without one, and their own otherwise', async () => {
    const f = await fake()
    const rss = `<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>T</title><link>${'https://example.org/'}</link>
      <managingEditor>editor@example.org (The Editor)</managingEditor>
      <item><title>A</title><guid>a</guid><description>x</description></item>
      <item><title>B</title><guid>b</guid><description>y</description><dc:creator>Rider Jo</dc:creator></item>
    </channel></rss>`
    f.setDocument('/authors.rss', rss, 'application/rss+xml')
    const h = await connected(`${f.url}/authors.rss`)
    const { items } = await h.poll(null)
    expect(Object.fromEntries(items.map((i) => [i.remoteId, i.author.displayName]))).toEqual({ a: 'The Editor', b: 'Rider Jo' })
  })

  it('stops reading a document past the time budget and says so in plain words', async () => {
    const f = await fake({ windowSize: 30_000 })
    f.addGenerated(5_000)
    const text = f.rssText()
    // A budget no thread can meet: the reader is stopped, the answer is a FeedParseTimeout.
    const error = await parseOffThread(text, `${f.url}${FEED_PATHS.rss}`, 1).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(FeedParseTimeout)
    expect(classifyFeedError(error)).toEqual({
      kind: 'bad_request',
      message: expect.stringMatching(/^The feed at 127\.0\.0\.1:\d+ is too large or too complex to read: Parley stopped after 1 s and will try again at the next poll\.$/),
    })
    // Within the budget the same document reads fine.
    const answer = await parseOffThread(text, `${f.url}${FEED_PATHS.rss}`)
    expect(answer.ok && answer.feed.items.length).toBe(5_000)
  })
})

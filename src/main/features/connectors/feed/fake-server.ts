// Test infrastructure: a feed publisher on loopback. Never imported by the app.
import { createHash } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import { gzipSync } from 'node:zlib'
import { startFakeServer, type FakeServer, type RecordedRequest } from '../testing/fake-http'

export interface FakeEntryInput {
  title: string
  html: string
  author?: string
  /** ms epoch; null leaves the entry without any date (it happens). Default: now. */
  published?: number | null
  /** Absolute or relative; null omits the link. Default: /posts/<n> on this server. */
  link?: string | null
  /** RSS guid / Atom id; null omits it. Default: tag:… id. */
  guid?: string | null
}

interface FakeEntry {
  n: number
  title: string
  html: string
  author: string | null
  published: number | null
  updated: number | null
  link: string | null
  guid: string | null
  /** Orders entries when they have no date. */
  addedAt: number
}

export interface FeedFakeOptions {
  /** Listen on this port (0: any free one); a test restarts a stopped fake at the same address. */
  port?: number
  title?: string
  /** How many of the newest entries each document holds (real feeds keep only their latest N). */
  windowSize?: number
  /** RSS <ttl> in minutes. */
  ttlMinutes?: number
  /** Cache-Control: max-age in seconds. */
  maxAgeSeconds?: number
  /** False: ignore If-None-Match / If-Modified-Since and always answer 200, as some servers do. */
  conditional?: boolean
}

export const FEED_PATHS = {
  rss: '/feed.rss',
  atom: '/feed.atom',
  rdf: '/feed.rdf',
  /** 301 → /feed.rss */
  moved: '/old/feed.rss',
  /** 302 → /feed.rss */
  movedTemporarily: '/temporary/feed.rss',
  /** Always 410. */
  gone: '/removed.rss',
  /** An HTML page that links to the feed: not a feed. */
  page: '/blog',
  json: '/api/data.json',
} as const

interface StaticDocument {
  body: string | Buffer
  contentType: string
}

export interface FeedFake {
  server: FakeServer
  url: string
  options: FeedFakeOptions
  /** Adds an entry and returns its RSS guid / Atom id (or its link when the guid is omitted). */
  addEntry(input: FakeEntryInput): string
  /** Edits an entry (looked up by the id addEntry returned); its updated time becomes now. */
  updateEntry(id: string, patch: Partial<Omit<FakeEntryInput, 'guid'>>): void
  /** From now on every feed path answers 410 Gone. */
  removeFeed(): void
  /** The next `times` requests answer `status` with Retry-After. */
  throttle(status: 429 | 503, retryAfter: string, times?: number): void
  /** Serves a fixed body (a recorded fixture, a huge file) with the same conditional GET and gzip handling. */
  setDocument(path: string, body: string | Buffer, contentType: string): void
  /**
   * Adds `count` generated entries with no author anywhere (the parser's costliest case), dated `spacingMs`
   * apart (default 30 s: 25,000 fit in the 14-day backfill) ending at `newest`; returns their ids, newest first.
   * Pair with a windowSize of at least the total.
   */
  addGenerated(count: number, newest?: number, spacingMs?: number): string[]
  /** The RSS document as served right now (e.g. to pin a generated one with setDocument). */
  rssText(): string
  /** How many answers were gzip-compressed. */
  readonly gzipped: number
  close(): Promise<void>
}

const xml = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

// A body containing "]]>" must be split across two CDATA sections.
const cdata = (value: string): string => `<![CDATA[${value.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`

const iso = (ms: number): string => new Date(ms).toISOString()

function rssDocument(base: string, title: string, entries: FakeEntry[], ttl: number | undefined): string {
  const items = entries.map(
    (e) => `    <item>
      <title>${xml(e.title)}</title>${e.author ? `\n      <dc:creator>${cdata(e.author)}</dc:creator>` : ''}
      <description>${cdata(e.html)}</description>${e.link ? `\n      <link>${xml(e.link)}</link>` : ''}${e.published !== null ? `\n      <pubDate>${new Date(e.published).toUTCString()}</pubDate>` : ''}${e.guid ? `\n      <guid isPermaLink="false">${xml(e.guid)}</guid>` : ''}
    </item>`,
  )
  return `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>${xml(title)}</title>
    <link>${base}/</link>
    <description>Latest posts</description>
    <atom:link href="${base}${FEED_PATHS.rss}" rel="self" type="application/rss+xml" />${ttl ? `\n    <ttl>${ttl}</ttl>` : ''}
${items.join('\n')}
  </channel>
</rss>
`
}

function atomDocument(base: string, title: string, entries: FakeEntry[]): string {
  const newest = entries.reduce((max, e) => Math.max(max, e.updated ?? e.published ?? 0), 0)
  const items = entries.map(
    (e) => `  <entry>
    <title type="text">${xml(e.title)}</title>${e.guid ? `\n    <id>${xml(e.guid)}</id>` : ''}${e.link ? `\n    <link rel="alternate" type="text/html" href="${xml(e.link)}"/>` : ''}${e.published !== null ? `\n    <published>${iso(e.published)}</published>\n    <updated>${iso(e.updated ?? e.published)}</updated>` : ''}${e.author ? `\n    <author><name>${xml(e.author)}</name></author>` : ''}
    <content type="html">${xml(e.html)}</content>
  </entry>`,
  )
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>${xml(title)}</title>
  <id>urn:uuid:6f7c1f4e-3b1a-4c52-9d0e-feedfa4e0001</id>
  <updated>${iso(newest)}</updated>
  <link rel="alternate" type="text/html" href="${base}/"/>
  <link rel="self" type="application/atom+xml" href="${base}${FEED_PATHS.atom}"/>
${items.join('\n')}
</feed>
`
}

/** RSS 1.0: items sit beside the channel and carry their date in dc:date; there is no guid. */
function rdfDocument(base: string, title: string, entries: FakeEntry[]): string {
  const items = entries.map(
    (e) => `  <item rdf:about="${xml(e.link ?? '')}">
    <title>${xml(e.title)}</title>
    <link>${xml(e.link ?? '')}</link>
    <description>${xml(e.html)}</description>${e.author ? `\n    <dc:creator>${xml(e.author)}</dc:creator>` : ''}${e.published !== null ? `\n    <dc:date>${iso(e.published)}</dc:date>` : ''}
  </item>`,
  )
  return `<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="${base}${FEED_PATHS.rdf}">
    <title>${xml(title)}</title>
    <link>${base}/</link>
    <description>Latest posts</description>
    <items><rdf:Seq>${entries.map((e) => `<rdf:li rdf:resource="${xml(e.link ?? '')}"/>`).join('')}</rdf:Seq></items>
  </channel>
${items.join('\n')}
</rdf:RDF>
`
}

const HTML_PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>The Blog</title>
<link rel="alternate" type="application/rss+xml" title="RSS" href="${FEED_PATHS.rss}">
</head><body><h1>The Blog</h1><p>Welcome!</p></body></html>
`

/** Weak and strong ETags compare equal for If-None-Match (RFC 9110 §13.1.2 uses the weak comparison). */
function etagMatches(header: string, etag: string): boolean {
  const bare = (t: string): string => t.trim().replace(/^W\//, '')
  return header.split(',').some((t) => t.trim() === '*' || bare(t) === bare(etag))
}

export async function startFeedFake(initial: FeedFakeOptions = {}): Promise<FeedFake> {
  const options: FeedFakeOptions = { title: 'Fake Feed', windowSize: 20, conditional: true, ...initial }
  const entries: FakeEntry[] = []
  const documents = new Map<string, StaticDocument>()
  let gone = false
  let gzipped = 0
  let counter = 0
  // Last-Modified has one-second resolution: every change moves it on by at least a second.
  let lastChange = Math.floor(Date.now() / 1000) * 1000
  const touch = (): void => {
    lastChange = Math.max(Math.floor(Date.now() / 1000) * 1000, lastChange + 1000)
  }

  const visible = (): FakeEntry[] =>
    [...entries]
      .sort((a, b) => (b.published ?? b.addedAt) - (a.published ?? a.addedAt) || b.n - a.n)
      .slice(0, options.windowSize)

  // A fixed document is hashed and compressed once: a multi-megabyte one would otherwise cost the fake's
  // thread (often the measuring thread) hundreds of milliseconds per request.
  const prepared = new WeakMap<StaticDocument, { body: Buffer; etag: string; gzip: Buffer }>()
  function prepare(doc: StaticDocument): { body: Buffer; etag: string; gzip: Buffer | null } {
    const cached = prepared.get(doc)
    if (cached) return cached
    const body = typeof doc.body === 'string' ? Buffer.from(doc.body, 'utf8') : doc.body
    return { body, etag: `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`, gzip: null }
  }

  function serve(req: RecordedRequest, res: ServerResponse, doc: StaticDocument): void {
    const { body, etag, gzip } = prepare(doc)
    const lastModified = new Date(lastChange).toUTCString()
    const headers: Record<string, string> = { ETag: etag, 'Last-Modified': lastModified, Vary: 'Accept-Encoding' }
    if (options.maxAgeSeconds) headers['Cache-Control'] = `public, max-age=${options.maxAgeSeconds}`
    if (options.conditional) {
      const ifNoneMatch = req.headers['if-none-match']
      const ifModifiedSince = req.headers['if-modified-since']
      // If-None-Match wins when both are present (RFC 9110 §13.2.2).
      const fresh =
        typeof ifNoneMatch === 'string'
          ? etagMatches(ifNoneMatch, etag)
          : typeof ifModifiedSince === 'string' && Date.parse(ifModifiedSince) >= lastChange
      if (fresh) {
        res.writeHead(304, headers)
        res.end()
        return
      }
    }
    const acceptsGzip = /\bgzip\b/i.test(String(req.headers['accept-encoding'] ?? ''))
    if (acceptsGzip) {
      gzipped++
      res.writeHead(200, { ...headers, 'Content-Type': doc.contentType, 'Content-Encoding': 'gzip' })
      res.end(gzip ?? gzipSync(body))
      return
    }
    res.writeHead(200, { ...headers, 'Content-Type': doc.contentType })
    res.end(body)
  }

  const server = await startFakeServer((req, res) => {
    const base = server.url
    const title = options.title ?? 'Fake Feed'
    const feedPaths: string[] = [FEED_PATHS.rss, FEED_PATHS.atom, FEED_PATHS.rdf]
    if (req.path === FEED_PATHS.gone || (gone && (feedPaths.includes(req.path) || documents.has(req.path)))) {
      res.writeHead(410, { 'Content-Type': 'text/html; charset=utf-8' })
      res.end('<!DOCTYPE html><html><body><h1>410 Gone</h1></body></html>')
      return
    }
    if (req.path === FEED_PATHS.moved || req.path === FEED_PATHS.movedTemporarily) {
      res.writeHead(req.path === FEED_PATHS.moved ? 301 : 302, { Location: FEED_PATHS.rss })
      res.end()
      return
    }
    const doc = documents.get(req.path)
    if (doc) return serve(req, res, doc)
    switch (req.path) {
      case FEED_PATHS.rss:
        return serve(req, res, { body: rssDocument(base, title, visible(), options.ttlMinutes), contentType: 'application/rss+xml; charset=utf-8' })
      case FEED_PATHS.atom:
        return serve(req, res, { body: atomDocument(base, title, visible()), contentType: 'application/atom+xml; charset=utf-8' })
      case FEED_PATHS.rdf:
        return serve(req, res, { body: rdfDocument(base, title, visible()), contentType: 'application/rdf+xml; charset=utf-8' })
      case FEED_PATHS.page:
        return serve(req, res, { body: HTML_PAGE, contentType: 'text/html; charset=utf-8' })
      case FEED_PATHS.json:
        return serve(req, res, { body: JSON.stringify({ posts: [{ id: 1, title: 'Not a feed' }] }), contentType: 'application/json' })
      default:
        res.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' })
        res.end('<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>')
    }
  }, options.port ?? 0)

  const find = (id: string): FakeEntry => {
    const entry = entries.find((e) => e.guid === id || (!e.guid && e.link === id))
    if (!entry) throw new Error(`No fake feed entry ${id}`)
    return entry
  }

  return {
    server,
    url: server.url,
    options,
    addEntry(input) {
      const n = ++counter
      const entry: FakeEntry = {
        n,
        title: input.title,
        html: input.html,
        author: input.author ?? null,
        published: input.published === undefined ? Date.now() : input.published,
        updated: null,
        link: input.link === undefined ? `${server.url}/posts/${n}` : input.link,
        guid: input.guid === undefined ? `tag:fake-feed.test,2026:entry-${n}` : input.guid,
        addedAt: Date.now() + n,
      }
      entries.push(entry)
      touch()
      return entry.guid ?? entry.link ?? `entry-${n}`
    },
    updateEntry(id, patch) {
      const entry = find(id)
      if (patch.title !== undefined) entry.title = patch.title
      if (patch.html !== undefined) entry.html = patch.html
      if (patch.author !== undefined) entry.author = patch.author
      if (patch.published !== undefined) entry.published = patch.published
      if (patch.link !== undefined) entry.link = patch.link
      entry.updated = Date.now()
      touch()
    },
    addGenerated(count, newest = Date.now(), spacingMs = 30_000) {
      const ids: string[] = []
      for (let i = 0; i < count; i++) {
        const n = ++counter
        const guid = `tag:fake,2026:g${n}`
        // Oldest first, so the newest carries the highest n (visible() breaks date ties on n).
        const published = newest - (count - 1 - i) * spacingMs
        entries.push({
          n,
          title: `Generated post ${n}`,
          html: `<p>Post ${n} on touring.</p>`,
          author: null,
          published,
          updated: null,
          link: `${server.url}/posts/${n}`,
          guid,
          addedAt: published,
        })
        ids.unshift(guid)
      }
      touch()
      return ids
    },
    rssText() {
      return rssDocument(server.url, options.title ?? 'Fake Feed', visible(), options.ttlMinutes)
    },
    removeFeed() {
      gone = true
    },
    throttle(status, retryAfter, times = 1) {
      server.inject(
        () => true,
        (_req, res) => {
          res.writeHead(status, { 'Retry-After': retryAfter, 'Content-Type': 'text/html; charset=utf-8' })
          res.end(`<!DOCTYPE html><html><body><h1>${status === 429 ? 'Too Many Requests' : 'Service Unavailable'}</h1></body></html>`)
        },
        times,
      )
    },
    setDocument(path, body, contentType) {
      const doc = { body, contentType }
      const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body
      prepared.set(doc, { body: bytes, etag: `"${createHash('sha1').update(bytes).digest('hex').slice(0, 16)}"`, gzip: gzipSync(bytes) })
      documents.set(path, doc)
      touch()
    },
    get gzipped() {
      return gzipped
    },
    close: () => server.close(),
  }
}

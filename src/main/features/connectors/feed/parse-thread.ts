/**
 * What the feed-parsing thread hands back: plain data, so it crosses threads
 * (the parser's element tree cannot).
 */
export interface RawFeed {
  type: 'rss' | 'atom' | 'rdf' | string
  title: string | null
  /** The feed's own web page, as written (resolved later against the served URL). */
  siteUrl: string | null
  /** RSS <ttl> text, minutes. */
  ttl: string | null
  /** Document order (usually newest first). */
  items: RawEntry[]
}

/** One entry as the parser read it; mapping.ts turns it into a FeedEntry. */
export interface RawEntry {
  title: string | null
  /** Publisher HTML (still untrusted) or plain text; at most one of them is set. */
  html: string | null
  text: string | null
  /** published ?? updated, ms; null when missing or unreadable. */
  time: number | null
  /** The parser's item URL (resolved against the feed's own link). */
  url: string | null
  /** RSS guid / Atom id. */
  id: string | null
  /** RSS: a guid that is a permalink (isPermaLink not "false"). */
  guidIsLink: boolean
  /** The entry's first author name or e-mail, else the feed's. */
  author: string | null
}

export type ParseAnswer = { ok: true; feed: RawFeed } | { ok: false }

/**
 * What the thread posts: the entries in slices as it reads them (each slice is unpacked on the receiving
 * thread as one piece of work, so one 25,000-entry message would hold it up), then the feed's own fields,
 * or that it could not be read.
 */
export type ThreadMessage = { kind: 'items'; items: RawEntry[] } | { kind: 'done'; feed: Omit<RawFeed, 'items'> } | { kind: 'failed' }

/** Entries per message from the thread. */
export const ENTRIES_PER_MESSAGE = 1_000

/**
 * The thread's code, as CommonJS source run with `new Worker(source, { eval: true })`.
 * A source string rather than a bundled file: the same text runs under the
 * Electron build, the CLI build, the bench bundle and the tests, with no extra
 * build entry to keep in step. It only needs the parser's path (workerData).
 *
 * The parser's per-entry `url` and `authors` getters fall back to the
 * channel's, which rescans every child of the channel on each call: with
 * 25,000 entries that is 25,000 rescans of 25,000 children. The channel's
 * values are computed once and pinned on the feed object before any entry is read.
 */
export const PARSE_THREAD_SOURCE = String.raw`
'use strict'
const { parentPort, workerData } = require('node:worker_threads')
const { parseFeed } = require(workerData.parserPath)

const nonEmpty = (v) => (typeof v === 'string' && v.trim() ? v.trim() : null)
const looksLikeHtml = (t) => /<\/[a-z][a-z0-9]*\s*>|<br\s*\/?>|<p[\s>]/i.test(t)

/** Atom: content, else summary, by their type (text, html or xhtml). */
function entryBody(item) {
  const el = item.element
  for (const name of ['content', 'summary']) {
    const node = el.findElementWithName(name)
    if (!node) continue
    const type = (node.getAttribute('type') || 'text').toLowerCase()
    if (type === 'xhtml') {
      const div = node.findElementWithName('div')
      const html = nonEmpty(div ? div.innerHtml : name === 'content' ? item.content : item.description)
      if (html) return { html, text: null }
      continue
    }
    const value = nonEmpty(node.textContent)
    if (!value) continue
    if (type === 'html' || type === 'text/html') return { html: value, text: null }
    if (type === 'text' || type === 'text/plain') return looksLikeHtml(value) ? { html: value, text: null } : { html: null, text: value }
  }
  return { html: null, text: null }
}

/**
 * RSS and RDF entries, read in one pass over each entry's children with the
 * same element getters the parser's own entry getters use (so ids, hashes and
 * text are unchanged): the entry getters each rescan the children, several
 * times per field, which is most of the time a 25,000-entry document takes.
 */
function readRssItem(item, feedUrl, feedAuthor) {
  const first = new Map()
  const links = []
  let encoded = null
  let ownAuthors = false
  for (const child of item.element.children) {
    if (typeof child === 'string') continue
    const name = child.name
    if (!first.has(name)) first.set(name, child)
    if (name === 'link') links.push(child)
    else if (name === 'encoded' && !encoded && child.namespace === 'content') encoded = child
    else if (name === 'author' || name === 'creator') ownAuthors = true
  }
  const text = (name) => {
    const el = first.get(name)
    return el ? el.textContentNormalized || null : null
  }
  const date = (name) => {
    const el = first.get(name)
    return el ? el.textContentAsDate : null
  }
  const description = first.get('description')
  const when = date('pubdate') || date('date')
  let url = null
  const linked = links.find((link) => link.textContentNormalized)
  if (linked) {
    url = linked.textContentAsUrl || null
    if (url) {
      try {
        url = new URL(url, feedUrl || undefined).href
      } catch {}
    }
  }
  const guid = first.get('guid')
  let author = feedAuthor
  if (ownAuthors) {
    const own = item.authors.find((a) => a.name || a.email)
    author = own ? nonEmpty(own.name) || nonEmpty(own.email) : null
  }
  return {
    title: text('title'),
    html: nonEmpty(encoded && encoded.textContent) || nonEmpty(description && description.textContent),
    text: null,
    time: when && Number.isFinite(when.getTime()) ? when.getTime() : null,
    url,
    id: text('guid'),
    guidIsLink: Boolean(guid) && (guid.getAttribute('ispermalink') || '').toLowerCase() !== 'false',
    author,
  }
}

function readAtomItem(item) {
  const body = entryBody(item)
  const date = item.published || item.updated
  const author = item.authors.find((a) => a.name || a.email)
  return {
    title: item.title || null,
    html: body.html,
    text: body.text,
    time: date && Number.isFinite(date.getTime()) ? date.getTime() : null,
    url: item.url || null,
    id: item.id || null,
    guidIsLink: false,
    author: author ? nonEmpty(author.name) || nonEmpty(author.email) : null,
  }
}

/**
 * Reads the document and posts its entries in slices as they are read, so the receiving thread can
 * identify one slice while this one reads the next; returns the feed's own fields.
 */
function read(text) {
  const feed = parseFeed(text)
  // Pin the channel-level values the entry getters fall back to (see parse-thread.ts).
  for (const name of ['url', 'authors', 'categories']) {
    const value = feed[name]
    Object.defineProperty(feed, name, { value, configurable: true })
  }
  const isAtom = feed.meta.type === 'atom'
  const ttlNode = isAtom ? null : feed.element.findElementWithName('ttl')
  const channelAuthor = feed.authors.find((a) => a.name || a.email)
  const feedAuthor = channelAuthor ? nonEmpty(channelAuthor.name) || nonEmpty(channelAuthor.email) : null
  const all = feed.items
  for (let i = 0; i < all.length; i += ${ENTRIES_PER_MESSAGE}) {
    const items = all.slice(i, i + ${ENTRIES_PER_MESSAGE}).map((item) => (isAtom ? readAtomItem(item) : readRssItem(item, feed.url, feedAuthor)))
    parentPort.postMessage({ kind: 'items', items })
  }
  return { type: feed.meta.type, title: feed.title || null, siteUrl: feed.url || null, ttl: ttlNode ? ttlNode.textContentNormalized : null }
}

parentPort.once('message', (text) => {
  let meta
  try {
    meta = read(text)
  } catch {
    // INVALID_FEED, or fast-xml-parser's own errors (e.g. "External entities are not supported").
    // Slices already posted are dropped by the receiver: the document as a whole could not be read.
    parentPort.postMessage({ kind: 'failed' })
    return
  }
  parentPort.postMessage({ kind: 'done', feed: meta })
})
`

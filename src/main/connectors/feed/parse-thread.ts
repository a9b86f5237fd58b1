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

function entryBody(item, isAtom) {
  const el = item.element
  if (!isAtom) {
    const encoded = el.findElementsWithName('encoded').find((e) => e.namespace === 'content')
    const html = nonEmpty(encoded && encoded.textContent) || nonEmpty(el.findElementWithName('description') && el.findElementWithName('description').textContent)
    return { html, text: null }
  }
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

function read(text) {
  const feed = parseFeed(text)
  // Pin the channel-level values the entry getters fall back to (see parse-thread.ts).
  for (const name of ['url', 'authors', 'categories']) {
    const value = feed[name]
    Object.defineProperty(feed, name, { value, configurable: true })
  }
  const isAtom = feed.meta.type === 'atom'
  const ttlNode = isAtom ? null : feed.element.findElementWithName('ttl')
  const items = feed.items.map((item) => {
    const body = entryBody(item, isAtom)
    const date = item.published || item.updated
    const time = date && Number.isFinite(date.getTime()) ? date.getTime() : null
    const guid = isAtom ? null : item.element.findElementWithName('guid')
    const author = item.authors.find((a) => a.name || a.email)
    return {
      title: item.title || null,
      html: body.html,
      text: body.text,
      time,
      url: item.url || null,
      id: item.id || null,
      guidIsLink: Boolean(guid) && (guid.getAttribute('ispermalink') || '').toLowerCase() !== 'false',
      author: author ? nonEmpty(author.name) || nonEmpty(author.email) : null,
    }
  })
  return { type: feed.meta.type, title: feed.title || null, siteUrl: feed.url || null, ttl: ttlNode ? ttlNode.textContentNormalized : null, items }
}

parentPort.once('message', (text) => {
  let answer
  try {
    answer = { ok: true, feed: read(text) }
  } catch {
    // INVALID_FEED, or fast-xml-parser's own errors (e.g. "External entities are not supported").
    answer = { ok: false }
  }
  parentPort.postMessage(answer)
})
`

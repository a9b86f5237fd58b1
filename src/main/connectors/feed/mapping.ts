import { createHash } from 'node:crypto'
import type { ItemAuthor, NormalizedItem } from '../../domain/items'
import { htmlToText } from '../../domain/sanitize'
import { isHttpUrl, type ParsedFeed, type ParsedItem } from './api'

/** Plain text longer than this is cut: the inbox shows a preview, the page has the rest. */
export const TEXT_LIMIT = 4000

/** What the feed says about itself, resolved against the URL it was fetched from. */
export interface FeedInfo {
  url: string
  host: string
  title: string
  /** The web page the feed belongs to (http/https only). */
  siteUrl: string | null
}

/** One entry, reduced to what the inbox needs and what identifies it. */
export interface FeedEntry {
  id: string
  title: string | null
  /** Untrusted HTML as the publisher wrote it; ingest sanitises. */
  html: string | null
  /** The whole plain text (before TEXT_LIMIT), for keyword matching. */
  text: string
  permalink: string | null
  authorName: string | null
  /** published ?? updated, ms; null when the entry has no usable date. */
  time: number | null
  /** Changes when the title, body or link is edited. */
  hash: string
}

function sha256(parts: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex')
}

/** Resolves a possibly relative link against the feed URL; only http(s) survives (no javascript: permalinks). */
export function resolveLink(href: string | null | undefined, base: string): string | null {
  if (!href) return null
  try {
    const url = new URL(href.trim(), base).href
    return isHttpUrl(url) ? url : null
  } catch {
    return null
  }
}

export function feedInfo(feed: ParsedFeed, url: string): FeedInfo {
  const host = new URL(url).host
  return { url, host, title: feed.title?.trim() || host, siteUrl: resolveLink(feed.url, url) }
}

/** Feed text with its whitespace folded (htmlToText already decodes entities once). */
export function plainText(html: string): string {
  return htmlToText(html)
    .replace(/[ \t\f\v]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .trim()
}

function cut(text: string, limit: number): string {
  if (text.length <= limit) return text
  let end = limit - 1
  // Never split a surrogate pair (emoji, rare CJK).
  if (/[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end -= 1
  return `${text.slice(0, end).trimEnd()}…`
}

const looksLikeHtml = (text: string): boolean => /<\/[a-z][a-z0-9]*\s*>|<br\s*\/?>|<p[\s>]/i.test(text)

/**
 * The entry body. The parser's own description/content values decode
 * entities twice (escaped "&lt;script&gt;" text would come back as a real
 * tag), so the HTML is read from the same elements the parser picks, decoded
 * once by the XML parser. Atom's type="text" bodies are plain text.
 */
function entryBody(item: ParsedItem, isAtom: boolean): { html: string | null; text: string | null } {
  const el = item.element
  const nonEmpty = (v: string | undefined | null): string | null => (v && v.trim() ? v.trim() : null)
  if (!isAtom) {
    const encoded = el.findElementsWithName('encoded').find((e) => e.namespace === 'content')
    const html = nonEmpty(encoded?.textContent) ?? nonEmpty(el.findElementWithName('description')?.textContent)
    return { html, text: null }
  }
  for (const name of ['content', 'summary']) {
    const node = el.findElementWithName(name)
    if (!node) continue
    const type = (node.getAttribute('type') ?? 'text').toLowerCase()
    if (type === 'xhtml') {
      // The XHTML div is real markup; the parser serialises it (decoding once more, a rare loss).
      const html = nonEmpty(node.findElementWithName('div')?.innerHtml ?? (name === 'content' ? item.content : item.description))
      if (html) return { html, text: null }
      continue
    }
    const value = nonEmpty(node.textContent)
    if (!value) continue
    if (type === 'html' || type === 'text/html') return { html: value, text: null }
    if (type === 'text' || type === 'text/plain') {
      // Many publishers omit type="html" on HTML bodies; the spec default would show raw tags.
      return looksLikeHtml(value) ? { html: value, text: null } : { html: null, text: value }
    }
  }
  return { html: null, text: null }
}

/** Reads one parsed entry: identity (guid/id, else link, else a hash of title and date), body, link, date. */
export function readEntry(item: ParsedItem, info: FeedInfo, isAtom: boolean): FeedEntry {
  const rawTitle = item.title?.trim() || null
  // Titles are plain text, but some publishers (Google Alerts, type="html" Atom) put markup in them.
  const title = rawTitle && looksLikeHtml(rawTitle) ? plainText(rawTitle) || null : rawTitle
  const body = entryBody(item, isAtom)
  const text = body.html ? plainText(body.html) : (body.text ?? '')
  const date = item.published ?? item.updated
  const time = date && Number.isFinite(date.getTime()) ? date.getTime() : null
  const link = resolveLink(item.url, info.url)
  const guid = isAtom ? null : item.element.findElementWithName('guid')
  // RSS: a guid is a permalink unless it says isPermaLink="false".
  const guidLink = guid && guid.getAttribute('ispermalink')?.toLowerCase() !== 'false' ? resolveLink(item.id, info.url) : null
  const permalink = link ?? guidLink
  const id =
    item.id?.trim() ||
    permalink ||
    `h:${sha256([title ?? '', time === null ? '' : new Date(time).toISOString(), title || time !== null ? '' : (body.html ?? text)]).slice(0, 32)}`
  const author = item.authors.find((a) => a.name || a.email)
  return {
    id,
    title,
    html: body.html,
    text,
    permalink,
    authorName: author?.name?.trim() || author?.email?.trim() || null,
    time,
    hash: sha256([title ?? '', body.html ?? text, permalink ?? '']).slice(0, 16),
  }
}

/** Each entry is its own 'feed' conversation with one inbound item. */
export function toNormalizedItem(entry: FeedEntry, info: FeedInfo, createdAt: number): NormalizedItem {
  const author: ItemAuthor = {
    remoteId: entry.authorName ?? info.host,
    handle: info.host,
    displayName: entry.authorName ?? info.title,
    avatarUrl: null,
    profileUrl: info.siteUrl,
  }
  return {
    remoteId: entry.id,
    conversationKey: entry.id,
    parentRemoteId: null,
    kind: 'feed',
    direction: 'in',
    author,
    text: cut(entry.text, TEXT_LIMIT) || entry.title || '',
    html: entry.html,
    createdAt,
    permalink: entry.permalink,
    subject: entry.title,
  }
}

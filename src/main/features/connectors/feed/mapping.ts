import { createHash } from 'node:crypto'
import type { ItemAuthor, NormalizedItem } from '../../../model/items'
import { htmlToText } from '../../../model/sanitize'
import { isHttpUrl } from './api'
import type { RawEntry, RawFeed } from './parse-thread'

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

export function feedInfo(feed: RawFeed, url: string): FeedInfo {
  const host = new URL(url).host
  return { url, host, title: feed.title?.trim() || host, siteUrl: resolveLink(feed.siteUrl, url) }
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

/** What identifies an entry and tells whether it changed: cheap enough to run on every entry of every document. */
export interface EntryIdentity {
  id: string
  title: string | null
  permalink: string | null
  /** Changes when the title, body or link is edited. */
  hash: string
}

/** Identity (guid/id, else link, else a hash of title and date) and content hash, without reading the body as text. */
export function identify(raw: RawEntry, info: Pick<FeedInfo, 'url'>): EntryIdentity {
  const rawTitle = raw.title?.trim() || null
  // Titles are plain text, but some publishers (Google Alerts, type="html" Atom) put markup in them.
  const title = rawTitle && looksLikeHtml(rawTitle) ? plainText(rawTitle) || null : rawTitle
  const link = resolveLink(raw.url, info.url)
  // RSS: a guid is a permalink unless it says isPermaLink="false".
  const guidLink = raw.guidIsLink ? resolveLink(raw.id, info.url) : null
  const permalink = link ?? guidLink
  const body = raw.html ?? raw.text ?? ''
  const id =
    raw.id?.trim() ||
    permalink ||
    `h:${sha256([title ?? '', raw.time === null ? '' : new Date(raw.time).toISOString(), title || raw.time !== null ? '' : body]).slice(0, 32)}`
  return { id, title, permalink, hash: sha256([title ?? '', body, permalink ?? '']).slice(0, 16) }
}

/**
 * One parsed entry reduced to what the inbox needs. The body comes from the
 * same elements the parser picks, decoded once by the XML parser
 * (parse-thread.ts): the parser's own description/content values decode
 * entities twice.
 */
export function readEntry(raw: RawEntry, info: FeedInfo, identity: EntryIdentity = identify(raw, info)): FeedEntry {
  return {
    ...identity,
    html: raw.html,
    text: raw.html ? plainText(raw.html) : (raw.text ?? ''),
    authorName: raw.author,
    time: raw.time,
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

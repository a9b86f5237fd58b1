import { Readable } from 'node:stream'
import type * as Mailparser from 'mailparser'
import type { ParsedMail } from 'mailparser'
import { lazyModule } from '../../../base/lazy-module'
import type { NormalizedItem } from '../../../model/items'
import { htmlToText } from '../../../model/sanitize'
import { keepBlockBreaks } from './html-blocks'

/** The mail stack loads with the first e-mail account's poll, not with Parley. */
const mailparser = lazyModule<typeof Mailparser>('mailparser')

/** Messages larger than this are listed with a note instead of being downloaded and parsed. */
export const MESSAGE_SIZE_LIMIT = 25 * 1024 * 1024
/** Longest text kept from one message; the rest stays in the mailbox. */
const TEXT_LIMIT = 200_000
/**
 * Longest HTML part converted and kept when a message has no text part. Converting and sanitising
 * HTML costs about 20 ms per 100 KB on one core, and both run on the worker's thread: a longer part
 * would stall it for longer than the 100 ms Parley allows. Gmail clips mail at 102 KB for the same
 * reason, so real mail rarely comes close.
 */
export const HTML_LIMIT = 100 * 1024
/** The same cost counted in elements, for HTML that packs thousands of tiny ones into those bytes (about 15 µs each, twice). */
export const HTML_TAG_LIMIT = 1_500

/** Elements in an HTML text, counted cheaply: what converting and sanitising it costs. */
export function tagsIn(html: string | null): number {
  let n = 0
  if (html) for (let at = html.indexOf('<'); at !== -1; at = html.indexOf('<', at + 1)) n++
  return n
}

/**
 * Parser limits for untrusted mail: a MIME bomb (thousands of parts, huge headers) is refused by the
 * parser instead of being expanded; images are never inlined (no data: URLs, no remote loads).
 */
const PARSER_OPTIONS = {
  maxChildNodes: 300,
  maxHeadSize: 256 * 1024,
  // Text is never made from the HTML here: an absent text part must stay visible (plain text preferred).
  skipHtmlToText: true,
  skipImageLinks: true,
  skipTextToHtml: true,
  keepCidLinks: true,
  checksumAlgo: false,
} as const

/** What the poll knows about a message before downloading it. */
export interface MessageMeta {
  uid: number
  messageId: string
  inReplyTo: string | null
  references: string[]
  subject: string
  from: { address: string; name: string }
  to: string[]
  date: number
  size: number
}

export interface Attachment {
  name: string
  type: string
  size: number
}

export interface ParsedBody {
  text: string
  html: string | null
  attachments: Attachment[]
}

function readableSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

/** Bytes handed to the parser at a time: each chunk is its own turn of the event loop, so a large message never holds the thread for long. */
const PARSE_CHUNK = 64 * 1024

function chunked(source: Buffer): Readable {
  const chunks: Buffer[] = []
  for (let at = 0; at < source.length; at += PARSE_CHUNK) chunks.push(source.subarray(at, at + PARSE_CHUNK))
  return Readable.from(chunks, { objectMode: false })
}

/** Why the parser gave up, in words for the person reading the inbox (the parser's own message is for developers). */
function unreadable(error: unknown): string {
  const why = error instanceof Error ? error.message : ''
  if (/child nodes/i.test(why)) return `it has more parts than Parley reads (${PARSER_OPTIONS.maxChildNodes}), which is how mail bombs are built`
  if (/header size/i.test(why)) return `one of its headers is larger than Parley reads (${readableSize(PARSER_OPTIONS.maxHeadSize)})`
  return 'its structure is broken'
}

/** Plain text preferred; HTML only when there is no text part (ingest sanitises it, images dropped). */
export async function parseBody(source: Buffer): Promise<ParsedBody> {
  let parsed: ParsedMail
  try {
    parsed = await mailparser().simpleParser(chunked(source), PARSER_OPTIONS)
  } catch (error) {
    return { text: `Parley could not read this message: ${unreadable(error)}. Open it in your mail program.`, html: null, attachments: [] }
  }
  const attachments = parsed.attachments
    .filter((a) => a.contentDisposition !== 'inline' || !a.related)
    .map((a) => ({ name: a.filename ?? 'unnamed', type: a.contentType, size: a.size }))
  const htmlOnly = !parsed.text && typeof parsed.html === 'string'
  if (htmlOnly && ((parsed.html as string).length > HTML_LIMIT || tagsIn(parsed.html as string) > HTML_TAG_LIMIT)) {
    return {
      text: `This message is written in HTML longer than Parley shows (${readableSize((parsed.html as string).length)}, ${tagsIn(parsed.html as string)} elements; at most ${readableSize(HTML_LIMIT)} and ${HTML_TAG_LIMIT} elements). Open it in your mail program.`,
      html: null,
      attachments,
    }
  }
  const html = htmlOnly ? (parsed.html as string) : null
  const whole = html !== null ? htmlToText(html) : (parsed.text ?? '')
  // Cut before rewriting line ends: a 20 MB text part is never copied whole on the worker's thread.
  const cut = whole.length > TEXT_LIMIT + 2
  const text = (cut ? whole.slice(0, TEXT_LIMIT + 2) : whole).replace(/\r\n/g, '\n').trimEnd()
  return {
    text: cut || text.length > TEXT_LIMIT ? `${text.slice(0, TEXT_LIMIT)}\n\n[The rest of this message is too long to show.]` : text,
    html: html === null ? null : keepBlockBreaks(html),
    attachments,
  }
}

export function tooLargeBody(meta: MessageMeta): ParsedBody {
  return {
    text: `This message is ${readableSize(meta.size)}, more than Parley downloads (${readableSize(MESSAGE_SIZE_LIMIT)}). Open it in your mail program.`,
    html: null,
    attachments: [],
  }
}

function withAttachmentList(text: string, attachments: Attachment[]): string {
  if (!attachments.length) return text
  const list = attachments.map((a) => `📎 ${a.name} (${a.type}, ${readableSize(a.size)})`).join('\n')
  return `${text}${text ? '\n\n' : ''}${list}`
}

export function messageToItem(meta: MessageMeta, body: ParsedBody, conversationKey: string, brandAddress: string): NormalizedItem {
  const outbound = meta.from.address === brandAddress
  return {
    remoteId: meta.messageId,
    conversationKey,
    parentRemoteId: meta.inReplyTo,
    kind: 'dm',
    direction: outbound ? 'out' : 'in',
    author: {
      remoteId: meta.from.address,
      handle: meta.from.address,
      displayName: meta.from.name || meta.from.address,
      avatarUrl: null,
      profileUrl: null,
    },
    text: withAttachmentList(body.text, body.attachments),
    html: body.html,
    createdAt: meta.date,
    permalink: null,
    subject: meta.subject || null,
    raw: { attachments: body.attachments, to: meta.to },
  }
}

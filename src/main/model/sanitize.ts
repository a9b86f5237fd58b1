import { decodeHTML } from 'entities'
import type SanitizeHtml from 'sanitize-html'
import { lazyModule } from '../base/lazy-module'
import type { NormalizedItem } from './items'

/**
 * Explicit bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069).
 * They make text display in another order than it is stored ("\u202Egnp.exe" shows
 * as "exe.png"), so channel text never keeps them. Implicit marks (LRM, RLM) stay:
 * they cannot reorder a run of text, and right-to-left writing uses them.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g

export function neutraliseBidi(text: string): string {
  return text.replace(BIDI_CONTROLS, '')
}

/** A remote URL the app may show or open: http(s) only, parsed and re-serialised; anything else is dropped. */
export function safeRemoteUrl(url: string | null | undefined): string | null {
  if (!url) return null
  try {
    const parsed = new URL(url.trim())
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null
  } catch {
    return null
  }
}

/**
 * Every field a channel delivered, made harmless before it is stored: bidi
 * controls out of all text, URLs reduced to http(s), HTML sanitised by ingest.
 */
export function neutraliseItem(item: NormalizedItem): NormalizedItem {
  const text = (value: string): string => neutraliseBidi(value)
  return {
    ...item,
    text: text(item.text),
    html: item.html === null ? null : text(item.html),
    subject: item.subject === undefined || item.subject === null ? item.subject : text(item.subject),
    permalink: safeRemoteUrl(item.permalink),
    author: {
      ...item.author,
      handle: text(item.author.handle),
      displayName: text(item.author.displayName),
      avatarUrl: safeRemoteUrl(item.author.avatarUrl),
      profileUrl: safeRemoteUrl(item.author.profileUrl),
    },
  }
}

/** sanitize-html (with htmlparser2 and postcss) loads with the first HTML to clean, off the database worker's start. */
const sanitizeHtml = lazyModule<typeof SanitizeHtml>('sanitize-html')

/**
 * Channel HTML is untrusted. Keep only text structure and links; links keep
 * their real href and open outside the app (the renderer enforces that too).
 */
let options: SanitizeHtml.IOptions | null = null
const channelOptions = (): SanitizeHtml.IOptions => (options ??= {
  allowedTags: ['p', 'br', 'a', 'strong', 'b', 'em', 'i', 'u', 's', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'span'],
  // rel and target are set by the transform below; whatever the channel sent is overwritten.
  allowedAttributes: { a: ['href', 'title', 'rel', 'target'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    a: sanitizeHtml().simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }),
  },
})

export function sanitizeChannelHtml(html: string | null | undefined): string | null {
  if (!html) return null
  const clean = sanitizeHtml()(html, channelOptions()).trim()
  return clean.length ? clean : null
}

/**
 * Plain text when a platform only gives HTML. sanitize-html re-escapes the text
 * it keeps, so decode once: "R&amp;D" in the markup becomes "R&D" in the text.
 */
export function htmlToText(html: string): string {
  const stripped = sanitizeHtml()(html.replace(/<br\s*\/?>/gi, '\n').replace(/<\/p>/gi, '\n\n'), {
    allowedTags: [],
    allowedAttributes: {},
  })
  return decodeHTML(stripped).replace(/\n{3,}/g, '\n\n').trim()
}

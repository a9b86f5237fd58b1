import { decodeHTML } from 'entities'
import sanitizeHtml from 'sanitize-html'

/**
 * Channel HTML is untrusted. Keep only text structure and links; links keep
 * their real href and open outside the app (the renderer enforces that too).
 */
const options: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'a', 'strong', 'b', 'em', 'i', 'u', 's', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'span'],
  // rel and target are set by the transform below; whatever the channel sent is overwritten.
  allowedAttributes: { a: ['href', 'title', 'rel', 'target'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }),
  },
}

export function sanitizeChannelHtml(html: string | null | undefined): string | null {
  if (!html) return null
  const clean = sanitizeHtml(html, options).trim()
  return clean.length ? clean : null
}

/**
 * Plain text when a platform only gives HTML. sanitize-html re-escapes the text
 * it keeps, so decode once: "R&amp;D" in the markup becomes "R&D" in the text.
 */
export function htmlToText(html: string): string {
  const stripped = sanitizeHtml(html.replace(/<br\s*\/?>/gi, '\n').replace(/<\/p>/gi, '\n\n'), {
    allowedTags: [],
    allowedAttributes: {},
  })
  return decodeHTML(stripped).replace(/\n{3,}/g, '\n\n').trim()
}

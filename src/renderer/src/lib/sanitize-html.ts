import DOMPurify from 'dompurify'
import { hostOf, textShowsHost } from './links'

/**
 * The renderer's own pass over channel HTML (the core sanitises at ingest too).
 * Only SafeHtml.vue may use this; nothing else binds HTML.
 *
 * Two layers:
 * 1. DOMPurify with a strict allowlist (the real work in Chromium/Electron).
 * 2. An allowlist rebuild: a fresh tree made only of listed tags, href/title on links and text.
 *    It enforces our rules (link rel/target, URL schemes, host notes) and guarantees them even
 *    where DOMPurify cannot be trusted (it fails its self-test under some DOM emulations).
 */
const ALLOWED_TAGS = ['p', 'br', 'a', 'strong', 'b', 'em', 'i', 'u', 's', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'span']
const ALLOWED = new Set(ALLOWED_TAGS)
/** Elements whose content must never surface, not even as text. */
const DROP_WITH_CONTENT = new Set([
  'script', 'style', 'template', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'noscript', 'noembed',
  'noframes', 'textarea', 'title', 'xmp', 'svg', 'math', 'select', 'head', 'canvas', 'audio', 'video', 'img', 'picture',
  'source', 'input', 'button', 'form', 'link', 'meta', 'base',
])
/** Block containers we don't allow become paragraphs so their text doesn't run together. */
const AS_PARAGRAPH = new Set(['div', 'section', 'article', 'header', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr', 'figure'])
const SAFE_HREF = /^(?:https?:|mailto:)/i
const LINK_REL = 'noopener noreferrer nofollow'

let purifier: ReturnType<typeof DOMPurify> | null | undefined

/** DOMPurify, only if it sanitises a known probe correctly in this DOM; otherwise null. */
function trustedPurifier(): ReturnType<typeof DOMPurify> | null {
  if (purifier !== undefined) return purifier
  const candidate = DOMPurify(window)
  // No on* attributes in the probe: even an inert parse of one is reported as a CSP violation.
  const probe = candidate.sanitize(
    '<p>a<a href="https://x.example/" class="q">b</a><a href="javascript:z">c</a></p><script>z</script><b style="x">d</b>',
    { ALLOWED_TAGS, ALLOWED_ATTR: ['href', 'title'], ALLOWED_URI_REGEXP: SAFE_HREF },
  )
  const expected = '<p>a<a href="https://x.example/">b</a><a>c</a></p><b>d</b>'
  purifier = candidate.isSupported && probe === expected ? candidate : null
  return purifier
}

function parse(html: string): Node {
  const p = trustedPurifier()
  if (p) {
    return p.sanitize(html, {
      ALLOWED_TAGS,
      ALLOWED_ATTR: ['href', 'title'],
      ALLOW_DATA_ATTR: false,
      ALLOW_ARIA_ATTR: false,
      ALLOWED_URI_REGEXP: SAFE_HREF,
      RETURN_DOM_FRAGMENT: true,
    })
  }
  // Template contents are inert: nothing parsed here runs scripts or loads resources.
  const template = document.createElement('template')
  template.innerHTML = html
  return template.content
}

function safeHref(value: string | null): string | null {
  if (value === null) return null
  const trimmed = value.trim()
  if (!SAFE_HREF.test(trimmed)) return null
  try {
    return new URL(trimmed).href
  } catch {
    return null
  }
}

function rebuild(source: Node, target: Node): void {
  for (const child of Array.from(source.childNodes)) {
    if (child.nodeType === Node.TEXT_NODE) {
      target.appendChild(document.createTextNode(child.textContent ?? ''))
      continue
    }
    if (child.nodeType !== Node.ELEMENT_NODE) continue // comments, processing instructions…
    const source = child as Element
    const tag = source.localName.toLowerCase()
    if (DROP_WITH_CONTENT.has(tag)) continue
    if (!ALLOWED.has(tag) && !AS_PARAGRAPH.has(tag)) {
      rebuild(source, target) // unknown inline wrapper: keep its text
      continue
    }
    const el = document.createElement(ALLOWED.has(tag) ? tag : 'p')
    if (tag === 'a') {
      const href = safeHref(source.getAttribute('href'))
      const title = source.getAttribute('title')
      if (href) el.setAttribute('href', href)
      // Without a status bar (Electron), the title is where the full destination shows on hover.
      if (title || href) el.setAttribute('title', title || (href ?? ''))
      el.setAttribute('rel', LINK_REL)
      el.setAttribute('target', '_blank')
    }
    rebuild(source, el)
    target.appendChild(el)
    if (tag === 'a') noteHost(el)
  }
}

/**
 * Show where a link really goes when its text says something else. Mentions and hashtags
 * ("@sam", "#cycling") name a profile or tag, not a destination, so they stay unannotated.
 */
function noteHost(link: Element): void {
  const host = hostOf(link.getAttribute('href') ?? '')
  const text = (link.textContent ?? '').trim()
  if (!host || /^[@#]/.test(text) || textShowsHost(text, host)) return
  const note = document.createElement('span')
  note.className = 'link-host'
  note.textContent = host
  link.after(' ', note)
}

export function sanitizeChannelHtml(html: string): string {
  const container = document.createElement('div')
  rebuild(parse(html), container)
  return container.innerHTML
}

import { ATTRIBUTION, BARE_QUOTE_LINES, FORWARD_SEPARATOR } from './quoted'

/**
 * The quoted history at the end of HTML-only mail, folded like plain text's (lib/quoted.ts): a trailing
 * <blockquote> (Gmail's gmail_quote, Apple Mail's type="cite", Thunderbird's cite) from its "On … wrote:"
 * line on, or a forwarded/original message separator, or Outlook's "From: … Sent: …" header block and
 * everything after. Works on HTML that was already sanitised: the split only moves sanitised nodes
 * into two parts, and SafeHtml sanitises each part again before it is shown.
 */
export interface QuotedHtmlSplit {
  body: string
  quoted: string | null
}

/** Elements that start a line of their own; anything else (text, inline elements) runs on until a <br>. */
const BLOCKS = new Set(['p', 'blockquote', 'ul', 'ol', 'pre'])
/** Outlook's reply header: "From:" then, within a few lines, "Sent:" or "Date:" (and its common translations). */
const HEADER_FROM = /^\s*(from|von|de|da|van)\s*:/i
const HEADER_SENT = /^\s*(sent|date|gesendet|datum|envoyé|enviado|inviato|verzonden)\s*:/i
/** The same header block inside one paragraph (its lines split by <br>, which a line's text runs together). */
const HEADER_SENT_WITHIN = /\b(sent|date|gesendet|datum|envoyé|enviado|inviato|verzonden)\s*:/i

function isReplyHeader(lines: Line[], i: number): boolean {
  const line = lines[i]!
  if (!HEADER_FROM.test(line.text) || line.quote) return false
  return HEADER_SENT_WITHIN.test(line.text.replace(HEADER_FROM, '')) || lines.slice(i + 1, i + 4).some((n) => HEADER_SENT.test(n.text))
}

/** One line of the top level: the nodes it spans, its text, and whether it is a quote block. */
interface Line {
  from: number
  to: number
  text: string
  quote: Element | null
  /** The node of a line made of one node (a paragraph, a list). */
  node: ChildNode | null
}

function linesOf(nodes: ChildNode[]): Line[] {
  const lines: Line[] = []
  let current: Line | null = null
  nodes.forEach((node, i) => {
    const tag = node.nodeType === Node.ELEMENT_NODE ? (node as Element).localName : null
    if (tag === 'br') {
      if (current) current.to = i
      else lines.push({ from: i, to: i, text: '', quote: null, node: null })
      current = null
      return
    }
    if (tag && BLOCKS.has(tag)) {
      current = null
      lines.push({ from: i, to: i, text: node.textContent ?? '', quote: tag === 'blockquote' ? (node as Element) : null, node })
      return
    }
    if (!current) {
      current = { from: i, to: i, text: '', quote: null, node: null }
      lines.push(current)
    }
    current.to = i
    current.text += node.textContent ?? ''
  })
  return lines
}

const blank = (line: Line): boolean => !line.text.trim() && !line.quote

/** The first non-empty line inside a paragraph (a separator is often the first line of the block holding the forward). */
function firstLineOf(line: Line, depth = 0): string {
  const block = line.from === line.to && !line.quote ? line.node : null
  if (!block || block.nodeType !== Node.ELEMENT_NODE || depth > 3) return line.text
  const first = linesOf(Array.from(block.childNodes)).find((l) => !blank(l))
  return first ? firstLineOf(first, depth + 1) : ''
}

/** The top-level line the quoted history starts at, or -1. */
function foldStart(lines: Line[]): number {
  const separator = lines.findIndex((l, i) => FORWARD_SEPARATOR.test(l.text) || FORWARD_SEPARATOR.test(firstLineOf(l)) || isReplyHeader(lines, i))
  if (separator !== -1) return separator
  let end = lines.length - 1
  while (end >= 0 && blank(lines[end]!)) end--
  const quote = end >= 0 ? lines[end]!.quote : null
  if (!quote) return -1
  let before = end - 1
  while (before >= 0 && blank(lines[before]!)) before--
  if (before >= 0 && ATTRIBUTION.test(lines[before]!.text) && lines[before]!.text.trim() && !lines[before]!.quote) return before
  // Apple Mail puts its "On … wrote:" inside the quote, as its first line.
  const first = linesOf(Array.from(quote.childNodes)).find((l) => !blank(l))
  if (first && !first.quote && ATTRIBUTION.test(first.text)) return end
  // A bare quote (no attribution) folds when it is long enough to be history rather than a remark.
  const quoteLines = quote.querySelectorAll('br, p, li').length + 1
  return quoteLines >= BARE_QUOTE_LINES ? end : -1
}

function serialise(nodes: ChildNode[]): string {
  const holder = document.createElement('div')
  for (const node of nodes) holder.appendChild(node.cloneNode(true))
  return holder.innerHTML
}

export function splitQuotedHtml(html: string): QuotedHtmlSplit {
  // Template contents are inert: nothing parsed here runs scripts or loads resources.
  const template = document.createElement('template')
  template.innerHTML = html
  let root: ParentNode = template.content
  // A message wrapped whole in one inline element: look inside it.
  while (root.childNodes.length === 1 && root.firstChild?.nodeType === Node.ELEMENT_NODE && (root.firstChild as Element).localName === 'span') {
    root = root.firstChild as Element
  }
  const nodes = Array.from(root.childNodes)
  const lines = linesOf(nodes)
  const start = foldStart(lines)
  if (start <= 0) return { body: html, quoted: null }
  const at = lines[start]!.from
  const body = nodes.slice(0, at)
  // A message that is nothing but a quote (a forward without a word) is shown whole.
  if (!body.some((n) => (n.textContent ?? '').trim())) return { body: html, quoted: null }
  return { body: serialise(body), quoted: serialise(nodes.slice(at)) }
}

/**
 * Template compilation and the text+HTML builder. Templates are compiled once
 * at load into literal/slot arrays, so filling one is plain concatenation.
 * Template data never contains `&`, `<` or `>`, which is why literals go into
 * the HTML unescaped.
 */
import type { Rng } from './prng'

/** Even indexes are literal text, odd indexes are slot names. */
export type Tpl = readonly string[]

export function tpl(src: string): Tpl {
  const parts: string[] = []
  let i = 0
  for (;;) {
    const open = src.indexOf('{', i)
    if (open < 0) {
      parts.push(src.slice(i))
      return parts
    }
    const close = src.indexOf('}', open)
    parts.push(src.slice(i, open), src.slice(open + 1, close))
    i = close + 1
  }
}

export function tpls(list: readonly string[]): Tpl[] {
  return list.map(tpl)
}

export type SlotResolver = (slot: string, c: Composer) => void

export interface Composed {
  text: string
  html: string | null
}

/** Builds one message's plain text and (optionally) its HTML side by side. */
export class Composer {
  text = ''
  html = ''
  private withHtml = false
  private typoBudget = false

  constructor(
    readonly rng: Rng,
    private readonly resolve: SlotResolver,
  ) {}

  begin(withHtml: boolean, typo: boolean): void {
    this.text = ''
    this.html = withHtml ? '<p>' : ''
    this.withHtml = withHtml
    this.typoBudget = typo
  }

  /** Literal template text; may receive this message's one typo. */
  lit(s: string): void {
    if (this.typoBudget && s.length >= 10 && this.rng.next() < 0.4) {
      s = typo(s, this.rng)
      this.typoBudget = false
    }
    this.text += s
    if (this.withHtml) this.html += s
  }

  /** Slot value: inserted verbatim. */
  val(s: string): void {
    this.text += s
    if (this.withHtml) this.html += s
  }

  /** Word separator unless at the start of a paragraph. */
  space(): void {
    const last = this.text.charCodeAt(this.text.length - 1)
    if (this.text.length > 0 && last !== 10 && last !== 32) this.val(' ')
  }

  para(): void {
    if (this.text.length === 0) return
    this.text += '\n\n'
    if (this.withHtml) this.html += '</p><p>'
  }

  fill(t: Tpl): void {
    for (let i = 0; i < t.length; i++) {
      if ((i & 1) === 0) {
        const s = t[i] as string
        if (s.length > 0) this.lit(s)
      } else {
        this.resolve(t[i] as string, this)
      }
    }
  }

  link(url: string): void {
    this.text += url
    if (this.withHtml) {
      const label = url.startsWith('https://') ? url.slice(8) : url
      this.html += '<a href="' + url + '" rel="nofollow noopener" target="_blank">' + label + '</a>'
    }
  }

  /** Mastodon-style mention; `shown` is the visible text, e.g. "@maya". */
  mention(shown: string, user: string, profileUrl: string): void {
    this.text += shown
    if (this.withHtml) {
      this.html += '<span class="h-card"><a href="' + profileUrl + '" class="u-url mention">@<span>' + user + '</span></a></span>'
    }
  }

  hashtag(tag: string, instanceUrl: string): void {
    this.text += '#' + tag
    if (this.withHtml) {
      this.html += '<a href="' + instanceUrl + '/tags/' + tag.toLowerCase() + '" class="mention hashtag" rel="tag">#<span>' + tag + '</span></a>'
    }
  }

  finish(lower: boolean): Composed {
    let text = this.text
    let html = this.withHtml ? this.html + '</p>' : null
    if (lower) {
      text = text.toLowerCase()
      if (html !== null) html = html.toLowerCase()
    }
    return { text, html }
  }
}

function isLower(c: number): boolean {
  return c >= 97 && c <= 122
}

/** One human slip: swapped, dropped or doubled letter inside a word. */
export function typo(s: string, rng: Rng): string {
  for (let tries = 0; tries < 4; tries++) {
    const i = 1 + rng.int(s.length - 2)
    if (!isLower(s.charCodeAt(i)) || !isLower(s.charCodeAt(i + 1)) || !isLower(s.charCodeAt(i - 1))) continue
    switch (rng.int(3)) {
      case 0:
        return s.slice(0, i) + s.charAt(i + 1) + s.charAt(i) + s.slice(i + 2)
      case 1:
        return s.slice(0, i) + s.slice(i + 1)
      default:
        return s.slice(0, i + 1) + s.slice(i)
    }
  }
  return s
}

// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { Message } from '@shared/contract'
import MessageItem from '@renderer/components/MessageItem.vue'
import { splitQuotedHtml } from '@renderer/lib/quoted-html'
import { sanitizeChannelHtml } from '@renderer/lib/sanitize-html'

/**
 * HTML-only mail as mail programs write it, with the e-mail connector's one change (each <hr> a line
 * break, each <div> a paragraph: tests/node/connectors/email-html.test.ts), then sanitised.
 */
const GMAIL = `<div dir="ltr">Thanks, the new pedal arrived and it works.<div><br></div><div>Hana</div></div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Tue, 3 Dec 2026 at 10:02, Lumen Support &lt;<a href="mailto:support@brand.test">support@brand.test</a>&gt; wrote:<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex">Hi Hana,<br><br>we are sending a new pedal today.<br><img src="https://tracker.example/t.gif" onerror="alert(1)"></blockquote></div>`
const APPLE = `<div>Yes, size L.</div><div><br><blockquote type="cite"><div>On 3 Dec 2026, at 10:02, Lumen Support wrote:</div><br><div>Which size do you need?</div></blockquote></div>`
const OUTLOOK = `<div>Yes please.</div><hr><div id="divRplyFwdMsg"><b>From:</b> Lumen Support &lt;support@brand.test&gt;<br><b>Sent:</b> Tuesday, December 3, 2026 10:02<br><b>To:</b> Hana<br><b>Subject:</b> Your pedal</div><div>Shall we send a new one?</div>`
const FORWARD = `<div dir="ltr">See below.</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">---------- Forwarded message ---------<br>From: <b>Sam</b><br>Date: Mon, 2 Dec 2026</div><br>My pedal broke.</div>`

const stored = (html: string): string => sanitizeChannelHtml(html.replace(/<hr>/g, '<br>'))
const split = (html: string) => splitQuotedHtml(stored(html))
const text = (html: string | null): string => {
  const div = document.createElement('div')
  div.innerHTML = html ?? ''
  return (div.textContent ?? '').replace(/\s+/g, ' ').trim()
}

describe('quoted history in HTML-only mail', () => {
  it('folds a trailing quote from its "On … wrote:" line on (Gmail, Apple Mail)', () => {
    const gmail = split(GMAIL)
    expect(text(gmail.body)).toBe('Thanks, the new pedal arrived and it works.Hana')
    expect(text(gmail.quoted)).toMatch(/^On Tue, 3 Dec 2026 at 10:02, Lumen Support <support@brand.test> wrote:/)
    expect(text(gmail.quoted)).toContain('we are sending a new pedal today.')
    const apple = split(APPLE)
    expect(text(apple.body)).toBe('Yes, size L.')
    expect(text(apple.quoted)).toContain('Which size do you need?')
  })

  it("folds Outlook's From/Sent header block and a forwarded message with all that follows", () => {
    const outlook = split(OUTLOOK)
    expect(text(outlook.body)).toBe('Yes please.')
    expect(text(outlook.quoted)).toMatch(/^From: Lumen Support .*Sent: Tuesday.*Shall we send a new one\?$/)
    const forward = split(FORWARD)
    expect(text(forward.body)).toBe('See below.')
    expect(text(forward.quoted)).toMatch(/^---------- Forwarded message ---------.*My pedal broke\.$/)
  })

  it('leaves alone answers between quotes, a short bare quote, a message that is all quote, and mail without quotes', () => {
    const inline = '<blockquote>Which size?</blockquote><p>Large.</p><blockquote>Which colour?</blockquote><p>Blue.</p>'
    expect(split(inline)).toEqual({ body: stored(inline), quoted: null })
    const short = '<p>I think so.</p><blockquote>ship it</blockquote>'
    expect(split(short).quoted).toBeNull()
    const allQuote = '<p>On Monday, Sam wrote:</p><blockquote>a<br>b<br>c</blockquote>'
    expect(split(allQuote).quoted).toBeNull()
    expect(split('<p>Just text.</p><p>Two paragraphs.</p>').quoted).toBeNull()
  })

  it('shows the new words and folds the quote behind "Quoted text" in the thread, sanitised', () => {
    const message: Message = {
      id: 1,
      remoteId: 'r1',
      parentRemoteId: null,
      direction: 'in',
      authorName: 'Hana',
      authorHandle: 'hana@customer.test',
      authorProfileUrl: null,
      text: 'Thanks, the new pedal arrived and it works.',
      html: stored(GMAIL),
      createdAt: Date.now(),
      permalink: null,
      isContext: false,
      deletedAt: null,
      editedAt: null,
    }
    const w = mount(MessageItem, { props: { message, platform: 'email' } })
    const body = w.findAll('.body > .safe-html')
    expect(body).toHaveLength(1)
    expect(body[0]!.text()).toContain('Thanks, the new pedal arrived and it works.')
    expect(body[0]!.text()).not.toContain('we are sending')
    const fold = w.get('[data-testid="quoted-history"]')
    expect(fold.element.hasAttribute('open')).toBe(false)
    expect(fold.get('summary').text()).toBe('Quoted text')
    expect(fold.get('blockquote').text()).toContain('we are sending a new pedal today.')
    expect(w.html()).not.toMatch(/<img|onerror|tracker\.example/)
    // Links in the quote keep Parley's rules (open outside, no referrer).
    expect(fold.get('a').attributes('rel')).toBe('noopener noreferrer nofollow')
  })
})

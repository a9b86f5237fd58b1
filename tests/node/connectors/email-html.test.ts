import { describe, expect, it } from 'vitest'
import { keepBlockBreaks } from '../../../src/main/features/connectors/email/html-blocks'
import { parseBody } from '../../../src/main/features/connectors/email/mapping'
import { sanitizeChannelHtml } from '../../../src/main/model/sanitize'

/** HTML mail laid out in <div>s keeps its lines through the sanitiser, so the thread (and its quote folding) sees them. */
const OUTLOOK = `<div>Yes please.</div><hr style="display:inline-block;width:98%"><div id="divRplyFwdMsg"><b>From:</b> Lumen Support<br><b>Sent:</b> Tuesday</div><div>Shall we send a new one?</div>`

describe('HTML mail line structure', () => {
  it('turns each <div> into a paragraph and each <hr> into a line break before sanitising', () => {
    expect(keepBlockBreaks('<DIV class="a">x</Div><hr/><divider>y</divider>')).toBe('<p class="a">x</p><br><divider>y</divider>')
    // Without it, "Yes please." and the quoted header would run into one line.
    expect(sanitizeChannelHtml(OUTLOOK)).toContain('Yes please.<b>From:</b>')
    expect(sanitizeChannelHtml(keepBlockBreaks(OUTLOOK))).toBe('<p>Yes please.</p><br /><p><b>From:</b> Lumen Support<br /><b>Sent:</b> Tuesday</p><p>Shall we send a new one?</p>')
  })

  it('applies it to the HTML of HTML-only mail it parses', async () => {
    const source = Buffer.from(`From: hana@customer.test\r\nSubject: pedal\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${OUTLOOK}\r\n`)
    const body = await parseBody(source)
    expect(body.html).toContain('<p>Yes please.</p><br>')
    expect(body.text).toMatch(/^Yes please\./)
  })
})

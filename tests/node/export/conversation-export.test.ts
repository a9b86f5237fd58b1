import { PDFParse } from 'pdf-parse'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { conversationExportSchema, type ConversationExportFormat } from '../../../src/shared/contract'
import { exportWorkspace, HOSTILE, PERMALINK } from '../../support/export-workspace'

type Fixture = Awaited<ReturnType<typeof exportWorkspace>>

async function exported(f: Fixture, id: number, format: ConversationExportFormat, includeNotes = true) {
  const result = await f.call('conversations.export', { id, format, includeNotes })
  if (!result.ok) throw new Error(result.error.message)
  expect(result.value.files).toHaveLength(1)
  return result.value.files[0]!
}

async function pdfText(content: string): Promise<{ pages: string[]; all: string }> {
  const parser = new PDFParse({ data: Buffer.from(content, 'base64') })
  try {
    const text = await parser.getText()
    return { pages: text.pages.map((p) => p.text), all: text.text }
  } finally {
    await parser.destroy()
  }
}

describe('conversation export', () => {
  let f: Fixture
  beforeAll(async () => {
    f = await exportWorkspace()
  })
  afterAll(async () => {
    await f.ws.close()
    f.cleanup()
  })

  it('HTML is self-contained: no remote resources, only the permalink as a plain link, and hostile text stays text', async () => {
    const file = await exported(f, f.id, 'html')
    expect(file).toMatchObject({ name: `parley-conversation-${f.id}.html`, mediaType: 'text/html', encoding: 'utf8' })
    const html = file.content
    // Every tag in the file is Parley's own: channel text cannot open one.
    const tags = [...html.matchAll(/<([a-z][a-z0-9]*)\b/gi)].map((m) => m[1]!.toLowerCase())
    expect(tags.filter((t) => ['script', 'img', 'iframe', 'link', 'object', 'embed', 'b', 'form', 'svg'].includes(t))).toEqual([])
    expect(html).not.toMatch(/<[^>]*\s(src|on[a-z]+)\s*=/i)
    expect(html).toContain("default-src 'none'")
    // No stylesheet loads anything either: no url(), no @import, no http(s) address outside the one link.
    expect(html).not.toMatch(/url\(|@import/i)
    expect([...html.matchAll(/https?:\/\/[^\s"<&]+/g)].map((m) => m[0]).filter((u) => u !== PERMALINK && !/^https?:\/\/evil\.example\//.test(u))).toEqual([])
    const hrefs = [...html.matchAll(/\shref="([^"]*)"/g)].map((m) => m[1])
    expect(hrefs).toEqual([PERMALINK])
    expect(html).not.toContain('javascript:')
    // The hostile words are all there, as text.
    expect(html).toContain('&lt;img src=&quot;https://evil.example/pixel.png&quot; onerror=&quot;alert(1)&quot;&gt;&lt;script&gt;')
    expect(html).toContain('&lt;b onmouseover=&quot;alert(2)&quot;&gt;Mallory&lt;/b&gt;')
    expect(html).toContain('&lt;iframe')
  })

  it('HTML marks internal notes as internal and shows approvals and the audit trail', async () => {
    const html = (await exported(f, f.id, 'html')).content
    expect(html).toMatch(/<li class="note" data-message-id="\d+" data-internal="true">.*Internal note.*customer is a VIP/s)
    expect(html).toContain('Thanks, we are on it.')
    expect(html).toMatch(/approved: submitted by Me/)
    expect(html).toMatch(/submitted · Me/)
    expect(html).toContain('Mastodon · Brand (@Brand)')
    const without = (await exported(f, f.id, 'html', false)).content
    expect(without).not.toContain('customer is a VIP')
    expect(without).toContain('Left out of this export')
  })

  it('JSON validates against the documented schema and carries every part', async () => {
    const file = await exported(f, f.id, 'json')
    const doc = conversationExportSchema.parse(JSON.parse(file.content))
    expect(doc.conversation).toMatchObject({ id: f.id, subject: HOSTILE.subject, authorName: HOSTILE.author })
    expect(doc.channel).toMatchObject({ platform: 'mastodon', displayName: 'Brand' })
    expect(doc.messages.map((m) => [m.direction, m.internal])).toEqual([
      ['in', false],
      ['out', false],
      ['note', true],
    ])
    expect(doc.messages[0]).toMatchObject({ text: HOSTILE.text, permalink: PERMALINK })
    expect(doc.approvals.map((a) => a.status)).toEqual(['approved'])
    expect(doc.audit.map((e) => e.kind)).toEqual(['submitted', 'approved'])
    expect(doc.people.map((p) => p.name)).toEqual(['Me'])
    const without = conversationExportSchema.parse(JSON.parse((await exported(f, f.id, 'json', false)).content))
    expect(without.includesInternalNotes).toBe(false)
    expect(without.messages.some((m) => m.internal)).toBe(false)
  })

  it('PDF parses, holds the messages with the note marked, and a long thread runs over numbered pages', async () => {
    const file = await exported(f, f.id, 'pdf')
    expect(file).toMatchObject({ mediaType: 'application/pdf', encoding: 'base64' })
    const { all } = await pdfText(file.content)
    expect(all).toContain('Thanks, we are on it.')
    expect(all).toContain('INTERNAL NOTE')
    expect(all).toContain('customer is a VIP')
    expect(all).toContain(PERMALINK)
    expect(all).toContain('Audit trail')
    const long = await pdfText((await exported(f, f.long, 'pdf')).content)
    expect(long.pages.length).toBeGreaterThan(1)
    expect(long.all).toContain('Message number 0 in a long thread.')
    expect(long.all).toContain('Message number 89 in a long thread.')
    expect(long.all).toContain(`Page ${long.pages.length} of ${long.pages.length}`)
  })

  it('refuses an unknown conversation in plain words', async () => {
    const result = await f.call('conversations.export', { id: 9999, format: 'json' })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.message).toMatch(/9999/)
  })
})

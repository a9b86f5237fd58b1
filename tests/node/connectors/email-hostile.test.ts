import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { emailConnector } from '../../../src/main/features/connectors/email'
import { openApprovalCore } from '../../support/approval-workspace'
import { asMailUser, supportAccount } from '../../support/mail-clients'
import { startMailServers, type MailServers } from '../../support/mail-servers'
import { tempDir } from '../../support/workspace'

/** Hostile mail reaches the mailbox like any other; each message is stored safely or noted in plain words. */
let servers: MailServers
beforeAll(async () => {
  servers = await startMailServers()
}, 60_000)
afterAll(async () => {
  await servers?.stop()
})

const head = (id: string, subject: string, extra = ''): string =>
  `From: Mallory <mallory@customer.test>\r\nTo: support@brand.test\r\nSubject: ${subject}\r\nMessage-ID: <${id}>\r\nDate: ${new Date().toUTCString()}\r\nMIME-Version: 1.0\r\n${extra}`

function manyParts(count: number): string {
  const parts = Array.from({ length: count }, (_, i) => `--b\r\nContent-Type: text/plain\r\n\r\npart ${i}\r\n`).join('')
  return `${head('parts@customer.test', 'Ten thousand parts', 'Content-Type: multipart/mixed; boundary="b"\r\n')}\r\n${parts}--b--\r\n`
}

function deepNesting(depth: number): string {
  let body = 'Content-Type: text/plain\r\n\r\ninnermost\r\n'
  for (let i = 0; i < depth; i++) body = `Content-Type: multipart/mixed; boundary="n${i}"\r\n\r\n--n${i}\r\n${body}--n${i}--\r\n`
  return `${head('nested@customer.test', 'Deeply nested', '')}${body}`
}

const MESSAGES: Record<string, string> = {
  'parts@customer.test': manyParts(10_000),
  'nested@customer.test': deepNesting(400),
  'header@customer.test': `${head('header@customer.test', 'Huge header', `X-Filler: ${'a'.repeat(400 * 1024)}\r\n`)}Content-Type: text/plain\r\n\r\nbody after a huge header\r\n`,
  'encoding@customer.test': `${head('encoding@customer.test', 'Broken encodings', 'Content-Type: text/plain; charset="x-no-such-charset"\r\nContent-Transfer-Encoding: base64\r\n')}\r\n!!!not base64 at all%%%\r\n`,
  'html@customer.test': `${head('html@customer.test', 'HTML only', 'Content-Type: text/html; charset=utf-8\r\n')}\r\n<p>Hi <b>there</b><img src="http://tracker.example/pixel.gif"><script>alert(1)</script><a href="javascript:alert(2)">x</a></p>\r\n`,
  'big@customer.test': `${head('big@customer.test', 'Fifty megabytes', 'Content-Type: text/plain\r\n')}\r\n${`${'x'.repeat(998)}\r\n`.repeat(50 * 1024)}`,
}

describe('hostile e-mail', () => {
  it('ingests each hostile message safely or notes it in plain words, and the mailbox keeps syncing', async () => {
    const folder = 'Hostile'
    await asMailUser(servers, 'support@brand.test', async (c) => {
      await c.mailboxCreate(folder)
      for (const raw of Object.values(MESSAGES)) await c.append(folder, raw)
    })
    const t = tempDir('parley-email-hostile-')
    const ws = openApprovalCore(t.dir, { config: { connectors: [emailConnector] } })
    try {
      const account = await ws.core.accounts.add('email', supportAccount(servers, { folders: folder }))
      await ws.core.sync.pollOnce([account.id])
      const rows = ws.core.db.prepare('SELECT remote_id AS id, text, html FROM messages').all() as { id: string; text: string; html: string | null }[]
      const byId = Object.fromEntries(rows.map((r) => [r.id, r]))
      expect(Object.keys(byId).sort()).toEqual(Object.keys(MESSAGES).sort())
      expect(byId['parts@customer.test']!.text).toMatch(/^Parley could not read this message \(.*\)\. Open it in your mail program\.$/)
      expect(byId['nested@customer.test']!.text.length).toBeLessThan(10_000)
      expect(byId['header@customer.test']!.text).toMatch(/could not read this message|body after a huge header/)
      expect(typeof byId['encoding@customer.test']!.text).toBe('string')
      expect(byId['html@customer.test']!.html).toBe('<p>Hi <b>there</b><a rel="noopener noreferrer nofollow" target="_blank">x</a></p>')
      expect(byId['big@customer.test']!.text).toMatch(/^This message is 48\.8 MB, more than Parley downloads \(25\.0 MB\)\. Open it in your mail program\.$/)
      expect(ws.core.sync.health(account.id)?.streams[0]).toMatchObject({ lastError: null })
    } finally {
      await ws.client.close().catch(() => undefined)
      t.cleanup()
    }
  }, 120_000)
})

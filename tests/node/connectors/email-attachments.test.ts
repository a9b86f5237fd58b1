import { randomBytes } from 'node:crypto'
import MailComposer from 'nodemailer/lib/mail-composer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { emailConnector } from '../../../src/main/features/connectors/email'
import { openApprovalCore } from '../../support/approval-workspace'
import { asMailUser, supportAccount } from '../../support/mail-clients'
import { startMailServers, type MailServers } from '../../support/mail-servers'
import { tempDir } from '../../support/workspace'

/**
 * Attachments are listed at ingest and saved only on request: `messages.attachment` fetches that one
 * part from the real Dovecot, and the bytes handed over are the bytes the customer sent, under a name
 * with no path in it and a type that only ever downloads.
 */
let servers: MailServers
beforeAll(async () => {
  servers = await startMailServers()
}, 60_000)
afterAll(async () => {
  await servers?.stop()
})

const photo = randomBytes(300_000)
const secondPhoto = randomBytes(1_000)
const notes = Buffer.from('line one\r\nline two, ünïcödé\r\n', 'utf8')

async function mailWithAttachments(folder: string): Promise<void> {
  const raw = await new MailComposer({
    from: 'Hana Customer <customer@customer.test>',
    to: 'support@brand.test',
    subject: 'Photos of the broken pedal',
    messageId: '<files-1@customer.test>',
    text: 'Here are the photos.',
    attachments: [
      { filename: 'photo.bin', content: photo, contentType: 'application/octet-stream' },
      { filename: 'notes.txt', content: notes, contentType: 'text/plain; charset=utf-8' },
      { filename: '../../etc/profile.html', content: '<script>alert(1)</script>', contentType: 'text/html' },
      { filename: 'photo.bin', content: secondPhoto, contentType: 'application/octet-stream' },
    ],
  })
    .compile()
    .build()
  await asMailUser(servers, 'support@brand.test', async (c) => {
    await c.mailboxCreate(folder)
    await c.append(folder, raw)
  })
}

describe('e-mail attachments saved on request', () => {
  it('lists each attachment and saves exactly the bytes sent, under a safe name, as a download only', async () => {
    const folder = 'Files'
    await mailWithAttachments(folder)
    const t = tempDir('parley-email-files-')
    const ws = openApprovalCore(t.dir, { config: { connectors: [emailConnector] } })
    try {
      const account = await ws.core.accounts.add('email', supportAccount(servers, { folders: folder }))
      await ws.core.sync.pollOnce([account.id])
      const conversationId = ws.core.db.prepare('SELECT id FROM conversations').pluck().get() as number
      const { messages } = await ws.ok('conversations.get', { id: conversationId })
      const message = messages.find((m) => m.remoteId === 'files-1@customer.test')!
      expect(message.attachments).toEqual([
        { name: 'photo.bin', type: 'application/octet-stream', size: photo.length },
        { name: 'notes.txt', type: 'text/plain', size: notes.length },
        { name: '../../etc/profile.html', type: 'text/html', size: 25 },
        { name: 'photo.bin', type: 'application/octet-stream', size: secondPhoto.length },
      ])
      const save = (index: number) => ws.ok('messages.attachment', { messageId: message.id, index })

      const first = await save(0)
      expect(first).toMatchObject({ name: 'photo.bin', mediaType: 'application/octet-stream', encoding: 'base64' })
      expect(Buffer.from(first.content, 'base64').equals(photo)).toBe(true)
      // Text is handed over byte for byte (no charset or line-end conversion).
      expect(Buffer.from((await save(1)).content, 'base64').equals(notes)).toBe(true)
      // A name with folders in it loses them, and HTML is never handed over as something to render.
      const hostile = await save(2)
      expect(hostile.name).not.toMatch(/[/\\]/)
      expect(hostile.name).toBe('_.._etc_profile.html')
      expect(hostile.mediaType).toBe('application/octet-stream')
      expect(Buffer.from(hostile.content, 'base64').toString('utf8')).toBe('<script>alert(1)</script>')
      // Two files of the same name are told apart by their place in the list.
      expect(Buffer.from((await save(3)).content, 'base64').equals(secondPhoto)).toBe(true)

      // No such attachment, and one over the limit: plain messages, nothing fetched.
      const missing = await ws.raw('messages.attachment', { messageId: message.id, index: 9 })
      expect(missing).toMatchObject({ ok: false, error: { code: 'not_found', message: 'This message has no such attachment. Reload the conversation and try again.' } })
      ws.core.db.prepare("UPDATE messages SET raw = json_set(raw, '$.attachments[0].size', 30000000) WHERE id = ?").run(message.id)
      const huge = await ws.raw('messages.attachment', { messageId: message.id, index: 0 })
      expect(huge).toMatchObject({ ok: false, error: { code: 'bad_input', message: '"photo.bin" is 28.6 MB, more than Parley saves (25.0 MB). Open it in your mail program.' } })

      // Deleted at the server: a plain message that it is gone.
      ws.core.db.prepare("UPDATE messages SET raw = json_set(raw, '$.attachments[0].size', 10) WHERE id = ?").run(message.id)
      await servers.doveadm('expunge', '-u', 'support@brand.test', 'mailbox', folder, 'all')
      const gone = await ws.raw('messages.attachment', { messageId: message.id, index: 0 })
      expect(gone).toMatchObject({ ok: false, error: { code: 'not_found' } })
      expect(gone.ok ? '' : gone.error.message).toMatch(/no longer in the folders Parley reads/)
    } finally {
      await ws.client.close().catch(() => undefined)
      t.cleanup()
    }
  })
})

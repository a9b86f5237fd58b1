import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { emailConnector } from '../../../src/main/features/connectors/email'
import { readCursor } from '../../../src/main/features/connectors/email/cursor'
import { openApprovalCore } from '../../support/approval-workspace'
import { asMailUser, supportAccount } from '../../support/mail-clients'
import { startMailServers, type MailServers } from '../../support/mail-servers'
import { tempDir } from '../../support/workspace'

/**
 * Mail removed at the server (a person deleting it in a mail program, `doveadm expunge`) between
 * polls: the folder's cursor stays put, nothing already stored is lost or stored twice, and the next
 * new message still arrives exactly once, even when the newest message (the cursor's UID) is gone.
 */
let servers: MailServers
beforeAll(async () => {
  servers = await startMailServers()
}, 60_000)
afterAll(async () => {
  await servers?.stop()
})

describe('e-mail after expunges at the server', () => {
  it('keeps its place when the newest and a middle message are expunged, and takes the next one once', async () => {
    const folder = 'Expunged'
    await asMailUser(servers, 'support@brand.test', (c) => c.mailboxCreate(folder))
    const append = (id: string) =>
      asMailUser(servers, 'support@brand.test', (c) =>
        c.append(folder, `From: customer@customer.test\r\nTo: support@brand.test\r\nSubject: ${id}\r\nMessage-ID: <${id}>\r\nDate: ${new Date().toUTCString()}\r\n\r\nabout ${id}\r\n`),
      )
    const t = tempDir('parley-email-expunge-')
    const ws = openApprovalCore(t.dir, { config: { connectors: [emailConnector] } })
    const ids = () => (ws.core.db.prepare('SELECT remote_id AS id FROM messages ORDER BY remote_id').all() as { id: string }[]).map((r) => r.id)
    const cursor = () => readCursor((ws.core.db.prepare('SELECT cursor FROM sync_cursors').get() as { cursor: string }).cursor).folders[folder]!
    try {
      for (const id of ['ex-1@customer.test', 'ex-2@customer.test', 'ex-3@customer.test']) await append(id)
      const account = await ws.core.accounts.add('email', supportAccount(servers, { folders: folder }))
      await ws.core.sync.pollOnce([account.id])
      expect(ids()).toEqual(['ex-1@customer.test', 'ex-2@customer.test', 'ex-3@customer.test'])
      const before = cursor()

      // The newest message (the cursor's own UID) and one in the middle are expunged at the server.
      await servers.doveadm('expunge', '-u', 'support@brand.test', 'mailbox', folder, 'header', 'Message-ID', 'ex-3@customer.test')
      await servers.doveadm('expunge', '-u', 'support@brand.test', 'mailbox', folder, 'header', 'Message-ID', 'ex-2@customer.test')
      const [outcome] = await ws.core.sync.pollOnce([account.id])
      expect(outcome).toMatchObject({ fetched: 0, error: null })
      expect(cursor()).toMatchObject({ uidValidity: before.uidValidity, lastUid: before.lastUid })
      // What Parley stored stays (the conversation keeps its history), and nothing came twice.
      expect(ids()).toEqual(['ex-1@customer.test', 'ex-2@customer.test', 'ex-3@customer.test'])

      // "lastUid+1:*" names the newest surviving message (ex-1, below the cursor): it is not taken again.
      await append('ex-4@customer.test')
      await ws.core.sync.pollOnce([account.id])
      const [again] = await ws.core.sync.pollOnce([account.id])
      expect(again).toMatchObject({ fetched: 0, error: null })
      expect(ids()).toEqual(['ex-1@customer.test', 'ex-2@customer.test', 'ex-3@customer.test', 'ex-4@customer.test'])
      expect(cursor().lastUid).toBe(before.lastUid + 1)
    } finally {
      await ws.client.close().catch(() => undefined)
      t.cleanup()
    }
  })
})

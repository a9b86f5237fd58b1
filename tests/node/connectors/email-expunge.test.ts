import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { emailConnector } from '../../../src/main/features/connectors/email'
import { ImapFlow } from 'imapflow'
import { readCursor, type FolderCursor } from '../../../src/main/features/connectors/email/cursor'
import { removedSince, reportsVanished, UID_CHECK_MS } from '../../../src/main/features/connectors/email/removals'
import { openApprovalCore } from '../../support/approval-workspace'
import { asMailUser, supportAccount } from '../../support/mail-clients'
import { startMailServers, type MailServers } from '../../support/mail-servers'
import { tempDir } from '../../support/workspace'

/**
 * Mail removed at the server (a person deleting it in a mail program, `doveadm expunge`) between
 * polls: Dovecot reports it through QRESYNC (VANISHED) and Parley marks it deleted, visibly, with its
 * words kept; the folder's cursor stays put, nothing is stored twice, and the next new message still
 * arrives exactly once, even when the newest message (the cursor's UID) is gone. A message moved to
 * another folder Parley reads is not a removal; one moved out of them is.
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
    const deleted = () =>
      (ws.core.db.prepare('SELECT remote_id AS id FROM messages WHERE deleted_at IS NOT NULL ORDER BY remote_id').all() as { id: string }[]).map((r) => r.id)
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
      expect(outcome).toMatchObject({ fetched: 2, stored: 0, error: null })
      expect(cursor()).toMatchObject({ uidValidity: before.uidValidity, lastUid: before.lastUid })
      // What Parley stored stays (the conversation keeps its history), marked deleted, and nothing came twice.
      expect(ids()).toEqual(['ex-1@customer.test', 'ex-2@customer.test', 'ex-3@customer.test'])
      expect(deleted()).toEqual(['ex-2@customer.test', 'ex-3@customer.test'])
      const text = ws.core.db.prepare('SELECT text FROM messages WHERE remote_id = ?').pluck().get('ex-3@customer.test')
      expect(text).toBe('about ex-3@customer.test')
      // Reported once: the next poll has nothing to say about them.
      const [quiet] = await ws.core.sync.pollOnce([account.id])
      expect(quiet).toMatchObject({ fetched: 0, error: null })

      // "lastUid+1:*" names the newest surviving message (ex-1, below the cursor): it is not taken again.
      await append('ex-4@customer.test')
      await ws.core.sync.pollOnce([account.id])
      const [again] = await ws.core.sync.pollOnce([account.id])
      expect(again).toMatchObject({ fetched: 0, error: null })
      expect(ids()).toEqual(['ex-1@customer.test', 'ex-2@customer.test', 'ex-3@customer.test', 'ex-4@customer.test'])
      expect(deleted()).toEqual(['ex-2@customer.test', 'ex-3@customer.test'])
      expect(cursor().lastUid).toBe(before.lastUid + 1)
    } finally {
      await ws.client.close().catch(() => undefined)
      t.cleanup()
    }
  })

  it('marks a message moved out of the folders it reads deleted, and not one moved between them', async () => {
    const [read, other, away] = ['MovedFrom', 'MovedTo', 'Elsewhere']
    await asMailUser(servers, 'support@brand.test', async (c) => {
      for (const f of [read, other, away]) await c.mailboxCreate(f)
      for (const id of ['mv-1@customer.test', 'mv-2@customer.test'])
        await c.append(read, `From: customer@customer.test\r\nTo: support@brand.test\r\nSubject: ${id}\r\nMessage-ID: <${id}>\r\nDate: ${new Date().toUTCString()}\r\n\r\nabout ${id}\r\n`)
    })
    const t = tempDir('parley-email-move-')
    const ws = openApprovalCore(t.dir, { config: { connectors: [emailConnector] } })
    const deleted = () =>
      (ws.core.db.prepare('SELECT remote_id AS id FROM messages WHERE deleted_at IS NOT NULL ORDER BY remote_id').all() as { id: string }[]).map((r) => r.id)
    const count = () => ws.core.db.prepare('SELECT count(*) FROM messages').pluck().get()
    try {
      const account = await ws.core.accounts.add('email', supportAccount(servers, { folders: `${other},${read}` }))
      await ws.core.sync.pollOnce([account.id])
      expect(count()).toBe(2)
      // A person files one message into another folder Parley reads, and the other into one it does not.
      await asMailUser(servers, 'support@brand.test', async (c) => {
        await c.mailboxOpen(read)
        const [one] = await c.search({ header: { 'message-id': '<mv-1@customer.test>' } }, { uid: true }) || []
        const [two] = await c.search({ header: { 'message-id': '<mv-2@customer.test>' } }, { uid: true }) || []
        await c.messageMove(String(one), other, { uid: true })
        await c.messageMove(String(two), away, { uid: true })
      })
      await ws.core.sync.pollOnce([account.id])
      expect(deleted()).toEqual(['mv-2@customer.test'])
      expect(count()).toBe(2)
      // Moved back where Parley reads it, it is no longer deleted.
      await asMailUser(servers, 'support@brand.test', async (c) => {
        await c.mailboxOpen(away)
        await c.messageMove('1:*', read, { uid: true })
      })
      await ws.core.sync.pollOnce([account.id])
      expect(deleted()).toEqual([])
      expect(count()).toBe(2)
    } finally {
      await ws.client.close().catch(() => undefined)
      t.cleanup()
    }
  })

  it('fills in what it knows of a folder whose cursor predates removal tracking, then notices removals', async () => {
    const folder = 'Upgraded'
    await asMailUser(servers, 'support@brand.test', async (c) => {
      await c.mailboxCreate(folder)
      for (const id of ['up-1@customer.test', 'up-2@customer.test'])
        await c.append(folder, `From: customer@customer.test\r\nSubject: ${id}\r\nMessage-ID: <${id}>\r\nDate: ${new Date().toUTCString()}\r\n\r\nabout ${id}\r\n`)
    })
    const t = tempDir('parley-email-upgrade-')
    const ws = openApprovalCore(t.dir, { config: { connectors: [emailConnector] } })
    const row = () => ws.core.db.prepare('SELECT channel_account_id AS id, cursor FROM sync_cursors').get() as { id: number; cursor: string }
    const deleted = () => ws.core.db.prepare('SELECT remote_id FROM messages WHERE deleted_at IS NOT NULL').pluck().all()
    try {
      const account = await ws.core.accounts.add('email', supportAccount(servers, { folders: folder }))
      await ws.core.sync.pollOnce([account.id])
      // The cursor as an earlier Parley wrote it: UIDVALIDITY, last UID and poll time only.
      const { id, cursor } = row()
      const old = JSON.parse(cursor) as { folders: Record<string, Record<string, unknown>> }
      const { uidValidity, lastUid, polledAt } = old.folders[folder]!
      old.folders[folder] = { uidValidity, lastUid, polledAt }
      ws.core.db.prepare('UPDATE sync_cursors SET cursor = ? WHERE channel_account_id = ?').run(JSON.stringify(old), id)

      await ws.core.sync.pollOnce([account.id])
      expect(readCursor(row().cursor).folders[folder]!.known!.map(([, messageId]) => messageId)).toEqual(['up-1@customer.test', 'up-2@customer.test'])
      await servers.doveadm('expunge', '-u', 'support@brand.test', 'mailbox', folder, 'header', 'Message-ID', 'up-1@customer.test')
      await ws.core.sync.pollOnce([account.id])
      expect(deleted()).toEqual(['up-1@customer.test'])
    } finally {
      await ws.client.close().catch(() => undefined)
      t.cleanup()
    }
  })

  it('on a connection without QRESYNC, compares the known UIDs with the folder at its slower cadence', async () => {
    const folder = 'NoQresync'
    await asMailUser(servers, 'support@brand.test', async (c) => {
      await c.mailboxCreate(folder)
      for (const id of ['nq-1@customer.test', 'nq-2@customer.test'])
        await c.append(folder, `From: customer@customer.test\r\nSubject: ${id}\r\nMessage-ID: <${id}>\r\n\r\nabout ${id}\r\n`)
    })
    // The same Dovecot, but a client that never enables QRESYNC: no VANISHED, so the UID list is what tells.
    const client = new ImapFlow({
      host: '127.0.0.1',
      port: servers.imapPort,
      secure: false,
      auth: { user: 'support@brand.test', pass: servers.users['support@brand.test']! },
      logger: false,
      qresync: false,
    })
    client.on('error', () => undefined)
    await client.connect()
    try {
      let mailbox = await client.mailboxOpen(folder, { readOnly: true })
      expect(reportsVanished(client, mailbox)).toBe(false)
      const now = Date.now()
      const previous: FolderCursor = {
        uidValidity: String(mailbox.uidValidity),
        lastUid: 2,
        polledAt: now,
        highestModseq: String(mailbox.highestModseq),
        known: [
          [1, 'nq-1@customer.test'],
          [2, 'nq-2@customer.test'],
        ],
        checkedAt: now - UID_CHECK_MS,
      }
      await servers.doveadm('expunge', '-u', 'support@brand.test', 'mailbox', folder, 'header', 'Message-ID', 'nq-1@customer.test')
      mailbox = await client.mailboxOpen(folder, { readOnly: true })
      // Compared sooner than the cadence allows: nothing asked, nothing found yet.
      expect(await removedSince(client, mailbox, { ...previous, checkedAt: now - 1000 }, now)).toEqual({ gone: new Set(), checkedAt: now - 1000 })
      expect(await removedSince(client, mailbox, previous, now)).toEqual({ gone: new Set([1]), checkedAt: now })
    } finally {
      await client.logout().catch(() => client.close())
    }
  })
})

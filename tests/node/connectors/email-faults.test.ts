import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { emailConnector } from '../../../src/main/features/connectors/email'
import { PENDING_KEYWORD } from '../../../src/main/features/connectors/email/send'
import { addPeople, openApprovalCore, PASSPHRASES } from '../../support/approval-workspace'
import { folderContents, mailFromCustomer, supportAccount } from '../../support/mail-clients'
import { startMailServers, type MailServers } from '../../support/mail-servers'
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy'
import { tempDir } from '../../support/workspace'

/** Network faults between Parley and a real Dovecot: a poll that fails loses nothing and doubles nothing. */
let servers: MailServers
let proxy: TcpProxy
/** In front of Postfix's submission port: replies go out through it. */
let submission: TcpProxy
beforeAll(async () => {
  servers = await startMailServers()
  proxy = await startTcpProxy(servers.imapPort)
  submission = await startTcpProxy(servers.submissionPort)
}, 60_000)
afterAll(async () => {
  await submission?.close()
  await proxy?.close()
  await servers?.stop()
})

describe('e-mail under network faults', () => {
  it('offline, then a connection cut in the middle of a fetch: the mail arrives once when the line is back', async () => {
    const t = tempDir('parley-email-faults-')
    const ws = openApprovalCore(t.dir, { config: { connectors: [emailConnector] } })
    const ids = () => (ws.core.db.prepare('SELECT remote_id AS id FROM messages ORDER BY remote_id').all() as { id: string }[]).map((r) => r.id)
    try {
      await mailFromCustomer(servers, { subject: 'First', text: 'one', messageId: 'fault-1@customer.test' })
      const account = await ws.core.accounts.add('email', supportAccount(servers, { imap: `imap://127.0.0.1:${proxy.port}` }))
      await ws.core.sync.pollOnce([account.id])
      expect(ids()).toEqual(['fault-1@customer.test'])

      // The line goes down: the stream is offline, not in error, and nothing is stored.
      await proxy.setDown(true)
      await mailFromCustomer(servers, { subject: 'Second', text: 'two '.repeat(5_000), messageId: 'fault-2@customer.test' })
      await mailFromCustomer(servers, { subject: 'Third', text: 'three', messageId: 'fault-3@customer.test' })
      await ws.core.sync.pollOnce([account.id])
      expect(ws.core.sync.health(account.id)).toMatchObject({ offline: true, streams: [{ lastError: null }] })
      expect(ids()).toEqual(['fault-1@customer.test'])

      // Back, but the connection drops partway through the download: the cursor stays where it was.
      await proxy.setDown(false)
      proxy.cutAfter(6_000)
      await ws.core.sync.pollOnce([account.id])
      expect(ids()).toEqual(['fault-1@customer.test'])
      expect(ws.core.sync.health(account.id)?.streams[0]?.lastError).toBe('The mail server closed the connection before the poll finished; trying again soon.')

      // A clean poll brings both messages, once each.
      proxy.cutAfter(null)
      ws.clock.advance(120_000)
      await ws.core.sync.pollOnce([account.id])
      await ws.core.sync.pollOnce([account.id])
      expect(ids()).toEqual(['fault-1@customer.test', 'fault-2@customer.test', 'fault-3@customer.test'])
      expect(ws.core.sync.health(account.id)).toMatchObject({ offline: false, streams: [{ lastError: null }] })
    } finally {
      await ws.client.close().catch(() => undefined)
      t.cleanup()
    }
  })

  it('a reply whose submission is refused, then cut after Postfix took it: the customer receives it once, and Parley asks instead of resending', async () => {
    const t = tempDir('parley-email-reply-faults-')
    const ws = openApprovalCore(t.dir, { config: { connectors: [emailConnector] } })
    try {
      const question = `reply-fault-${Date.now()}@customer.test`
      await mailFromCustomer(servers, { subject: 'Saddle', text: 'The saddle creaks.', messageId: question })
      const account = await ws.core.accounts.add('email', supportAccount(servers, { smtp: `smtp://127.0.0.1:${submission.port}` }))
      await ws.core.sync.pollOnce([account.id])
      const { c: conversationId } = ws.core.db.prepare('SELECT conversation_id AS c FROM messages WHERE remote_id = ?').get(question) as { c: number }

      const people = await addPeople(ws.ok)
      const text = 'Hello Hana,\n\na drop of oil on the rails fixes it.\n\nLumen Bikes'
      await ws.ok('profiles.switch', { profileId: people.alex })
      await ws.ok('drafts.save', { conversationId, body: text })
      const { approval } = await ws.ok('approvals.submit', { conversationId })
      await ws.ok('profiles.switch', { profileId: people.sam, passphrase: PASSPHRASES.sam })
      const { outboxItem } = await ws.ok('approvals.approve', { approvalId: approval!.id, bodyHash: approval!.bodyHash })
      const itemId = outboxItem!.id

      // The submission port refuses connections: nothing reached Postfix, so the reply waits and is tried again.
      await submission.setDown(true)
      ws.clock.advance(60_000)
      expect(await ws.core.outboxEngine.runDue()).toEqual([{ itemId, accountId: account.id, outcome: 'requeued' }])
      await submission.setDown(false)

      // Postfix takes the whole reply, and the line drops before its "250 queued" comes back.
      submission.cutAnswerTo('\r\n.\r\n')
      ws.clock.advance(15 * 60_000)
      expect(await ws.core.outboxEngine.runDue()).toEqual([{ itemId, accountId: account.id, outcome: 'unconfirmed' }])
      ws.clock.advance(60 * 60_000)
      expect(await ws.core.outboxEngine.runDue()).toEqual([])
      expect((await ws.ok('outbox.list', { conversationId }))[0]).toMatchObject({ state: 'unconfirmed' })

      await servers.drained()
      const replies = (await folderContents(servers, 'customer@customer.test', 'INBOX')).filter((m) => m.parsed.inReplyTo === `<${question}>`)
      expect(replies).toHaveLength(1)
      expect(replies[0]!.parsed.text?.replace(/\n$/, '')).toBe(text)
      // Sent keeps one copy, still marked pending: only a person can tell the outbox it went out.
      const inSent = (await folderContents(servers, 'support@brand.test', 'Sent')).filter((m) => m.parsed.messageId === replies[0]!.parsed.messageId)
      expect(inSent.map((m) => m.flags.includes(PENDING_KEYWORD))).toEqual([true])
    } finally {
      await ws.client.close().catch(() => undefined)
      t.cleanup()
    }
  })
})

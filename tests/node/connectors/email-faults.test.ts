import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { emailConnector } from '../../../src/main/features/connectors/email'
import { openApprovalCore } from '../../support/approval-workspace'
import { mailFromCustomer, supportAccount } from '../../support/mail-clients'
import { startMailServers, type MailServers } from '../../support/mail-servers'
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy'
import { tempDir } from '../../support/workspace'

/** Network faults between Parley and a real Dovecot: a poll that fails loses nothing and doubles nothing. */
let servers: MailServers
let proxy: TcpProxy
beforeAll(async () => {
  servers = await startMailServers()
  proxy = await startTcpProxy(servers.imapPort)
}, 60_000)
afterAll(async () => {
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
})

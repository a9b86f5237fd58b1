import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { emailConnector } from '../../../src/main/features/connectors/email'
import type { Connector } from '../../../src/main/model/connector'
import { openApprovalCore } from '../../support/approval-workspace'
import { asMailUser, mailFromCustomer, supportAccount } from '../../support/mail-clients'
import { startMailServers, type MailServers } from '../../support/mail-servers'
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy'
import { tempDir } from '../../support/workspace'

/**
 * IMAP IDLE against a real Dovecot: the workspace's clock stands still, so no scheduled poll ever
 * falls due; mail reaches the inbox only because the server told the watching connection about it.
 */
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

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

/** Empties the support INBOX, so each test sees only its own mail. */
async function emptyInbox(): Promise<void> {
  await asMailUser(servers, 'support@brand.test', async (c) => {
    const box = await c.mailboxOpen('INBOX')
    if (box.exists) await c.messageDelete('1:*')
  })
}

/** A running workspace (the sync engine on its own schedule) whose e-mail connector records each wake-up. */
function runningWorkspace() {
  const wakes: string[] = []
  const recording: Connector = {
    ...emailConnector,
    watch: (ctx, options) => emailConnector.watch!(ctx, { ...options, wake: (stream) => (wakes.push(stream), options.wake(stream)) }),
  }
  const t = tempDir('parley-email-idle-')
  const ws = openApprovalCore(t.dir, { config: { connectors: [recording], autoSync: true, backupSchedule: false } })
  cleanups.push(async () => {
    await ws.client.close().catch(() => undefined)
    t.cleanup()
  })
  /** The watch woke the stream at least `count` times and every poll that asked for is done. */
  const settled = (accountId: number, count: number) =>
    eventually(() => {
      expect(wakes.length).toBeGreaterThanOrEqual(count)
      expect(ws.core.sync.health(accountId)!.streams[0]!.nextPollAt!).toBeGreaterThan(ws.clock.now())
    })
  const ids = () => (ws.core.db.prepare("SELECT remote_id AS id FROM messages WHERE direction = 'in' ORDER BY remote_id").all() as { id: string }[]).map((r) => r.id)
  return { ...ws, wakes, ids, settled }
}

/** Waits for something to happen (never for a fixed time); generous, since the machine is shared. */
const eventually = (check: () => void | Promise<void>): Promise<void> => vi.waitFor(check, { timeout: 30_000, interval: 100 })

async function supportConnections(): Promise<number> {
  const who = await servers.doveadm('who', '-1').catch(() => '')
  return who.split('\n').filter((line) => line.includes('support@brand.test') && /\bimap\b/.test(line)).length
}

describe('e-mail with IMAP IDLE', () => {
  it('shows mail delivered over SMTP without waiting for a scheduled poll', async () => {
    await emptyInbox()
    const ws = runningWorkspace()
    const account = await ws.core.accounts.add('email', supportAccount(servers))
    // The watch is in its folder (it woke the stream once on opening) and that poll is done.
    await ws.settled(account.id, 1)
    const wakesBefore = ws.wakes.length

    await mailFromCustomer(servers, { subject: 'Saddle squeaks', text: 'It squeaks on every bump.', messageId: 'idle-1@customer.test' })
    await eventually(() => expect(ws.ids()).toContain('idle-1@customer.test'))
    // It came through IDLE: the clock never moved, so the stream's next scheduled poll is still ahead.
    expect(ws.wakes.length).toBeGreaterThan(wakesBefore)
    const [stream] = ws.core.sync.health(account.id)!.streams
    expect(stream!.nextPollAt!).toBeGreaterThan(ws.clock.now())

    // Mail removed at the server (QRESYNC's VANISHED) and a flag changed in a mail program wake the stream too.
    await ws.settled(account.id, ws.wakes.length)
    const beforeFlag = ws.wakes.length
    await servers.doveadm('flags', 'add', '-u', 'support@brand.test', '\\Flagged', 'mailbox', 'INBOX', 'all')
    await ws.settled(account.id, beforeFlag + 1)
    const beforeExpunge = ws.wakes.length
    await servers.doveadm('expunge', '-u', 'support@brand.test', 'mailbox', 'INBOX', 'all')
    await ws.settled(account.id, beforeExpunge + 1)
  })

  it('reopens the IDLE connection after the line drops, and closes it when the account is removed', async () => {
    await emptyInbox()
    const ws = runningWorkspace()
    const account = await ws.core.accounts.add('email', supportAccount(servers, { imap: `imap://127.0.0.1:${proxy.port}` }))
    await ws.settled(account.id, 1)

    // The line drops every connection; the watch comes back by itself and wakes the stream to catch up.
    const wakesBefore = ws.wakes.length
    await proxy.setDown(true)
    await mailFromCustomer(servers, { subject: 'While away', text: 'Sent while the line was down.', messageId: 'idle-away@customer.test' })
    await proxy.setDown(false)
    await eventually(() => expect(ws.ids()).toContain('idle-away@customer.test'))
    expect(ws.wakes.length).toBeGreaterThan(wakesBefore)

    // And it listens again: the next mail arrives without a scheduled poll too.
    await ws.settled(account.id, wakesBefore + 1)
    await mailFromCustomer(servers, { subject: 'After', text: 'Sent once the line was back.', messageId: 'idle-back@customer.test' })
    await eventually(() => expect(ws.ids()).toContain('idle-back@customer.test'))

    // Removing the account closes the watch: Dovecot has no connection of the mailbox left.
    await ws.core.accounts.remove(account.id, false)
    await eventually(async () => expect(await supportConnections()).toBe(0))
  })
})

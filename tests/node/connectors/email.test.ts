import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createServer as createTlsServer } from 'node:tls'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { replyHash } from '../../../src/main/features/reply/hash'
import { emailConnector } from '../../../src/main/features/connectors/email'
import { PENDING_KEYWORD } from '../../../src/main/features/connectors/email/send'
import { replyMessageId } from '../../../src/main/features/connectors/email/threads'
import { addPeople, openApprovalCore, PASSPHRASES } from '../../support/approval-workspace'
import { asMailUser, folderContents, mailFromCustomer, supportAccount } from '../../support/mail-clients'
import { startMailServers, type MailServers } from '../../support/mail-servers'
import { tempDir } from '../../support/workspace'

/**
 * The e-mail connector against real Dovecot and Postfix on loopback: mail in from a customer
 * through the MX, threaded in Parley, answered through approval and SMTP submission.
 */
let servers: MailServers
beforeAll(async () => {
  servers = await startMailServers()
}, 60_000)
afterAll(async () => {
  await servers?.stop()
})

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

/** Each test reads its own folder, so tests sharing the servers never see each other's mail. */
let folderCount = 0
async function freshFolder(): Promise<string> {
  const name = `Case${++folderCount}`
  await asMailUser(servers, 'support@brand.test', (c) => c.mailboxCreate(name))
  return name
}

/** Moves everything in INBOX to a folder, so the next test starts from an empty INBOX. */
async function fileInbox(folder: string): Promise<void> {
  await asMailUser(servers, 'support@brand.test', async (c) => {
    const box = await c.mailboxOpen('INBOX')
    if (box.exists) await c.messageMove('1:*', folder)
  })
}

const fields = (over: Record<string, string> = {}): Record<string, string> => supportAccount(servers, over)

function workspace() {
  const t = tempDir('parley-email-')
  const ws = openApprovalCore(t.dir, { config: { connectors: [emailConnector] } })
  cleanups.push(async () => {
    await ws.client.close().catch(() => undefined)
    t.cleanup()
  })
  const messages = () =>
    ws.core.db.prepare('SELECT conversation_id AS c, remote_id AS id, direction, text, subject FROM messages ORDER BY remote_id').all() as {
      c: number
      id: string
      direction: string
      text: string
      subject: string | null
    }[]
  return { ...ws, messages }
}

describe('e-mail against real Dovecot and Postfix', () => {
  it('threads a customer\'s mail, sends exactly the approved reply once, and files it in Sent', async () => {
    const folder = await freshFolder()
    await fileInbox(folder)
    const ws = workspace()
    const first = `pedal-${Date.now()}@customer.test`
    await mailFromCustomer(servers, { subject: 'Pedal broken', text: 'My left pedal came off after a week.', messageId: first })

    // Through the contract, as the Channels screen connects it.
    const account = await ws.ok('accounts.add', { platform: 'email', fields: fields() })
    expect(account).toMatchObject({ platform: 'email', handle: 'support@brand.test' })
    await ws.core.sync.pollOnce([account.id])
    const [stored] = ws.messages()
    expect(stored).toMatchObject({ id: first, direction: 'in', text: 'My left pedal came off after a week.', subject: 'Pedal broken' })
    const conversationId = stored!.c

    // A follow-up with proper headers, and one whose mail program dropped them: the same conversation.
    const second = `pedal-2-${Date.now()}@customer.test`
    await mailFromCustomer(servers, { subject: 'RE: pedal  broken', text: 'Also the bell rattles.' })
    await mailFromCustomer(servers, { subject: 'Re: Pedal broken', text: 'Photo attached later.', messageId: second, inReplyTo: first, references: [first] })
    await ws.core.sync.pollOnce([account.id])
    expect(ws.messages().map((m) => m.c)).toEqual([conversationId, conversationId, conversationId])
    const contacts = ws.core.db.prepare("SELECT handle FROM identities WHERE handle = 'customer@customer.test'").all()
    expect(contacts).toHaveLength(1)

    // Alex drafts, Sam approves; the outbox sends after the undo window.
    const people = await addPeople(ws.ok)
    const approvedText = 'Hello Hana,\n\nsorry about that! A new pedal is on its way — café-grade service. 🚲\n\nLumen Bikes'
    await ws.ok('drafts.save', { conversationId, body: approvedText })
    await ws.ok('profiles.switch', { profileId: people.alex })
    await ws.ok('drafts.save', { conversationId, body: approvedText })
    // The composer and the approval card show the subject line; the approval's hash covers it.
    const envelope = await ws.ok('approvals.envelope', { conversationId })
    expect(envelope).toMatchObject({ requiredMentions: [], subject: 'Re: Pedal broken' })
    const { approval } = await ws.ok('approvals.submit', { conversationId })
    const target = { accountId: account.id, inReplyTo: approval!.inReplyTo! }
    expect(approval!.bodyHash).toBe(replyHash(approvedText, { ...target, subject: envelope.subject! }))
    expect(approval!.bodyHash).not.toBe(replyHash(approvedText, target))
    await ws.ok('profiles.switch', { profileId: people.sam, passphrase: PASSPHRASES.sam })
    const { outboxItem } = await ws.ok('approvals.approve', { approvalId: approval!.id, bodyHash: approval!.bodyHash })
    ws.clock.advance(60_000)
    expect(await ws.core.outboxEngine.runDue()).toEqual([{ itemId: outboxItem!.id, accountId: account.id, outcome: 'sent' }])
    ws.clock.advance(60_000)
    expect(await ws.core.outboxEngine.runDue()).toEqual([])
    await servers.drained()

    // The customer received exactly one reply: right headers, exactly the approved words.
    const received = await folderContents(servers, 'customer@customer.test', 'INBOX')
    expect(received).toHaveLength(1)
    const reply = received[0]!.parsed
    const inbound = ws.messages().filter((m) => m.direction === 'in').map((m) => m.id)
    expect(reply.subject).toBe(envelope.subject)
    expect(reply.from?.value[0]?.address).toBe('support@brand.test')
    expect(inbound).toContain(second)
    expect(reply.inReplyTo).toBe(`<${second}>`)
    expect([reply.references].flat()).toContain(`<${first}>`)
    expect(reply.text?.replace(/\n$/, '')).toBe(approvedText)
    const sent = await ws.ok('outbox.list', { conversationId })
    expect(sent[0]).toMatchObject({ state: 'sent', remoteId: reply.messageId!.replace(/[<>]/g, '') })

    // One copy in Sent, no longer marked pending; reconcile finds it.
    const inSent = await folderContents(servers, 'support@brand.test', 'Sent')
    const ours = inSent.filter((m) => m.parsed.messageId === reply.messageId)
    expect(ours).toHaveLength(1)
    expect(ours[0]!.flags).not.toContain(PENDING_KEYWORD)

    // The customer answers the reply: still the same conversation, and the reply is stored once.
    await mailFromCustomer(servers, {
      subject: 'Re: Pedal broken',
      text: 'Thank you!',
      inReplyTo: reply.messageId!.replace(/[<>]/g, ''),
      references: [first, reply.messageId!.replace(/[<>]/g, '')],
    })
    await ws.core.sync.pollOnce([account.id])
    const all = ws.messages()
    expect(new Set(all.map((m) => m.c))).toEqual(new Set([conversationId]))
    expect(all.filter((m) => m.direction === 'out')).toHaveLength(1)
    expect(all.filter((m) => m.text === 'Thank you!')).toMatchObject([{ direction: 'in', c: conversationId }])
    await fileInbox(folder)
  })

  it('a subject line other than the approved one voids the approval: nothing is sent', async () => {
    const folder = await freshFolder()
    await fileInbox(folder)
    const ws = workspace()
    const question = `chain-${Date.now()}@customer.test`
    await mailFromCustomer(servers, { subject: 'Chain squeaks', text: 'Any tips?', messageId: question })
    const account = await ws.ok('accounts.add', { platform: 'email', fields: fields() })
    await ws.core.sync.pollOnce([account.id])
    const conversationId = ws.messages()[0]!.c
    const people = await addPeople(ws.ok)
    await ws.ok('profiles.switch', { profileId: people.alex })
    await ws.ok('drafts.save', { conversationId, body: 'A drop of oil helps.' })
    expect((await ws.ok('approvals.envelope', { conversationId })).subject).toBe('Re: Chain squeaks')
    const { approval } = await ws.ok('approvals.submit', { conversationId })
    await ws.ok('profiles.switch', { profileId: people.sam, passphrase: PASSPHRASES.sam })
    const { outboxItem } = await ws.ok('approvals.approve', { approvalId: approval!.id, bodyHash: approval!.bodyHash })
    // The stored message answered now gives another subject line than the one approved.
    ws.core.db.prepare('UPDATE messages SET subject = ? WHERE remote_id = ?').run('Chain squeaks loudly', question)
    ws.clock.advance(60_000)
    expect(await ws.core.outboxEngine.runDue()).toEqual([{ itemId: outboxItem!.id, accountId: account.id, outcome: 'failed' }])
    const [item] = await ws.ok('outbox.list', { conversationId })
    expect(item).toMatchObject({ state: 'failed' })
    expect(item!.lastError).toMatch(/does not match what was approved/)
    await servers.drained()
    expect((await folderContents(servers, 'customer@customer.test', 'INBOX')).filter((m) => m.parsed.subject?.startsWith('Re: Chain'))).toEqual([])
    await fileInbox(folder)
  })

  it('the first poll reads back 14 days, like every channel, and later polls take only what is new', async () => {
    const folder = await freshFolder()
    const ws = workspace()
    const DAY = 86_400_000
    const append = (id: string, daysAgo: number) =>
      asMailUser(servers, 'support@brand.test', (c) => {
        const date = new Date(ws.clock.now() - daysAgo * DAY)
        const raw = `From: customer@customer.test\r\nTo: support@brand.test\r\nSubject: ${id}\r\nMessage-ID: <${id}>\r\nDate: ${date.toUTCString()}\r\n\r\n${id}\r\n`
        // The arrival date (INTERNALDATE) is what IMAP SINCE searches.
        return c.append(folder, raw, [], date)
      })
    await append('old-20d@customer.test', 20)
    await append('old-16d@customer.test', 16)
    await append('recent-13d@customer.test', 13)
    await append('recent-1d@customer.test', 1)
    const account = await ws.core.accounts.add('email', fields({ folders: folder }))
    await ws.core.sync.pollOnce([account.id])
    expect(ws.messages().map((m) => m.id)).toEqual(['recent-13d@customer.test', 'recent-1d@customer.test'])
    await append('now@customer.test', 0)
    ws.clock.advance(120_000)
    await ws.core.sync.pollOnce([account.id])
    expect(ws.messages().map((m) => m.id)).toEqual(['now@customer.test', 'recent-13d@customer.test', 'recent-1d@customer.test'])
  })

  it('a folder renumbered by the server (new UIDVALIDITY) loses nothing and duplicates nothing', async () => {
    const folder = await freshFolder()
    const ws = workspace()
    const append = (id: string, text: string) =>
      asMailUser(servers, 'support@brand.test', (c) =>
        c.append(folder, `From: customer@customer.test\r\nTo: support@brand.test\r\nSubject: ${text}\r\nMessage-ID: <${id}>\r\nDate: ${new Date().toUTCString()}\r\n\r\n${text}\r\n`),
      )
    const ids = ['uv-1@customer.test', 'uv-2@customer.test', 'uv-3@customer.test']
    for (const id of ids) await append(id, `message ${id}`)
    const account = await ws.core.accounts.add('email', fields({ folders: folder }))
    await ws.core.sync.pollOnce([account.id])
    expect(ws.messages().map((m) => m.id)).toEqual(ids)
    // Sync health shows the folder's own place: its last UID and UIDVALIDITY.
    const positions = () => ws.core.sync.health(account.id)?.streams[0]?.positions
    expect(positions()).toEqual([{ label: folder, position: expect.stringMatching(/^read up to UID 3 \(UIDVALIDITY \d+\)$/) }])
    const firstValidity = /UIDVALIDITY (\d+)/.exec(positions()![0]!.position)![1]

    // The server rebuilds the folder: UIDs start again at 1, below the cursor, and only one old message survives.
    await asMailUser(servers, 'support@brand.test', async (c) => {
      await c.mailboxDelete(folder)
      await c.mailboxCreate(folder)
    })
    await append('uv-1@customer.test', 'message uv-1@customer.test')
    await append('uv-4@customer.test', 'message uv-4@customer.test')
    await ws.core.sync.pollOnce([account.id])
    expect(ws.messages().map((m) => m.id)).toEqual([...ids, 'uv-4@customer.test'])

    // doveadm changes UIDVALIDITY in place, as after a restore: the next message still arrives, once.
    const renumbered = String(Math.floor(Date.now() / 1000) + 7)
    await servers.doveadm('mailbox', 'update', '-u', 'support@brand.test', '--uid-validity', renumbered, folder)
    await append('uv-5@customer.test', 'message uv-5@customer.test')
    await ws.core.sync.pollOnce([account.id])
    await ws.core.sync.pollOnce([account.id])
    expect(ws.messages().map((m) => m.id)).toEqual([...ids, 'uv-4@customer.test', 'uv-5@customer.test'])
    expect(positions()).toEqual([{ label: folder, position: `read up to UID 3 (UIDVALIDITY ${renumbered})` }])
    expect(renumbered).not.toBe(firstValidity)
  })

  it('a wrong password, a closed port, a missing folder, TLS on a plain port and an untrusted certificate get plain messages and store nothing', async () => {
    const ws = workspace()
    await expect(ws.core.accounts.add('email', fields({ password: 'not-the-password' }))).rejects.toThrow(
      'The IMAP server 127.0.0.1 refused the user name or password. Check both (many providers need an app password for mail programs).',
    )
    const closed = servers.imapPort === 1 ? 2 : 1
    await expect(ws.core.accounts.add('email', fields({ imap: `imap://127.0.0.1:${closed}` }))).rejects.toThrow(
      `Could not reach the IMAP server 127.0.0.1:${closed}. Check the address and port and your connection.`,
    )
    await expect(ws.core.accounts.add('email', fields({ folders: 'INBOX,Nowhere' }))).rejects.toThrow(/The mailbox has no folder called "Nowhere"/)
    await expect(ws.core.accounts.add('email', fields({ imap: `imaps://127.0.0.1:${servers.imapPort}` }))).rejects.toThrow(
      `The IMAP server 127.0.0.1:${servers.imapPort} did not start an encrypted connection the way the address says. Check the port: imaps:// is usually 993 and imap:// 143.`,
    )
    // A TLS server whose certificate is self-signed: refused before any password is sent.
    const certDir = tempDir('parley-email-cert-')
    cleanups.push(certDir.cleanup)
    const key = join(certDir.dir, 'key.pem')
    const cert = join(certDir.dir, 'cert.pem')
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-days', '1', '-keyout', key, '-out', cert], { stdio: 'ignore' })
    const tls = createTlsServer({ key: readFileSync(key), cert: readFileSync(cert) }, (socket) => socket.end('* OK IMAP4rev1 ready\r\n'))
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve))
    cleanups.push(() => new Promise<void>((resolve) => tls.close(() => resolve())))
    const tlsPort = (tls.address() as { port: number }).port
    await expect(ws.core.accounts.add('email', fields({ imap: `imaps://127.0.0.1:${tlsPort}` }))).rejects.toThrow(
      'The IMAP server 127.0.0.1 presented a certificate Parley cannot trust (expired, self-signed or for another name). Check the server address with your mail provider.',
    )
    expect(ws.core.db.prepare('SELECT count(*) AS n FROM channel_accounts').get()).toEqual({ n: 0 })
    expect(ws.vault.entries.size).toBe(0)
  })

  it('reconcile reads the Sent folder (pending copy: unknown, none: not sent, a sent one: sent) and a retry with the same key sends nothing more', async () => {
    const ctx = {
      http: null as never,
      clock: { now: () => Date.now() },
      account: {
        id: 1,
        baseUrl: '',
        handle: 'support@brand.test',
        settings: { ...(await emailConnector.connect(fields(), null as never)).settings },
        secrets: { password: servers.users['support@brand.test']! },
      },
      saveSecrets: async () => undefined,
      saveSettings: async () => undefined,
    }
    const reply = { text: 'x', inReplyTo: 'nothing@customer.test', conversationKey: 'nothing@customer.test', kind: 'dm' as const }
    expect(await emailConnector.reconcile(reply, 'key-never-sent', ctx)).toEqual({ state: 'not_sent' })
    const pendingId = replyMessageId('key-crashed', 'support@brand.test')
    await asMailUser(servers, 'support@brand.test', (c) =>
      c.append('Sent', `From: support@brand.test\r\nTo: customer@customer.test\r\nSubject: Re: x\r\nMessage-ID: <${pendingId}>\r\n\r\nx\r\n`, ['\\Seen', PENDING_KEYWORD]),
    )
    expect(await emailConnector.reconcile(reply, 'key-crashed', ctx)).toEqual({ state: 'unknown' })
    await expect(emailConnector.send(reply, 'key-gone', ctx)).rejects.toThrow(/no longer in the mailbox folders/)

    // A retry with the same key (the outbox after a lost answer) finds the copy in Sent and sends nothing more.
    const question = `twice-${Date.now()}@customer.test`
    await mailFromCustomer(servers, { subject: 'Saddle height', text: 'How high should the saddle be?', messageId: question })
    const answer = { text: 'About hip height.', inReplyTo: question, conversationKey: question, kind: 'dm' as const, subject: 'Re: Saddle height' }
    // The send goes out only under the subject line that was approved.
    const wrongSubject = replyMessageId('key-wrong-subject', 'support@brand.test')
    await expect(emailConnector.send({ ...answer, subject: 'Re: Saddle' }, 'key-wrong-subject', ctx)).rejects.toThrow(/differs from the approved "Re: Saddle"/)
    await expect(emailConnector.send({ ...answer, subject: undefined }, 'key-wrong-subject', ctx)).rejects.toThrow(/subject line "Re: Saddle height" differs/)
    const first = await emailConnector.send(answer, 'key-twice', ctx)
    const again = await emailConnector.send(answer, 'key-twice', ctx)
    expect(again.remoteId).toBe(first.remoteId)
    expect(await emailConnector.reconcile(answer, 'key-twice', ctx)).toEqual({ state: 'sent', remoteId: first.remoteId, permalink: null })
    await servers.drained()
    const received = (await folderContents(servers, 'customer@customer.test', 'INBOX')).filter((m) => m.parsed.messageId === `<${first.remoteId}>`)
    expect(received).toHaveLength(1)
    expect(received[0]!.parsed.text?.replace(/\n$/, '')).toBe('About hip height.')
    expect(received[0]!.parsed.subject).toBe('Re: Saddle height')
    expect(await emailConnector.reconcile(answer, 'key-wrong-subject', ctx)).toEqual({ state: 'not_sent' })
    expect((await folderContents(servers, 'customer@customer.test', 'INBOX')).filter((m) => m.parsed.messageId === `<${wrongSubject}>`)).toEqual([])
    await fileInbox(await freshFolder())
  })
})

import type { ImapFlow } from 'imapflow'
import { simpleParser, type ParsedMail } from 'mailparser'
import nodemailer from 'nodemailer'
import { withImap } from '../../src/main/features/connectors/email/servers'
import type { MailServers } from './mail-servers'

export interface CustomerMail {
  subject: string
  text: string
  messageId?: string
  inReplyTo?: string
  references?: string[]
  from?: string
}

/** A customer writes to the support address, through Postfix's MX port like any mail from outside. */
export async function mailFromCustomer(servers: MailServers, mail: CustomerMail): Promise<void> {
  const mx = nodemailer.createTransport({ host: '127.0.0.1', port: servers.mxPort, secure: false, ignoreTLS: true })
  try {
    await mx.sendMail({
      from: mail.from ?? 'Hana Customer <customer@customer.test>',
      to: 'support@brand.test',
      subject: mail.subject,
      text: mail.text,
      messageId: mail.messageId ? `<${mail.messageId}>` : undefined,
      inReplyTo: mail.inReplyTo ? `<${mail.inReplyTo}>` : undefined,
      references: mail.references?.map((r) => `<${r}>`),
    })
  } finally {
    mx.close()
  }
  await servers.drained()
}

/** Runs a job as a mailbox user over IMAP (the test's own mail program). */
export function asMailUser<T>(servers: MailServers, user: string, job: (client: ImapFlow) => Promise<T>): Promise<T> {
  return withImap({ host: '127.0.0.1', port: servers.imapPort, security: 'none' }, { user, password: servers.users[user]! }, job)
}

export interface StoredMail {
  uid: number
  flags: string[]
  parsed: ParsedMail
  source: string
}

/** Every message in a folder, parsed. */
export async function folderContents(servers: MailServers, user: string, folder: string): Promise<StoredMail[]> {
  return asMailUser(servers, user, async (client) => {
    const box = await client.mailboxOpen(folder, { readOnly: true })
    if (!box.exists) return []
    const all = await client.fetchAll('1:*', { uid: true, flags: true, source: true })
    return Promise.all(
      all.map(async (m) => ({ uid: m.uid, flags: [...(m.flags ?? [])], parsed: await simpleParser(m.source!), source: m.source!.toString('utf8') })),
    )
  })
}

/** What `accounts.add('email', …)` takes for the support mailbox on these servers (plain loopback, no TLS); `over` changes any field. */
export function supportAccount(servers: MailServers, over: Record<string, string> = {}): Record<string, string> {
  return {
    imap: `imap://127.0.0.1:${servers.imapPort}`,
    smtp: `smtp://127.0.0.1:${servers.submissionPort}`,
    user: 'support@brand.test',
    password: servers.users['support@brand.test']!,
    ...over,
  }
}

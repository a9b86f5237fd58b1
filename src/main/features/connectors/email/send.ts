import { Readable } from 'node:stream'
import type { ImapFlow } from 'imapflow'
import type MailComposerClass from 'nodemailer/lib/mail-composer'
import { lazyModule } from '../../../base/lazy-module'
import { ParleyError } from '../../../../shared/contract'
import type { NormalizedItem } from '../../../model/items'
import type { ConnectorContext, OutboundReply, ReconcileResult, ReplyEnvelope, ReplyParent, SendResult } from '../../../model/connector'
import { metaOf } from './poll'
import { SubmissionUncertain } from './errors'
import { mailCredentials } from './credentials'
import { smtpTransport, withImap } from './servers'
import { readSettings, type EmailSettings } from './settings'
import { isReplySubject, replyMessageId } from './threads'

/** Loaded with the first reply by e-mail, not with Parley. */
const MailComposer = lazyModule<typeof MailComposerClass>('nodemailer/lib/mail-composer')

/**
 * A reply is stored in Sent with this keyword before it is submitted and loses it once the SMTP
 * server accepted it: after a crash, a copy without it proves the reply went out, a copy with it
 * leaves the outcome open, and no copy proves it did not.
 */
export const PENDING_KEYWORD = '$ParleyPending'
/** A long thread keeps its root and the newest references only (RFC 5322 allows trimming). */
const REFERENCES_LIMIT = 20

interface Target {
  messageId: string
  references: string[]
  subject: string
  replyTo: string
}

interface SentCopy {
  uid: number
  pending: boolean
}

/** The Sent folder: the one the server marks \Sent, else one called "Sent". */
async function sentFolder(client: ImapFlow): Promise<string> {
  const list = await client.list()
  const marked = list.find((m) => m.specialUse === '\\Sent') ?? list.find((m) => /^sent( items| messages)?$/i.test(m.name))
  if (!marked) throw new ParleyError('bad_input', 'The mailbox has no Sent folder, so Parley cannot keep a copy of replies. Create a folder called "Sent".')
  return marked.path
}

async function findSent(client: ImapFlow, folder: string, messageId: string): Promise<SentCopy | null> {
  await client.mailboxOpen(folder)
  const uids = await client.search({ header: { 'message-id': `<${messageId}>` } }, { uid: true })
  if (!uids || !uids.length) return null
  const found = await client.fetchOne(String(uids[0]), { uid: true, flags: true }, { uid: true })
  return found ? { uid: found.uid, pending: found.flags?.has(PENDING_KEYWORD) ?? false } : null
}

/** The message being answered, found by its Message-ID in the account's folders. */
async function findTarget(client: ImapFlow, settings: EmailSettings, messageId: string): Promise<Target | null> {
  for (const folder of settings.folders) {
    await client.mailboxOpen(folder, { readOnly: true })
    const uids = await client.search({ header: { 'message-id': `<${messageId}>` } }, { uid: true })
    if (!uids || !uids.length) continue
    const message = await client.fetchOne(String(uids[0]), { uid: true, size: true, envelope: true, internalDate: true, headers: ['references'] }, { uid: true })
    if (!message) continue
    const meta = metaOf(message)
    const replyTo = message.envelope?.replyTo?.[0]?.address?.toLowerCase() || meta.from.address
    return { messageId: meta.messageId, references: meta.references, subject: meta.subject, replyTo }
  }
  return null
}

/** "Pedal broken" → "Re: Pedal broken"; a subject that already says it is a reply stays as it is. */
export function replySubject(subject: string): string {
  return isReplySubject(subject) ? subject : `Re: ${subject}`.trimEnd()
}

/**
 * Pure: the subject line a reply to this stored message goes out with. The composer and the
 * approval card show it, the approval's hash covers it, and the send refuses any other.
 */
export function emailReplyEnvelope(parent: ReplyParent): ReplyEnvelope {
  return { requiredMentions: [], subject: replySubject(parent.subject ?? '') }
}

/** The subject and threading headers follow from the message answered, so the same reply always has the same headers. */
export function replyHeaders(target: Target): { subject: string; inReplyTo: string; references: string } {
  const subject = replySubject(target.subject)
  const chain = [...target.references.filter((r) => r !== target.messageId), target.messageId]
  const kept = chain.length > REFERENCES_LIMIT ? [chain[0]!, ...chain.slice(-(REFERENCES_LIMIT - 1))] : chain
  return { subject, inReplyTo: `<${target.messageId}>`, references: kept.map((id) => `<${id}>`).join(' ') }
}

async function compose(settings: EmailSettings, target: Target, reply: OutboundReply, messageId: string, date: number): Promise<Buffer> {
  const headers = replyHeaders(target)
  const composer = new (MailComposer())({
    from: settings.address,
    to: target.replyTo,
    subject: headers.subject,
    // Exactly the approved words: no signature, no quoted history added here.
    text: reply.text,
    messageId: `<${messageId}>`,
    inReplyTo: headers.inReplyTo,
    references: headers.references,
    date: new Date(date),
    textEncoding: 'quoted-printable',
  })
  return composer.compile().build()
}

function sentItem(settings: EmailSettings, reply: OutboundReply, messageId: string, subject: string, date: number): NormalizedItem {
  return {
    remoteId: messageId,
    conversationKey: reply.conversationKey,
    parentRemoteId: reply.inReplyTo,
    kind: 'dm',
    direction: 'out',
    author: { remoteId: settings.address, handle: settings.address, displayName: settings.address, avatarUrl: null, profileUrl: null },
    text: reply.text,
    html: null,
    createdAt: date,
    permalink: null,
    subject,
  }
}

/** The raw message stored in Sent: a resend submits the very bytes stored before the first attempt. */
async function storedSource(client: ImapFlow, uid: number): Promise<Buffer | null> {
  const message = await client.fetchOne(String(uid), { source: true }, { uid: true })
  return message && message.source ? message.source : null
}

export async function sendMail(reply: OutboundReply, idempotencyKey: string, ctx: ConnectorContext): Promise<SendResult> {
  const settings = readSettings(ctx.account.settings)
  const credentials = await mailCredentials(ctx, settings)
  const messageId = replyMessageId(idempotencyKey, settings.address)
  return withImap(settings.imap, credentials, async (client) => {
    const target = await findTarget(client, settings, reply.inReplyTo)
    if (!target) throw new ParleyError('not_found', 'The message you are answering is no longer in the mailbox folders Parley reads, so the reply was not sent.')
    const { subject } = replyHeaders(target)
    // The approval covered a subject line worked out from the stored message; if the mailbox's copy says otherwise, nothing goes out.
    if (reply.subject !== subject) {
      throw new ParleyError(
        'conflict',
        `The subject line "${subject}" differs from the approved "${reply.subject ?? '(none)'}", so the reply was not sent. Submit it again.`,
      )
    }
    const sent = await sentFolder(client)
    const copy = await findSent(client, sent, messageId)
    const now = ctx.clock.now()
    if (copy && !copy.pending) return { remoteId: messageId, permalink: null, item: sentItem(settings, reply, messageId, subject, now) }
    let uid = copy?.uid ?? null
    let raw = uid ? await storedSource(client, uid) : null
    if (!raw) {
      raw = await compose(settings, target, reply, messageId, now)
      const appended = await client.append(sent, raw, ['\\Seen', PENDING_KEYWORD])
      uid = appended ? (appended.uid ?? null) : null
      await client.mailboxOpen(sent)
    }
    const transport = smtpTransport(settings.smtp, credentials)
    // Whether the server was handed every byte: a failure after that, without an answer, leaves the outcome open.
    let handedOver = false
    const source = Readable.from([raw], { objectMode: false }).once('end', () => (handedOver = true))
    try {
      await transport.sendMail({ envelope: { from: settings.address, to: [target.replyTo] }, raw: source })
    } catch (error) {
      // A refusal is final: take the copy out of Sent so reconcile does not count it.
      const code = (error as { responseCode?: number }).responseCode
      if (uid && typeof code === 'number' && code >= 500) await client.messageDelete(String(uid), { uid: true }).catch(() => undefined)
      // No answer after the whole reply went out: the server may have it. The copy stays pending (reconcile: unknown).
      if (handedOver && typeof code !== 'number') throw new SubmissionUncertain(error)
      throw error
    } finally {
      transport.close()
    }
    if (uid) await client.messageFlagsRemove(String(uid), [PENDING_KEYWORD], { uid: true })
    return { remoteId: messageId, permalink: null, item: sentItem(settings, reply, messageId, subject, now) }
  })
}

/** After a crash: the Sent folder says whether the reply with this key's Message-ID went out. */
export async function reconcileMail(_reply: OutboundReply, idempotencyKey: string, ctx: ConnectorContext): Promise<ReconcileResult> {
  try {
    const settings = readSettings(ctx.account.settings)
    const messageId = replyMessageId(idempotencyKey, settings.address)
    const copy = await withImap(settings.imap, await mailCredentials(ctx, settings), async (client) =>
      findSent(client, await sentFolder(client), messageId),
    )
    if (!copy) return { state: 'not_sent' }
    return copy.pending ? { state: 'unknown' } : { state: 'sent', remoteId: messageId, permalink: null }
  } catch {
    return { state: 'unknown' }
  }
}

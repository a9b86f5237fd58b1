import { ParleyError } from '../../../../shared/contract'
import { fromManifest, type Connector } from '../../../model/connector'
import { emailManifest } from './manifest'
import { connectEmail } from './connect'
import { classifyEmailError } from './errors'
import { folderPositions } from './cursor'
import { pollMail } from './poll'
import { moderateMail } from './moderation'
import { emailOAuth, revokeMail } from './oauth'
import { emailReplyEnvelope, reconcileMail, sendMail } from './send'
import { watchMail } from './watch'
import { fetchAttachment } from './attachment'

export const MAIL_STREAM = 'mail'

/**
 * A support mailbox over IMAP (reading) and SMTP submission (replies). Each message is a direct
 * conversation with its sender; threads follow Message-ID, In-Reply-To and References.
 */
export const emailConnector: Connector = {
  ...fromManifest(emailManifest),
  // Mail is expected within minutes; a single IMAP STATUS-sized poll is cheap for the server.
  streams: [{ name: MAIL_STREAM, intervalMs: 60_000 }],
  connect: (input) => connectEmail(input),
  // XOAUTH2 for Gmail and Microsoft 365, with the person's own client id.
  oauth: emailOAuth,
  revoke: revokeMail,
  async poll(stream, cursor, ctx, options) {
    if (stream !== MAIL_STREAM) throw new ParleyError('bad_input', `An e-mail account has no "${stream}" stream.`)
    return pollMail(ctx, cursor, options)
  },
  // IMAP IDLE: new mail is polled within seconds of arrival, not at the next minute.
  watch: (ctx, options) => watchMail(ctx, options, MAIL_STREAM),
  send: sendMail,
  replyEnvelope: emailReplyEnvelope,
  moderate: moderateMail,
  classifyError: (error) => classifyEmailError(error),
  // Sync health shows each folder's place (its last UID and UIDVALIDITY), not one opaque cursor.
  cursorPositions: (_stream, cursor) => folderPositions(cursor),
  reconcile: reconcileMail,
  // Attachments are listed at ingest and fetched from the server only when someone saves one.
  attachment: fetchAttachment,
}

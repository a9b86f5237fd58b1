import { ParleyError } from '../../../../shared/contract'
import type { ErrorClass } from '../../../model/connector'

const CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
])
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ETIMEOUT', 'CONNECT_TIMEOUT', 'GREETING_TIMEOUT'])
/** The server was reached but the connection ended early (imapflow says NoConnection). */
const DROPPED_CODES = new Set(['ECONNRESET', 'EPIPE', 'NoConnection', 'EConnectionClosed'])

interface MailError {
  code?: string
  authenticationFailed?: boolean
  responseCode?: number
  response?: string
  responseText?: string
  message?: string
  cause?: unknown
}

/** Socket errors hide behind the client's own error; the first code found says what happened. */
function codes(error: unknown): string[] {
  const found: string[] = []
  let current: unknown = error
  for (let depth = 0; current && typeof current === 'object' && depth < 4; depth++) {
    const e = current as MailError
    if (e.code) found.push(e.code)
    current = e.cause
  }
  return found
}

export type Failure = 'auth' | 'certificate' | 'unreachable' | 'dropped' | 'tls_missing' | 'tls_mismatch' | 'rejected' | 'temporary' | 'other'

export function failureOf(error: unknown): Failure {
  const e = (error ?? {}) as MailError
  const all = codes(error)
  if (e.authenticationFailed || all.includes('EAUTH') || e.responseCode === 535) return 'auth'
  if (all.some((c) => CERTIFICATE_CODES.has(c)) || /certificate/i.test(e.message ?? '')) return 'certificate'
  if (all.includes('ETLS') || /STARTTLS/i.test(e.message ?? '')) return 'tls_missing'
  // TLS spoken to a port that expects plain text (or the reverse): the scheme does not match the port.
  if (all.some((c) => c.startsWith('ERR_SSL_')) || /wrong version number|packet length too long/i.test(e.message ?? '')) return 'tls_mismatch'
  if (typeof e.responseCode === 'number') return e.responseCode >= 500 ? 'rejected' : 'temporary'
  if (all.some((c) => UNREACHABLE_CODES.has(c))) return 'unreachable'
  if (all.some((c) => DROPPED_CODES.has(c)) || /unexpected close/i.test(e.message ?? '')) return 'dropped'
  if (all.includes('ESOCKET') || all.includes('ECONNECTION')) return 'unreachable'
  return 'other'
}

/** A plain message for the person connecting, naming the server that failed. */
export function connectError(error: unknown, kind: 'IMAP' | 'SMTP', host: string, port: number): ParleyError {
  if (error instanceof ParleyError) return error
  switch (failureOf(error)) {
    case 'auth':
      return new ParleyError('unauthorized', `The ${kind} server ${host} refused the user name or password. Check both (many providers need an app password for mail programs).`)
    case 'certificate':
      return new ParleyError('unavailable', `The ${kind} server ${host} presented a certificate Parley cannot trust (expired, self-signed or for another name). Check the server address with your mail provider.`)
    case 'tls_missing':
      return new ParleyError('unavailable', `The ${kind} server ${host}:${port} does not offer encryption (STARTTLS), so Parley will not send the password to it. Use the ${kind === 'IMAP' ? 'imaps' : 'smtps'}:// address or a port with TLS.`)
    case 'unreachable':
      return new ParleyError('unavailable', `Could not reach the ${kind} server ${host}:${port}. Check the address and port and your connection.`)
    case 'dropped':
      return new ParleyError('unavailable', `The ${kind} server ${host}:${port} closed the connection before answering. Check the port and try again.`)
    case 'tls_mismatch':
      return new ParleyError('unavailable', `The ${kind} server ${host}:${port} did not start an encrypted connection the way the address says. Check the port: ${kind === 'IMAP' ? 'imaps:// is usually 993 and imap:// 143' : 'smtps:// is usually 465 and smtp:// 587'}.`)
    default:
      return new ParleyError('unavailable', `The ${kind} server ${host}:${port} did not answer like a mail server${(error as MailError)?.message ? ` (${(error as MailError).message})` : ''}.`)
  }
}

/**
 * The SMTP server was handed the whole reply, then the connection ended before it answered: it may
 * have queued the reply. Submitting it again could deliver it twice, so the Sent copy keeps its pending
 * mark and the outbox asks (reconcile) instead of resending.
 */
export class SubmissionUncertain extends Error {
  constructor(cause: unknown) {
    super('The connection to the mail server ended after it was handed the reply, before it said whether it took it.', { cause })
    this.name = 'SubmissionUncertain'
  }
}

export function classifyEmailError(error: unknown): ErrorClass {
  if (error instanceof SubmissionUncertain) {
    return { kind: 'retry', mayHaveArrived: true, message: `${error.message} Parley checks before sending it again.` }
  }
  if (error instanceof ParleyError) {
    if (error.code === 'unauthorized') return { kind: 'reauth', message: error.message }
    if (error.code === 'not_found') return { kind: 'bad_request', message: error.message }
    if (error.code === 'unavailable') return { kind: 'retry', message: error.message }
    return { kind: 'bad_request', message: error.message }
  }
  const e = (error ?? {}) as MailError
  switch (failureOf(error)) {
    case 'auth':
      return { kind: 'reauth', message: 'The mail server refused the password. Reconnect the account.' }
    case 'certificate':
    case 'tls_missing':
    case 'tls_mismatch':
      return { kind: 'reauth', message: 'The mail server no longer offers a connection Parley can trust. Check its address and reconnect the account.' }
    case 'unreachable':
      return { kind: 'offline', message: 'Could not reach the mail server.' }
    case 'dropped':
      return { kind: 'retry', message: 'The mail server closed the connection before the poll finished; trying again soon.' }
    case 'rejected':
      return { kind: 'bad_request', message: `The mail server did not accept it: ${e.response ?? e.message ?? e.responseCode}.` }
    case 'temporary':
      return { kind: 'retry', message: `The mail server asked to try again later (${e.responseCode}).` }
    default:
      return { kind: 'retry', message: e.message ?? String(error) }
  }
}

import type * as Imapflow from 'imapflow'
import type { ImapFlow } from 'imapflow'
import type * as Nodemailer from 'nodemailer'
import type { Transporter } from 'nodemailer'
import { lazyModule } from '../../../base/lazy-module'
import type { ServerAddress } from './settings'

/** The mail stack loads with the first e-mail account's connection, not with Parley. */
const imapflow = lazyModule<typeof Imapflow>('imapflow')
const nodemailer = lazyModule<typeof Nodemailer>('nodemailer')

const TIMEOUT_MS = 20_000
/**
 * A watching connection restarts IDLE this often: servers may end an IDLE after 30 minutes (RFC 2177),
 * and the restart is what notices a connection that died without a word (a laptop's sleep, a NAT).
 */
export const IDLE_RESTART_MS = 4 * 60_000

/** A password, or an OAuth 2 access token sent as SASL XOAUTH2 (Gmail, Microsoft 365). */
export type Credentials = { user: string; password: string } | { user: string; accessToken: string }

/**
 * An IMAP client for one job; STARTTLS is demanded whenever the server is not this machine. A
 * watching client (`idle`) enters IDLE as soon as it is left alone and stays in it.
 */
export function imapClient(server: ServerAddress, credentials: Credentials, options: { idle?: boolean } = {}): ImapFlow {
  const idle = options.idle
    ? { disableAutoIdle: false, autoIdleDelay: 200, maxIdleTime: IDLE_RESTART_MS, socketTimeout: IDLE_RESTART_MS + 60_000 }
    : { disableAutoIdle: true, socketTimeout: 60_000 }
  return new (imapflow().ImapFlow)({
    host: server.host,
    port: server.port,
    secure: server.security === 'tls',
    doSTARTTLS: server.security === 'starttls' ? true : undefined,
    auth: 'accessToken' in credentials ? { user: credentials.user, accessToken: credentials.accessToken } : { user: credentials.user, pass: credentials.password },
    logger: false,
    qresync: true,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    ...idle,
  })
}

export function smtpTransport(server: ServerAddress, credentials: Credentials): Transporter {
  return nodemailer().createTransport({
    host: server.host,
    port: server.port,
    secure: server.security === 'tls',
    requireTLS: server.security === 'starttls',
    ignoreTLS: server.security === 'none',
    auth:
      'accessToken' in credentials
        ? { type: 'OAuth2', user: credentials.user, accessToken: credentials.accessToken }
        : { user: credentials.user, pass: credentials.password },
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: 60_000,
  })
}

/** Opens a connection, runs the job, and always says goodbye. */
export async function withImap<T>(server: ServerAddress, credentials: Credentials, job: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = imapClient(server, credentials)
  // A dropped connection is reported through the pending command; without a listener it would crash the process.
  client.on('error', () => undefined)
  await client.connect()
  try {
    return await job(client)
  } finally {
    await client.logout().catch(() => client.close())
  }
}

import { ImapFlow } from 'imapflow'
import nodemailer from 'nodemailer'
import type { Transporter } from 'nodemailer'
import type { ServerAddress } from './settings'

const TIMEOUT_MS = 20_000

export interface Credentials {
  user: string
  password: string
}

/** An IMAP client for one job; STARTTLS is demanded whenever the server is not this machine. */
export function imapClient(server: ServerAddress, credentials: Credentials): ImapFlow {
  return new ImapFlow({
    host: server.host,
    port: server.port,
    secure: server.security === 'tls',
    doSTARTTLS: server.security === 'starttls' ? true : undefined,
    auth: { user: credentials.user, pass: credentials.password },
    logger: false,
    disableAutoIdle: true,
    qresync: true,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: 60_000,
  })
}

export function smtpTransport(server: ServerAddress, credentials: Credentials): Transporter {
  return nodemailer.createTransport({
    host: server.host,
    port: server.port,
    secure: server.security === 'tls',
    requireTLS: server.security === 'starttls',
    ignoreTLS: server.security === 'none',
    auth: { user: credentials.user, pass: credentials.password },
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

import { ParleyError } from '../../../../shared/contract'

export type Security = 'tls' | 'starttls' | 'none'

export interface ServerAddress {
  host: string
  port: number
  security: Security
}

/**
 * An account signed in with OAuth 2 (XOAUTH2) instead of a password: where its access token is
 * refreshed and withdrawn. The tokens and the client id live in the vault.
 */
export interface MailOAuth {
  provider: string
  tokenEndpoint: string
  revocationEndpoint: string | null
}

/** What an e-mail account stores besides its password or tokens (which live in the vault). */
export interface EmailSettings {
  imap: ServerAddress
  smtp: ServerAddress
  user: string
  /** The address replies are sent from. */
  address: string
  folders: string[]
  /** Present when the account signs in with OAuth 2; absent: the password. */
  oauth?: MailOAuth
}

/**
 * Addresses that are this machine whatever the name service says: "localhost" is left out, since a
 * hosts file or resolver could send it elsewhere, and the password with it in the clear.
 */
const LOOPBACK = new Set(['127.0.0.1', '::1', '[::1]'])

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host.toLowerCase())
}

/**
 * "imaps://host:993" (TLS), "imap://host:143" (STARTTLS required), and the same for smtp(s).
 * Unencrypted is allowed only on this machine: a password never crosses a network in the clear.
 */
export function parseServer(value: string | undefined, kind: 'imap' | 'smtp'): ServerAddress {
  const label = kind === 'imap' ? 'IMAP' : 'SMTP'
  const example = kind === 'imap' ? 'imaps://mail.example.com:993' : 'smtps://mail.example.com:465 or smtp://mail.example.com:587'
  if (!value?.trim()) throw new ParleyError('bad_input', `Enter the ${label} server, like ${example}.`)
  let url: URL
  try {
    url = new URL(value.trim().includes('://') ? value.trim() : `${kind}s://${value.trim()}`)
  } catch {
    throw new ParleyError('bad_input', `"${value}" is not a server address. Write it like ${example}.`)
  }
  const scheme = url.protocol.replace(/:$/, '')
  if (scheme !== kind && scheme !== `${kind}s`) throw new ParleyError('bad_input', `The ${label} server must start with ${kind}:// or ${kind}s://, like ${example}.`)
  const secure = scheme === `${kind}s`
  const defaultPort = kind === 'imap' ? (secure ? 993 : 143) : secure ? 465 : 587
  const port = url.port ? Number(url.port) : defaultPort
  const host = url.hostname
  if (!host) throw new ParleyError('bad_input', `The ${label} server address has no host name. Write it like ${example}.`)
  const security: Security = secure ? 'tls' : isLoopback(host) ? 'none' : 'starttls'
  return { host, port, security }
}

export function serverUrl(kind: 'imap' | 'smtp', server: ServerAddress): string {
  return `${kind}${server.security === 'tls' ? 's' : ''}://${server.host.includes(':') ? `[${server.host}]` : server.host}:${server.port}`
}

export function parseFolders(value: string | undefined): string[] {
  const folders = (value ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean)
  return folders.length ? [...new Set(folders)] : ['INBOX']
}

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/

export function parseAddress(value: string | undefined, fallback: string): string {
  const address = (value?.trim() || fallback).toLowerCase()
  if (!ADDRESS.test(address)) throw new ParleyError('bad_input', `"${address}" is not an e-mail address. Give the address replies come from with --address (like support@example.com).`)
  return address
}

/** Reads the stored settings back; an account stored by an older build gets a plain message, not a crash. */
export function readSettings(settings: Record<string, unknown>): EmailSettings {
  const s = settings as Partial<EmailSettings>
  if (!s.imap || !s.smtp || typeof s.user !== 'string' || typeof s.address !== 'string') {
    throw new ParleyError('bad_input', 'This e-mail account is missing its server settings. Remove it and connect it again.')
  }
  const folders = Array.isArray(s.folders) && s.folders.length ? s.folders : ['INBOX']
  return { imap: s.imap, smtp: s.smtp, user: s.user, address: s.address, folders, ...(s.oauth ? { oauth: s.oauth } : {}) }
}

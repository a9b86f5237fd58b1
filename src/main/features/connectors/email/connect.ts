import { ParleyError } from '../../../../shared/contract'
import type { ConnectInput, ConnectResult } from '../../../model/connector'
import { connectError } from './errors'
import { smtpTransport, withImap, type Credentials } from './servers'
import { parseAddress, parseFolders, parseServer, serverUrl, type EmailSettings, type ServerAddress } from './settings'

/** Logs in to the IMAP and the SMTP server and checks the folders exist; throws a plain message otherwise. */
export async function checkServers(imap: ServerAddress, smtp: ServerAddress, credentials: Credentials, folders: string[]): Promise<void> {
  try {
    await withImap(imap, credentials, async (client) => {
      const existing = new Set((await client.list()).map((m) => m.path))
      const missing = folders.filter((f) => !existing.has(f) && f.toUpperCase() !== 'INBOX')
      if (missing.length) {
        throw new ParleyError('bad_input', `The mailbox has no folder called ${missing.map((m) => `"${m}"`).join(', ')}. Folders there: ${[...existing].slice(0, 20).join(', ')}.`)
      }
    })
  } catch (error) {
    throw connectError(error, 'IMAP', imap.host, imap.port)
  }
  const transport = smtpTransport(smtp, credentials)
  try {
    await transport.verify()
  } catch (error) {
    throw connectError(error, 'SMTP', smtp.host, smtp.port)
  } finally {
    transport.close()
  }
}

/** What is stored for a checked mailbox: the seed, and the settings without any secret. */
export function connected(settings: EmailSettings, secrets: Record<string, string>): ConnectResult {
  return {
    seed: { platform: 'email', displayName: settings.address, handle: settings.address, baseUrl: serverUrl('imap', settings.imap) },
    secrets,
    settings: { ...settings },
  }
}

/**
 * Logs in to the IMAP and the SMTP server and checks the folders exist; only then is anything
 * stored. Fields: imap, smtp, user, password, address (optional: the user when it is an address),
 * folders (optional, comma-separated; INBOX when absent).
 */
export async function connectEmail(input: ConnectInput): Promise<ConnectResult> {
  const imap = parseServer(input.imap, 'imap')
  const smtp = parseServer(input.smtp, 'smtp')
  const user = input.user?.trim()
  if (!user) throw new ParleyError('bad_input', 'Enter the user name for the mailbox (often the e-mail address).')
  const password = input.password ?? ''
  if (!password) throw new ParleyError('bad_input', 'Enter the password for the mailbox, or sign in with Google or Microsoft.')
  const address = parseAddress(input.address, user)
  const folders = parseFolders(input.folders)
  await checkServers(imap, smtp, { user, password }, folders)
  return connected({ imap, smtp, user, address, folders }, { password })
}

import { parseArgs } from 'node:util'
import type { CliContext } from '../context'
import { openCliCore, workspaceOptions } from '../open-core'
import { UsageError } from '../output'
import { readSecret, type SecretFlag } from '../secret-input'
import { printConnected, usageErrorFor } from './accounts-output'

export const emailAddHelp = `parley accounts add email --imap imap[s]://HOST:PORT --smtp smtp[s]://HOST:PORT --user USER
      [--password-file FILE|-] [--address FROM] [--folders INBOX,Support]
  imaps:// and smtps:// use TLS; imap:// and smtp:// require STARTTLS (unencrypted only on 127.0.0.1).
  The password is read from FILE, from standard input with "-", or asked for without echo when
  neither is given in a terminal; never from the command line.`

/** Only the file flag: the password never goes on the command line, so there is no --password to warn about. */
const PASSWORD: SecretFlag = { name: 'password', label: 'mailbox password' }

/** `parley accounts add email …`: logs in to both servers, then stores the account and its password in the vault. */
export async function addEmailAccount(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...workspaceOptions,
      imap: { type: 'string' },
      smtp: { type: 'string' },
      user: { type: 'string' },
      'password-file': { type: 'string' },
      address: { type: 'string' },
      folders: { type: 'string' },
    },
    strict: true,
  })
  const missing = (['imap', 'smtp', 'user'] as const).filter((flag) => !values[flag])
  if (missing.length) throw new UsageError(`Adding an e-mail account needs ${missing.map((m) => `--${m}`).join(' and ')}.\n\n${emailAddHelp}`)
  // --password-file FILE or - (standard input), else a prompt without echo on a terminal, else a plain refusal.
  const password = await readSecret(values as Record<string, unknown>, PASSWORD)
  const client = await openCliCore(values, ctx)
  try {
    const fields: Record<string, string> = { imap: values.imap!, smtp: values.smtp!, user: values.user!, password }
    if (values.address) fields.address = values.address
    if (values.folders) fields.folders = values.folders
    const added = await client.core.accounts.add('email', fields)
    await printConnected(client.core.accounts, added, 'Its password is')
    return 0
  } catch (error) {
    throw usageErrorFor(error)
  } finally {
    await client.close()
  }
}

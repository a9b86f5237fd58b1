import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { ParleyError } from '../../../shared/contract'
import type { CliContext } from '../context'
import { openCliCore, workspaceOptions } from '../open-core'
import { out, UsageError } from '../output'

export const emailAddHelp = `parley accounts add email --imap imap[s]://HOST:PORT --smtp smtp[s]://HOST:PORT --user USER
      [--password-file FILE|-] [--address FROM] [--folders INBOX,Support]
  imaps:// and smtps:// use TLS; imap:// and smtp:// require STARTTLS (unencrypted only on 127.0.0.1).
  The password is read from FILE, or from standard input with "-"; never from the command line.`

/** The mailbox password from a file or standard input ("-"); one trailing line break is not part of it. */
async function readPasswordFile(path: string): Promise<string> {
  let text: string
  try {
    if (path === '-') {
      const chunks: Buffer[] = []
      for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer))
      text = Buffer.concat(chunks).toString('utf8')
    } else {
      text = await readFile(path, 'utf8')
    }
  } catch (error) {
    throw new UsageError(`Could not read the password from ${path === '-' ? 'standard input' : `"${path}"`}: ${(error as Error).message}`)
  }
  const password = text.replace(/\r?\n$/, '')
  if (!password) throw new UsageError(`${path === '-' ? 'Standard input' : `"${path}"`} holds no password.`)
  return password
}

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
  const missing = (['imap', 'smtp', 'user', 'password-file'] as const).filter((flag) => !values[flag])
  if (missing.length) throw new UsageError(`Adding an e-mail account needs ${missing.map((m) => `--${m}`).join(' and ')}.\n\n${emailAddHelp}`)
  const password = await readPasswordFile(values['password-file']!)
  const client = await openCliCore(values, ctx)
  try {
    const fields: Record<string, string> = { imap: values.imap!, smtp: values.smtp!, user: values.user!, password }
    if (values.address) fields.address = values.address
    if (values.folders) fields.folders = values.folders
    const added = await client.core.accounts.add('email', fields)
    const vault = await client.core.accounts.describeVault()
    out(`Connected #${added.id}  email     ${added.displayName} (${added.handle}).${vault.kind === 'none' ? '' : ` Its password is in: ${vault.description}.`}`)
    return 0
  } catch (error) {
    if (error instanceof ParleyError && error.code === 'bad_input') throw new UsageError(error.message)
    throw error
  } finally {
    await client.close()
  }
}

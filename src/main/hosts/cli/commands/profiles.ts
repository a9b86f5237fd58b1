import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import type { CallResult, OperationOutput, ProfileInfo } from '../../../../shared/contract'
import { readPassphrase } from '../../../features/vault/passphrase'
import type { CliContext } from '../context'
import { openCliCore, workspaceOptions } from '../open-core'
import { err, out, UsageError } from '../output'

export const profilesHelp = `parley profiles list [--data-dir DIR]
parley profiles set-passphrase [--profile NAME] [--passphrase-file FILE] [--current-passphrase-file FILE] [--data-dir DIR]

set-passphrase sets the passphrase of a profile (default: the workspace's first admin), asked on the
terminal twice without echo, or read from the first line of --passphrase-file. A passphrase is never an
argument (it would show in the process list). Changing an existing passphrase needs the current one,
asked the same way or read from --current-passphrase-file.`

/** The first line of a file: what a script or a secret manager writes. */
function firstLine(path: string): string {
  try {
    return readFileSync(path, 'utf8').split(/\r?\n/)[0] ?? ''
  } catch {
    throw new UsageError(`Parley could not read ${path}.`)
  }
}

const ask = (message: string, confirm: boolean): Promise<string> => readPassphrase({ env: {}, confirm, prompt: { input: process.stdin, output: process.stderr, message } })

export async function profiles(argv: string[], ctx: CliContext): Promise<number> {
  const [action, ...rest] = argv
  if (action !== 'list' && action !== 'set-passphrase') throw new UsageError(action ? `Unknown action "${action}"; use list or set-passphrase.` : 'Say what to do: list or set-passphrase.')
  const { values } = parseArgs({
    args: rest,
    options: { ...workspaceOptions, profile: { type: 'string' }, 'passphrase-file': { type: 'string' }, 'current-passphrase-file': { type: 'string' } },
    strict: true,
  })
  const client = await openCliCore(values, ctx)
  const call = async <T>(op: string, input: unknown): Promise<T> => {
    const result = (await client.call(op as never, input as never)) as CallResult<T>
    if (!result.ok) throw new UsageError(result.error.message)
    return result.value
  }
  try {
    const list = await call<ProfileInfo[]>('profiles.list', {})
    if (action === 'list') {
      for (const p of list) out(`${p.name}\t${p.role}\t${p.hasPassphrase ? 'passphrase set' : 'no passphrase'}`)
      return 0
    }
    const target = values.profile ? list.find((p) => p.name.toLowerCase() === values.profile!.toLowerCase()) : list.find((p) => p.role === 'admin')
    if (!target) throw new UsageError(values.profile ? `There is nobody called ${values.profile}. "parley profiles list" shows who there is.` : 'This workspace has no admin.')
    // Work as the target, as a person at the app would: its current passphrase first, when it has one.
    let currentPassphrase: string | undefined
    if (target.hasPassphrase) {
      currentPassphrase = values['current-passphrase-file'] ? firstLine(values['current-passphrase-file']) : await ask(`Current passphrase of ${target.name}: `, false)
    }
    await call<OperationOutput<'profiles.switch'>>('profiles.switch', { profileId: target.id, ...(currentPassphrase ? { passphrase: currentPassphrase } : {}) })
    const passphrase = values['passphrase-file'] ? firstLine(values['passphrase-file']) : await ask(`New passphrase for ${target.name}: `, true)
    await call<OperationOutput<'profiles.setPassphrase'>>('profiles.setPassphrase', { profileId: target.id, passphrase, ...(currentPassphrase ? { currentPassphrase } : {}) })
    out(`${target.name}'s passphrase is set. Parley asks for it before anyone acts as ${target.name}.`)
    return 0
  } catch (error) {
    if (error instanceof UsageError) {
      err(error.message)
      return 2
    }
    throw error
  } finally {
    await client.close()
  }
}

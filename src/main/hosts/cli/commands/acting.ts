import { readFileSync } from 'node:fs'
import type { OperationInput, OperationName, OperationOutput, ProfileInfo } from '../../../../shared/contract'
import { ParleyError } from '../../../../shared/contract'
import type { CliContext } from '../context'
import { openCliCore } from '../open-core'
import { err, UsageError } from '../output'
import { readSecret } from '../secret-input'

/**
 * What the approval commands share: the workspace's core in this process, its router called as a
 * person at the app would (so the same checks, audit and team recording apply), acting as a named
 * profile, and a team sync round around a change in a joined workspace.
 */
export type CliCore = Awaited<ReturnType<typeof openCliCore>>

export const actingOptions = {
  as: { type: 'string' },
  // Only the file flag: a passphrase never travels on the command line.
  'passphrase-file': { type: 'string' },
  offline: { type: 'boolean', default: false },
} as const

export type Call = <N extends OperationName>(op: N, input: OperationInput<N>) => Promise<OperationOutput<N>>

/** The router's answer, or its plain-words refusal thrown as a ParleyError (main.ts prints it and picks the exit code). */
export function caller(client: CliCore): Call {
  return async (op, input) => {
    const result = await client.call(op, input)
    if (!result.ok) throw new ParleyError(result.error.code, result.error.message)
    return result.value as never
  }
}

/**
 * Acts as --as NAME (default: whoever used this workspace last). A profile with a passphrase is
 * unlocked with it, read from --passphrase-file or asked without echo; a profile without one acts
 * as it is (an agent, or a locked supervisor who may not decide).
 */
export async function actAs(call: Call, values: { as?: string; 'passphrase-file'?: string }): Promise<ProfileInfo> {
  const list = await call('profiles.list', {})
  const current = await call('profiles.current', {})
  const wanted = values.as?.trim().toLowerCase()
  const target = wanted ? list.find((p) => p.name.toLowerCase() === wanted) : list.find((p) => p.id === current.id)
  if (!target) throw new UsageError(`There is nobody called ${values.as} in this workspace. "parley profiles list" shows who there is.`)
  if (!target.hasPassphrase) {
    await call('profiles.switch', { profileId: target.id })
    return target
  }
  const passphrase = await readSecret(values, { name: 'passphrase', label: `passphrase of ${target.name}` })
  await call('profiles.switch', { profileId: target.id, passphrase })
  return target
}

/** Words for a reply or a note: --X TEXT for a few words, --X-file FILE (or - for standard input) for anything longer. */
export async function readText(values: Record<string, unknown>, name: string, what: string): Promise<string | null> {
  const inline = values[name]
  const file = values[`${name}-file`]
  if (typeof inline === 'string' && typeof file === 'string') throw new UsageError(`Use either --${name} or --${name}-file, not both.`)
  let text: string | null = null
  if (typeof inline === 'string') text = inline
  else if (file === '-') text = await readStdin()
  else if (typeof file === 'string') {
    try {
      text = readFileSync(file, 'utf8')
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      throw new UsageError(`Cannot read the ${what} from ${file}: ${code === 'ENOENT' ? 'there is no such file' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message}.`)
    }
  }
  if (text === null) return null
  // The newline an editor or echo leaves at the end is not part of the words.
  const trimmed = text.replace(/\s+$/, '')
  if (!trimmed.trim()) throw new UsageError(`The ${what} is empty.`)
  return trimmed
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer))
  return Buffer.concat(chunks).toString('utf8')
}

export interface TeamRound {
  /** The team's plain refusals of this laptop's changes in this round ("already decided by Kim (approved)"). */
  contested: string[]
  /** Why the service could not be reached, or null. */
  problem: string | null
}

/**
 * One team round in a joined workspace (nothing otherwise): before a decision it brings the team's
 * latest here, after a change it shares it and hears whether the team took it. Unreachable is not
 * an error: the change stays local and the next sync shares it.
 */
export async function teamRound(client: CliCore, offline: boolean): Promise<TeamRound | null> {
  if (offline || !client.core.team.membership()) return null
  try {
    const report = await client.core.team.syncOnce()
    return { contested: report.contested.map((c) => c.message ?? c.outcome), problem: null }
  } catch (error) {
    const problem = error instanceof Error ? error.message : String(error)
    err(problem)
    return { contested: [], problem }
  }
}

export async function withCore<T>(values: { 'data-dir'?: string; vault?: string }, ctx: CliContext, run: (client: CliCore, call: Call) => Promise<T>): Promise<T> {
  const client = await openCliCore(values, ctx)
  try {
    return await run(client, caller(client))
  } finally {
    await client.close()
  }
}

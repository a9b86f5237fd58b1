import { createHash } from 'node:crypto'
import { parseArgs } from 'node:util'
import { verifyAuditChain } from '../../../features/team/audit-chain'
import { roleSchema } from '../../../model/team-op'
import type { CliContext } from '../context'
import { openCliCore, workspaceOptions } from '../open-core'
import { err, out, UsageError } from '../output'
import { readSecret } from '../secret-input'

const passphraseFlag = { name: 'passphrase', label: 'team passphrase' }
// Only the file flag: the passphrase never travels on the command line.
const passphraseOption = { 'passphrase-file': { type: 'string' } } as const

function serverUrl(value: string | undefined): string {
  if (!value) throw new UsageError('Name the team service with --server URL (the address "parley team serve" printed).')
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new UsageError(`--server must be an address such as http://127.0.0.1:8080, not "${value}".`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError('--server must start with http:// or https://.')
  return url.origin
}

export async function teamInit(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { ...workspaceOptions, ...passphraseOption, server: { type: 'string' }, name: { type: 'string' }, device: { type: 'string' } }, strict: true })
  const server = serverUrl(values.server)
  if (!values.name?.trim()) throw new UsageError('Name the team with --name NAME.')
  const passphrase = await readSecret(values, passphraseFlag)
  const client = await openCliCore(values, ctx)
  try {
    const profile = client.core.profiles.currentProfile()
    const m = await client.core.team.init({ serverUrl: server, teamName: values.name.trim(), memberName: profile.name, profile: profile.name, passphrase, ...(values.device ? { device: values.device } : {}) })
    out(`Created the team "${m.teamName}" at ${m.serverUrl}; ${m.memberName} is its admin. Invite members with: parley team invite --role agent --name PERSON`)
    return 0
  } finally {
    await client.close()
  }
}

export async function teamInvite(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { ...workspaceOptions, role: { type: 'string' }, name: { type: 'string' } }, strict: true })
  const role = roleSchema.safeParse(values.role)
  if (!role.success) throw new UsageError('--role must be agent, supervisor or admin.')
  if (!values.name?.trim()) throw new UsageError('Name the person with --name PERSON.')
  const client = await openCliCore(values, ctx)
  try {
    const code = await client.core.team.invite(role.data, values.name.trim())
    err(`A one-time join code for ${values.name.trim()} (${role.data}), valid for 7 days. On their laptop: parley team join --server ${client.core.team.membership()!.serverUrl} --code CODE`)
    out(code)
    return 0
  } finally {
    await client.close()
  }
}

export async function teamRemove(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { ...workspaceOptions, name: { type: 'string' } }, strict: true })
  if (!values.name?.trim()) throw new UsageError('Name the member to remove with --name PERSON.')
  const client = await openCliCore(values, ctx)
  try {
    const removed = await client.core.team.removeMember(values.name.trim())
    out(`Removed ${removed.name} (${removed.role}) from the team: their laptops can no longer sync, and the leases they held are handed on. What they shared stays.`)
    return 0
  } finally {
    await client.close()
  }
}

export async function teamJoin(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { ...workspaceOptions, ...passphraseOption, server: { type: 'string' }, code: { type: 'string' }, device: { type: 'string' } }, strict: true })
  const server = serverUrl(values.server)
  if (!values.code?.trim()) throw new UsageError('Give the join code an admin printed with --code CODE.')
  const passphrase = await readSecret(values, passphraseFlag)
  const client = await openCliCore(values, ctx)
  try {
    const profile = client.core.profiles.currentProfile()
    const m = await client.core.team.join({ serverUrl: server, code: values.code, profile: profile.name, passphrase, ...(values.device ? { device: values.device } : {}) })
    out(`Joined the team "${m.teamName}" as ${m.memberName} (${m.role}).`)
    return 0
  } finally {
    await client.close()
  }
}

export async function teamStatus(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { ...workspaceOptions, json: { type: 'boolean', default: false }, digest: { type: 'boolean', default: false } }, strict: true })
  const client = await openCliCore(values, ctx)
  try {
    const local = client.core.team.status()
    if (!local.membership) {
      if (values.json) out(JSON.stringify({ joined: false }))
      else out('This workspace has not joined a team.')
      return 0
    }
    // Members and leases come from the service; offline, the local half is still shown.
    let remote: {
      members: { id: string; name: string; role: string }[]
      leases: { channelAccount: string; stream: string; device: string; holder: string }[]
      /** The verdict, with the chain's length and its last hash so laptops can compare the chain they fetched. */
      audit: ReturnType<typeof verifyAuditChain> & { entries: number; head: string }
    } | null = null
    let problem: string | null = null
    try {
      const api = await client.core.team.client()
      // Every laptop checks the team's audit chain itself rather than trusting the service's word.
      const chain = await api.audit()
      remote = { members: await api.members(), leases: await api.pollLeases(), audit: { ...verifyAuditChain(chain), entries: chain.length, head: chain.at(-1)?.hash ?? '' } }
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error)
    }
    const m = local.membership
    // Every shared row read and hashed: only when asked (laptops compare them to see they hold the same).
    const digest = values.digest ? client.core.team.digest() : null
    if (values.json) {
      out(JSON.stringify({ joined: true, team: m.teamName, server: m.serverUrl, member: m.memberName, role: m.role, lastSync: m.lastSyncAt, lastSyncProblem: m.lastSyncProblem, lastPulledSeq: m.lastPulledSeq, waitingToPush: local.unpushed, contested: local.contested, members: remote?.members.map(({ name, role }) => ({ name, role })) ?? null, pollLeases: remote?.leases ?? null, auditChain: remote?.audit ?? null, problem, ...(digest ? { digest } : {}) }))
      return 0
    }
    out(`Team "${m.teamName}" at ${m.serverUrl}; you are ${m.memberName} (${m.role}).`)
    out(`Last sync: ${m.lastSyncAt ? new Date(m.lastSyncAt).toISOString() : 'never'}${m.lastSyncProblem ? ` (failed: ${m.lastSyncProblem})` : ''}. Changes waiting to be shared: ${local.unpushed}.`)
    for (const c of local.contested) out(`Not applied by the team: ${c.operation}: ${c.message ?? c.outcome}`)
    if (remote) {
      out(`Members: ${remote.members.map((x) => `${x.name} (${x.role})`).join(', ')}`)
      const names = new Map(remote.members.map((x) => [x.id, x.name]))
      out(remote.audit.ok ? 'Audit chain: verified.' : `Audit chain: BROKEN: ${remote.audit.problem}.`)
      out(remote.leases.length ? `Poll leases: ${remote.leases.map((l) => `${l.channelAccount} ${l.stream}: ${names.get(l.holder) ?? l.holder} on ${l.device}`).join('; ')}` : 'Poll leases: none held.')
    } else err(problem ?? '')
    if (digest) {
      const all = createHash('sha256').update(Object.entries(digest).map(([t, d]) => `${t} ${d.hash}`).join('\n')).digest('hex')
      out(`Shared state digest: ${all.slice(0, 16)} (${Object.entries(digest).map(([t, d]) => `${d.rows} ${t.replace('_', ' ')}`).join(', ')}); equal on laptops that hold the same.`)
    }
    return 0
  } finally {
    await client.close()
  }
}

export async function teamSync(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { ...workspaceOptions, once: { type: 'boolean', default: false } }, strict: true })
  if (!values.once) throw new UsageError('Only one-shot team syncing is available from the CLI: pass --once.')
  const client = await openCliCore(values, ctx)
  try {
    const report = await client.core.team.syncOnce()
    out(`Shared ${report.pushed} change${report.pushed === 1 ? '' : 's'}, received ${report.pulled}; the team log is at ${report.lastSeq}.`)
    for (const c of report.contested) err(`${c.operation}: ${c.message ?? c.outcome}`)
    // What `parley serve` does after a round that reached the team: replies approved here or elsewhere
    // go out under the team's lease (one laptop, once); a reply left sending by a crash is asked about first.
    const engine = client.core.outboxEngine
    const sent = [...(await engine.recover()), ...(await engine.runDue())].filter((r) => r.outcome === 'sent').length
    // Posted from here, or found posted by another laptop of the team: either way it is out, once.
    if (sent) out(`${sent} approved repl${sent === 1 ? 'y is' : 'ies are'} now sent.`)
    return 0
  } finally {
    await client.close()
  }
}

import { parseArgs } from 'node:util'
import { ParleyError, type Approval, type OutboxItem } from '../../../../shared/contract'
import type { CliContext } from '../context'
import { workspaceOptions } from '../open-core'
import { err, out, UsageError } from '../output'
import { actAs, actingOptions, readText, teamRound, withCore, type Call, type CliCore } from './acting'
import { describeQueued, duration } from './approvals-output'

export const approvalsHelp = `parley approvals <action> [options]: the Needs approval queue on the command line.

  list [--json]                      pending requests, oldest first, with their ids
  show ID [--json]                   one request: conversation, author, the words, decisions
  approve ID [--text T | --text-file F]
                                     approve (with --text/--text-file: edit the words, then approve)
  reject ID (--note T | --note-file F)
  request-changes ID (--note T | --note-file F)

Options of every action:
  --as NAME               act as this profile (default: whoever used the workspace last)
  --passphrase-file F     that profile's passphrase (first line); otherwise asked without echo
  --offline               do not sync with the team before and after a decision
  --data-dir D, --vault keychain|file

ID is the id "list" prints, or a unique start of it (at least 4 characters). A file of "-" reads
standard input. In a workspace that joined a team, a decision first fetches the team's latest and
is shared right after; when another supervisor decided first you are told who ("already decided by
Kim (approved)") and nothing of yours is kept. Approved replies go out from the app, "parley serve",
or "parley team sync --once". Exit codes: 0 done, 1 refused (already decided, not allowed), 2 a
mistake in the command.`

const textOptions = {
  text: { type: 'string' },
  'text-file': { type: 'string' },
  note: { type: 'string' },
  'note-file': { type: 'string' },
  json: { type: 'boolean', default: false },
} as const

type Action = 'list' | 'show' | 'approve' | 'reject' | 'request-changes'
const actions: readonly Action[] = ['list', 'show', 'approve', 'reject', 'request-changes']

export async function approvals(argv: string[], ctx: CliContext): Promise<number> {
  const [action, ...rest] = argv
  if (!actions.includes(action as Action)) {
    throw new UsageError(action ? `Unknown approvals action "${action}"; use ${actions.join(', ')}.` : `Say what to do: ${actions.join(', ')}.`)
  }
  const { values, positionals } = parseArgs({ args: rest, options: { ...workspaceOptions, ...actingOptions, ...textOptions }, allowPositionals: true, strict: true })
  if (positionals.length > (action === 'list' ? 0 : 1)) throw new UsageError(`Unexpected "${positionals.at(-1)}".`)
  const id = positionals[0]
  if (action !== 'list' && !id) throw new UsageError(`Name the request: parley approvals ${action} ID ("parley approvals list" shows the ids).`)
  return withCore(values, ctx, async (client, call) => {
    if (action === 'list') return list(call, values.json)
    if (action === 'show') {
      const a = await find(client, call, id!)
      return show(a, (await call('outbox.list', { conversationId: a.conversationId })).filter((o) => o.approvalId === a.id), values.json)
    }
    return decide(client, call, action as Exclude<Action, 'list' | 'show'>, id!, values)
  })
}

async function list(call: Call, json: boolean): Promise<number> {
  const pending = await call('approvals.list', { status: 'pending', limit: 200 })
  if (json) out(JSON.stringify(pending, null, 2))
  else if (!pending.length) out('Nothing waits for approval.')
  else for (const a of pending) out(`${a.id}  conversation #${a.conversationId}  by ${a.author.name}  waiting ${duration(a.waitedMs)}${a.step > 1 ? '  (second step)' : ''}\n    ${oneLine(a.body)}`)
  return 0
}

function show(a: Approval, replies: OutboxItem[], json: boolean): number {
  if (json) {
    out(JSON.stringify({ ...a, replies }, null, 2))
    return 0
  }
  out(`Request ${a.id} for conversation #${a.conversationId}, by ${a.author.name}: ${statusWords(a)}.`)
  if (a.editedBy) out(`Edited by ${a.editedBy.name}; the author wrote:\n${indent(a.originalBody ?? '')}`)
  out(`The words that go out:\n${indent(a.body)}`)
  for (const d of a.decisions) out(`${new Date(d.at).toISOString().slice(0, 16).replace('T', ' ')}  ${d.profile.name} ${d.action.replaceAll('_', ' ')}${d.note ? `: ${d.note}` : ''}`)
  for (const o of replies) out(`The reply: ${replyState(o)}.`)
  return 0
}

async function decide(client: CliCore, call: Call, action: 'approve' | 'reject' | 'request-changes', ref: string, values: Record<string, unknown> & { offline: boolean; as?: string; 'passphrase-file'?: string }): Promise<number> {
  const text = action === 'approve' ? await readText(values, 'text', 'reply') : null
  const note = action === 'approve' ? null : await readText(values, 'note', 'note')
  if (action !== 'approve' && !note) throw new UsageError(`Say why with --note TEXT or --note-file FILE: the author reads it.`)
  if (action === 'approve' && (values.note !== undefined || values['note-file'] !== undefined)) throw new UsageError('An approval takes no note; use --text or --text-file to change the words.')
  const me = await actAs(call, values)
  // Decide on the team's latest: a request another supervisor settled meanwhile is refused here, by name.
  await teamRound(client, values.offline)
  const a = await find(client, call, ref)
  if (a.status !== 'pending') return refuse(a, action)
  let decided: Approval
  let queued: { notBefore: number } | null = null
  try {
    if (action === 'approve') {
      const r = text !== null ? await call('approvals.editAndApprove', { approvalId: a.id, bodyHash: a.bodyHash, body: text }) : await call('approvals.approve', { approvalId: a.id, bodyHash: a.bodyHash })
      decided = r.approval
      queued = r.outboxItem
    } else if (action === 'reject') decided = await call('approvals.reject', { approvalId: a.id, note: note! })
    else decided = await call('approvals.requestChanges', { approvalId: a.id, note: note! })
  } catch (error) {
    // Decided by someone else between the read and the click (on this laptop): say by whom.
    const now = error instanceof ParleyError && error.code === 'conflict' ? client.core.approvals.get(a.id) : null
    if (now && now.status !== 'pending') return refuse(now, action)
    throw error
  }
  const round = await teamRound(client, values.offline)
  if (round?.contested.length) {
    // The team had taken another supervisor's decision first; this laptop now shows theirs.
    err(`${me.name}'s ${verb(action)} was not taken by the team: ${round.contested.join('; ')}.`)
    const after = client.core.approvals.get(a.id)
    out(`Request ${a.id} is now ${statusWords(after)}.`)
    return 1
  }
  if (action === 'approve') {
    out(decided.status === 'approved' ? `Approved by ${me.name}. ${describeQueued(queued, Date.now())}` : `Approved by ${me.name}; it now waits for the second step.`)
  } else out(`${action === 'reject' ? 'Rejected' : 'Changes requested'} by ${me.name}; ${decided.author.name} sees the note.`)
  if (round && !round.problem) out('Shared with the team.')
  return 0
}

/** "already decided by Kim (approved)": the same words the team uses when a decision lost. */
function refuse(a: Approval, action: string): number {
  err(`Not ${verb(action)}: this reply was ${statusWords(a)}. Nothing was changed.`)
  return 1
}

function statusWords(a: Approval): string {
  if (a.status === 'pending') return a.step > 1 ? 'pending (second step)' : 'pending'
  if (a.status === 'void') return 'withdrawn (the author edited or withdrew it; it has to be submitted again)'
  const status = a.status.replace('_', ' ')
  return a.decidedBy ? `already decided by ${a.decidedBy.name} (${status})` : status
}

function replyState(o: OutboxItem): string {
  if (o.state === 'sent') return `sent${o.permalink ? ` (${o.permalink})` : o.remoteId ? ` (platform id ${o.remoteId})` : ''}`
  if (o.state === 'queued') return o.holdReason ? `held: ${o.holdReason}` : 'queued to send'
  if (o.state === 'failed' || o.state === 'unconfirmed') return `${o.state}${o.lastError ? `: ${o.lastError}` : ''}`
  return o.state
}

const verb = (action: string): string => (action === 'approve' ? 'approved' : action === 'reject' ? 'rejected' : 'sent back for changes')

/** A pending request by its id or a unique start of it; a decided one by its full id. */
async function find(client: CliCore, call: Call, ref: string): Promise<Approval> {
  const needle = ref.trim().toLowerCase()
  if (needle.length < 4) throw new UsageError('Give at least the first 4 characters of the request id.')
  const pending = await call('approvals.list', { status: 'pending', limit: 200 })
  const exact = pending.find((a) => a.id === needle)
  if (exact) return exact
  const starts = pending.filter((a) => a.id.startsWith(needle))
  if (starts.length === 1) return starts[0]!
  if (starts.length > 1) throw new UsageError(`More than one request starts with "${ref}"; give more of its id.`)
  try {
    return client.core.approvals.get(needle)
  } catch (error) {
    if (error instanceof ParleyError && error.code === 'not_found') throw new ParleyError('not_found', `No approval request "${ref}" here. "parley approvals list" shows the queue.`)
    throw error
  }
}

const oneLine = (text: string): string => {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > 100 ? `${flat.slice(0, 99)}…` : flat
}
const indent = (text: string): string => text.split('\n').map((l) => `    ${l}`).join('\n')

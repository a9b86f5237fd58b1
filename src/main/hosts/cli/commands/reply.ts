import { parseArgs } from 'node:util'
import type { CliContext } from '../context'
import { workspaceOptions } from '../open-core'
import { out, UsageError } from '../output'
import { actAs, actingOptions, readText, teamRound, withCore } from './acting'
import { describeQueued } from './approvals-output'

export const replyHelp = `parley reply CONVERSATION (--text T | --text-file F) [--as NAME] [--passphrase-file F] [--offline] [--data-dir D]

Writes the reply as the profile's draft in conversation CONVERSATION (the number "parley inbox list"
shows) and submits it: it waits in Needs approval, or is queued to send when the approval policy
exempts it. --text suits a few words; --text-file FILE (or - for standard input) takes a reply of any
length, its line breaks kept. --as NAME acts as that profile (default: whoever used the workspace
last); a profile's passphrase comes from --passphrase-file or is asked without echo, never from the
command line. In a workspace that joined a team the request is shared with the team right away
(--offline: at the next sync).`

export async function reply(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...workspaceOptions, ...actingOptions, text: { type: 'string' }, 'text-file': { type: 'string' } },
    allowPositionals: true,
    strict: true,
  })
  if (positionals.length !== 1) throw new UsageError('Name one conversation: parley reply 12 --text-file reply.txt ("parley inbox list" shows the numbers).')
  const conversationId = Number(positionals[0]!.replace(/^#/, ''))
  if (!Number.isInteger(conversationId) || conversationId < 1) throw new UsageError(`"${positionals[0]}" is not a conversation number; "parley inbox list" shows them.`)
  const body = await readText(values, 'text', 'reply')
  if (body === null) throw new UsageError('Give the words with --text TEXT, or --text-file FILE (- reads standard input).')
  return withCore(values, ctx, async (client, call) => {
    const me = await actAs(call, values)
    await call('drafts.save', { conversationId, body })
    const submitted = await call('approvals.submit', { conversationId })
    if (submitted.approval) out(`Submitted for approval as ${me.name}: request ${submitted.approval.id} waits in Needs approval (${submitted.verdict.reason}).`)
    else out(`No approval needed (${submitted.verdict.reason}). ${describeQueued(submitted.outboxItem, Date.now())}`)
    const round = await teamRound(client, values.offline)
    if (round && !round.problem) out('Shared with the team.')
    return 0
  })
}

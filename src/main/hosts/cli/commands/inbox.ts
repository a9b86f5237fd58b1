import { parseArgs } from 'node:util'
import { viewSchema } from '../../../../shared/contract'
import type { CliContext } from '../context'
import { openCliCore, workspaceOptions } from '../open-core'
import { out, UsageError } from '../output'

export const inboxHelp = `parley inbox list [--json] [--query QUERY] [--view inbox|unassigned|mine|needs_approval|done] [--limit N]

Lists conversations, newest activity first. --query takes the inbox query language: words, "phrases", prefix*, -exclusions,
from:NAME channel:NAME kind:dm|comment|mention|feed is:open|pending|snoozed|done|unread
tag:NAME assignee:me|NAME|none before:YYYY-MM-DD after:YYYY-MM-DD needs:reply sentiment:negative|neutral|positive|unrated.`

export async function inbox(argv: string[], ctx: CliContext): Promise<number> {
  const [action, ...rest] = argv
  if (action !== 'list') throw new UsageError(action ? `Unknown inbox action "${action}".` : 'Say what to do: list.')
  const { values } = parseArgs({
    args: rest,
    options: {
      ...workspaceOptions,
      json: { type: 'boolean', default: false },
      query: { type: 'string' },
      view: { type: 'string', default: 'inbox' },
      limit: { type: 'string', default: '50' },
    },
    strict: true,
  })
  const view = viewSchema.safeParse(values.view)
  if (!view.success) throw new UsageError(`--view must be one of ${viewSchema.options.join(', ')}.`)
  const limit = Number(values.limit)
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError('--limit must be a whole number from 1 to 1000.')
  const client = await openCliCore(values, ctx)
  try {
    const items = values.query
      ? client.core.search.conversations(values.query, limit)
      : client.core.inbox.list({ view: view.data, limit }).items
    if (values.json) out(JSON.stringify(items, null, 2))
    else if (!items.length) out('Nothing here.')
    else for (const c of items) out(`#${c.id}  ${new Date(c.lastActivityAt).toISOString().slice(0, 16).replace('T', ' ')}  ${c.kind.padEnd(7)} ${c.status.padEnd(7)} ${c.authorName}: ${c.subject ?? c.preview}`)
    return 0
  } finally {
    await client.close()
  }
}

import type { CallResult, OperationInput, OperationName, OperationOutput } from '../../../shared/contract'
import { ParleyError, viewSchema } from '../../../shared/contract'

type Call = <N extends OperationName>(op: N, input: OperationInput<N>) => Promise<CallResult<OperationOutput<N>>>

/** A bulk export stops here; a larger set is better cut into narrower views. */
export const BULK_LIMIT = 2_000

async function ok<N extends OperationName>(call: Call, op: N, input: OperationInput<N>): Promise<OperationOutput<N>> {
  const result = await call(op, input)
  if (!result.ok) throw new ParleyError(result.error.code, result.error.message)
  return result.value
}

/**
 * The conversations of a view by name: a saved view (case-insensitive), else one of the built-in
 * views (inbox, mine, done, ...). Through the router, like the sidebar, so the sets are the same.
 */
export async function viewConversations(call: Call, name: string): Promise<{ view: string; items: { id: number; title: string }[] }> {
  const saved = (await ok(call, 'savedViews.list', {})).find((v) => v.name.toLowerCase() === name.trim().toLowerCase())
  const items: { id: number; title: string }[] = []
  const title = (c: { subject: string | null; authorName: string }): string => c.subject?.trim() || `Conversation with ${c.authorName}`
  let cursor: string | null = null
  if (saved) {
    do {
      const page: OperationOutput<'conversations.search'> = await ok(call, 'conversations.search', { query: saved.query, cursor, limit: 200 })
      if ('error' in page) throw new ParleyError('bad_input', `The saved view "${saved.name}" has a query Parley cannot read: ${page.error.message}`)
      items.push(...page.items.map((h) => ({ id: h.conversation.id, title: title(h.conversation) })))
      cursor = page.nextCursor
    } while (cursor && items.length < BULK_LIMIT)
    return { view: saved.name, items: items.slice(0, BULK_LIMIT) }
  }
  const builtIn = viewSchema.safeParse(name.trim().toLowerCase())
  if (!builtIn.success) {
    throw new ParleyError('bad_input', `There is no saved view called "${name}". Saved views are listed in the sidebar; the built-in ones are ${viewSchema.options.join(', ')}.`)
  }
  do {
    const page: OperationOutput<'conversations.list'> = await ok(call, 'conversations.list', { view: builtIn.data, cursor, limit: 200 })
    items.push(...page.items.map((c) => ({ id: c.id, title: title(c) })))
    cursor = page.nextCursor
  } while (cursor && items.length < BULK_LIMIT)
  return { view: builtIn.data, items: items.slice(0, BULK_LIMIT) }
}

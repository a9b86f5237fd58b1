import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { CallResult, OperationInput, OperationName, OperationOutput } from '../../../../shared/contract'
import { conversationExportFormatSchema, type ConversationExportFormat } from '../../../../shared/contract/operations-export'
import { indexFiles, type IndexEntry } from '../../../features/export/render-index'
import { viewConversations } from '../../../features/export/view-conversations'
import { ensureWritableFolder, writeFiles } from '../../../features/reports/export'
import type { CliContext } from '../context'
import { openCliCore, workspaceOptions } from '../open-core'
import { err, out, progressPrinter, UsageError } from '../output'

export const exportHelp = `parley export conversation ID [--format html,pdf,json] --out DIR [--no-notes] [--data-dir DIR]
parley export conversation --view NAME [--format html,pdf,json] --out DIR [--no-notes] [--data-dir DIR]

Writes one conversation (or every conversation of a saved view, plus index.html and index.json) with its
authors, times, channel, permalinks, internal notes (marked as internal; --no-notes leaves them out),
approvals and audit trail. --format takes one format or several separated by commas (default html).
Files are readable by you only (0600); the folder is created when missing.`

export async function exportCommand(argv: string[], ctx: CliContext): Promise<number> {
  const [what, ...rest] = argv
  if (what !== 'conversation') throw new UsageError(what ? `Unknown export "${what}"; the one export is "conversation".` : 'Say what to export: conversation ID, or conversation --view NAME.')
  const { values, positionals } = parseArgs({
    args: rest,
    options: { ...workspaceOptions, format: { type: 'string', default: 'html' }, out: { type: 'string' }, view: { type: 'string' }, 'no-notes': { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  })
  // Everything the user typed is checked before the workspace is opened.
  if (positionals.length > 1) throw new UsageError(`Export one conversation at a time (got ${positionals.join(', ')}), or a whole view with --view NAME.`)
  const idText = positionals[0]
  if (idText !== undefined && values.view !== undefined) throw new UsageError('Give a conversation ID or --view NAME, not both.')
  if (idText === undefined && values.view === undefined) throw new UsageError('Say which conversation: its ID (as "parley inbox list" shows it), or --view NAME.')
  const id = idText === undefined ? null : Number(idText.replace(/^#/, ''))
  if (id !== null && (!Number.isSafeInteger(id) || id <= 0)) {
    err(`"${idText}" is not a conversation ID; IDs are whole numbers such as 42 (see "parley inbox list").`)
    return 2
  }
  const formats = [...new Set((values.format ?? 'html').split(',').map((f) => f.trim()))]
  const bad = formats.find((f) => !conversationExportFormatSchema.safeParse(f).success)
  if (bad !== undefined) throw new UsageError(`--format must be html, pdf or json (or several, comma-separated), not "${bad}".`)
  if (!values.out) throw new UsageError('Say where to write the export: --out DIR.')
  const folder = resolve(values.out)
  ensureWritableFolder(folder)

  const client = await openCliCore(values, ctx)
  const call = <N extends OperationName>(op: N, input: OperationInput<N>) => client.call(op, input) as Promise<CallResult<OperationOutput<N>>>
  try {
    const includeNotes = !values['no-notes']
    // Through the router, like the conversation menu in the app: the same validation and the same files.
    const one = async (conversationId: number): Promise<string[] | number> => {
      const paths: string[] = []
      for (const format of formats as ConversationExportFormat[]) {
        const result = await call('conversations.export', { id: conversationId, format, includeNotes })
        if (!result.ok) {
          err(result.error.message)
          return result.error.code === 'bad_input' || result.error.code === 'not_found' ? 2 : 1
        }
        paths.push(...writeFiles(folder, result.value.files))
      }
      return paths
    }
    if (id !== null) {
      const paths = await one(id)
      if (typeof paths === 'number') return paths
      for (const path of paths) out(path)
      return 0
    }
    const { view, items } = await viewConversations(call, values.view!)
    const entries: IndexEntry[] = []
    // Progress on stderr, so the paths on stdout stay one per line for scripts.
    const progress = progressPrinter(`Exporting "${view}"`)
    progress(0, items.length)
    for (const c of items) {
      const paths = await one(c.id)
      if (typeof paths === 'number') return paths
      for (const path of paths) out(path)
      entries.push({ id: c.id, title: c.title, files: paths.map((p) => p.slice(folder.length + 1)) })
      progress(entries.length, items.length)
    }
    for (const path of writeFiles(folder, indexFiles(view, Date.now(), entries))) out(path)
    err(`Exported ${entries.length} ${entries.length === 1 ? 'conversation' : 'conversations'} of "${view}".`)
    return 0
  } finally {
    await client.close()
  }
}

import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { CallResult, OperationOutput } from '../../../../shared/contract'
import { isoWeekSchema, reportFormatSchema, type ReportFormat } from '../../../../shared/contract/operations-reports'
import { ensureWritableFolder, writeFiles } from '../../../features/reports/export'
import type { CliContext } from '../context'
import { openCliCore, workspaceOptions } from '../open-core'
import { err, out, UsageError } from '../output'

export const reportHelp = `parley report weekly [--week 2026-W47] [--format html|pdf|csv|json] --out DIR [--data-dir DIR]

Writes the weekly summary of an ISO week (default: the last full week in the workspace's time zone).
--format takes one format or several separated by commas (default html); csv writes two files, one row per
conversation active in the week and one per day. The folder is created when missing (readable by you only),
and so are the files. Exit code 2 for a bad week or format, 1 for a folder that cannot be written.`

export async function report(argv: string[], ctx: CliContext): Promise<number> {
  const [action, ...rest] = argv
  if (action !== 'weekly') throw new UsageError(action ? `Unknown report "${action}"; the one report is "weekly".` : 'Say which report: weekly.')
  const { values } = parseArgs({
    args: rest,
    options: { ...workspaceOptions, week: { type: 'string' }, format: { type: 'string', default: 'html' }, out: { type: 'string' } },
    strict: true,
  })
  // Everything the user typed is checked before the workspace is opened.
  if (values.week !== undefined && !isoWeekSchema.safeParse(values.week).success) {
    err(`"${values.week}" is not a week; write it like 2026-W47 (ISO week-numbering year, then W and the two-digit week).`)
    return 2
  }
  const formats = (values.format ?? 'html').split(',').map((f) => f.trim())
  const bad = formats.find((f) => !reportFormatSchema.safeParse(f).success)
  if (bad !== undefined) throw new UsageError(`--format must be html, pdf, csv or json (or several, comma-separated), not "${bad}".`)
  if (!values.out) throw new UsageError('Say where to write the report: --out DIR.')
  const folder = resolve(values.out)
  // The folder is the environment, not a mistake in the command: exit code 1, as the README says.
  if (!writable(folder)) return 1

  const client = await openCliCore(values, ctx)
  try {
    for (const format of formats as ReportFormat[]) {
      // Through the router, like the Reports screen: the same validation and the same numbers.
      const result = (await client.call('reports.export', { format, ...(values.week ? { week: values.week } : {}) })) as CallResult<OperationOutput<'reports.export'>>
      if (!result.ok) {
        err(result.error.message)
        return result.error.code === 'bad_input' ? 2 : 1
      }
      let written: string[]
      try {
        written = writeFiles(folder, result.value.files)
      } catch (error) {
        err((error as Error).message)
        return 1
      }
      for (const path of written) out(path)
    }
    return 0
  } finally {
    await client.close()
  }
}

function writable(folder: string): boolean {
  try {
    ensureWritableFolder(folder)
    return true
  } catch (error) {
    err((error as Error).message)
    return false
  }
}

import { parseArgs } from 'node:util'
import type { CliContext } from '../context'
import { openCliCore, workspaceOptions } from '../open-core'
import { err, out, UsageError } from '../output'

export const syncHelp = `parley sync --once [--data-dir DIR] [--vault keychain|file]

Polls every active channel account once and prints what it fetched.
Exits with 1 when any account could not be polled.`

export async function sync(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { ...workspaceOptions, once: { type: 'boolean', default: false } }, strict: true })
  if (!values.once) throw new UsageError('Only one-shot syncing is available from the CLI: pass --once. (The app and "parley serve" poll on a schedule.)')
  const client = await openCliCore(values, ctx)
  try {
    const names = new Map(client.core.inbox.accounts().map((a) => [a.id, `${a.displayName} (${a.platform})`]))
    const outcomes = await client.core.sync.pollOnce()
    if (outcomes.length === 0) {
      out('No active channel accounts to poll.')
      return 0
    }
    let failed = 0
    for (const o of outcomes) {
      const who = `${names.get(o.accountId) ?? `#${o.accountId}`} ${o.stream}`
      if (o.error) {
        failed++
        err(`${who}: ${o.error.message}`)
      } else out(`${who}: ${o.fetched} fetched, ${o.stored} new`)
    }
    return failed ? 1 : 0
  } finally {
    await client.close()
  }
}

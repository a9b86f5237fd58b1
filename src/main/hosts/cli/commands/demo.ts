import { parseArgs } from 'node:util'
import { systemClock } from '../../../base/clock'
import { inProcessCore } from '../../worker/in-process'
import { prepareDataDir, resolveDataDir } from '../data-dir'
import { refuseIfRunning } from '../running'
import { out, progressPrinter, UsageError } from '../output'
import type { CliContext } from '../context'

export const demoHelp = `parley demo [--size N] [--data-dir DIR]

Builds a demo workspace of N conversations (default 2,000; about 4 messages each).
Large sizes are for benchmarks: 250000 gives about a million messages.`

export async function demo(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { size: { type: 'string', default: '2000' }, 'data-dir': { type: 'string' } },
    strict: true,
  })
  const size = Number(values.size)
  if (!Number.isInteger(size) || size < 1 || size > 5_000_000) {
    throw new UsageError(`--size must be a whole number of conversations from 1 to 5,000,000, not "${values.size}".`)
  }
  const dataDir = resolveDataDir(values['data-dir'])
  prepareDataDir(dataDir)
  refuseIfRunning(dataDir)
  const client = inProcessCore({ dataDir, version: ctx.version, clock: systemClock, vault: null })
  try {
    const started = performance.now()
    const result = await client.core.demo.load(size, progressPrinter('Building the demo workspace'))
    // The worker scores the demo's messages right after the load; the workspace is finished when they are.
    await client.core.signalsBackfill.idle()
    const seconds = ((performance.now() - started) / 1000).toFixed(1)
    out(`Demo workspace ready in ${dataDir}: ${result.conversations} conversations, ${result.messages} messages (${seconds} s).`)
    return 0
  } finally {
    await client.close()
  }
}

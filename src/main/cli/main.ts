import { ParleyError } from '../../shared/contract'
import { dirname } from 'node:path'
import { restoreCommand } from '../backup/files'
import { DamagedWorkspaceError } from '../store/integrity'
import type { CliContext } from './context'
import { err, out, UsageError } from './output'

type Command = (argv: string[], ctx: CliContext) => Promise<number>
interface LoadedCommand {
  run: Command
  help: string
}

// Loaded on demand: each command pulls in only what it needs (serve starts faster without the in-process core).
const commands: Record<string, () => Promise<LoadedCommand>> = {
  serve: async () => {
    const m = await import('./commands/serve')
    return { run: m.serve, help: m.serveHelp }
  },
  demo: async () => {
    const m = await import('./commands/demo')
    return { run: m.demo, help: m.demoHelp }
  },
  accounts: async () => {
    const m = await import('./commands/accounts')
    return { run: m.accounts, help: m.accountsHelp }
  },
  sync: async () => {
    const m = await import('./commands/sync')
    return { run: m.sync, help: m.syncHelp }
  },
  inbox: async () => {
    const m = await import('./commands/inbox')
    return { run: m.inbox, help: m.inboxHelp }
  },
  report: async () => {
    const m = await import('./commands/report')
    return { run: m.report, help: m.reportHelp }
  },
  export: async () => {
    const m = await import('./commands/export')
    return { run: m.exportCommand, help: m.exportHelp }
  },
  restore: async () => {
    const m = await import('./commands/restore')
    return { run: m.restore, help: m.restoreHelp }
  },
  // Hidden: the crash test's child process; deliberately not in the usage text.
  'dev-crash-worker': async () => {
    const m = await import('./commands/dev-crash-worker')
    return { run: m.devCrashWorker, help: m.devCrashWorkerHelp }
  },
}

const usage = `Parley: the offline-first inbox for community managers.

Usage: parley <command> [options]

Commands:
  serve    start Parley for a web browser on this machine
  demo     build a demo workspace (also used for benchmarks)
  accounts add, list, pause, resume or remove channel accounts
  sync     poll every active channel account once (--once)
  inbox    list conversations (--json, --query)
  report   write the weekly summary (report weekly --week 2026-W47 --format html|pdf|csv|json --out DIR)
  export   write a conversation, or a view's conversations (export conversation ID --format html,pdf,json --out DIR)
  restore  put a backup in place of the workspace database (--latest or --from FILE)

Run "parley <command> --help" for a command's options.`

export async function runCli(argv: string[], ctx: CliContext): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    out(usage)
    return 0
  }
  if (name === '--version' || name === '-v') {
    out(ctx.version)
    return 0
  }
  const load = commands[name]
  if (!load) {
    err(`Unknown command "${name}".\n\n${usage}`)
    return 2
  }
  const command = await load()
  if (rest.includes('--help') || rest.includes('-h')) {
    out(command.help)
    return 0
  }
  try {
    return await command.run(rest, ctx)
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      err(`${error.message}\n\n${command.help}`)
      return 2
    }
    if (error instanceof DamagedWorkspaceError) {
      err(`${error.message}\n${error.detail}\n\nTo restore the latest backup, quit Parley and run:\n  ${restoreCommand(dirname(error.file))}`)
      return 1
    }
    if (error instanceof ParleyError) {
      err(error.message)
      return error.code === 'bad_input' ? 2 : 1
    }
    throw error
  }
}

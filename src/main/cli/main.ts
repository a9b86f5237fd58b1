import { ParleyError } from '../../shared/contract'
import { accounts, accountsHelp } from './commands/accounts'
import { demo, demoHelp } from './commands/demo'
import { devCrashWorker, devCrashWorkerHelp } from './commands/dev-crash-worker'
import { inbox, inboxHelp } from './commands/inbox'
import { sync, syncHelp } from './commands/sync'
import { serve, serveHelp } from './commands/serve'
import type { CliContext } from './context'
import { err, out, UsageError } from './output'

type Command = (argv: string[], ctx: CliContext) => Promise<number>

const commands: Record<string, { run: Command; help: string }> = {
  serve: { run: serve, help: serveHelp },
  demo: { run: demo, help: demoHelp },
  accounts: { run: accounts, help: accountsHelp },
  sync: { run: sync, help: syncHelp },
  inbox: { run: inbox, help: inboxHelp },
  // Hidden: the crash test's child process; deliberately not in the usage text.
  'dev-crash-worker': { run: devCrashWorker, help: devCrashWorkerHelp },
}

const usage = `Parley: the offline-first inbox for community managers.

Usage: parley <command> [options]

Commands:
  serve    start Parley for a web browser on this machine
  demo     build a demo workspace (also used for benchmarks)
  accounts add, list, pause, resume or remove channel accounts
  sync     poll every active channel account once (--once)
  inbox    list conversations (--json, --query)

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
  const command = commands[name]
  if (!command) {
    err(`Unknown command "${name}".\n\n${usage}`)
    return 2
  }
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
    if (error instanceof ParleyError) {
      err(error.message)
      return error.code === 'bad_input' ? 2 : 1
    }
    throw error
  }
}

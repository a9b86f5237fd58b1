import { ParleyError } from '../../../shared/contract'
import { dirname } from 'node:path'
import { restoreCommand } from '../../features/backup/files'
import { DamagedWorkspaceError } from '../../store/integrity'
import { setInstanceLabel } from '../../store/writer-lock'
import { PromptCancelled } from '../../features/vault/passphrase'
import type { CliContext } from './context'
import { err, out, UsageError } from './output'

type Command = (argv: string[], ctx: CliContext) => Promise<number>
interface LoadedCommand {
  run: Command
  help: string
}

// Loaded on demand: each command pulls in only what it needs (serve starts faster without the in-process core).
const commands: Record<string, (ctx: CliContext) => Promise<LoadedCommand>> = {
  serve: async () => {
    const m = await import('./commands/serve')
    return { run: m.serve, help: m.serveHelp }
  },
  demo: async () => {
    const m = await import('./commands/demo')
    return { run: m.demo, help: m.demoHelp }
  },
  accounts: async (ctx) => {
    const m = await import('./commands/accounts')
    // The platforms, their flags and their examples come from the connector manifests.
    return { run: m.accounts, help: m.accountsHelp(m.cliConnectors(ctx).map((c) => c.manifest)) }
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
  profiles: async () => ({ run: (await import('./commands/profiles')).profiles, help: (await import('./commands/profiles')).profilesHelp }),
  export: async () => {
    const m = await import('./commands/export')
    return { run: m.exportCommand, help: m.exportHelp }
  },
  restore: async () => {
    const m = await import('./commands/restore')
    return { run: m.restore, help: m.restoreHelp }
  },
  approvals: async () => {
    const m = await import('./commands/approvals')
    return { run: m.approvals, help: m.approvalsHelp }
  },
  reply: async () => {
    const m = await import('./commands/reply')
    return { run: m.reply, help: m.replyHelp }
  },
  team: async () => {
    const m = await import('./commands/team')
    return { run: m.team, help: m.teamHelp }
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
  reply    write a reply in a conversation and submit it for approval (reply 12 --text-file F)
  approvals list the Needs approval queue, show, approve, reject or request changes
  profiles list profiles, or set one's passphrase (profiles set-passphrase --profile NAME)
  export   write a conversation, or a view's conversations (export conversation ID --format html,pdf,json --out DIR)
  restore  put a backup in place of the workspace database (--latest or --from FILE)
  team     share an inbox with a team (team serve starts the team sync service on PostgreSQL)

Run "parley <command> --help" for a command's options.

Exit codes: 0 done; 1 it could not be done (a platform, the network, the data folder, a
report folder that cannot be written, or another Parley using the workspace); 2 a mistake in
the command (an unknown option, a bad value, a bad week or format); 130 cancelled with Ctrl-C
(at a prompt, or while waiting for a sign-in in the browser).`

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
  const command = await load(ctx)
  if (rest.includes('--help') || rest.includes('-h')) {
    out(command.help)
    return 0
  }
  // Named in the workspace's instance file, so a command refused meanwhile can say what holds the workspace.
  setInstanceLabel(['parley', name, ...rest.slice(0, 1).filter((word) => /^[a-z]+$/.test(word))].join(' '))
  try {
    return await command.run(rest, ctx)
  } catch (error) {
    return explainFailure(error, command.help)
  }
}

/** Every failure ends as plain words on stderr and an exit code the README lists; a stack only with PARLEY_DEBUG=1. */
function explainFailure(error: unknown, help: string): number {
  if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
    err(`${error.message}\n\n${help}`)
    return 2
  }
  if (error instanceof DamagedWorkspaceError) {
    err(`${error.message}\n${error.detail}\n\nTo restore the latest backup, quit Parley and run:\n  ${restoreCommand(dirname(error.file))}`)
    return 1
  }
  if (error instanceof PromptCancelled) {
    err(error.message)
    return 130
  }
  if (error instanceof ParleyError) {
    err(error.message)
    return error.code === 'bad_input' ? 2 : 1
  }
  const errno = error as NodeJS.ErrnoException
  if (errno && typeof errno.code === 'string' && typeof errno.syscall === 'string') {
    // A file-system refusal the code above did not foresee: still one sentence, naming the file.
    const why = errno.code === 'EACCES' || errno.code === 'EPERM' ? 'permission denied' : errno.code === 'ENOSPC' ? 'the disk is full' : errno.code === 'EROFS' ? 'the disk is read-only' : errno.code
    err(`Parley could not ${errno.syscall}${errno.path ? ` ${errno.path}` : ''}: ${why}. Check that this folder belongs to your user, or choose another with --data-dir DIR.`)
    if (process.env.PARLEY_DEBUG === '1') err(String(errno.stack))
    return 1
  }
  err(`Parley stopped on an unexpected problem: ${error instanceof Error ? error.message : String(error)}`)
  if (process.env.PARLEY_DEBUG === '1') err(error instanceof Error ? String(error.stack) : '')
  else err('Run the command again with PARLEY_DEBUG=1 in the environment to see the details.')
  return 1
}

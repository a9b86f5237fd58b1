import type { CliContext } from '../context'
import { UsageError } from '../output'
import { teamServeHelp } from './team-serve-help'

export const teamHelp = `parley team <command> [options]: share one inbox and approval queue with a team.

  init --server URL --name TEAM [--passphrase-file F] [--data-dir D]
           create a team on a running team service; this profile becomes its admin
  invite --role agent|supervisor|admin --name PERSON [--data-dir D]
           print a one-time join code (admins only)
  join --server URL --code CODE [--passphrase-file F] [--data-dir D]
           join this laptop as the invited member
  remove --name PERSON [--data-dir D]
           remove a member (admins only): their laptops stop syncing, their leases are handed on
  status [--json] [--digest] [--data-dir D]
           members, the last sync, changes waiting to be shared, who holds which poll lease;
           --digest adds one hash per table of the shared state (equal on laptops in sync)
  sync --once [--data-dir D]
           share local changes and receive the team's, once; then send the approved replies
           that are due, under the team's lease (one laptop sends each, once)

The passphrase is asked for (not shown) or read from --passphrase-file; never given on the command line.

${teamServeHelp}`

export async function team(argv: string[], ctx: CliContext): Promise<number> {
  const [sub, ...rest] = argv
  switch (sub) {
    case 'serve':
      return (await import('./team-serve')).teamServe(rest)
    case 'init':
      return (await import('./team-member')).teamInit(rest, ctx)
    case 'invite':
      return (await import('./team-member')).teamInvite(rest, ctx)
    case 'join':
      return (await import('./team-member')).teamJoin(rest, ctx)
    case 'remove':
      return (await import('./team-member')).teamRemove(rest, ctx)
    case 'status':
      return (await import('./team-member')).teamStatus(rest, ctx)
    case 'sync':
      return (await import('./team-member')).teamSync(rest, ctx)
    default:
      throw new UsageError(sub ? `Unknown team command "${sub}".` : 'Name a team command: serve, init, invite, join, remove, status or sync.')
  }
}

import type { CliContext } from '../context'
import { UsageError } from '../output'
import { teamServeHelp } from './team-serve-help'

export const teamHelp = `parley team <command> [options]: share one inbox and approval queue with a team.

${teamServeHelp}`

export async function team(argv: string[], _ctx: CliContext): Promise<number> {
  const [sub, ...rest] = argv
  switch (sub) {
    case 'serve': {
      const m = await import('./team-serve')
      return m.teamServe(rest)
    }
    default:
      throw new UsageError(sub ? `Unknown team command "${sub}".` : 'Name a team command.')
  }
}

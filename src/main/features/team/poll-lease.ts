import type { TeamEntityStore } from '../../store/team-entities'
import type { TeamWorkspace } from './team-workspace'

const MIN_TTL_MS = 30_000
const MAX_TTL_MS = 10 * 60_000

/**
 * The poll scheduler's lease for a workspace in a team: one laptop polls each (channel account,
 * stream) at a time, renewing its lease each poll; when it goes quiet the lease expires and another
 * laptop holding the account's secret takes over. Items are idempotent by (channel account, remote
 * id), so when the team service cannot be reached the laptop polls anyway rather than go stale.
 */
export class TeamPollLease {
  constructor(
    private readonly team: TeamWorkspace,
    private readonly entities: TeamEntityStore,
  ) {}

  async mayPoll(accountId: number, stream: string, intervalMs: number): Promise<boolean> {
    const membership = this.team.membership()
    const channelAccount = this.entities.accountKeyOf(accountId)
    if (!membership || !channelAccount) return true
    try {
      const client = await this.team.client()
      // Three intervals: a holder that missed one poll keeps the stream; one gone for three gives it up.
      const ttlMs = Math.min(Math.max(intervalMs * 3, MIN_TTL_MS), MAX_TTL_MS)
      return (await client.claimPollLease({ channelAccount, stream, device: membership.device, ttlMs })).granted
    } catch {
      return true
    }
  }
}

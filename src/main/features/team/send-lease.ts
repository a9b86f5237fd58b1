import type { LeaseClaim, SendLease } from '../outbox/deliver'
import type { OutboxRecord } from '../../store/outbox'
import type { TeamEntityStore } from '../../store/team-entities'
import type { TeamWorkspace } from './team-workspace'

/** Longer than any send may take (the connectors' HTTP timeouts are well under it), so a send never outlives its lease. */
export const SEND_LEASE_MS = 120_000

/**
 * A test switch, never set in use: PARLEY_TEST_SKIP_TAKEOVER_RECONCILE=1 hands every takeover on as a
 * plain claim, so the laptop resends without asking the platform first. The proving test runs with it
 * to show that it fails then (a reply posted twice); read only when set.
 */
const skipTakeoverReconcile = (): boolean => process.env.PARLEY_TEST_SKIP_TAKEOVER_RECONCILE === '1'

/**
 * The outbox's lease for a workspace in a team: the team queue's row of the approval is claimed
 * (SKIP LOCKED, a new fence) for this laptop before the network call, and marked sent under that
 * fence after it. A laptop that cannot reach the team service gets no lease and sends nothing.
 */
export class TeamSendLease implements SendLease {
  constructor(
    private readonly team: TeamWorkspace,
    private readonly entities: TeamEntityStore,
  ) {}

  inTeam(): boolean {
    return this.team.membership() !== null
  }

  async claim(item: OutboxRecord): Promise<LeaseClaim> {
    const membership = this.team.membership()
    const account = this.entities.accountKeyOf(item.accountId)
    if (!membership || !account || item.approvalId === null) return { kind: 'none' }
    const client = await this.team.client()
    const api = client.outbox()
    const claimed = await api.claim({ channelAccounts: [account], device: membership.device, leaseMs: SEND_LEASE_MS, approvalId: item.approvalId })
    if (claimed && claimed.textHash !== item.bodyHash) {
      // The team approved other words than this laptop queued (its own decision lost to another
      // member's edit, or the reverse): nothing goes out until the team's decision is applied here.
      await api.release({ id: claimed.id, fence: claimed.fence, retryInMs: 0, unconfirmed: claimed.takeover }).catch(() => false)
      return { kind: 'wait' }
    }
    if (claimed) {
      return {
        kind: 'lease',
        idempotencyKey: claimed.idempotencyKey,
        takeover: claimed.takeover && !skipTakeoverReconcile(),
        markSent: (remoteId) => api.markSent({ id: claimed.id, fence: claimed.fence, remoteId }),
        release: async (unconfirmed) => {
          await api.release({ id: claimed.id, fence: claimed.fence, retryInMs: 0, unconfirmed })
        },
      }
    }
    // Another laptop sent the team's words. Only a local item with those same words is recorded as that
    // send; one queued from a decision that lost (other words) waits until the team's decision cancels it.
    const sent = await this.sentByTeam(item)
    if (sent) return { kind: 'sent', remoteId: sent.remoteId }
    // The team answered: this reply is someone else's for now, or its approval has not been shared yet.
    return { kind: 'wait' }
  }

  async sentByTeam(item: OutboxRecord): Promise<{ remoteId: string | null } | null> {
    if (!this.team.membership() || item.approvalId === null) return null
    const client = await this.team.client()
    const row = await client.outboxByApproval(item.approvalId)
    if (row?.state !== 'sent' || row.textHash !== item.bodyHash) return null
    return { remoteId: (await client.outboxItem(row.id))?.remoteId ?? null }
  }
}

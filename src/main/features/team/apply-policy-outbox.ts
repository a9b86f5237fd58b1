import type { ApprovalPolicy } from '../../../shared/contract'
import { accountIds, str, strings, type Input, type SharedApplyDeps, type SharedHandler } from './apply-shared'

/** The policy back in this laptop's ids: profiles by name (made when missing), channel accounts by key. */
function localPolicy(d: SharedApplyDeps, team: Input): ApprovalPolicy {
  const ids = (names: unknown): number[] => strings(names).map((n) => d.profileNamed(n, 'agent').id)
  const rules = (Array.isArray(team.rules) ? (team.rules as Input[]) : []).map((r) => {
    const when = { ...((r.when ?? {}) as Input) }
    if (when.profiles !== undefined) when.profileIds = ids(when.profiles)
    if (when.channelAccounts !== undefined) when.channelAccountIds = accountIds(d, when.channelAccounts, 'The approval policy')
    delete when.profiles
    delete when.channelAccounts
    const step = r.secondStep as Input | null | undefined
    const secondStep = step ? { ...step, group: ids(step.group) } : null
    return { ...r, when, secondStep }
  })
  return { ...(team as unknown as ApprovalPolicy), rules: rules as unknown as ApprovalPolicy['rules'] }
}

/**
 * The approval policy and the outbox's cancel and retry. A team's reply is named by its approval:
 * each laptop queued its own outbox row when the decision reached it. The team's row (PostgreSQL)
 * was cancelled by the service before this op reached anyone, so no laptop can claim it any more;
 * this cancels each laptop's own copy too, so it stops waiting for a lease it will never get.
 */
export function policyOutboxHandlers(d: SharedApplyDeps): Record<string, SharedHandler> {
  const itemsOf = (approvalId: string | null, states: string[]) =>
    approvalId === null ? [] : d.entities.approval(approvalId) ? d.outboxStore.byApproval(approvalId).filter((item) => states.includes(item.state)) : []
  return {
    'policy.set': (i) => {
      d.profiles.requireRole(['admin'], 'change the approval policy')
      d.policy.set(localPolicy(d, (i.policy ?? {}) as Input))
    },
    'outbox.cancel': (i) => {
      for (const item of itemsOf(str(i.approvalId), ['queued', 'failed'])) d.outbox.cancel(item.id, i.reopenApproval === true)
    },
    'outbox.retry': (i) => {
      for (const item of itemsOf(str(i.approvalId), ['failed'])) d.outbox.retry(item.id)
    },
  }
}

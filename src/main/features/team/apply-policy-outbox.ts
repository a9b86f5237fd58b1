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

/**
 * This laptop's cancel lost on the service (the reply was already sent, or being sent, by another
 * laptop): the approval voided when the person clicked is approved again and the reply is queued
 * anew here (a cancelled row never changes state), so it waits for the team and is recorded sent
 * like every other laptop's copy instead of showing a reply the team sent as cancelled. Taking an
 * approval back that lost is left as it is.
 */
export function undoLostCancel(d: SharedApplyDeps, i: Input, reason: string | null): void {
  const approvalId = str(i.approvalId)
  if (approvalId === null || i.reopenApproval === true) return
  const approval = d.approvalStore.get(approvalId)
  const items = d.outboxStore.byApproval(approvalId)
  const cancelled = items.filter((item) => item.state === 'cancelled').at(-1)
  if (!approval || approval.status !== 'void' || !cancelled || items.some((item) => item.state !== 'cancelled')) return
  const at = d.clock.now()
  if (!d.approvalStore.setState(approvalId, 'void', { status: 'approved', step: approval.step, at })) return
  const actorId = approval.decidedBy ?? cancelled.authorId ?? approval.authorId
  const item = d.queue.enqueue({
    conversationId: cancelled.conversationId, accountId: cancelled.accountId, inReplyTo: cancelled.inReplyTo ?? approval.inReplyTo ?? '', authorId: cancelled.authorId ?? approval.authorId,
    body: cancelled.body, bodyHash: cancelled.bodyHash, approvalId, exemptReason: null, baseMessageId: cancelled.baseMessageId, actorId,
  })
  d.audit.append({ at, profileId: null, conversationId: item.conversationId, kind: 'queued', payload: { itemId: item.id, approvalId, reason: `the cancel did not take: ${reason ?? 'the team had already sent it'}` } })
}

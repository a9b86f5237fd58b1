import type { Approval, ApprovalStep, Profile } from '../../../shared/contract'
import type { ApprovalRecord, DecisionRecord } from '../../store/approvals'
import type { ApprovalFacts } from './state'

/** The steps an approval needs: a supervisor, then the named group when policy asked for one. */
export function stepsOf(a: Pick<ApprovalRecord, 'secondStep'>): ApprovalStep[] {
  const steps: ApprovalStep[] = [{ kind: 'supervisor' }]
  if (a.secondStep) steps.push({ kind: 'group', group: [...a.secondStep.group], mode: a.secondStep.mode })
  return steps
}

export function factsOf(a: ApprovalRecord, decisions: DecisionRecord[]): ApprovalFacts {
  return {
    status: a.status,
    authorId: a.authorId,
    step: a.step,
    secondStep: a.secondStep,
    approvals: decisions.filter((d) => d.action === 'approved' || d.action === 'edited_and_approved').map((d) => ({ profileId: d.profileId, step: d.step })),
    bodyHash: a.bodyHash,
  }
}

export function toApproval(
  a: ApprovalRecord,
  decisions: DecisionRecord[],
  ctx: { profile(id: number): Profile; now: number; deadline: number | null },
): Approval {
  const who = (id: number | null): Profile | null => (id === null ? null : ctx.profile(id))
  return {
    id: a.id,
    conversationId: a.conversationId,
    accountId: a.accountId,
    inReplyTo: a.inReplyTo,
    author: ctx.profile(a.authorId),
    body: a.body,
    originalBody: a.originalBody,
    editedBy: who(a.editedBy),
    bodyHash: a.bodyHash,
    status: a.status,
    step: a.step,
    steps: stepsOf(a),
    decisions: decisions.map((d) => ({ id: d.id, step: d.step, profile: ctx.profile(d.profileId), action: d.action, note: d.note, at: d.at })),
    decidedBy: who(a.decidedBy),
    decisionNote: a.decisionNote,
    reason: a.reason,
    createdAt: a.createdAt,
    decidedAt: a.decidedAt,
    // Measured until the decision; a pending request keeps counting.
    waitedMs: Math.max(0, (a.status === 'pending' ? ctx.now : (a.decidedAt ?? ctx.now)) - a.createdAt),
    deadline: ctx.deadline,
  }
}

import type { ApprovalStatus, Role, SecondStep } from '../../../shared/contract'

/**
 * The approval state machine, pure: draft → pending (submit) → approved |
 * changes_requested | rejected | void. Every refusal says why in plain words.
 * The store and service apply what this decides; tests walk every transition.
 */
export type ApprovalState = 'draft' | ApprovalStatus

export type ApprovalAction = 'submit' | 'approve' | 'edit_and_approve' | 'request_changes' | 'reject' | 'edit' | 'withdraw'

export interface ApprovalFacts {
  status: ApprovalState
  authorId: number
  /** The step waiting for a decision: 1 (a supervisor) or 2 (the named group). */
  step: number
  secondStep: SecondStep | null
  /** Approvals already given, by whom and at which step. */
  approvals: { profileId: number; step: number }[]
  bodyHash: string
}

export interface Actor {
  id: number
  role: Role
}

/** permission: this person may not; state: not in this state; stale: the text changed since it was seen. */
export type RefusalKind = 'permission' | 'state' | 'stale'

export type Outcome = { ok: true; status: ApprovalState; step: number } | { ok: false; kind: RefusalKind; message: string }

const refuse = (message: string, kind: RefusalKind = 'state'): Outcome => ({ ok: false, kind, message })

const notPending: Record<Exclude<ApprovalState, 'pending'>, string> = {
  draft: 'It has not been submitted for approval yet.',
  approved: 'It is already approved.',
  changes_requested: 'Changes were requested; the author has to submit it again.',
  rejected: 'It was rejected.',
  void: 'This request no longer applies: the reply was edited or withdrawn after it was submitted. It has to be submitted again.',
}

/**
 * Who decides the second step: the group, without the author (nobody approves
 * their own reply) and without whoever approved the first step (two steps mean
 * two people). When nobody is left, the second step is complete.
 */
export function secondStepDeciders(secondStep: SecondStep, authorId: number, firstStepApprovers: number[]): number[] {
  return [...new Set(secondStep.group)].filter((id) => id !== authorId && !firstStepApprovers.includes(id))
}

function stepTwoComplete(facts: ApprovalFacts, approvedNow: number[]): boolean {
  const second = facts.secondStep
  if (!second) return true
  const first = facts.approvals.filter((a) => a.step === 1).map((a) => a.profileId)
  const deciders = secondStepDeciders(second, facts.authorId, first)
  if (deciders.length === 0) return true
  const approved = new Set([...facts.approvals.filter((a) => a.step === 2).map((a) => a.profileId), ...approvedNow])
  return second.mode === 'any' ? deciders.some((id) => approved.has(id)) : deciders.every((id) => approved.has(id))
}

/** May this actor decide at the current step? Returns a refusal message, or null. */
function deciderProblem(facts: ApprovalFacts, actor: Actor): string | null {
  if (actor.id === facts.authorId) return 'Nobody approves or decides on their own reply; another supervisor has to.'
  if (facts.approvals.some((a) => a.profileId === actor.id)) {
    return 'You already approved this; the second step needs someone else from the group.'
  }
  if (facts.step === 1) {
    return actor.role === 'supervisor' || actor.role === 'admin' ? null : 'Only a supervisor or an admin can decide on a reply.'
  }
  const first = facts.approvals.filter((a) => a.step === 1).map((a) => a.profileId)
  const deciders = facts.secondStep ? secondStepDeciders(facts.secondStep, facts.authorId, first) : []
  return deciders.includes(actor.id) ? null : 'The second step is for the named group only, and you are not in it.'
}

export function approvalTransition(facts: ApprovalFacts, action: ApprovalAction, actor: Actor, seenHash?: string): Outcome {
  switch (action) {
    case 'submit':
      if (actor.id !== facts.authorId) return refuse('Only the author can submit their reply.', 'permission')
      if (facts.status !== 'draft') return refuse('It is already submitted; this request stays as it is, and a new submission starts a new one.')
      return { ok: true, status: 'pending', step: 1 }
    case 'edit':
    case 'withdraw':
      if (actor.id !== facts.authorId) return refuse('Only the author can change or withdraw their reply.', 'permission')
      if (facts.status !== 'pending' && facts.status !== 'approved') return refuse(notPending[facts.status as Exclude<ApprovalState, 'pending'>])
      return { ok: true, status: 'void', step: facts.step }
  }
  if (facts.status !== 'pending') return refuse(notPending[facts.status])
  if (seenHash !== undefined && seenHash !== facts.bodyHash) {
    return refuse('The reply changed since you opened it. Look at it again before deciding.', 'stale')
  }
  const problem = deciderProblem(facts, actor)
  if (problem) return refuse(problem, 'permission')
  if (action === 'request_changes') return { ok: true, status: 'changes_requested', step: facts.step }
  if (action === 'reject') return { ok: true, status: 'rejected', step: facts.step }
  // An edit at the second step would leave the first step's approval covering other words.
  if (action === 'edit_and_approve' && facts.step !== 1) return refuse('At the second step a reply can only be approved as it is, or sent back with a note.')
  // approve, or edit_and_approve at step 1 (the step-1 approval of the new text).
  if (facts.step === 1) {
    const after = { ...facts, approvals: [...facts.approvals, { profileId: actor.id, step: 1 }] }
    return stepTwoComplete(after, []) ? { ok: true, status: 'approved', step: 1 } : { ok: true, status: 'pending', step: 2 }
  }
  return stepTwoComplete(facts, [actor.id]) ? { ok: true, status: 'approved', step: 2 } : { ok: true, status: 'pending', step: 2 }
}

import type { ApprovalChangeKind, EventPayload } from '../../../shared/contract'
import type { ApprovalRecord, DecisionRecord } from '../../store/approvals'

const SUMMARY_CHARS = 80

const kinds: Record<ApprovalRecord['status'], ApprovalChangeKind> = {
  pending: 'submitted',
  approved: 'approved',
  changes_requested: 'changes_requested',
  rejected: 'rejected',
  void: 'voided',
}

/** The start of the reply on one line, at most 80 characters (the author's own words). */
export function replySummary(body: string): string {
  const line = body.replace(/\s+/g, ' ').trim()
  return line.length <= SUMMARY_CHARS ? line : `${line.slice(0, SUMMARY_CHARS - 1).trimEnd()}…`
}

/**
 * The `approvals.changed` payload for a request as it stands now. decidedBy is who
 * decided, or for a request still pending after a first-step approval, that approver.
 */
export function approvalChange(a: ApprovalRecord, decisions: DecisionRecord[]): EventPayload<'approvals.changed'> {
  const last = decisions.length ? decisions.reduce((x, y) => (y.at >= x.at ? y : x)) : null
  return {
    conversationId: a.conversationId,
    approvalId: a.id,
    kind: kinds[a.status],
    authorId: a.authorId,
    decidedBy: a.decidedBy ?? last?.profileId ?? null,
    summary: replySummary(a.body),
  }
}

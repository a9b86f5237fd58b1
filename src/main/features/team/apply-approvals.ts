import type { ProfileRecord } from '../../store/profiles'
import { approvalChange } from '../approval/change'
import { NotHere, type Input } from './apply-shared'
import type { LocalApplyDeps } from './local-apply'

type Deps = Pick<LocalApplyDeps, 'uow' | 'entities' | 'approvals' | 'approvalStore' | 'outboxStore' | 'queue' | 'audit' | 'events' | 'clock'>

/**
 * Approval requests and decisions pulled from the team: a request is stored as its author's laptop
 * made it, and a decision is made through the approval workflow as the member who made it.
 */
export class ApprovalApply {
  constructor(
    private readonly deps: Deps,
    /** The local conversation an op names (or NotHere). */
    private readonly conversation: (i: Input) => number,
    /** The channel account of a local conversation (or NotHere). */
    private readonly accountOf: (conversationId: number) => number,
  ) {}

  submit(i: Input, author: ProfileRecord): void {
    const approvalId = String(i.approvalId)
    if (this.deps.approvalStore.get(approvalId)) return
    const conversationId = this.conversation(i)
    const accountId = (typeof i.channelAccount === 'string' ? this.deps.entities.accountId(i.channelAccount) : null) ?? this.accountOf(conversationId)
    const at = this.deps.clock.now()
    const body = String(i.text ?? '')
    const bodyHash = String(i.textHash ?? '')
    // The request as its author's laptop made it: same id, same words, same hash, so a decision here checks the same binding.
    this.deps.approvalStore.insert({
      id: approvalId,
      conversationId,
      accountId,
      inReplyTo: typeof i.inReplyTo === 'string' ? i.inReplyTo : '',
      authorId: author.id,
      body,
      bodyHash,
      secondStep: null,
      reason: typeof i.reason === 'string' ? i.reason : 'shared by the team',
      baseMessageId: this.deps.entities.newestMessageId(conversationId),
      at,
    })
    // The author's draft takes the submitted words (the platform's mentions included), as submit does on the
    // author's laptop, so the send that ends the draft there ends it here too.
    this.deps.approvalStore.setDraftBody(conversationId, author.id, body, at)
    this.deps.audit.append({ at, profileId: author.id, conversationId, kind: 'submitted', payload: { approvalId, bodyHash, viaTeam: true } })
    this.deps.uow.run((tx) => {
      tx.countsChanged()
      tx.afterCommit(() => {
        const a = this.deps.approvalStore.get(approvalId)
        if (a) this.deps.events.emit('approvals.changed', approvalChange(a, this.deps.approvalStore.decisions(a.id)))
      })
    })
  }

  /**
   * The team's decision wins: when this laptop decided differently while offline (and lost the
   * compare-and-set), its local decision is undone first (its queued reply cancelled), then the
   * winning decision is made through the approval workflow as the member who made it.
   */
  decide(operation: string, i: Input): void {
    const approvalId = String(i.approvalId)
    const a = this.deps.approvalStore.get(approvalId)
    if (!a) throw new NotHere('That approval request has not reached this laptop.')
    const hash = String(i.textHash ?? '')
    if (a.status !== 'pending') this.reopenLost(approvalId, hash)
    const note = typeof i.reason === 'string' && i.reason.trim() ? i.reason : 'decided on another laptop'
    if (operation === 'approvals.approve') this.deps.approvals.approve(approvalId, hash)
    else if (operation === 'approvals.editAndApprove') this.deps.approvals.editAndApprove(approvalId, hash, String(i.text ?? ''))
    else if (operation === 'approvals.reject') this.deps.approvals.reject(approvalId, note)
    else this.deps.approvals.requestChanges(approvalId, note)
  }

  private reopenLost(approvalId: string, teamHash: string): void {
    for (const item of this.deps.outboxStore.byApproval(approvalId)) {
      if (item.state === 'queued' || item.state === 'failed') this.deps.queue.cancel(item, null, 'another member decided first')
    }
    const lost = this.deps.approvalStore.get(approvalId)
    const at = this.deps.clock.now()
    // Back to the request as the team holds it: an edit made here goes, with the lost decision.
    this.deps.approvalStore.undoLostDecision(approvalId, teamHash, at)
    const team = this.deps.approvalStore.get(approvalId)
    // The edit made here had also become the author's draft (as an approver's edit does); it goes back to the author's words.
    if (lost && team && lost.body !== team.body && this.deps.approvalStore.draftMeta(team.conversationId, team.authorId)?.body === lost.body) {
      this.deps.approvalStore.setDraftBody(team.conversationId, team.authorId, team.body, at)
    }
  }
}

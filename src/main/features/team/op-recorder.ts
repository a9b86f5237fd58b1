import type { TeamEntityStore } from '../../store/team-entities'
import type { TransactionParticipant } from '../../store/unit-of-work'
import { opContext } from './op-context'
import { RECORDED_OPERATIONS } from './recorded-operations'
import { toTeamTerms, type TeamTerms } from './team-terms'
import type { BeforeImage } from './team-terms-shared'

/**
 * Writes the team op for a change inside the transaction that makes the change (a unit-of-work
 * participant), so a crash can leave neither a change without its op nor an op without its change.
 * A router call is recorded once, by its first transaction, in team terms; every channel message a
 * transaction stores (a poll, a sent reply coming back) is shared as an items.ingest op. Nothing is
 * recorded before the workspace joins a team, nor while a pulled op is being applied.
 */
export class TeamOpRecorder implements TransactionParticipant {
  private startSeq: number | null = null

  constructor(
    private readonly entities: TeamEntityStore,
    private readonly joined: () => boolean,
    private readonly append: (terms: TeamTerms) => void,
  ) {}

  begin(): void {
    this.startSeq = !opContext.current()?.remote && this.joined() ? this.entities.lastChangeSeq() : null
  }

  beforeCommit(): void {
    const start = this.startSeq
    this.startSeq = null
    if (start === null) return
    const context = opContext.current()
    const changes = this.entities.changesSince(start)
    if (context && !context.recorded && RECORDED_OPERATIONS.has(context.operation)) {
      this.append(toTeamTerms(context.operation, context.input, changes, this.entities, context.before as BeforeImage | undefined))
      context.recorded = true
    }
    for (const change of changes) {
      if (change.entity !== 'message' || change.op !== 'insert') continue
      const shared = this.entities.sharedItem(change.uuid)
      if (!shared) continue
      this.append({
        operation: 'items.ingest',
        input: { ...shared, channelAccount: shared.conversation.account, remoteId: shared.item.remoteId },
        entities: [shared.itemId, shared.conversation.id],
      })
    }
  }
}

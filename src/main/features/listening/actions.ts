import { ParleyError, type AppliedRuleAction, type RuleAction, type RuleOutcome } from '../../../shared/contract'
import type { ActivityKind, ActivityLog } from '../../store/activity'
import type { RuleActionRow, RuleActionStore } from '../../store/rule-actions'
import type { SpamMark, SpamStore } from '../../store/spam'
import type { Transactions } from '../../store/transaction'
import type { LoadedFacts } from './facts'

/** Queues a platform action (hide, delete, block, spam, close) in the outbox; returns the item id. */
export type ModerationEnqueue = (request: { facts: LoadedFacts; action: 'hide' | 'delete' | 'block' | 'spam' | 'close' | 'approve'; ruleName: string | null; profileId: number | null }) => string

type ActionRow = RuleActionRow & { description: string }

const LOCAL = new Set(['tag', 'assign', 'status', 'priority', 'spam'])

const activityKind: Record<RuleAction['type'], ActivityKind> = {
  tag: 'tagged',
  assign: 'assigned',
  status: 'status',
  priority: 'priority',
  hide: 'moderation',
  delete: 'moderation',
  block: 'moderation',
  close: 'moderation',
  approve: 'moderation',
  spam: 'spam',
  notify: 'rule',
}

const toApplied = (r: ActionRow): AppliedRuleAction => ({
  id: r.id,
  ruleId: r.rule_id,
  ruleName: r.rule_name,
  conversationId: r.conversation_id,
  messageId: r.message_id,
  action: JSON.parse(r.action) as RuleAction,
  description: r.description,
  at: r.at,
  undoable: LOCAL.has((JSON.parse(r.action) as RuleAction).type) && r.undone_at === null,
  undoneAt: r.undone_at,
  outboxItemId: r.outbox_item_id,
})

/**
 * Carries out what rules decided, inside the caller's transaction: each action changes the conversation,
 * writes an activity entry with the rule's id ("Rule 'Refunds' tagged refund") and a rule_actions row
 * that keeps what an undo needs. Platform actions go to the outbox.
 */
export class RuleActions {
  constructor(
    private readonly repos: { actions: RuleActionStore; spam: SpamStore; activity: ActivityLog; transactions: Transactions },
    private readonly enqueueModeration: ModerationEnqueue,
    /** Whether the platform files spam itself (e-mail's Junk folder): then a spam action also goes to the outbox. */
    private readonly platformSpam: (platform: string) => boolean = () => false,
  ) {}

  /** Applies one planned outcome; returns the rule_actions id. */
  apply(outcome: RuleOutcome, facts: LoadedFacts, at: number): number {
    const { action } = outcome
    const store = this.repos.actions
    let undo: Record<string, unknown> | null = null
    let outboxItemId: string | null = null
    const conversationId = outcome.conversationId
    switch (action.type) {
      case 'tag': {
        undo = { ...store.addTag(conversationId, action.tag) }
        break
      }
      case 'assign': {
        const prev = store.assignee(conversationId)
        store.setAssignee(conversationId, action.profileId)
        undo = { assigneeId: prev }
        break
      }
      case 'status': {
        const prev = store.status(conversationId) ?? 'open'
        store.setStatus(conversationId, action.status)
        undo = { status: prev }
        break
      }
      case 'priority':
        // The schema has no conversation priority yet: the action is recorded (activity, rule_actions) and changes nothing.
        break
      case 'spam': {
        const was = this.repos.spam.markFor(conversationId)
        this.repos.spam.mark(conversationId, { rule_id: outcome.ruleId, profile_id: null, at })
        undo = { previous: was }
        // Parley's mark is local and undoable; where the platform has a spam folder the item is filed there too, through the outbox.
        if (facts.remoteId && !facts.isDemo && this.platformSpam(facts.platform)) {
          outboxItemId = this.enqueueModeration({ facts, action: 'spam', ruleName: outcome.ruleName, profileId: null })
        }
        break
      }
      case 'hide':
      case 'delete':
      case 'block':
      case 'close':
      case 'approve':
        outboxItemId = this.enqueueModeration({ facts, action: action.type, ruleName: outcome.ruleName, profileId: null })
        break
      case 'notify':
        break
    }
    const actor = `Rule '${outcome.ruleName}'`
    const activityId = this.repos.activity.record({
      conversationId,
      kind: activityKind[action.type],
      text: `${actor} ${outcome.description}`,
      profileId: null,
      actorName: actor,
      ruleId: outcome.ruleId,
      data: { action, messageId: outcome.messageId, ...(outboxItemId ? { outboxItemId } : {}) },
      at,
    })
    return store.record({
      ruleId: outcome.ruleId,
      ruleName: outcome.ruleName,
      conversationId,
      messageId: outcome.messageId,
      action: JSON.stringify({ ...action, description: outcome.description }),
      undo: undo ? JSON.stringify(undo) : null,
      outboxItemId,
      activityMessageId: activityId,
      at,
    })
  }

  list(q: { conversationId?: number; ruleId?: number; limit: number }): AppliedRuleAction[] {
    return this.repos.actions.list(q).map((r) => this.withDescription(r))
  }

  get(id: number): AppliedRuleAction | null {
    const row = this.repos.actions.get(id)
    return row ? this.withDescription(row) : null
  }

  /** Restores what one local action changed and says so in the timeline. Runs in one transaction. */
  undo(id: number, profile: { id: number; name: string }, at: number): AppliedRuleAction {
    const store = this.repos.actions
    return this.repos.transactions.run(() => {
      const row = store.get(id)
      if (!row) throw new ParleyError('not_found', 'That rule action no longer exists.')
      const action = JSON.parse(row.action) as RuleAction & { description?: string }
      if (row.undone_at !== null) throw new ParleyError('conflict', 'That action was already undone.')
      if (!LOCAL.has(action.type)) {
        throw new ParleyError('bad_input', 'Platform actions and notifications cannot be undone here; cancel a queued platform action in the Outbox.')
      }
      const undo = (row.undo ? JSON.parse(row.undo) : {}) as Record<string, unknown>
      const c = row.conversation_id
      switch (action.type) {
        case 'tag':
          if (undo.added) store.removeTag(c, undo.tagId)
          break
        case 'assign':
          store.setAssignee(c, undo.assigneeId ?? null)
          break
        case 'status':
          store.restoreStatus(c, String(undo.status ?? 'open'))
          break
        case 'priority':
          break // nothing was changed
        case 'spam': {
          const prev = undo.previous as SpamMark | null
          if (prev) this.repos.spam.mark(c, prev)
          else this.repos.spam.unmark(c)
          break
        }
      }
      store.markUndone(id, at)
      this.repos.activity.record({
        conversationId: c,
        kind: action.type === 'tag' ? 'untagged' : activityKind[action.type],
        text: `${profile.name} undid: Rule '${row.rule_name}' ${action.description ?? action.type}`,
        profileId: profile.id,
        actorName: profile.name,
        data: { undoneRuleActionId: id, undoneRuleId: row.rule_id },
        at,
      })
      return this.get(id)!
    })
  }

  private withDescription(r: RuleActionRow): AppliedRuleAction {
    const parsed = JSON.parse(r.action) as RuleAction & { description?: string }
    const { description, ...action } = parsed
    return toApplied({ ...r, action: JSON.stringify(action), description: description ?? action.type })
  }
}

import { ParleyError, type AppliedRuleAction, type RuleAction, type RuleOutcome } from '../../../shared/contract'
import { ActivityLog, type ActivityKind } from '../../store/activity'
import type { Db } from '../../store/database'
import type { LoadedFacts } from './facts'

/** Queues a platform action (hide, delete, block, spam) in the outbox; returns the item id. */
export type ModerationEnqueue = (request: { facts: LoadedFacts; action: 'hide' | 'delete' | 'block' | 'spam'; ruleName: string | null; profileId: number | null }) => string

interface ActionRow {
  id: number
  rule_id: number
  rule_name: string
  conversation_id: number
  message_id: number | null
  action: string
  undo: string | null
  outbox_item_id: string | null
  activity_message_id: number | null
  at: number
  undone_at: number | null
  description: string
}

const LOCAL = new Set(['tag', 'assign', 'status', 'priority', 'spam'])

const activityKind: Record<RuleAction['type'], ActivityKind> = {
  tag: 'tagged',
  assign: 'assigned',
  status: 'status',
  priority: 'priority',
  hide: 'moderation',
  delete: 'moderation',
  block: 'moderation',
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
  private readonly activity: ActivityLog
  private readonly hasPriority: boolean

  constructor(
    private readonly db: Db,
    private readonly enqueueModeration: ModerationEnqueue,
    /** Whether the platform files spam itself (e-mail's Junk folder): then a spam action also goes to the outbox. */
    private readonly platformSpam: (platform: string) => boolean = () => false,
  ) {
    this.activity = new ActivityLog(db)
    // Priority belongs to triage (a later migration); without its column the action is recorded only.
    this.hasPriority = (db.prepare("SELECT name FROM pragma_table_info('conversations')").all() as { name: string }[]).some((c) => c.name === 'priority')
  }

  /** Applies one planned outcome; returns the rule_actions id. */
  apply(outcome: RuleOutcome, facts: LoadedFacts, at: number): number {
    const { action } = outcome
    let undo: Record<string, unknown> | null = null
    let outboxItemId: string | null = null
    const conversationId = outcome.conversationId
    switch (action.type) {
      case 'tag': {
        this.db.prepare('INSERT INTO tags(name) VALUES (?) ON CONFLICT(name) DO NOTHING').run(action.tag)
        const tagId = this.db.prepare<[string], { id: number }>('SELECT id FROM tags WHERE name = ?').get(action.tag)!.id
        const added = this.db.prepare('INSERT OR IGNORE INTO conversation_tags(conversation_id, tag_id) VALUES (?, ?)').run(conversationId, tagId).changes === 1
        undo = { tagId, added }
        break
      }
      case 'assign': {
        const prev = this.db.prepare<[number], { a: number | null }>('SELECT assignee_id AS a FROM conversations WHERE id = ?').get(conversationId)?.a ?? null
        this.db.prepare('UPDATE conversations SET assignee_id = ? WHERE id = ?').run(action.profileId, conversationId)
        undo = { assigneeId: prev }
        break
      }
      case 'status': {
        const prev = this.db.prepare<[number], { s: string }>('SELECT status AS s FROM conversations WHERE id = ?').get(conversationId)?.s ?? 'open'
        this.db.prepare('UPDATE conversations SET status = ?, snoozed_until = NULL WHERE id = ?').run(action.status, conversationId)
        undo = { status: prev }
        break
      }
      case 'priority': {
        if (this.hasPriority) {
          const prev = this.db.prepare<[number], { p: unknown }>('SELECT priority AS p FROM conversations WHERE id = ?').get(conversationId)?.p ?? null
          this.db.prepare('UPDATE conversations SET priority = ? WHERE id = ?').run(action.priority, conversationId)
          undo = { priority: prev }
        }
        break
      }
      case 'spam': {
        const was = this.db.prepare<[number], { rule_id: number | null; profile_id: number | null; at: number }>('SELECT rule_id, profile_id, at FROM spam_marks WHERE conversation_id = ?').get(conversationId)
        this.db.prepare('INSERT OR REPLACE INTO spam_marks(conversation_id, rule_id, profile_id, at) VALUES (?, ?, NULL, ?)').run(conversationId, outcome.ruleId, at)
        undo = { previous: was ?? null }
        // Parley's mark is local and undoable; where the platform has a spam folder the item is filed there too, through the outbox.
        if (facts.remoteId && !facts.isDemo && this.platformSpam(facts.platform)) {
          outboxItemId = this.enqueueModeration({ facts, action: 'spam', ruleName: outcome.ruleName, profileId: null })
        }
        break
      }
      case 'hide':
      case 'delete':
      case 'block':
        outboxItemId = this.enqueueModeration({ facts, action: action.type, ruleName: outcome.ruleName, profileId: null })
        break
      case 'notify':
        break
    }
    const actor = `Rule '${outcome.ruleName}'`
    const activityId = this.activity.record({
      conversationId,
      kind: activityKind[action.type],
      text: `${actor} ${outcome.description}`,
      profileId: null,
      actorName: actor,
      ruleId: outcome.ruleId,
      data: { action, messageId: outcome.messageId, ...(outboxItemId ? { outboxItemId } : {}) },
      at,
    })
    return Number(
      this.db
        .prepare(
          `INSERT INTO rule_actions(rule_id, rule_name, conversation_id, message_id, action, undo, outbox_item_id, activity_message_id, at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(outcome.ruleId, outcome.ruleName, conversationId, outcome.messageId, JSON.stringify({ ...action, description: outcome.description }), undo ? JSON.stringify(undo) : null, outboxItemId, activityId, at)
        .lastInsertRowid,
    )
  }

  list(q: { conversationId?: number; ruleId?: number; limit: number }): AppliedRuleAction[] {
    return this.db
      .prepare<{ c: number | null; r: number | null; limit: number }, Omit<ActionRow, 'description'>>(
        `SELECT * FROM rule_actions WHERE (@c IS NULL OR conversation_id = @c) AND (@r IS NULL OR rule_id = @r) ORDER BY at DESC, id DESC LIMIT @limit`,
      )
      .all({ c: q.conversationId ?? null, r: q.ruleId ?? null, limit: q.limit })
      .map((r) => this.withDescription(r))
  }

  get(id: number): AppliedRuleAction | null {
    const row = this.db.prepare<[number], Omit<ActionRow, 'description'>>('SELECT * FROM rule_actions WHERE id = ?').get(id)
    return row ? this.withDescription(row) : null
  }

  /** Restores what one local action changed and says so in the timeline. Runs in one transaction. */
  undo(id: number, profile: { id: number; name: string }, at: number): AppliedRuleAction {
    return this.db.transaction(() => {
      const row = this.db.prepare<[number], Omit<ActionRow, 'description'>>('SELECT * FROM rule_actions WHERE id = ?').get(id)
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
          if (undo.added) this.db.prepare('DELETE FROM conversation_tags WHERE conversation_id = ? AND tag_id = ?').run(c, undo.tagId)
          break
        case 'assign':
          this.db.prepare('UPDATE conversations SET assignee_id = ? WHERE id = ?').run(undo.assigneeId ?? null, c)
          break
        case 'status':
          this.db.prepare('UPDATE conversations SET status = ? WHERE id = ?').run(String(undo.status ?? 'open'), c)
          break
        case 'priority':
          if (this.hasPriority && 'priority' in undo) this.db.prepare('UPDATE conversations SET priority = ? WHERE id = ?').run(undo.priority ?? null, c)
          break
        case 'spam': {
          const prev = undo.previous as { rule_id: number | null; profile_id: number | null; at: number } | null
          if (prev) this.db.prepare('INSERT OR REPLACE INTO spam_marks(conversation_id, rule_id, profile_id, at) VALUES (?, ?, ?, ?)').run(c, prev.rule_id, prev.profile_id, prev.at)
          else this.db.prepare('DELETE FROM spam_marks WHERE conversation_id = ?').run(c)
          break
        }
      }
      this.db.prepare('UPDATE rule_actions SET undone_at = ? WHERE id = ?').run(at, id)
      this.activity.record({
        conversationId: c,
        kind: action.type === 'tag' ? 'untagged' : activityKind[action.type],
        text: `${profile.name} undid: Rule '${row.rule_name}' ${action.description ?? action.type}`,
        profileId: profile.id,
        actorName: profile.name,
        data: { undoneRuleActionId: id, undoneRuleId: row.rule_id },
        at,
      })
      return this.get(id)!
    })()
  }

  private withDescription(r: Omit<ActionRow, 'description'>): AppliedRuleAction {
    const parsed = JSON.parse(r.action) as RuleAction & { description?: string }
    const { description, ...action } = parsed
    return toApplied({ ...r, action: JSON.stringify(action), description: description ?? action.type })
  }
}

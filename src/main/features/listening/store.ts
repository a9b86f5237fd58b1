import { ParleyError, ruleActionSchema, ruleConditionsSchema, type Rule, type RuleAction, type RuleConditions, type Topic } from '../../../shared/contract'
import type { Db } from '../../store/database'

interface TopicRow {
  id: number
  name: string
  query: string
  enabled: number
  alert: number
  created_at: number
  match_count: number
  unseen: number
}

interface RuleRow {
  id: number
  name: string
  position: number
  enabled: number
  conditions: string
  actions: string
  created_at: number
  updated_at: number
}

const toTopic = (r: TopicRow): Topic => ({
  id: r.id,
  name: r.name,
  query: r.query,
  enabled: r.enabled === 1,
  alert: r.alert === 1,
  matchCount: r.match_count,
  unseen: r.unseen,
  createdAt: r.created_at,
})

const toRule = (r: RuleRow): Rule => ({
  id: r.id,
  name: r.name,
  position: r.position,
  enabled: r.enabled === 1,
  conditions: ruleConditionsSchema.parse(JSON.parse(r.conditions)),
  actions: ruleActionSchema.array().parse(JSON.parse(r.actions)),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
})

const unique = (error: unknown, what: string): never => {
  if (error instanceof Error && /UNIQUE constraint failed/.test(error.message)) throw new ParleyError('conflict', `There is already ${what}; pick another name.`)
  throw error
}

/** SQL for tracked topics and rules. */
export class ListeningStore {
  private readonly topicsStmt
  private readonly rulesStmt

  constructor(
    private readonly db: Db,
    private readonly seenAt: () => number,
  ) {
    this.topicsStmt = db.prepare<{ seen: number }, TopicRow>(
      `SELECT t.*, (SELECT count(*) FROM topic_matches m WHERE m.topic_id = t.id) AS match_count,
         (SELECT count(*) FROM topic_matches m WHERE m.topic_id = t.id AND m.matched_at > @seen) AS unseen
       FROM topics t ORDER BY t.name`,
    )
    this.rulesStmt = db.prepare<[], RuleRow>('SELECT * FROM rules ORDER BY position, id')
  }

  topics(): Topic[] {
    return this.topicsStmt.all({ seen: this.seenAt() }).map(toTopic)
  }

  topic(id: number): Topic | null {
    return this.topics().find((t) => t.id === id) ?? null
  }

  saveTopic(input: { id?: number; name: string; query: string; enabled: boolean; alert: boolean }, at: number): number {
    try {
      if (input.id !== undefined) {
        const r = this.db
          .prepare('UPDATE topics SET name = ?, query = ?, enabled = ?, alert = ? WHERE id = ?')
          .run(input.name, input.query, input.enabled ? 1 : 0, input.alert ? 1 : 0, input.id)
        if (!r.changes) throw new ParleyError('not_found', 'That topic no longer exists.')
        return input.id
      }
      return Number(
        this.db.prepare('INSERT INTO topics(name, query, enabled, alert, created_at) VALUES (?, ?, ?, ?, ?)').run(input.name, input.query, input.enabled ? 1 : 0, input.alert ? 1 : 0, at)
          .lastInsertRowid,
      )
    } catch (error) {
      return unique(error, 'a topic with that name')
    }
  }

  deleteTopic(id: number): boolean {
    return this.db.prepare('DELETE FROM topics WHERE id = ?').run(id).changes === 1
  }

  rules(): Rule[] {
    return this.rulesStmt.all().map(toRule)
  }

  rule(id: number): Rule | null {
    const row = this.db.prepare<[number], RuleRow>('SELECT * FROM rules WHERE id = ?').get(id)
    return row ? toRule(row) : null
  }

  saveRule(input: { id?: number; name: string; conditions: RuleConditions; actions: RuleAction[] }, at: number): number {
    const conditions = JSON.stringify(input.conditions)
    const actions = JSON.stringify(input.actions)
    try {
      if (input.id !== undefined) {
        const r = this.db.prepare('UPDATE rules SET name = ?, conditions = ?, actions = ?, updated_at = ? WHERE id = ?').run(input.name, conditions, actions, at, input.id)
        if (!r.changes) throw new ParleyError('not_found', 'That rule no longer exists.')
        return input.id
      }
      const position = (this.db.prepare<[], { p: number | null }>('SELECT max(position) AS p FROM rules').get()?.p ?? 0) + 1
      return Number(
        this.db
          .prepare('INSERT INTO rules(name, position, enabled, conditions, actions, created_at, updated_at) VALUES (?, ?, 0, ?, ?, ?, ?)')
          .run(input.name, position, conditions, actions, at, at).lastInsertRowid,
      )
    } catch (error) {
      return unique(error, 'a rule with that name')
    }
  }

  deleteRule(id: number): boolean {
    return this.db.prepare('DELETE FROM rules WHERE id = ?').run(id).changes === 1
  }

  setEnabled(id: number, enabled: boolean, at: number): boolean {
    return this.db.prepare('UPDATE rules SET enabled = ?, updated_at = ? WHERE id = ?').run(enabled ? 1 : 0, at, id).changes === 1
  }

  /** Sets the order; every rule must be named exactly once. */
  reorder(ids: number[], at: number): void {
    const existing = this.rules().map((r) => r.id)
    if (ids.length !== existing.length || new Set(ids).size !== ids.length || !ids.every((id) => existing.includes(id))) {
      throw new ParleyError('bad_input', 'Give every rule exactly once, in the new order.')
    }
    const set = this.db.prepare('UPDATE rules SET position = ?, updated_at = ? WHERE id = ?')
    this.db.transaction(() => ids.forEach((id, i) => set.run(i + 1, at, id)))()
  }
}

import { ParleyError, ruleActionSchema, ruleConditionsSchema, type Rule, type RuleAction, type RuleConditions } from '../../shared/contract'
import type { Db } from './database'
import { uniqueOr } from './unique'

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

/** Listening rules, their order, and which (rule, message) pairs already ran (rules, rule_runs). */
export class RuleStore {
  private readonly rulesStmt
  private readonly oneStmt
  private readonly updateStmt
  private readonly maxPosition
  private readonly insertStmt
  private readonly deleteStmt
  private readonly enableStmt
  private readonly positionStmt
  private readonly insertRun
  private readonly reorderAll

  constructor(db: Db) {
    this.rulesStmt = db.prepare<[], RuleRow>('SELECT * FROM rules ORDER BY position, id')
    this.oneStmt = db.prepare<[number], RuleRow>('SELECT * FROM rules WHERE id = ?')
    this.updateStmt = db.prepare('UPDATE rules SET name = ?, conditions = ?, actions = ?, updated_at = ? WHERE id = ?')
    this.maxPosition = db.prepare<[], { p: number | null }>('SELECT max(position) AS p FROM rules')
    this.insertStmt = db.prepare('INSERT INTO rules(name, position, enabled, conditions, actions, created_at, updated_at) VALUES (?, ?, 0, ?, ?, ?, ?)')
    this.deleteStmt = db.prepare('DELETE FROM rules WHERE id = ?')
    this.enableStmt = db.prepare('UPDATE rules SET enabled = ?, updated_at = ? WHERE id = ?')
    this.positionStmt = db.prepare('UPDATE rules SET position = ?, updated_at = ? WHERE id = ?')
    this.insertRun = db.prepare('INSERT OR IGNORE INTO rule_runs(rule_id, message_id, at) VALUES (?, ?, ?)')
    this.reorderAll = db.transaction((ids: number[], at: number) => ids.forEach((id, i) => this.positionStmt.run(i + 1, at, id)))
  }

  rules(): Rule[] {
    return this.rulesStmt.all().map(toRule)
  }

  rule(id: number): Rule | null {
    const row = this.oneStmt.get(id)
    return row ? toRule(row) : null
  }

  saveRule(input: { id?: number; name: string; conditions: RuleConditions; actions: RuleAction[] }, at: number): number {
    const conditions = JSON.stringify(input.conditions)
    const actions = JSON.stringify(input.actions)
    try {
      if (input.id !== undefined) {
        const r = this.updateStmt.run(input.name, conditions, actions, at, input.id)
        if (!r.changes) throw new ParleyError('not_found', 'That rule no longer exists.')
        return input.id
      }
      const position = (this.maxPosition.get()?.p ?? 0) + 1
      return Number(this.insertStmt.run(input.name, position, conditions, actions, at, at).lastInsertRowid)
    } catch (error) {
      return uniqueOr(error, 'a rule with that name')
    }
  }

  deleteRule(id: number): boolean {
    return this.deleteStmt.run(id).changes === 1
  }

  setEnabled(id: number, enabled: boolean, at: number): boolean {
    return this.enableStmt.run(enabled ? 1 : 0, at, id).changes === 1
  }

  /** Sets the order; every rule must be named exactly once. */
  reorder(ids: number[], at: number): void {
    const existing = this.rules().map((r) => r.id)
    if (ids.length !== existing.length || new Set(ids).size !== ids.length || !ids.every((id) => existing.includes(id))) {
      throw new ParleyError('bad_input', 'Give every rule exactly once, in the new order.')
    }
    this.reorderAll(ids, at)
  }

  /** Claims the (rule, message) run; false when the rule already ran on that message. */
  claimRun(ruleId: number, messageId: number, at: number): boolean {
    return this.insertRun.run(ruleId, messageId, at).changes === 1
  }
}

import type { DryRunResult, Rule } from '../../../shared/contract'
import type { FactsReader } from './facts'
import { compileRule, planFor } from './rule-engine'
import { signalsOf } from './signals'
import { indexFacts } from './text-match'

/** How much history a dry run reads at most (newest first). */
export const DRY_RUN_MAX_SCAN = 200_000
const PAGE = 2_000

/**
 * Runs one rule against stored history with the same planner the live path uses and writes nothing.
 * Messages not yet scored get their signals computed on the fly, as the live path would at ingest.
 */
export function dryRun(facts: FactsReader, rule: Pick<Rule, 'id' | 'name' | 'conditions' | 'actions'>, limit: number, profileName: (id: number) => string): DryRunResult {
  const compiled = compileRule(rule)
  const result: DryRunResult = { ruleName: rule.name, scanned: 0, matched: 0, rows: [], truncated: false }
  let before = Number.MAX_SAFE_INTEGER
  while (result.scanned < DRY_RUN_MAX_SCAN) {
    const page = facts.before(before, PAGE)
    if (!page.length) break
    for (const f of page) {
      result.scanned++
      if (f.needsReply === null) {
        const s = signalsOf(`${f.subject ?? ''} ${f.text}`, { kind: f.kind })
        f.sentiment = s.sentiment
        f.needsReply = s.needsReply
      }
      const outcomes = planFor([compiled], f, indexFacts(f), profileName)
      if (!outcomes.length) continue
      result.matched++
      for (const o of outcomes) {
        if (result.rows.length >= limit) {
          result.truncated = true
          continue
        }
        result.rows.push({ ruleName: o.ruleName, conversationId: o.conversationId, messageId: o.messageId, action: o.action, description: o.description, authorName: f.authorName, text: f.text.slice(0, 280), createdAt: f.createdAt })
      }
    }
    before = page[page.length - 1]!.messageId
  }
  if (result.scanned >= DRY_RUN_MAX_SCAN) result.truncated = true
  return result
}

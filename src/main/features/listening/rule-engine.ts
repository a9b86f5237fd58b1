import type { Rule, RuleAction, RuleConditions, RuleOutcome } from '../../../shared/contract'
import { parseTracked, trackedMatches, type Indexed, type MessageFacts, type TrackedQuery } from './text-match'

/** A rule with its text condition parsed once. */
export interface CompiledRule {
  rule: Pick<Rule, 'id' | 'name' | 'conditions' | 'actions'>
  text: TrackedQuery | null
}

export function compileRule(rule: CompiledRule['rule']): CompiledRule {
  const text = rule.conditions.text?.trim() ? parseTracked(rule.conditions.text) : null
  return { rule, text }
}

const fold = (s: string): string => s.normalize('NFKC').toLocaleLowerCase('en')
const oneOf = <T>(list: readonly T[] | undefined, value: T): boolean => !list || list.length === 0 || list.includes(value)

/** Every condition given must hold; an absent one is no condition. Pure: the same facts give the same answer. */
export function conditionsMatch(c: RuleConditions, text: TrackedQuery | null, f: MessageFacts, fields: Indexed): boolean {
  if (!oneOf(c.accountIds, f.accountId)) return false
  if (!oneOf(c.platforms as string[] | undefined, f.platform)) return false
  if (!oneOf(c.kinds, f.kind)) return false
  if (c.author?.trim()) {
    const want = fold(c.author.trim().replace(/^@/, ''))
    if (!fold(f.authorHandle).includes(want) && !fold(f.authorName).includes(want)) return false
  }
  if (c.languages?.length && (f.language === null || !c.languages.some((l) => f.language!.startsWith(l.toLowerCase())))) return false
  if (c.sentiments?.length && (f.sentiment === null || !c.sentiments.includes(f.sentiment))) return false
  if (c.needsReply !== undefined && f.needsReply !== c.needsReply) return false
  // Unknown follower counts never satisfy a bound.
  if (c.minFollowers !== undefined && (f.followers === null || f.followers < c.minFollowers)) return false
  if (c.maxFollowers !== undefined && (f.followers === null || f.followers > c.maxFollowers)) return false
  if (text && !trackedMatches(text, f, fields)) return false
  return true
}

/** Words for the timeline: "Rule 'Refunds' tagged refund". */
export function describeAction(action: RuleAction, f: Pick<MessageFacts, 'authorHandle' | 'authorName'>, profileName: (id: number) => string): string {
  switch (action.type) {
    case 'tag':
      return `tagged ${action.tag}`
    case 'assign':
      return `assigned this to ${profileName(action.profileId)}`
    case 'status':
      return `set the status to ${action.status}`
    case 'priority':
      return `set the priority to ${action.priority}`
    case 'hide':
      return 'asked the platform to hide the reply'
    case 'delete':
      return 'asked the platform to delete the item'
    case 'block':
      return `asked the platform to block ${f.authorHandle || f.authorName}`
    case 'spam':
      return 'marked this as spam'
    case 'close':
      return 'asked the platform to close the thread to new replies'
    case 'approve':
      return 'asked the platform to publish the held item'
    case 'notify':
      return 'sent a notification'
  }
}

/**
 * What every matching rule does to one message, in the rules' order. Both the live path and the
 * dry run call this with the facts as they were when the message arrived, so they agree.
 */
export function planFor(rules: readonly CompiledRule[], f: MessageFacts, fields: Indexed, profileName: (id: number) => string): RuleOutcome[] {
  const out: RuleOutcome[] = []
  for (const { rule, text } of rules) {
    if (!conditionsMatch(rule.conditions, text, f, fields)) continue
    for (const action of rule.actions) {
      out.push({ ruleId: rule.id, ruleName: rule.name, conversationId: f.conversationId, messageId: f.messageId, action, description: describeAction(action, f, profileName) })
    }
  }
  return out
}

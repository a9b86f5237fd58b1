import { approvalPolicySchema, type ApprovalPolicy, type ApprovalVerdict, type PolicyRule, type Role } from '../../../shared/contract'

export interface PolicyInput {
  profileId: number
  role: Role
  channelAccountId: number
  text: string
}

/** Agents need approval, supervisors and admins do not, ten seconds to undo. */
export const defaultPolicy: ApprovalPolicy = approvalPolicySchema.parse({})

/** Case- and width-insensitive: "REFUND", "refund" and "ｒｅｆｕｎｄ" are the same keyword. */
const fold = (s: string): string => s.normalize('NFKC').toLocaleLowerCase('en')

/** An absent or empty list is no condition; otherwise any entry may match. */
const oneOf = <T>(list: readonly T[] | undefined, value: T): boolean => !list || list.length === 0 || list.includes(value)

export function ruleMatches(rule: PolicyRule, input: PolicyInput): boolean {
  const w = rule.when
  if (!oneOf(w.profileIds, input.profileId)) return false
  if (!oneOf(w.roles, input.role)) return false
  if (!oneOf(w.channelAccountIds, input.channelAccountId)) return false
  if (w.keywords && w.keywords.length) {
    const text = fold(input.text)
    if (!w.keywords.some((k) => text.includes(fold(k)))) return false
  }
  return true
}

const plural: Record<Role, string> = { agent: 'agents', supervisor: 'supervisors', admin: 'admins' }

/**
 * Rules are tried in order and the FIRST that matches decides (as in Agorapulse,
 * and predictable: an admin puts the specific rules above the general ones).
 * When none matches, the author's role decides (roleDefaults).
 */
export function needsApproval(policy: ApprovalPolicy, input: PolicyInput): ApprovalVerdict {
  for (const [index, rule] of policy.rules.entries()) {
    if (!ruleMatches(rule, input)) continue
    const name = `Rule ${index + 1}${rule.label ? ` "${rule.label}"` : ` (${rule.id})`}`
    if (rule.approval === 'never') return { required: false, steps: [], reason: `${name}: no approval needed.` }
    const steps: ApprovalVerdict['steps'] = [{ kind: 'supervisor' }]
    if (rule.secondStep) steps.push({ kind: 'group', group: [...rule.secondStep.group], mode: rule.secondStep.mode })
    const second = rule.secondStep ? `, then ${rule.secondStep.mode === 'all' ? 'all' : 'any one'} of a named group` : ''
    return { required: true, steps, reason: `${name}: a supervisor must approve${second}.` }
  }
  const verdict = policy.roleDefaults[input.role]
  return verdict === 'always'
    ? { required: true, steps: [{ kind: 'supervisor' }], reason: `Default: replies by ${plural[input.role]} need a supervisor's approval.` }
    : { required: false, steps: [], reason: `Default: replies by ${plural[input.role]} need no approval.` }
}

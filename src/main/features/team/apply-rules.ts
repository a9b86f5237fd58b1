import type { RuleAction, RuleConditions } from '../../../shared/contract/operations-listening'
import { NotHere, accountIds, adopt, orderedIds, resolveNamed, str, strings, type Input, type SharedApplyDeps, type SharedHandler } from './apply-shared'

/**
 * Rules, named by the uuid of the laptop that made them. Their conditions name channel accounts by
 * key and their assign action a member by name; a rule naming an account this laptop lacks is kept
 * with that reason rather than widened to every account.
 */
export function ruleHandlers(d: SharedApplyDeps): Record<string, SharedHandler> {
  const shared = d.entities.shared
  const required = (uuid: string | null): number => {
    const id = resolveNamed(d, 'rules', uuid, null)
    if (id === null) throw new NotHere('That rule has not reached this laptop.')
    return id
  }
  return {
    'rules.save': (i) => {
      const uuid = str(i.ruleId)
      const name = String(i.name ?? '')
      const conditions = { ...((i.conditions ?? {}) as Input) }
      if (conditions.accounts !== undefined) conditions.accountIds = accountIds(d, conditions.accounts, 'That rule')
      delete conditions.accounts
      const actions = (Array.isArray(i.actions) ? (i.actions as Input[]) : []).map((a) =>
        a.type === 'assign' ? { type: 'assign', profileId: d.profileNamed(String(a.profile ?? ''), 'agent').id } : a,
      )
      const id = resolveNamed(d, 'rules', uuid, name)
      const saved = d.listening.saveRule({ ...(id !== null ? { id } : {}), name, conditions: conditions as RuleConditions, actions: actions as RuleAction[] })
      if (id === null) adopt(d, 'rules', saved.id, uuid)
    },
    'rules.delete': (i) => {
      const id = resolveNamed(d, 'rules', str(i.ruleId), null)
      if (id !== null) d.listening.deleteRule(id)
    },
    'rules.setEnabled': (i) => {
      d.listening.setEnabled(required(str(i.ruleId)), i.enabled === true)
    },
    'rules.reorder': (i) => {
      const current = d.listening.rules().map((r) => r.id)
      d.listening.reorder(orderedIds(strings(i.ruleIds).map((u) => shared.idOf('rules', u)), current))
    },
  }
}

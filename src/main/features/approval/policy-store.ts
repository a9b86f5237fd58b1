import { approvalPolicySchema, type ApprovalPolicy } from '../../../shared/contract'
import type { SettingsStore } from '../../store/settings'
import { defaultPolicy } from './policy'

const KEY = 'approval.policy'

/** The approval policy, kept as JSON in settings and validated on the way in and out. */
export class PolicyStore {
  constructor(private readonly settings: SettingsStore) {}

  get(): ApprovalPolicy {
    const parsed = approvalPolicySchema.safeParse(this.settings.get<unknown>(KEY, {}))
    // A policy this version cannot read falls back to the safe default (agents need approval).
    return parsed.success ? parsed.data : defaultPolicy
  }

  set(policy: ApprovalPolicy): ApprovalPolicy {
    const valid = approvalPolicySchema.parse(policy)
    this.settings.set(KEY, valid)
    return valid
  }
}

import { describe, expect, it } from 'vitest'
import { defaultPolicy, needsApproval, type PolicyInput } from '../../../src/main/features/approval/policy'
import { approvalPolicySchema, type ApprovalPolicy } from '../../../src/shared/contract'

const input = (over: Partial<PolicyInput> = {}): PolicyInput => ({ profileId: 7, role: 'agent', channelAccountId: 1, text: 'Thanks, we will look into it.', ...over })

const policy: ApprovalPolicy = approvalPolicySchema.parse({
  rules: [
    { id: 'legal', label: 'Legal words', when: { keywords: ['Refund', 'lawyer'] }, approval: 'always', secondStep: { group: [20, 21], mode: 'all' } },
    { id: 'trusted', label: 'Trusted agent', when: { profileIds: [8] }, approval: 'never' },
    { id: 'vip', when: { channelAccountIds: [2], roles: ['supervisor', 'admin'] }, approval: 'always', secondStep: { group: [30], mode: 'any' } },
    { id: 'admins', when: { roles: ['admin'] }, approval: 'never' },
  ],
})

describe('approval policy', () => {
  it('defaults: agents need a supervisor; supervisors and admins do not', () => {
    expect(needsApproval(defaultPolicy, input())).toEqual({ required: true, steps: [{ kind: 'supervisor' }], reason: 'Default: replies by agents need a supervisor\'s approval.' })
    expect(needsApproval(defaultPolicy, input({ role: 'supervisor' }))).toMatchObject({ required: false, steps: [] })
    expect(needsApproval(defaultPolicy, input({ role: 'admin' }))).toMatchObject({ required: false, reason: /admins need no approval/ })
    expect(defaultPolicy.undoWindowMs).toBe(10_000)
  })

  it.each([
    ['keyword, any case, even for a trusted agent (first match wins)', input({ profileId: 8, text: 'We can offer a REFUND.' }), true, 'Rule 1 "Legal words"', 2],
    ['keyword with full-width letters', input({ role: 'admin', text: 'Our ｌａｗｙｅｒ will reply.' }), true, 'Rule 1', 2],
    ['profile rule', input({ profileId: 8 }), false, 'Rule 2 "Trusted agent"', 0],
    ['channel and role rule', input({ role: 'supervisor', channelAccountId: 2 }), true, 'Rule 3 (vip)', 2],
    ['channel rule does not match another channel', input({ role: 'supervisor', channelAccountId: 3 }), false, 'Default', 0],
    ['role rule', input({ role: 'admin', channelAccountId: 3 }), false, 'Rule 4 (admins)', 0],
    ['no rule: the role default', input({ profileId: 9 }), true, 'Default', 1],
  ])('%s', (_name, given, required, reason, steps) => {
    const verdict = needsApproval(policy, given)
    expect(verdict.required).toBe(required)
    expect(verdict.reason.startsWith(reason)).toBe(true)
    expect(verdict.steps).toHaveLength(steps)
  })

  it('describes the second step: all of a group, or any one', () => {
    expect(needsApproval(policy, input({ text: 'refund' })).steps).toEqual([{ kind: 'supervisor' }, { kind: 'group', group: [20, 21], mode: 'all' }])
    expect(needsApproval(policy, input({ role: 'admin', channelAccountId: 2 })).steps[1]).toEqual({ kind: 'group', group: [30], mode: 'any' })
  })

  it('a rule "always" for supervisors overrides their default', () => {
    const strict = approvalPolicySchema.parse({ rules: [{ id: 's', when: { roles: ['supervisor'] }, approval: 'always' }] })
    expect(needsApproval(strict, input({ role: 'supervisor' })).required).toBe(true)
    const lenient = approvalPolicySchema.parse({ roleDefaults: { agent: 'never', supervisor: 'never', admin: 'never' } })
    expect(needsApproval(lenient, input()).required).toBe(false)
  })

  it('refuses a policy that makes no sense', () => {
    expect(approvalPolicySchema.safeParse({ rules: [{ id: 'x', approval: 'never', secondStep: { group: [1], mode: 'any' } }] }).success).toBe(false)
    expect(approvalPolicySchema.safeParse({ rules: [{ id: 'x', approval: 'sometimes' }] }).success).toBe(false)
    expect(approvalPolicySchema.safeParse({ undoWindowMs: 3_600_000 }).success).toBe(false)
    expect(approvalPolicySchema.safeParse({ rules: [{ id: 'x', approval: 'always', secondStep: { group: [], mode: 'any' } }] }).success).toBe(false)
  })
})

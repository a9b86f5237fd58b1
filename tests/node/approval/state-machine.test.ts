import { describe, expect, it } from 'vitest'
import { approvalTransition, type ApprovalAction, type ApprovalFacts, type ApprovalState, type Actor } from '../../../src/main/features/approval/state'
import { outboxTransition, type OutboxAction } from '../../../src/main/features/outbox/state'
import type { OutboxState } from '../../../src/shared/contract'

const author: Actor = { id: 1, role: 'agent' }
const supervisor: Actor = { id: 2, role: 'supervisor' }
const admin: Actor = { id: 3, role: 'admin' }
const otherAgent: Actor = { id: 4, role: 'agent' }
const actors = { author, supervisor, admin, otherAgent }

const states: ApprovalState[] = ['draft', 'pending', 'approved', 'changes_requested', 'rejected', 'void']
const actions: ApprovalAction[] = ['submit', 'approve', 'edit_and_approve', 'request_changes', 'reject', 'edit', 'withdraw']

const facts = (status: ApprovalState, extra: Partial<ApprovalFacts> = {}): ApprovalFacts => ({
  status,
  authorId: author.id,
  step: 1,
  secondStep: null,
  approvals: [],
  bodyHash: 'h1',
  ...extra,
})

/** Every legal one-step transition without a second step: [state, action, actor] → next state. */
const legal: [ApprovalState, ApprovalAction, keyof typeof actors, ApprovalState][] = [
  ['draft', 'submit', 'author', 'pending'],
  ['pending', 'approve', 'supervisor', 'approved'],
  ['pending', 'approve', 'admin', 'approved'],
  ['pending', 'edit_and_approve', 'supervisor', 'approved'],
  ['pending', 'edit_and_approve', 'admin', 'approved'],
  ['pending', 'request_changes', 'supervisor', 'changes_requested'],
  ['pending', 'request_changes', 'admin', 'changes_requested'],
  ['pending', 'reject', 'supervisor', 'rejected'],
  ['pending', 'reject', 'admin', 'rejected'],
  ['pending', 'edit', 'author', 'void'],
  ['pending', 'withdraw', 'author', 'void'],
  ['approved', 'edit', 'author', 'void'],
  ['approved', 'withdraw', 'author', 'void'],
]

describe('approval state machine', () => {
  it.each(legal)('%s --%s by %s--> %s', (state, action, actor, next) => {
    expect(approvalTransition(facts(state), action, actors[actor], 'h1')).toMatchObject({ ok: true, status: next })
  })

  const illegal = states.flatMap((state) =>
    actions.flatMap((action) =>
      (Object.keys(actors) as (keyof typeof actors)[])
        .filter((actor) => !legal.some(([s, a, who]) => s === state && a === action && who === actor))
        .map((actor) => [state, action, actor] as const),
    ),
  )

  it(`refuses every other combination (${illegal.length}) with a reason in plain words`, () => {
    expect(illegal.length).toBe(states.length * actions.length * 4 - legal.length)
    for (const [state, action, actor] of illegal) {
      const outcome = approvalTransition(facts(state), action, actors[actor], 'h1')
      expect(outcome, `${state} ${action} ${actor}`).toMatchObject({ ok: false, message: expect.stringMatching(/\w+ \w+/) })
    }
  })

  it('refuses self-approval, even by a supervisor', () => {
    const own = facts('pending', { authorId: supervisor.id })
    for (const action of ['approve', 'edit_and_approve', 'reject', 'request_changes'] as const) {
      expect(approvalTransition(own, action, supervisor, 'h1')).toEqual({ ok: false, kind: 'permission', message: expect.stringMatching(/Nobody approves or decides on their own reply/) })
    }
  })

  it('refuses approving what changed since it was seen, a voided request, and anything after an edit', () => {
    expect(approvalTransition(facts('pending'), 'approve', supervisor, 'old-hash')).toMatchObject({ ok: false, kind: 'stale' })
    expect(approvalTransition(facts('void'), 'approve', supervisor, 'h1')).toMatchObject({ ok: false, message: expect.stringMatching(/edited or withdrawn/) })
    const edited = approvalTransition(facts('pending'), 'edit', author)
    expect(edited).toMatchObject({ ok: true, status: 'void' })
    if (edited.ok) expect(approvalTransition(facts(edited.status), 'approve', supervisor, 'h1')).toMatchObject({ ok: false })
  })

  it('lets only supervisors and admins decide the first step', () => {
    expect(approvalTransition(facts('pending'), 'approve', otherAgent, 'h1')).toMatchObject({ ok: false, kind: 'permission', message: expect.stringMatching(/Only a supervisor or an admin/) })
  })

  describe('second step', () => {
    const member5: Actor = { id: 5, role: 'agent' }
    const member6: Actor = { id: 6, role: 'supervisor' }
    const any = { group: [5, 6], mode: 'any' as const }
    const all = { group: [5, 6], mode: 'all' as const }

    it('any: the first step waits for one member of the group', () => {
      const first = approvalTransition(facts('pending', { secondStep: any }), 'approve', supervisor, 'h1')
      expect(first).toEqual({ ok: true, status: 'pending', step: 2 })
      const atTwo = facts('pending', { secondStep: any, step: 2, approvals: [{ profileId: supervisor.id, step: 1 }] })
      expect(approvalTransition(atTwo, 'approve', otherAgent, 'h1')).toMatchObject({ ok: false, message: expect.stringMatching(/named group only/) })
      expect(approvalTransition(atTwo, 'approve', admin, 'h1')).toMatchObject({ ok: false, kind: 'permission' })
      expect(approvalTransition(atTwo, 'approve', supervisor, 'h1')).toMatchObject({ ok: false, message: expect.stringMatching(/already approved/) })
      expect(approvalTransition(atTwo, 'approve', member5, 'h1')).toEqual({ ok: true, status: 'approved', step: 2 })
    })

    it('all: every member but the author and the first approver', () => {
      const atTwo = facts('pending', { secondStep: all, step: 2, approvals: [{ profileId: supervisor.id, step: 1 }] })
      expect(approvalTransition(atTwo, 'approve', member5, 'h1')).toEqual({ ok: true, status: 'pending', step: 2 })
      const half = { ...atTwo, approvals: [...atTwo.approvals, { profileId: 5, step: 2 }] }
      expect(approvalTransition(half, 'approve', member5, 'h1')).toMatchObject({ ok: false, message: expect.stringMatching(/already approved/) })
      expect(approvalTransition(half, 'approve', member6, 'h1')).toEqual({ ok: true, status: 'approved', step: 2 })
      // The first approver in the group is not asked twice.
      const viaSix = approvalTransition(facts('pending', { secondStep: all }), 'approve', member6, 'h1')
      expect(viaSix).toEqual({ ok: true, status: 'pending', step: 2 })
      const sixFirst = facts('pending', { secondStep: all, step: 2, approvals: [{ profileId: 6, step: 1 }] })
      expect(approvalTransition(sixFirst, 'approve', member5, 'h1')).toEqual({ ok: true, status: 'approved', step: 2 })
    })

    it('a group with nobody left to ask completes with the first step', () => {
      const onlyAuthorAndApprover = { group: [author.id, supervisor.id], mode: 'all' as const }
      expect(approvalTransition(facts('pending', { secondStep: onlyAuthorAndApprover }), 'approve', supervisor, 'h1')).toEqual({ ok: true, status: 'approved', step: 1 })
    })

    it('refuses an edit at the second step; a member may still send it back or reject it', () => {
      const atTwo = facts('pending', { secondStep: any, step: 2, approvals: [{ profileId: supervisor.id, step: 1 }] })
      expect(approvalTransition(atTwo, 'edit_and_approve', member5, 'h1')).toMatchObject({ ok: false, message: expect.stringMatching(/second step/) })
      expect(approvalTransition(atTwo, 'request_changes', member5, 'h1')).toMatchObject({ ok: true, status: 'changes_requested' })
      expect(approvalTransition(atTwo, 'reject', member6, 'h1')).toMatchObject({ ok: true, status: 'rejected' })
    })
  })
})

const outboxStates: OutboxState[] = ['queued', 'sending', 'sent', 'failed', 'unconfirmed', 'cancelled']
const outboxActions: OutboxAction[] = [
  'start',
  'refuse',
  'succeeded',
  'transient',
  'permanent',
  'unknown',
  'reconciled_sent',
  'reconciled_not_sent',
  'cancel',
  'hold',
  'release',
  'retry',
  'resolve_sent',
  'resolve_resend',
]

/** [state, held, action] → [next state, held]. */
const outboxLegal: [OutboxState, boolean, OutboxAction, OutboxState, boolean][] = [
  ['queued', false, 'start', 'sending', false],
  ['queued', false, 'refuse', 'failed', false],
  ['queued', false, 'cancel', 'cancelled', false],
  ['queued', false, 'hold', 'queued', true],
  ['queued', false, 'reconciled_sent', 'sent', false],
  ['queued', false, 'unknown', 'unconfirmed', false],
  ['queued', true, 'refuse', 'failed', false],
  ['queued', true, 'cancel', 'cancelled', false],
  ['queued', true, 'release', 'queued', false],
  ['queued', true, 'reconciled_sent', 'sent', false],
  ['queued', true, 'unknown', 'unconfirmed', false],
  ['sending', false, 'succeeded', 'sent', false],
  ['sending', false, 'transient', 'queued', false],
  ['sending', false, 'permanent', 'failed', false],
  ['sending', false, 'unknown', 'unconfirmed', false],
  ['sending', false, 'reconciled_sent', 'sent', false],
  ['sending', false, 'reconciled_not_sent', 'queued', false],
  ['failed', false, 'cancel', 'cancelled', false],
  ['failed', false, 'retry', 'queued', false],
  ['unconfirmed', false, 'reconciled_sent', 'sent', false],
  ['unconfirmed', false, 'resolve_sent', 'sent', false],
  ['unconfirmed', false, 'resolve_resend', 'queued', false],
]

describe('outbox state machine', () => {
  it.each(outboxLegal)('%s (held %s) --%s--> %s (held %s)', (state, held, action, next, heldAfter) => {
    expect(outboxTransition({ state, held }, action)).toEqual({ ok: true, state: next, held: heldAfter })
  })

  it('refuses every other combination, sent and cancelled included', () => {
    let refused = 0
    for (const state of outboxStates) {
      for (const held of state === 'queued' ? [false, true] : [false]) {
        for (const action of outboxActions) {
          if (outboxLegal.some(([s, h, a]) => s === state && h === held && a === action)) continue
          expect(outboxTransition({ state, held }, action), `${state} ${held} ${action}`).toMatchObject({ ok: false, message: expect.stringMatching(/\w+ \w+/) })
          refused++
        }
      }
    }
    expect(refused).toBe(7 * outboxActions.length - outboxLegal.length)
    expect(outboxTransition({ state: 'sent', held: false }, 'cancel')).toMatchObject({ ok: false, message: expect.stringMatching(/already been sent/) })
    expect(outboxTransition({ state: 'sending', held: false }, 'cancel')).toMatchObject({ ok: false, message: expect.stringMatching(/being sent right now/) })
    expect(outboxTransition({ state: 'queued', held: true }, 'start')).toMatchObject({ ok: false, message: expect.stringMatching(/held/) })
  })
})

import type { OperationName } from '../../shared/contract'
import type { Core } from './compose'
import type { Handler } from './handler'

type ApprovalOperation = Extract<OperationName, `profiles.${string}` | `policy.${string}` | `approvals.${string}` | `outbox.${string}` | `audit.${string}`>

/** Handlers of the approval workflow's operations; every one acts as the session's profile. */
export function approvalHandlers(core: Core): { [N in ApprovalOperation]: Handler<N> } {
  const { profiles, policy, approvals, outbox, audit } = core
  return {
    'profiles.list': () => profiles.list(),
    'profiles.current': () => profiles.sessionProfile(),
    'profiles.create': (input) => profiles.create(input),
    'profiles.switch': async (input) => {
      const target = profiles.get(input.profileId)
      if (target) core.team.refuseOtherMember(target.name)
      const current = await profiles.switchTo(input.profileId, input.passphrase)
      // "Mine" and the drafts follow the profile.
      core.counts.publish()
      return current
    },
    'profiles.setPassphrase': (input) => profiles.setPassphrase(input.profileId, input.passphrase, input.currentPassphrase),
    'profiles.unlock': (input) => profiles.unlock(input.passphrase),
    'policy.get': () => policy.get(),
    'policy.set': (input) => {
      profiles.requireRole(['admin'], 'change the approval policy')
      return policy.set(input)
    },
    'policy.evaluate': (input) => approvals.evaluate(input.conversationId, input.body),
    'approvals.envelope': (input) => approvals.envelope(input.conversationId),
    'approvals.submit': (input) => approvals.submit(input.conversationId, input.inReplyTo),
    'approvals.approve': (input) => {
      profiles.requireUnlocked('approve replies')
      return approvals.approve(input.approvalId, input.bodyHash)
    },
    'approvals.editAndApprove': (input) => {
      profiles.requireUnlocked('approve replies')
      return approvals.editAndApprove(input.approvalId, input.bodyHash, input.body)
    },
    'approvals.requestChanges': (input) => {
      profiles.requireUnlocked('decide on replies')
      return approvals.requestChanges(input.approvalId, input.note)
    },
    'approvals.reject': (input) => {
      profiles.requireUnlocked('decide on replies')
      return approvals.reject(input.approvalId, input.note)
    },
    'approvals.list': (input) => approvals.list(input),
    'outbox.list': (input) => outbox.list(input),
    'outbox.cancel': (input) => outbox.cancel(input.id, input.reopenApproval ?? false),
    'outbox.retry': (input) => outbox.retry(input.id),
    'outbox.release': (input) => outbox.release(input.id),
    'outbox.resolveUnconfirmed': (input) => outbox.resolveUnconfirmed(input.id, input.resolution),
    'audit.list': (input) => audit.list(input.conversationId, input.limit),
    'audit.verify': () => audit.verify(),
    'audit.export': (input) => audit.export(input.conversationId),
  }
}

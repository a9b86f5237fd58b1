import { ParleyError } from '../../../shared/contract'
import type { ModerationAction } from '../../model/connector'
import type { PolicyStore } from '../approval/policy-store'
import type { ModerationQueue } from '../outbox/moderation'
import type { LoadedFacts } from './facts'

export type ModerationKind = 'hide' | 'delete' | 'block' | 'spam' | 'close'

export interface ModerationRequest {
  facts: LoadedFacts
  action: ModerationKind
  ruleName: string | null
  profileId: number | null
  /** Who asked, as the outbox shows it ("Sam", "Rule 'Crypto spam'"). */
  requestedBy: string
  hold: string | null
}

/**
 * Turns "hide / delete / block / file as spam this message / close its thread" into an outbox item, for a person or a rule:
 * the platform action, its plain label, and the policy's undo window.
 */
export class ModerationRequests {
  constructor(
    private readonly moderation: ModerationQueue,
    private readonly policy: PolicyStore,
  ) {}

  /** A rule's action; returns the outbox item's id. */
  forRule(r: { facts: LoadedFacts; action: ModerationKind; ruleName: string | null; profileId: number | null }): string {
    return this.enqueue({ ...r, requestedBy: `Rule '${r.ruleName ?? ''}'`, hold: null }).id
  }

  enqueue(r: ModerationRequest) {
    const f = r.facts
    const who = f.authorHandle || f.authorName
    let action: ModerationAction
    let target: string
    if (r.action === 'block') {
      if (!f.authorRemoteId) throw new ParleyError('bad_input', 'Parley does not know this author on the platform, so it cannot block them.')
      action = { kind: 'block', authorRemoteId: f.authorRemoteId }
      target = f.authorRemoteId
    } else {
      if (!f.remoteId) throw new ParleyError('bad_input', 'This item has no id on the platform.')
      action =
        r.action === 'hide' || r.action === 'close'
          ? { kind: r.action, remoteId: f.remoteId, conversationKey: f.conversationKey }
          : r.action === 'spam'
            ? { kind: 'spam', remoteId: f.remoteId }
            : { kind: 'delete', remoteId: f.remoteId }
      target = r.action === 'close' ? f.conversationKey : f.remoteId
    }
    const label =
      r.action === 'block'
        ? `Block ${who}`
        : r.action === 'hide'
          ? `Hide the reply from ${who}`
          : r.action === 'spam'
            ? `File the item by ${who} as spam`
            : r.action === 'close'
              ? `Close the thread of the item by ${who} to new replies`
              : `Delete the item by ${who}`
    return this.moderation.enqueue({
      conversationId: f.conversationId,
      accountId: f.accountId,
      action,
      label,
      target,
      requestedBy: r.requestedBy,
      profileId: r.profileId,
      holdReason: r.hold,
      undoWindowMs: this.policy.get().undoWindowMs,
    })
  }
}

/** A profile's name for rule runs and dry runs; a removed profile is still named by its id. */
export const profileNameOf = (profiles: { get(id: number): { name: string } | null | undefined }, id: number): string => profiles.get(id)?.name ?? `profile ${id}`

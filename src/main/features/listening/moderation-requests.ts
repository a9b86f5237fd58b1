import { ParleyError } from '../../../shared/contract'
import type { ModerationAction } from '../../model/connector'
import type { PolicyStore } from '../approval/policy-store'
import type { ModerationQueue } from '../outbox/moderation'
import type { LoadedFacts } from './facts'

export type ModerationKind = 'hide' | 'delete' | 'block' | 'spam' | 'flag' | 'move' | 'close' | 'approve'

export interface ModerationRequest {
  facts: LoadedFacts
  action: ModerationKind
  /** Where a move files the item (a folder at the platform). */
  folder?: string
  ruleName: string | null
  profileId: number | null
  /** Who asked, as the outbox shows it ("Sam", "Rule 'Crypto spam'"). */
  requestedBy: string
  hold: string | null
}

const LABELS: Record<ModerationKind, (who: string, folder: string) => string> = {
  block: (who) => `Block ${who}`,
  hide: (who) => `Hide the reply from ${who}`,
  spam: (who) => `File the item by ${who} as spam`,
  delete: (who) => `Delete the item by ${who}`,
  flag: (who) => `Flag the item by ${who}`,
  move: (who, folder) => `Move the item by ${who} to "${folder}"`,
  close: (who) => `Close the thread of the item by ${who} to new replies`,
  approve: (who) => `Approve the held item by ${who} (publish it)`,
}

/** The platform action on one item (everything but block, which acts on its author). */
function itemAction(kind: Exclude<ModerationKind, 'block'>, remoteId: string, conversationKey: string, folder: string | undefined): ModerationAction {
  switch (kind) {
    case 'hide':
    case 'close':
      return { kind, remoteId, conversationKey }
    case 'move':
      if (!folder?.trim()) throw new ParleyError('bad_input', 'Name the folder to move it to.')
      return { kind: 'move', remoteId, folder: folder.trim() }
    default:
      return { kind, remoteId }
  }
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
      action = itemAction(r.action, f.remoteId, f.conversationKey, r.folder)
      target = r.action === 'close' ? f.conversationKey : f.remoteId
    }
    const label = LABELS[r.action](who, r.folder ?? '')
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

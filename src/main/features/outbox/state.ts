import type { OutboxState } from '../../../shared/contract'

/**
 * The outbox state machine, pure: queued → sending → sent | failed | unconfirmed,
 * plus cancelled. "Held" (new activity in the thread) is a flag on a queued item,
 * not a state: it only stops the scheduler from picking it.
 */
export type OutboxAction =
  | 'start' // the scheduler marks the attempt (committed before the network call)
  | 'refuse' // checked before any attempt: no valid approval, account gone, platform cannot reply
  | 'succeeded' // the platform answered with the post
  | 'transient' // retry, rate limited or offline: back to the queue, same key
  | 'permanent' // validation, forbidden, reply window closed, reconnect needed
  | 'unknown' // reconcile could not tell whether it went out
  | 'reconciled_sent' // reconcile found the post
  | 'reconciled_not_sent' // reconcile is sure it did not go out: safe to resend with the same key
  | 'cancel' // undo, or dismissing a failed reply
  | 'hold'
  | 'release'
  | 'retry' // the user asks again after a failure
  | 'resolve_sent' // the user checked: it is on the platform
  | 'resolve_resend' // the user checked: it is not; send again with the same key

export interface OutboxFacts {
  state: OutboxState
  held: boolean
}

export type OutboxOutcome = { ok: true; state: OutboxState; held: boolean } | { ok: false; message: string }

const ok = (state: OutboxState, held = false): OutboxOutcome => ({ ok: true, state, held })
const refuse = (message: string): OutboxOutcome => ({ ok: false, message })

const why: Record<OutboxState, string> = {
  queued: 'It is still waiting to be sent.',
  sending: 'It is being sent right now; Parley will know in a moment whether it went out.',
  sent: 'It has already been sent.',
  failed: 'Sending it failed.',
  unconfirmed: 'Parley could not tell whether it went out; check the platform and say whether it was sent.',
  cancelled: 'It was cancelled.',
}

export function outboxTransition(facts: OutboxFacts, action: OutboxAction): OutboxOutcome {
  const { state, held } = facts
  switch (action) {
    case 'start':
      if (state !== 'queued') return refuse(why[state])
      return held ? refuse('It is held because someone wrote in the thread since the reply was drafted; release or cancel it first.') : ok('sending')
    case 'refuse':
      return state === 'queued' ? ok('failed') : refuse(why[state])
    case 'unknown':
      // From queued too: the check before a late retry could not tell whether an earlier attempt went out.
      return state === 'sending' || state === 'queued' ? ok('unconfirmed') : refuse(why[state])
    case 'succeeded':
    case 'transient':
    case 'permanent':
    case 'reconciled_not_sent':
      if (state !== 'sending') return refuse(`Only a reply being sent can have that outcome. ${why[state]}`)
      return ok(({ succeeded: 'sent', transient: 'queued', permanent: 'failed', reconciled_not_sent: 'queued' } as const)[action])
    case 'reconciled_sent':
      // From queued too: an earlier attempt of a queued item is checked before a late retry.
      return state === 'sending' || state === 'unconfirmed' || state === 'queued' ? ok('sent') : refuse(why[state])
    case 'cancel':
      return state === 'queued' || state === 'failed' ? ok('cancelled') : refuse(`It cannot be cancelled now. ${why[state]}`)
    case 'hold':
      return state === 'queued' && !held ? ok('queued', true) : refuse(held ? 'It is already held.' : why[state])
    case 'release':
      return state === 'queued' && held ? ok('queued') : refuse(state === 'queued' ? 'It is not held.' : why[state])
    case 'retry':
      return state === 'failed' ? ok('queued') : refuse(`Only a failed reply can be retried. ${why[state]}`)
    case 'resolve_sent':
    case 'resolve_resend':
      return state === 'unconfirmed' ? ok(action === 'resolve_sent' ? 'sent' : 'queued') : refuse(`Only an unconfirmed reply needs that decision. ${why[state]}`)
  }
}

/** Throws the refusal as a plain-words conflict; returns the next state otherwise. */
export function requireTransition(facts: OutboxFacts, action: OutboxAction, error: (message: string) => Error): { state: OutboxState; held: boolean } {
  const outcome = outboxTransition(facts, action)
  if (!outcome.ok) throw error(outcome.message)
  return outcome
}

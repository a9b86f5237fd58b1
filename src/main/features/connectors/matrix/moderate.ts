import { createHash } from 'node:crypto'
import { ParleyError } from '../../../../shared/contract'
import { HttpError } from '../../../base/http'
import type { ModerationAction } from '../../../model/connector'
import type { MatrixApi } from './api'
import { matrixErrorOf } from './classify'
import { splitRemoteId } from './mapping'

/** A transaction id for a redaction that a retry repeats exactly: the outbox key, or one derived from the event. */
function redactionTxn(eventId: string, key: string | undefined): string {
  return key ?? `parley-redact-${createHash('sha256').update(eventId).digest('hex').slice(0, 32)}`
}

/** Where a ban or kick applies: the rooms the user picked, else every room the account is in. */
async function watchedRooms(api: MatrixApi, picked: readonly string[]): Promise<string[]> {
  if (picked.length) return [...picked]
  return (await api.joinedRooms()).joined_rooms
}

/**
 * Matrix moderation, each idempotent so the outbox may retry it:
 * delete → redact the message (a second redaction of the same event is harmless);
 * block → ban the author from the watched rooms (banning twice changes nothing);
 * mute → kick the author from the watched rooms they are in (they may come back; skipped where they are not).
 * A room where the account lacks the power level is skipped; if it lacks it everywhere, the action fails in plain words.
 */
export async function moderateMatrix(api: MatrixApi, action: ModerationAction, rooms: readonly string[]): Promise<void> {
  switch (action.kind) {
    case 'delete': {
      const target = splitRemoteId(action.remoteId)
      if (!target) throw new ParleyError('bad_input', 'Parley cannot tell which Matrix room this message is in.')
      try {
        await api.redact(target.roomId, target.eventId, redactionTxn(target.eventId, action.key), 'Removed by a moderator')
      } catch (error) {
        // Already gone is what the user wanted.
        if (error instanceof HttpError && error.status === 404) return
        throw error
      }
      return
    }
    case 'block':
    case 'mute': {
      const verb = action.kind === 'block' ? 'ban' : 'kick'
      let done = 0
      let refused: unknown = null
      for (const roomId of await watchedRooms(api, rooms)) {
        try {
          await api.membership(roomId, verb, action.authorRemoteId)
          done++
        } catch (error) {
          if (!(error instanceof HttpError) || error.status !== 403) throw error
          // Kicking someone who is not in the room is refused too: nothing to do there.
          if (verb === 'kick' && /not in the room|not a member/i.test(matrixErrorOf(error).error ?? '')) continue
          refused = error
        }
      }
      if (!done && refused) {
        throw new ParleyError('bad_input', `The Matrix account may not ${verb} people in the watched rooms: give it a moderator's power level there.`)
      }
      return
    }
    case 'hide':
      throw new ParleyError('bad_input', 'Matrix has no way to hide a message. Delete it (a redaction) or ban the author instead.')
    case 'spam':
      throw new ParleyError('bad_input', 'Matrix has no spam folder; Parley keeps its own spam mark. Delete the message or ban the author instead.')
  }
}

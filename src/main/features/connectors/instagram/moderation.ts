import { ParleyError } from '../../../../shared/contract'
import type { ModerationAction } from '../../../model/connector'
import { graphError } from '../meta/classify'
import type { GraphApi } from '../meta/graph'

/** Hide or delete a comment on the brand's media; Instagram's API has no ban or mute. */
export async function moderateInstagram(api: GraphApi, action: ModerationAction): Promise<void> {
  switch (action.kind) {
    case 'hide':
      await api.post(action.remoteId, { hide: true })
      return
    case 'delete':
      try {
        await api.delete(action.remoteId)
      } catch (error) {
        const body = graphError(error)
        if (body?.code === 100 && body.subcode === 33) return
        throw error
      }
      return
    case 'block':
    case 'mute':
      throw new ParleyError('bad_input', "Instagram's API cannot restrict or block a person. Hide or delete their comments here, and block them in the Instagram app.")
    case 'spam':
      throw new ParleyError('bad_input', "Instagram's API has no spam report; Parley keeps its own spam mark. Hide or delete the comment instead.")
  }
}

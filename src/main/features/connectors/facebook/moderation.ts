import { ParleyError } from '../../../../shared/contract'
import type { ModerationAction } from '../../../model/connector'
import { graphError } from '../meta/classify'
import type { GraphApi } from '../meta/graph'

/** Hide (only the commenter and their friends still see it), delete, and ban the author from the Page. */
export async function moderateFacebook(api: GraphApi, pageId: string, action: ModerationAction): Promise<void> {
  switch (action.kind) {
    case 'hide':
      await api.post(action.remoteId, { is_hidden: true })
      return
    case 'delete':
      try {
        await api.delete(action.remoteId)
      } catch (error) {
        // Already gone is what the user wanted.
        const body = graphError(error)
        if (body?.code === 100 && body.subcode === 33) return
        throw error
      }
      return
    case 'block':
      await api.post(`${pageId}/blocked`, { user: JSON.stringify([action.authorRemoteId]) })
      return
    case 'mute':
      throw new ParleyError('bad_input', 'Facebook Pages cannot mute a person. Hide their comments, or ban them from the Page.')
    case 'spam':
      throw new ParleyError('bad_input', "Facebook's API has no spam report for Pages; Parley keeps its own spam mark. Hide or delete the comment, or ban the author.")
  }
}

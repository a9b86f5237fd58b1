import { ParleyError } from '../../../../shared/contract'
import type { ModerationAction } from '../../../model/connector'
import type { BlueskyApi } from './api'
import { convoIdOf, parseAtUri, POST_COLLECTION } from './mapping'
import { getOwnRecord, getPost } from './records'
import { tidFromKey } from './tid'
import { badShape } from './xrpc'

const THREADGATE = 'app.bsky.feed.threadgate'
const MAX_HIDDEN_REPLIES = 300

export async function moderate(api: BlueskyApi, action: ModerationAction): Promise<void> {
  const did = await api.did()
  const now = new Date(api.ctx.clock.now()).toISOString()
  switch (action.kind) {
    case 'block': {
      // Blocks are public records in our repo. With the outbox's key the record key is fixed, and putRecord
      // on the same key is an upsert: a retry after a lost answer leaves one block, not two.
      const record = { $type: 'app.bsky.graph.block', subject: action.authorRemoteId, createdAt: now }
      if (action.key) {
        await api.procedure('com.atproto.repo.putRecord', { repo: did, collection: 'app.bsky.graph.block', rkey: tidFromKey(action.key), record })
      } else {
        await api.procedure('com.atproto.repo.createRecord', { repo: did, collection: 'app.bsky.graph.block', record })
      }
      return
    }
    case 'mute':
      // Mutes are private, kept by the AppView.
      await api.procedure('app.bsky.graph.muteActor', { actor: action.authorRemoteId })
      return
    case 'hide':
      await hideReply(api, did, action.remoteId, action.conversationKey, now)
      return
    case 'delete':
      await deleteOwn(api, did, action.remoteId)
      return
    case 'spam':
      throw new ParleyError('bad_input', 'Bluesky has no spam folder; Parley keeps its own spam mark. Block the author instead, or report the post in Bluesky.')
  }
}

/**
 * Hidden replies live in the root post's threadgate (same rkey as the root).
 * Read it first so its reply rules and earlier hidden replies survive.
 */
async function hideReply(api: BlueskyApi, did: string, replyUri: string, rootUri: string, now: string): Promise<void> {
  const root = parseAtUri(rootUri)
  if (!root || root.did !== did || root.collection !== POST_COLLECTION) {
    throw new ParleyError('bad_input', 'Bluesky only lets you hide replies in threads your account started.')
  }
  const existing = await getOwnRecord(api, did, THREADGATE, root.rkey)
  const record: Record<string, unknown> = existing ? { ...existing.value } : { $type: THREADGATE, post: rootUri, createdAt: now }
  const hidden = Array.isArray(record.hiddenReplies) ? record.hiddenReplies.filter((u): u is string => typeof u === 'string') : []
  if (hidden.includes(replyUri)) return
  if (hidden.length >= MAX_HIDDEN_REPLIES) throw new ParleyError('bad_input', `Bluesky hides at most ${MAX_HIDDEN_REPLIES} replies per thread.`)
  record.$type = THREADGATE
  record.post = rootUri
  record.hiddenReplies = [...hidden, replyUri]
  await api.procedure('com.atproto.repo.putRecord', {
    repo: did,
    collection: THREADGATE,
    rkey: root.rkey,
    record,
    ...(existing?.cid ? { swapRecord: existing.cid } : {}),
  })
}

async function deleteOwn(api: BlueskyApi, did: string, remoteId: string): Promise<void> {
  if (remoteId.startsWith('chat:')) {
    // A DM can only be deleted for ourselves.
    const convoId = convoIdOf(remoteId)
    const messageId = remoteId.split(':').slice(2).join(':')
    if (!convoId || !messageId) throw new ParleyError('bad_input', 'This is not a Bluesky message id.')
    await api.procedure('chat.bsky.convo.deleteMessageForSelf', { convoId, messageId }, { chat: true })
    return
  }
  const uri = parseAtUri(remoteId)
  if (!uri || uri.did !== did) throw new ParleyError('bad_input', 'Only your own Bluesky posts can be deleted.')
  await api.procedure('com.atproto.repo.deleteRecord', { repo: did, collection: uri.collection, rkey: uri.rkey })
}

/** Likes a post (the Connector interface has no like action yet; the capability is backed by this). */
export async function likePost(api: BlueskyApi, uri: string): Promise<string> {
  const did = await api.did()
  const post = await getPost(api, uri)
  if (!post) throw new ParleyError('bad_input', 'That Bluesky post no longer exists.')
  const out = await api.procedure<{ uri?: unknown }>('com.atproto.repo.createRecord', {
    repo: did,
    collection: 'app.bsky.feed.like',
    record: { $type: 'app.bsky.feed.like', subject: { uri, cid: post.cid }, createdAt: new Date(api.ctx.clock.now()).toISOString() },
  })
  if (typeof out?.uri !== 'string') throw badShape(api.service, 'the like')
  return out.uri
}

import type { AppBskyFeedDefs } from '@atproto/api'
import { HttpError } from '../../../base/http'
import type { BlueskyApi } from './api'
import { badShape, isXrpcError } from './xrpc'

export interface StoredRecord {
  uri: string
  cid: string
  value: Record<string, unknown>
}

/** Our record at `rkey`, or null when there is none (RecordNotFound: 400 on the PDS, 404 tolerated). */
export async function getOwnRecord(api: BlueskyApi, did: string, collection: string, rkey: string): Promise<StoredRecord | null> {
  try {
    const res = await api.query<Partial<StoredRecord>>('com.atproto.repo.getRecord', { repo: did, collection, rkey })
    if (typeof res.uri !== 'string' || typeof res.value !== 'object' || res.value === null) throw badShape(api.service, 'a record')
    return { uri: res.uri, cid: typeof res.cid === 'string' ? res.cid : '', value: res.value }
  } catch (error) {
    if (isXrpcError(error, 'RecordNotFound') || (error instanceof HttpError && error.status === 404)) return null
    throw error
  }
}

export async function getPost(api: BlueskyApi, uri: string): Promise<AppBskyFeedDefs.PostView | null> {
  const res = await api.query<{ posts?: unknown }>('app.bsky.feed.getPosts', { uris: [uri] })
  if (!Array.isArray(res.posts)) throw badShape(api.service, 'posts')
  const post = (res.posts as AppBskyFeedDefs.PostView[]).find((p) => p?.uri === uri)
  return post && typeof post.cid === 'string' ? post : null
}

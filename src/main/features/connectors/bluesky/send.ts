import { RichText } from '@atproto/api'
import { ParleyError } from '../../../../shared/contract'
import { HttpError, NetworkError } from '../../../base/http'
import type { OutboundReply, ReconcileResult, SendResult } from '../../../model/connector'
import type { BlueskyApi } from './api'
import { chatRemoteId, convoIdOf, isMessageView, mapMessage, mapPost, parseAtUri, POST_COLLECTION, readPostRecord, type StrongRef } from './mapping'
import { getOwnRecord, getPost, type StoredRecord } from './records'
import { detectFacets } from './richtext'
import { keyTime, tidFromKey } from './tid'
import { badShape } from './xrpc'

const POST_MAX_GRAPHEMES = 300
const DM_MAX_GRAPHEMES = 1000
/** How far back reconcile looks for a DM when the key carries no time. */
const DM_RECONCILE_WINDOW_MS = 24 * 3600_000

/** A handle that does not resolve (400) is left as plain text; an outage fails the send so it is retried whole. */
async function resolveHandle(api: BlueskyApi, handle: string): Promise<string | null> {
  try {
    const res = await api.query<{ did?: unknown }>('com.atproto.identity.resolveHandle', { handle })
    return typeof res.did === 'string' && res.did.startsWith('did:') ? res.did : null
  } catch (error) {
    if (error instanceof HttpError && error.status === 400) return null
    throw error
  }
}

function checkLength(text: string, max: number, what: string): void {
  if (!text.trim()) throw new ParleyError('bad_input', 'The reply is empty.')
  const length = new RichText({ text }).graphemeLength
  if (length > max) throw new ParleyError('bad_input', `${what} are limited to ${max} characters; this reply has ${length}.`)
}

export async function sendReply(api: BlueskyApi, reply: OutboundReply, idempotencyKey: string): Promise<SendResult> {
  return reply.kind === 'dm' ? sendDm(api, reply) : sendPost(api, reply, idempotencyKey)
}

/**
 * A reply post written at an rkey derived from the idempotency key: a second
 * attempt cannot create a duplicate (the repo already has a value at that key)
 * and we return the record the first attempt wrote.
 */
async function sendPost(api: BlueskyApi, reply: OutboundReply, idempotencyKey: string): Promise<SendResult> {
  checkLength(reply.text, POST_MAX_GRAPHEMES, 'Bluesky posts')
  const did = await api.did()
  const rkey = tidFromKey(idempotencyKey)
  let written = await writePost(api, did, rkey, reply)
  if (!written) {
    written = await getOwnRecord(api, did, POST_COLLECTION, rkey)
    if (!written) throw new ParleyError('bad_input', 'The post you are replying to has been deleted.')
  }
  const author = { did, handle: api.ctx.account.handle }
  const item = mapPost(
    { uri: written.uri, cid: written.cid, author, record: written.value },
    { ownDid: did, kind: reply.kind, conversationKey: reply.conversationKey || undefined },
  )
  return { remoteId: written.uri, permalink: item?.permalink ?? null, item }
}

/** Null when the parent is gone (the caller checks whether an earlier attempt went out anyway). */
async function writePost(api: BlueskyApi, did: string, rkey: string, reply: OutboundReply): Promise<StoredRecord | null> {
  const parentView = parseAtUri(reply.inReplyTo) ? await getPost(api, reply.inReplyTo) : null
  if (!parentView) return null
  const parent: StrongRef = { uri: parentView.uri, cid: parentView.cid }
  const root = readPostRecord(parentView.record)?.reply?.root ?? parent
  const facets = await detectFacets(reply.text, (handle) => resolveHandle(api, handle))
  const record: Record<string, unknown> = {
    $type: POST_COLLECTION,
    text: reply.text,
    createdAt: new Date(api.ctx.clock.now()).toISOString(),
    reply: { root, parent },
    ...(facets.length ? { facets } : {}),
  }
  try {
    const out = await api.procedure<{ uri?: unknown; cid?: unknown }>('com.atproto.repo.createRecord', { repo: did, collection: POST_COLLECTION, rkey, record })
    if (typeof out?.uri !== 'string' || typeof out.cid !== 'string') throw badShape(api.service, 'the created post')
    return { uri: out.uri, cid: out.cid, value: record }
  } catch (error) {
    // "There is already a value at key": an earlier attempt got through. Its status
    // is not documented (400 or a 500), so any refusal but rate limits and auth is checked.
    if (!(error instanceof HttpError) || error.status === 429 || error.status === 401) throw error
    const existing = await getOwnRecord(api, did, POST_COLLECTION, rkey)
    if (!existing) throw error
    return existing
  }
}

/**
 * DMs have no idempotency on the platform: a retry after an unknown outcome
 * must call reconcile first (the outbox does), or the message may go twice.
 */
async function sendDm(api: BlueskyApi, reply: OutboundReply): Promise<SendResult> {
  checkLength(reply.text, DM_MAX_GRAPHEMES, 'Bluesky messages')
  const convoId = convoIdOf(reply.conversationKey) ?? convoIdOf(reply.inReplyTo)
  if (!convoId) throw new ParleyError('bad_input', 'This reply is not addressed to a Bluesky conversation.')
  const did = await api.did()
  const facets = await detectFacets(reply.text, (handle) => resolveHandle(api, handle))
  const message = await api.procedure<unknown>(
    'chat.bsky.convo.sendMessage',
    { convoId, message: { text: reply.text, ...(facets.length ? { facets } : {}) } },
    { chat: true },
  )
  if (!isMessageView(message)) throw badShape(api.service, 'the sent message')
  const item = mapMessage(message, convoId, did, new Map([[did, { did, handle: api.ctx.account.handle }]]))
  return { remoteId: item.remoteId, permalink: item.permalink, item }
}

export async function reconcileReply(api: BlueskyApi, reply: OutboundReply, idempotencyKey: string): Promise<ReconcileResult> {
  try {
    const did = await api.did()
    if (reply.kind !== 'dm') {
      const record = await getOwnRecord(api, did, POST_COLLECTION, tidFromKey(idempotencyKey))
      if (!record) return { state: 'not_sent' }
      const item = mapPost({ uri: record.uri, cid: record.cid, author: { did, handle: api.ctx.account.handle }, record: record.value }, { ownDid: did })
      return { state: 'sent', remoteId: record.uri, permalink: item?.permalink ?? null }
    }
    return await reconcileDm(api, did, reply, idempotencyKey)
  } catch (error) {
    if (error instanceof NetworkError || error instanceof HttpError) return { state: 'unknown' }
    throw error
  }
}

/** Our message with the same text, sent after the outbox item was created (a UUIDv7 key says when; else the last day). */
async function reconcileDm(api: BlueskyApi, did: string, reply: OutboundReply, idempotencyKey: string): Promise<ReconcileResult> {
  const convoId = convoIdOf(reply.conversationKey) ?? convoIdOf(reply.inReplyTo)
  if (!convoId) return { state: 'not_sent' }
  const since = (keyTime(idempotencyKey) ?? api.ctx.clock.now() - DM_RECONCILE_WINDOW_MS) - 60_000
  const res = await api.query<{ messages?: unknown }>('chat.bsky.convo.getMessages', { convoId, limit: 100 }, { chat: true })
  if (!Array.isArray(res.messages)) throw badShape(api.service, 'messages')
  const text = reply.text.trim()
  const match = res.messages.find((m) => isMessageView(m) && m.sender.did === did && m.text.trim() === text && Date.parse(m.sentAt) >= since)
  if (!match || !isMessageView(match)) return { state: 'not_sent' }
  return { state: 'sent', remoteId: chatRemoteId(convoId, match.id), permalink: `https://bsky.app/messages/${encodeURIComponent(convoId)}` }
}

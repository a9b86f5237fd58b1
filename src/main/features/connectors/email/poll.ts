import type { FetchMessageObject, ImapFlow } from 'imapflow'
import { removalItem, type NormalizedItem } from '../../../model/items'
import type { ConnectorContext, PollOptions, PollResult } from '../../../model/connector'
import { KNOWN_LIMIT, nextKnown, readCursor, type EmailCursor, type FolderCursor } from './cursor'
import { HTML_TAG_LIMIT, MESSAGE_SIZE_LIMIT, tagsIn, messageToItem, parseBody, tooLargeBody, type MessageMeta, type ParsedBody } from './mapping'
import { mailCredentials } from './credentials'
import { withImap } from './servers'
import { removedSince, type Removals } from './removals'
import { readSettings } from './settings'
import { conversationKeyOf, messageIdList, normaliseMessageId, syntheticMessageId } from './threads'

/** At most this many messages per folder and poll; the rest come on the next poll. */
const BATCH = 100
/**
 * Characters of text and HTML handed to ingest per poll. Ingest sanitises, indexes and stores a poll's
 * items in one transaction on the worker's thread, so a run of long messages would stall it; past this
 * budget the rest waits for the next poll (at once: the result says there is more).
 */
const POLL_TEXT_BUDGET = 400_000
/** The same for HTML elements, which cost the sanitiser far more than their characters: about one long HTML message per poll. */
const POLL_TAG_BUDGET = HTML_TAG_LIMIT / 2
/** IMAP SINCE compares dates, not times, in the server's time zone: look a little further back. */
const RESYNC_SLACK_MS = 2 * 86_400_000

const META_QUERY = { uid: true, size: true, envelope: true, internalDate: true, headers: ['references'] }

function referencesHeader(headers: Buffer | undefined): string {
  // "References: <a> <b>" possibly folded over several lines.
  return (headers?.toString('utf8') ?? '').replace(/^references:/i, '').replace(/\r?\n[ \t]+/g, ' ')
}

export function metaOf(message: FetchMessageObject): MessageMeta {
  const env = message.envelope
  const from = env?.from?.[0]
  const to = (env?.to ?? []).map((a) => a.address?.toLowerCase()).filter((a): a is string => !!a)
  const internal = message.internalDate instanceof Date ? message.internalDate.getTime() : Date.parse(String(message.internalDate ?? ''))
  const date = env?.date instanceof Date && !Number.isNaN(env.date.getTime()) ? env.date.getTime() : internal
  const fromAddress = from?.address?.toLowerCase() ?? 'unknown@invalid'
  const messageId =
    normaliseMessageId(env?.messageId) ?? syntheticMessageId([date, fromAddress, env?.subject, message.size, to.join(',')])
  return {
    uid: message.uid,
    messageId,
    inReplyTo: messageIdList(env?.inReplyTo)[0] ?? null,
    references: messageIdList(referencesHeader(message.headers)),
    subject: env?.subject ?? '',
    from: { address: fromAddress, name: from?.name ?? '' },
    to,
    date: Number.isFinite(date) ? date : 0,
    size: message.size ?? 0,
  }
}

/** Sources fetched in one command: up to this many messages, or this many bytes, whichever comes first. */
const SOURCE_CHUNK_MESSAGES = 25
const SOURCE_CHUNK_BYTES = 4 * 1024 * 1024

/**
 * The sources of the next few messages, in one FETCH instead of one per message (per-message FETCHes were
 * about half of a poll's CPU). Messages over the size limit are never downloaded. A server that refuses
 * the chunk is asked message by message, so one message it will not hand over holds back no other.
 */
async function fetchSources(client: ImapFlow, metas: MessageMeta[]): Promise<Map<number, Buffer | null>> {
  const sources = new Map<number, Buffer | null>()
  const uids = metas.filter((m) => m.size <= MESSAGE_SIZE_LIMIT).map((m) => m.uid)
  if (!uids.length) return sources
  try {
    for (const m of await client.fetchAll(uids.join(','), { source: true }, { uid: true })) sources.set(m.uid, m.source ?? null)
  } catch (error) {
    if (!client.usable) throw error
    for (const uid of uids) sources.set(uid, await fetchSource(client, uid))
  }
  return sources
}

async function fetchSource(client: ImapFlow, uid: number): Promise<Buffer | null> {
  try {
    const full = await client.fetchOne(String(uid), { source: true }, { uid: true })
    return full && full.source ? full.source : null
  } catch (error) {
    // A lost connection fails the poll (nothing stored, retried); a server that refuses this one
    // message must not hold back the rest of the folder forever.
    if (!client.usable) throw error
    return null
  }
}

/** The batch's metas in chunks for fetchSources. */
function sourceChunks(metas: MessageMeta[]): MessageMeta[][] {
  const chunks: MessageMeta[][] = []
  let chunk: MessageMeta[] = []
  let bytes = 0
  for (const meta of metas) {
    const size = meta.size <= MESSAGE_SIZE_LIMIT ? meta.size : 0
    if (chunk.length && (chunk.length >= SOURCE_CHUNK_MESSAGES || bytes + size > SOURCE_CHUNK_BYTES)) {
      chunks.push(chunk)
      chunk = []
      bytes = 0
    }
    chunk.push(meta)
    bytes += size
  }
  if (chunk.length) chunks.push(chunk)
  return chunks
}

async function downloadItem(source: Buffer | null | undefined, meta: MessageMeta, key: string, brandAddress: string): Promise<NormalizedItem> {
  if (meta.size > MESSAGE_SIZE_LIMIT) return messageToItem(meta, tooLargeBody(meta), key, brandAddress)
  const body: ParsedBody = source
    ? await parseBody(source)
    : { text: 'The mail server would not hand this message over. Open it in your mail program.', html: null, attachments: [] }
  return messageToItem(meta, body, key, brandAddress)
}

/** What is left of a poll's text and HTML budgets; the first message always fits. */
interface Budget {
  text: number
  tags: number
}

const spent = (budget: Budget): boolean => budget.text <= 0 || budget.tags <= 0

/** [UID, Message-ID] of the newest messages up to lastUid: the known list for a cursor written before Parley tracked removals. */
async function knownUpTo(client: ImapFlow, lastUid: number): Promise<[number, string][]> {
  if (lastUid < 1) return []
  const uids = (await client.search({ uid: `1:${lastUid}` }, { uid: true })) || []
  const newest = uids.filter((u) => u <= lastUid).sort((a, b) => a - b).slice(-KNOWN_LIMIT)
  if (!newest.length) return []
  const metas = await client.fetchAll(`${newest[0]}:${lastUid}`, META_QUERY, { uid: true })
  return metas.map((m) => metaOf(m)).map((meta): [number, string] => [meta.uid, meta.messageId])
}

/** The UIDs to read in one folder, and the cursor it gets when they are read. */
async function pollFolder(
  client: ImapFlow,
  folder: string,
  previous: FolderCursor | undefined,
  cursor: EmailCursor,
  brandAddress: string,
  now: number,
  options: PollOptions,
  budget: Budget,
): Promise<{ items: NormalizedItem[]; next: FolderCursor | undefined; more: boolean; removed: string[] }> {
  const mailbox = await client.mailboxOpen(folder, { readOnly: true })
  const uidValidity = String(mailbox.uidValidity)
  const kept = previous && previous.uidValidity === uidValidity ? previous : null
  // Which known messages left the folder (expunged, or moved away) since the last poll. After a
  // UIDVALIDITY change the old UIDs mean nothing: the resync below starts the list over.
  let known: [number, string][] = []
  let removals: Removals = { gone: new Set() }
  if (kept?.known) {
    known = kept.known
    removals = await removedSince(client, mailbox, kept, now)
  } else if (kept) {
    known = await knownUpTo(client, kept.lastUid)
  }
  const removed = known.filter(([uid]) => removals.gone.has(uid)).map(([, id]) => id)
  let uids: number[]
  if (previous && previous.uidValidity === uidValidity) {
    // "n:*" always names the newest message, even when its UID is below n.
    const found = mailbox.exists ? await client.search({ uid: `${previous.lastUid + 1}:*` }, { uid: true }) : []
    uids = (found || []).filter((u) => u > previous.lastUid)
  } else {
    // First poll, or the server renumbered the folder: read everything since the backfill start (or
    // since shortly before the last poll, if that is earlier). Ingest keeps one copy per Message-ID.
    const since = previous ? Math.min(options.backfillSince, previous.polledAt - RESYNC_SLACK_MS) : options.backfillSince
    const found = mailbox.exists ? await client.search({ since: new Date(since) }, { uid: true }) : []
    uids = found || []
  }
  uids.sort((a, b) => a - b)
  const batch = spent(budget) ? [] : uids.slice(0, BATCH)
  const items: NormalizedItem[] = []
  const readPairs: [number, string][] = []
  let read = 0
  if (batch.length) {
    const metas = (await client.fetchAll(batch.join(','), META_QUERY, { uid: true })).map((m) => metaOf(m)).sort((a, b) => a.uid - b.uid)
    reading: for (const chunk of sourceChunks(metas)) {
      if (spent(budget)) break
      const sources = await fetchSources(client, chunk)
      for (const meta of chunk) {
        if (spent(budget)) break reading
        const counterpart = meta.from.address === brandAddress ? (meta.to[0] ?? '') : meta.from.address
        const key = conversationKeyOf({ ...meta, counterpart }, cursor.threads)
        const item = await downloadItem(sources.get(meta.uid), meta, key, brandAddress)
        items.push(item)
        readPairs.push([meta.uid, meta.messageId])
        budget.text -= item.text.length + (item.html?.length ?? 0)
        budget.tags -= tagsIn(item.html)
        read = meta.uid
        options.onProgress?.(items.length)
      }
    }
  }
  // Nothing read from a renumbered folder (the budget ran out first): its next poll starts the resync over.
  if (!read && uids.length && !kept) return { items, next: previous, more: true, removed: [] }
  const lastUid = read || (kept ? kept.lastUid : Math.max(0, mailbox.uidNext - 1))
  const next: FolderCursor = {
    uidValidity,
    lastUid,
    polledAt: now,
    known: nextKnown(known, removals.gone, readPairs),
    checkedAt: removals.checkedAt ?? kept?.checkedAt ?? now,
  }
  // The mod-sequence as the folder was opened: whatever changed after is reported again next time (removals are idempotent).
  if (mailbox.highestModseq !== undefined && !mailbox.noModseq) next.highestModseq = String(mailbox.highestModseq)
  return { items, next, more: uids.some((u) => u > lastUid), removed }
}

/**
 * Messages that left a folder and are in no folder Parley reads (nor among this poll's items): marked
 * deleted in the inbox, visibly, their words kept. One moved between read folders is not a removal.
 */
function removalsOf(removed: readonly string[], cursor: EmailCursor, folders: readonly string[], items: readonly NormalizedItem[], now: number): NormalizedItem[] {
  if (!removed.length) return []
  const present = new Set(items.map((i) => i.remoteId))
  for (const folder of folders) for (const [, id] of cursor.folders[folder]?.known ?? []) present.add(id)
  return [...new Set(removed)].filter((id) => !present.has(id)).map((id) => removalItem(id, now))
}

/** Polls every configured folder over one IMAP connection; the cursor holds each folder's place. */
export async function pollMail(ctx: ConnectorContext, rawCursor: string | null, options: PollOptions): Promise<PollResult> {
  const settings = readSettings(ctx.account.settings)
  const cursor = readCursor(rawCursor)
  const items: NormalizedItem[] = []
  const budget: Budget = { text: POLL_TEXT_BUDGET, tags: POLL_TAG_BUDGET }
  const removed: string[] = []
  let more = false
  await withImap(settings.imap, await mailCredentials(ctx, settings), async (client) => {
    for (const folder of settings.folders) {
      const found = await pollFolder(client, folder, cursor.folders[folder], cursor, settings.address, ctx.clock.now(), options, budget)
      items.push(...found.items)
      removed.push(...found.removed)
      if (found.next) cursor.folders[folder] = found.next
      more ||= found.more
    }
  })
  items.push(...removalsOf(removed, cursor, settings.folders, items, ctx.clock.now()))
  return { items, nextCursor: JSON.stringify(cursor), ...(more ? { more: true } : {}) }
}

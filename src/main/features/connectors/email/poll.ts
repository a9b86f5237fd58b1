import type { FetchMessageObject, ImapFlow } from 'imapflow'
import type { NormalizedItem } from '../../../model/items'
import type { ConnectorContext, PollOptions, PollResult } from '../../../model/connector'
import { readCursor, type EmailCursor, type FolderCursor } from './cursor'
import { MESSAGE_SIZE_LIMIT, messageToItem, parseBody, tooLargeBody, type MessageMeta, type ParsedBody } from './mapping'
import { mailCredentials } from './credentials'
import { withImap } from './servers'
import { readSettings } from './settings'
import { conversationKeyOf, messageIdList, normaliseMessageId, syntheticMessageId } from './threads'

/** At most this many messages per folder and poll; the rest come on the next poll. */
const BATCH = 100
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

async function downloadItem(client: ImapFlow, meta: MessageMeta, key: string, brandAddress: string): Promise<NormalizedItem> {
  if (meta.size > MESSAGE_SIZE_LIMIT) return messageToItem(meta, tooLargeBody(meta), key, brandAddress)
  let source: Buffer | null = null
  try {
    const full = await client.fetchOne(String(meta.uid), { source: true }, { uid: true })
    source = full && full.source ? full.source : null
  } catch (error) {
    // A lost connection fails the poll (nothing stored, retried); a server that refuses this one
    // message must not hold back the rest of the folder forever.
    if (!client.usable) throw error
  }
  const body: ParsedBody = source
    ? await parseBody(source)
    : { text: 'The mail server would not hand this message over. Open it in your mail program.', html: null, attachments: [] }
  return messageToItem(meta, body, key, brandAddress)
}

/** The UIDs to read in one folder, and the cursor it gets when they are read. */
async function pollFolder(client: ImapFlow, folder: string, previous: FolderCursor | undefined, cursor: EmailCursor, brandAddress: string, now: number, options: PollOptions): Promise<{ items: NormalizedItem[]; next: FolderCursor }> {
  const mailbox = await client.mailboxOpen(folder, { readOnly: true })
  const uidValidity = String(mailbox.uidValidity)
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
  const batch = uids.slice(0, BATCH)
  const items: NormalizedItem[] = []
  if (batch.length) {
    const metas = (await client.fetchAll(batch.join(','), META_QUERY, { uid: true })).map((m) => metaOf(m)).sort((a, b) => a.uid - b.uid)
    for (const meta of metas) {
      const counterpart = meta.from.address === brandAddress ? (meta.to[0] ?? '') : meta.from.address
      const key = conversationKeyOf({ ...meta, counterpart }, cursor.threads)
      items.push(await downloadItem(client, meta, key, brandAddress))
      options.onProgress?.(items.length)
    }
  }
  const lastUid = batch.length ? batch[batch.length - 1]! : previous && previous.uidValidity === uidValidity ? previous.lastUid : Math.max(0, mailbox.uidNext - 1)
  return { items, next: { uidValidity, lastUid, polledAt: now } }
}

/** Polls every configured folder over one IMAP connection; the cursor holds each folder's place. */
export async function pollMail(ctx: ConnectorContext, rawCursor: string | null, options: PollOptions): Promise<PollResult> {
  const settings = readSettings(ctx.account.settings)
  const cursor = readCursor(rawCursor)
  const items: NormalizedItem[] = []
  await withImap(settings.imap, await mailCredentials(ctx, settings), async (client) => {
    for (const folder of settings.folders) {
      const { items: found, next } = await pollFolder(client, folder, cursor.folders[folder], cursor, settings.address, ctx.clock.now(), options)
      items.push(...found)
      cursor.folders[folder] = next
    }
  })
  return { items, nextCursor: JSON.stringify(cursor) }
}

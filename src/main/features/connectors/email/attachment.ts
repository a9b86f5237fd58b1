import type { ImapFlow, MessageStructureObject } from 'imapflow'
import { ParleyError } from '../../../../shared/contract'
import type { AttachmentFile, ConnectorContext } from '../../../model/connector'
import { mailCredentials } from './credentials'
import { MESSAGE_SIZE_LIMIT } from './mapping'
import { withImap } from './servers'
import { readSettings } from './settings'

type Listed = { name: string; type: string; size: number }

const GONE =
  'This mail is no longer in the folders Parley reads (it may have been moved or deleted in a mail program), so its attachment cannot be fetched. Open it in your mail program.'

/** The parts a mail program would offer as files, in the order of the message: named parts and non-text leaves. */
function fileParts(node: MessageStructureObject, out: MessageStructureObject[] = []): MessageStructureObject[] {
  if (node.childNodes?.length && !node.type.toLowerCase().startsWith('message/')) {
    for (const child of node.childNodes) fileParts(child, out)
    return out
  }
  const named = !!(node.dispositionParameters?.filename ?? node.parameters?.name)
  const body = /^text\/(plain|html)$/i.test(node.type) && node.disposition?.toLowerCase() !== 'attachment'
  if (named || !body) out.push(node)
  return out
}

const nameOf = (node: MessageStructureObject): string => node.dispositionParameters?.filename ?? node.parameters?.name ?? 'unnamed'

/**
 * The part that is entry `index` of the list made at ingest: the same name (mailparser and imapflow
 * decode the same headers), counted among the parts of that name, so two files called "scan.pdf" are told apart.
 */
function partFor(structure: MessageStructureObject, index: number, listed: readonly Listed[]): MessageStructureObject | null {
  const wanted = listed[index]!
  const before = listed.slice(0, index).filter((a) => a.name === wanted.name).length
  return fileParts(structure).filter((p) => nameOf(p) === wanted.name)[before] ?? null
}

async function findUid(client: ImapFlow, folders: readonly string[], messageId: string): Promise<{ folder: string; uid: number } | null> {
  for (const folder of folders) {
    await client.mailboxOpen(folder, { readOnly: true })
    const [uid] = (await client.search({ header: { 'message-id': `<${messageId}>` } }, { uid: true })) || []
    if (uid) return { folder, uid }
  }
  return null
}

async function readAll(content: NodeJS.ReadableStream, limit: number, name: string): Promise<Buffer> {
  const chunks: Buffer[] = []
  let total = 0
  for await (const chunk of content) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
    total += buffer.length
    if (total > limit) throw new ParleyError('bad_input', `"${name}" is larger than Parley saves (${Math.round(limit / (1024 * 1024))} MB). Open it in your mail program.`)
    chunks.push(buffer)
  }
  return Buffer.concat(chunks)
}

/**
 * Fetches one attachment from the server by the message's Message-ID (searched in the folders Parley
 * reads, so a new UIDVALIDITY or a move between them does not lose it): only that part is downloaded,
 * its transfer encoding removed, its bytes unchanged (text parts are not converted).
 */
export async function fetchAttachment(remoteId: string, index: number, listed: readonly Listed[], ctx: ConnectorContext): Promise<AttachmentFile> {
  if (!listed[index]) throw new ParleyError('not_found', 'This message has no such attachment.')
  // A message without a Message-ID is known by a made-up one the server cannot search for.
  if (remoteId.endsWith('@parley.invalid')) throw new ParleyError('bad_input', 'This mail has no Message-ID, so Parley cannot find it at the server again. Open it in your mail program.')
  const settings = readSettings(ctx.account.settings)
  return withImap(settings.imap, await mailCredentials(ctx, settings), async (client) => {
    const found = await findUid(client, settings.folders, remoteId)
    if (!found) throw new ParleyError('not_found', GONE)
    await client.mailboxOpen(found.folder, { readOnly: true })
    const message = await client.fetchOne(String(found.uid), { uid: true, bodyStructure: true }, { uid: true })
    const part = message && message.bodyStructure ? partFor(message.bodyStructure, index, listed) : null
    if (!part) throw new ParleyError('not_found', `Parley could not find "${listed[index]!.name}" in this mail at the server. Open it in your mail program.`)
    // A message that is nothing but the file has it as its first (and only) part.
    const download = await client.download(String(found.uid), part.part ?? '1', { uid: true, maxBytes: MESSAGE_SIZE_LIMIT + 1, decodeText: false })
    if (!download.content) throw new ParleyError('not_found', GONE)
    const bytes = await readAll(download.content, MESSAGE_SIZE_LIMIT, listed[index]!.name)
    return { name: listed[index]!.name, type: part.type, bytes }
  })
}

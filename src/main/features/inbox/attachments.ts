import { ParleyError } from '../../../shared/contract'
import { safeFileName } from '../../model/attachments'
import type { ConnectorContext } from '../../model/connector'
import type { AccountStore } from '../../store/accounts'
import type { ConversationStore } from '../../store/conversations'
import type { ConnectorRegistry } from '../connectors/registry'

/** The largest attachment Parley hands to the renderer (base64 over the contract): the size mail servers usually accept. */
export const ATTACHMENT_LIMIT = 25 * 1024 * 1024

export interface AttachmentDeps {
  conversations: Pick<ConversationStore, 'attachmentSource'>
  accounts: Pick<AccountStore, 'get'>
  connectors: ConnectorRegistry
  contextFor(accountId: number): Promise<ConnectorContext | null>
}

export interface SavedFile {
  name: string
  mediaType: string
  encoding: 'base64'
  content: string
}

export function readableSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

/**
 * One attachment of a message, fetched from its platform on request, as a download. The name is made
 * safe to save under and the declared type is not passed on: the file is always a plain download
 * (application/octet-stream), never something the renderer or a browser would open or render.
 */
export async function saveAttachment(deps: AttachmentDeps, messageId: number, index: number): Promise<SavedFile> {
  const source = deps.conversations.attachmentSource(messageId)
  if (!source) throw new ParleyError('not_found', 'This message no longer exists in Parley, so there is no attachment to save.')
  const listed = source.attachments[index]
  if (!listed) throw new ParleyError('not_found', 'This message has no such attachment. Reload the conversation and try again.')
  const account = deps.accounts.get(source.accountId)
  if (!account || account.status === 'removed') throw new ParleyError('not_found', 'The channel account of this message was removed, so its attachment cannot be fetched.')
  if (account.isDemo) throw new ParleyError('bad_input', 'This is a demo conversation; its attachments exist only as names.')
  const connector = deps.connectors.has(account.platform) ? deps.connectors.get(account.platform) : null
  if (!connector?.attachment || !source.remoteId) throw new ParleyError('bad_input', `Parley cannot fetch attachments from ${connector?.label ?? 'this platform'}.`)
  if (listed.size > ATTACHMENT_LIMIT) {
    throw new ParleyError('bad_input', `"${listed.name}" is ${readableSize(listed.size)}, more than Parley saves (${readableSize(ATTACHMENT_LIMIT)}). Open it in your mail program.`)
  }
  const ctx = await deps.contextFor(account.id)
  if (!ctx) throw new ParleyError('not_found', 'The channel account of this message was removed, so its attachment cannot be fetched.')
  const file = await connector.attachment(source.remoteId, index, source.attachments, ctx)
  if (file.bytes.byteLength > ATTACHMENT_LIMIT) {
    throw new ParleyError('bad_input', `"${listed.name}" is more than Parley saves (${readableSize(ATTACHMENT_LIMIT)}). Open it in your mail program.`)
  }
  return {
    name: safeFileName(file.name || listed.name),
    mediaType: 'application/octet-stream',
    encoding: 'base64',
    content: Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength).toString('base64'),
  }
}

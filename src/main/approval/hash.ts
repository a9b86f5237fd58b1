import { createHash } from 'node:crypto'

/** Where a reply goes: the channel account and the remote id of what it answers. */
export interface ReplyTarget {
  accountId: number
  inReplyTo: string
}

/**
 * An approval covers this exact text to this exact target: sha256(text + "\n" + "<account id>:<in reply to>").
 * Any change of either gives another hash, which voids the approval.
 */
export function replyHash(text: string, target: ReplyTarget): string {
  return createHash('sha256').update(`${text}\n${target.accountId}:${target.inReplyTo}`).digest('hex')
}

import { createHash } from 'node:crypto'

/** Where a reply goes: the channel account and the remote id of what it answers. */
export interface ReplyTarget {
  accountId: number
  inReplyTo: string
  /** The reply's subject line, on platforms whose replies carry one (e-mail); absent elsewhere. */
  subject?: string
}

/**
 * An approval covers this exact text to this exact target: sha256(text + "\n" + "<account id>:<in reply to>"),
 * followed by "\nsubject:" + the subject line when the reply has one (so replies without a subject keep
 * their hashes). Any change of any of them gives another hash, which voids the approval.
 */
export function replyHash(text: string, target: ReplyTarget): string {
  const subject = target.subject === undefined ? '' : `\nsubject:${target.subject}`
  return createHash('sha256').update(`${text}\n${target.accountId}:${target.inReplyTo}${subject}`).digest('hex')
}

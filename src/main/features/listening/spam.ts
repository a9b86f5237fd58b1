import { createHash } from 'node:crypto'
import type { SpamItem } from '../../../shared/contract'
import type { SpamStore } from '../../store/spam'
import type { LoadedFacts } from './facts'

const DAY = 86_400_000
const NEW_ACCOUNT_MS = 30 * DAY
const REPEAT_WINDOW_MS = 7 * DAY
/** A score at or above this lists the conversation in the Spam view. */
export const SPAM_THRESHOLD = 2

const LINK = /\bhttps?:\/\/\S+|\b[a-z0-9-]+\.(biz|xyz|top|click|io|ly|ru|info)\b|\bwww\.\S+|\bdot (com|biz|net)\b/gi

/** The same words with links, handles and numbers taken out, so a bot's variations count as repeats. */
export function fingerprint(text: string): string | null {
  const core = text
    .toLocaleLowerCase('en')
    .replace(LINK, ' ')
    .replace(/@\w+/g, ' ')
    .replace(/[^\p{L}]+/gu, ' ')
    .trim()
  return core.length >= 20 ? createHash('sha1').update(core).digest('hex').slice(0, 20) : null
}

/**
 * Spam signals of one new message: links from a new account, many links, and the same words
 * in other conversations within a week. Written in the processor's transaction.
 */
export class SpamSignals {
  constructor(private readonly store: SpamStore) {}

  /** Returns the score (0 when nothing looks like spam). */
  record(f: LoadedFacts, now: number): number {
    const reasons: string[] = []
    let score = 0
    const links = (f.text.match(LINK) ?? []).length
    const newAccount = f.authorCreatedAt !== null && f.createdAt - f.authorCreatedAt < NEW_ACCOUNT_MS
    if (links > 0 && newAccount) {
      score += 2
      reasons.push('links from an account less than 30 days old')
    } else if (links > 0 && f.kind !== 'feed') {
      score += 1
      reasons.push('contains a link')
    }
    if (links >= 3) {
      score += 1
      reasons.push(`${links} links`)
    }
    const print = fingerprint(f.text)
    if (print) {
      const n = this.store.repeatsOf(print, f.createdAt - REPEAT_WINDOW_MS, f.conversationId)
      if (n >= 1) {
        score += n >= 2 ? 2 : 1
        reasons.push(`the same text in ${n} other conversation${n === 1 ? '' : 's'} this week`)
      }
      this.store.recordPrint(print, f.messageId, f.conversationId, f.createdAt)
    }
    if (score > 0) this.store.recordSignal(f.messageId, f.conversationId, score, reasons, now)
    return score
  }

  list(limit: number): SpamItem[] {
    return this.store.list(SPAM_THRESHOLD, limit)
  }

  /** Whether the conversation already carries a spam mark. */
  isMarked(conversationId: number): boolean {
    return this.store.markFor(conversationId) !== null
  }

  mark(conversationId: number, spam: boolean, profileId: number, at: number): boolean {
    if (spam) this.store.mark(conversationId, { rule_id: null, profile_id: profileId, at })
    else this.store.unmark(conversationId)
    return spam
  }
}

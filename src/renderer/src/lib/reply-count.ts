import twitterText from 'twitter-text'
import { replyCounter } from '@shared/reply-count'

/** The composer's counter: the same functions the core enforces on submit, with twitter-text bundled in. */
export const { replyLength, hasLink } = replyCounter(() => twitterText)
export { countingUnit } from '@shared/reply-count'

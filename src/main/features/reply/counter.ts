import type * as TwitterText from 'twitter-text'
import { replyCounter, type WeightedCounter } from '../../../shared/reply-count'
import { lazyModule } from '../../base/lazy-module'

/** What submit enforces: the composer's counter, with twitter-text loaded on the first weighted count. */
export const { replyLength, hasLink, overLengthMessage } = replyCounter(lazyModule<typeof TwitterText & WeightedCounter>('twitter-text'))

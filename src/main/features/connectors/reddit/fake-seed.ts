// Test infrastructure: the story the Reddit fake starts with; never imported by the app.
import type { FakeRedditState } from './fake-store'

export const REDDIT_BRAND = 'LumenBikes'
export const REDDIT_SUBREDDIT = 'lumenbikes'

export const REDDIT_CAST = { ines: 'ines_rides', marco: 'marco_fixes', spammer: 'cheap_watches_deals' } as const

const HOUR = 3_600_000

/**
 * The brand's launch post in its subreddit: a question answering it, a mention elsewhere, a comment
 * from a rider, spam waiting in the mod queue, and a private message.
 */
export function seedReddit(state: FakeRedditState, now: number): void {
  const launch = state.addPost({ subreddit: REDDIT_SUBREDDIT, author: REDDIT_BRAND, title: 'The Lumen 2 is here', at: now - 6 * HOUR })
  state.addComment({ post: launch, author: REDDIT_CAST.ines, body: 'Does it come in a small frame?', at: now - 5 * HOUR })
  const elsewhere = state.addPost({ subreddit: 'bikecommuting', author: REDDIT_CAST.marco, title: 'Which e-bike for a hilly commute?', at: now - 4 * HOUR })
  state.addComment({ post: elsewhere, author: REDDIT_CAST.marco, body: 'Maybe u/LumenBikes can say how the Lumen 2 climbs?', at: now - 3 * HOUR })
  state.addComment({ post: launch, author: REDDIT_CAST.marco, body: 'Loving mine so far, the brakes are great.', at: now - 2 * HOUR })
  state.addComment({ post: launch, author: REDDIT_CAST.spammer, body: 'Cheap replica watches at cheap-watches.example', at: now - HOUR, queued: true })
  state.addMessage({ author: REDDIT_CAST.ines, dest: REDDIT_BRAND, subject: 'Order #4411', body: 'Hi! Can I change the colour of my order #4411?', at: now - 30 * 60_000 })
}

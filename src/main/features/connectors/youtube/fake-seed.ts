// Test infrastructure: the story the YouTube fake starts with; never imported by the app.
import type { FakeChannel, FakeYouTubeState } from './fake-store'

export const YT_BRAND: FakeChannel = { id: 'UCLumenBikesOfficial00', title: 'Lumen Bikes', handle: '@lumenbikes' }

export const YT_CAST = {
  ines: { id: 'UCInesRidesEveryDay000', title: 'Inès Rides', handle: '@inesrides' },
  marco: { id: 'UCMarcoFixesBikes00000', title: 'Marco', handle: '@marcofixes' },
  spammer: { id: 'UCCheapWatchesDeals000', title: 'Cheap Watches', handle: '@cheapwatches' },
} satisfies Record<string, FakeChannel>

const HOUR = 3_600_000

/** A launch video's comments: a question, a thread with replies, and spam held for review. */
export function seedYouTube(state: FakeYouTubeState, now: number): void {
  const question = state.addComment({ author: YT_CAST.ines, text: 'Does the Lumen 2 fit riders under 160 cm?', at: now - 3 * HOUR })
  state.addComment({ author: YT_CAST.marco, text: 'Same question here, my partner is 155.', parentId: question.id, at: now - 2 * HOUR })
  state.addComment({ author: YT_CAST.marco, text: 'The brake levers look great. Are they hydraulic?', at: now - HOUR })
  state.addComment({ author: YT_CAST.spammer, text: 'Best replica watches at cheap-watches.example', status: 'heldForReview', at: now - 30 * 60_000 })
}

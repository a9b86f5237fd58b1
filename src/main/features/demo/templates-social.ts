/** What only the video platform and Reddit need: the channel's videos, the posts comment threads hang under. */

/** The brand channel's videos that comment threads hang off (11-character ids, as YouTube's). */
export const VIDEOS: ReadonlyArray<{ id: string; title: string }> = [
  { id: 'q3LmB7kR2xA', title: 'Lumen Commuter 2: first ride' },
  { id: 'Zt8pW1nVc4E', title: 'How to remove and charge the battery' },
  { id: 'h6YdK0sQm9U', title: 'Trail X on the cobblestones' },
  { id: 'Rb2eJ5uXw7o', title: 'Cargo Duo: school run test' },
  { id: 'm4NfT8gHa1s', title: 'Fold Mini in 10 seconds' },
  { id: 'X9vCq2LpD6k', title: 'Error codes explained' },
  { id: 'e1WsA7yBn3I', title: 'Winter riding tips' },
  { id: 'P5oGz4tKr8c', title: 'Inside the Lumen workshop' },
]

/** Posts in the brand's own subreddit, r/lumenbikes, that comment threads hang under. */
export const REDDIT_OWN_POSTS: readonly string[] = [
  'Weekly questions thread: ask anything about your Lumen',
  'Firmware 3.2 is rolling out: what changed',
  'Show us your Lumen: December edition',
  'Winter range on the Commuter 2, real numbers',
  'Cargo Duo owners, how do you carry two kids?',
  'Error E07 after the update, anyone else?',
  'Official: spare batteries back in stock',
  'Fold Mini on the train, a month in',
]

/** Other subreddits where people mention the brand's account. */
export const REDDIT_OTHER_SUBREDDITS: readonly string[] = ['ebikes', 'bikecommuting', 'whichbike', 'cycling', 'Netherlands', 'BuyItForLife']

export const REDDIT_OTHER_POSTS: readonly string[] = [
  'Which e-bike for a hilly 15 km commute?',
  'Lumen Commuter 2 or a used Trek? Help me decide',
  'Warranty experiences with smaller e-bike brands',
  'Finally sold the car: one year on an e-bike',
  'Anyone tried the Lumen Cargo Duo for the school run?',
  'Battery died after 2 winters, is that normal?',
  'Best folding e-bike for a small flat?',
]

/** What only the video and photo platforms need: the channel's videos. */

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

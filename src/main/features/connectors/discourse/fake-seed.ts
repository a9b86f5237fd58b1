// Test infrastructure: the "Lumen Bikes" forum story for the fake Discourse; never imported by the app.
import type { FakeDiscourseState, FakeUser } from './fake-store'

export interface Cast {
  /** The brand's account: a moderator, so flags, silencing and closing are allowed. */
  brand: FakeUser
  ines: FakeUser
  marco: FakeUser
  spammer: FakeUser
  admin: FakeUser
}

export const SUPPORT = { id: 5, slug: 'support' }
export const FEEDBACK = { id: 7, slug: 'feedback' }

export function addCast(state: FakeDiscourseState): Cast {
  return {
    admin: state.addUser({ username: 'system', name: 'System', admin: true }),
    brand: state.addUser({ username: 'lumen_team', name: 'Lumen Bikes', moderator: true }),
    ines: state.addUser({ username: 'ines', name: 'Inês Duarte' }),
    marco: state.addUser({ username: 'marco', name: 'Marco Rossi' }),
    spammer: state.addUser({ username: 'cheap_watches', name: 'Cheap Watches' }),
  }
}

/** A support question with a mention of the brand, a feedback thread, spam a member flagged, and a private message. */
export function seedStory(state: FakeDiscourseState, cast: Cast, now: number): void {
  state.addCategory(SUPPORT.id, SUPPORT.slug, 'Support')
  state.addCategory(FEEDBACK.id, FEEDBACK.slug, 'Feedback')
  const hour = 3_600_000
  const shifting = state.createTopic({ title: 'Gears slip on the Lumen Trail 2', categoryId: SUPPORT.id, at: now - 30 * hour })
  state.createPost({ topicId: shifting.id, userId: cast.ines.id, raw: 'Since the last ride my gears slip under load. Any ideas?', at: now - 30 * hour })
  state.createPost({ topicId: shifting.id, userId: cast.marco.id, raw: 'Same here. @lumen_team is this the known cable issue?', replyTo: 1, at: now - 20 * hour })
  const lights = state.createTopic({ title: 'Idea: brighter rear light', categoryId: FEEDBACK.id, tags: ['lights'], at: now - 10 * hour })
  state.createPost({ topicId: lights.id, userId: cast.marco.id, raw: 'A brighter rear light for winter commutes would be great.', at: now - 10 * hour })
  const spam = state.createPost({ topicId: lights.id, userId: cast.spammer.id, raw: 'Buy cheap watches at the best prices, visit our shop now!', replyTo: 1, at: now - 5 * hour })
  state.flag(spam.id, cast.marco.id, 8, now - 4 * hour)
  const pm = state.createTopic({ title: 'Warranty for my frame', archetype: 'private_message', allowedUserIds: [cast.ines.id, cast.brand.id], at: now - 3 * hour })
  state.createPost({ topicId: pm.id, userId: cast.ines.id, raw: 'Hello, my frame cracked after a year. Is that covered by the warranty?', at: now - 3 * hour })
}

// Test infrastructure: the story the X fake starts with; never imported by the app.
import type { FakeXState, FakeXUser } from './fake-store'

export const X_BRAND: FakeXUser = { id: '1500000000000000001', username: 'lumenbikes', name: 'Lumen Bikes' }

export const X_CAST = {
  ines: { id: '1500000000000000002', username: 'inesrides', name: 'Inès' },
  marco: { id: '1500000000000000003', username: 'marcofixes', name: 'Marco' },
  spammer: { id: '1500000000000000004', username: 'cheapwatches', name: 'Cheap Watches' },
} satisfies Record<string, FakeXUser>

const HOUR = 3_600_000

/** The launch post, a mention, a reply deeper in the thread (no mention), spam, and a DM. */
export function seedX(state: FakeXState, now: number): void {
  const launch = state.addPost({ author: X_BRAND, text: 'The Lumen 2 is here. Lighter frame, same price.', at: now - 5 * HOUR })
  const question = state.addPost({ author: X_CAST.ines, text: '@lumenbikes does it come in a small frame?', replyTo: launch.id, at: now - 4 * HOUR })
  state.addPost({ author: X_CAST.marco, text: 'Following this, I need a small one too', replyTo: question.id, at: now - 3 * HOUR })
  state.addPost({ author: X_CAST.spammer, text: '@lumenbikes cheap watches at cheap-watches.example', at: now - 2 * HOUR })
  state.addDm({ from: X_CAST.ines, text: 'Hi! Can I change the colour of my order #4411?', at: now - HOUR })
}

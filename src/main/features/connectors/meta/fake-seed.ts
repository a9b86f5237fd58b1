// Test infrastructure: the fictional "Lumen Bikes" Page and Instagram account the fake starts with; never imported by the app.
import type { FakeGraphState } from './fake-store'

const HOUR = 3_600_000

interface Filler {
  addComment(input: { postId: string; fromId: string; message: string; parentId?: string; at?: number }): string
  addIgComment(input: { mediaId: string; fromIgId: string; text: string; parentId?: string; at?: number }): string
  addMessage(input: { threadId: string; fromPage?: boolean; text: string; at?: number }): string
  addPost(input: { fromId?: string; message: string; at?: number; tagsPage?: boolean }): string
  addMedia(input: { ownerIgId?: string; caption: string; at?: number }): string
}

/** Who is who in the story, and the ids tests refer to. */
export interface MetaCast {
  pageId: string
  pageName: string
  igId: string
  igUsername: string
  adminId: string
  /** People: page-scoped id (also `from.id`) and Instagram-scoped id. */
  ines: { id: string; igId: string }
  tomas: { id: string; igId: string }
  priya: { id: string; igId: string }
  launchPostId: string
  launchMediaId: string
  /** Messenger: window open (Inès wrote 3 h ago) and closed (Tomás wrote 30 h ago); Instagram: Priya, 1 h ago. */
  openThreadId: string
  closedThreadId: string
  igThreadId: string
  fill(filler: Filler): void
}

export function seedMetaStory(state: FakeGraphState, now: number, withContent: boolean): MetaCast {
  const pageId = '104857600000001'
  const igId = '17841400000000001'
  state.pages.set(pageId, {
    id: pageId,
    name: 'Lumen Bikes',
    category: 'Bicycle Shop',
    username: 'lumenbikes',
    token: `EAAPage${pageId}`,
    ig: { id: igId, username: 'lumenbikes', name: 'Lumen Bikes' },
  })
  // A second Page without Instagram, so picking a Page by name means something.
  state.pages.set('104857600000002', { id: '104857600000002', name: 'Lumen Repairs', category: 'Bicycle Repair Shop', username: 'lumenrepairs', token: 'EAAPage104857600000002', ig: null })
  const person = (id: string, name: string, igIdOf: string, igUsername: string) => {
    state.people.set(id, { id, name, igId: igIdOf, igUsername })
    return { id, igId: igIdOf }
  }
  const ines = person('6120000000000001', 'Inès Moreau', '17841400000000101', 'ines.rides')
  const tomas = person('6120000000000002', 'Tomás Ruiz', '17841400000000102', 'tomas_r')
  const priya = person('6120000000000003', 'Priya Natarajan', '17841400000000103', 'priya.cycles')
  const cast: MetaCast = {
    pageId,
    pageName: 'Lumen Bikes',
    igId,
    igUsername: 'lumenbikes',
    adminId: '10150000000000001',
    ines,
    tomas,
    priya,
    launchPostId: '',
    launchMediaId: '',
    openThreadId: 't_100001',
    closedThreadId: 't_100002',
    igThreadId: 'aWdfZAG06MTpJR01lc3NhZA2VUaHJlYWQ6100003',
    fill(f) {
      state.threads.set(cast.openThreadId, { id: cast.openThreadId, pageId, platform: 'messenger', personId: ines.id })
      state.threads.set(cast.closedThreadId, { id: cast.closedThreadId, pageId, platform: 'messenger', personId: tomas.id })
      state.threads.set(cast.igThreadId, { id: cast.igThreadId, pageId, platform: 'instagram', personId: priya.id })
      if (!withContent) return
      cast.launchPostId = f.addPost({ message: 'Meet the Lumen Commuter: 22 kg, 80 km range, lights that see round corners.', at: now - 48 * HOUR })
      const q = f.addComment({ postId: cast.launchPostId, fromId: ines.id, message: 'Does it fit a rear child seat?', at: now - 47 * HOUR })
      f.addComment({ postId: cast.launchPostId, fromId: pageId, message: 'It does: any seat with a rack mount.', parentId: q, at: now - 46 * HOUR })
      f.addComment({ postId: cast.launchPostId, fromId: ines.id, message: 'Great, thanks!', parentId: q, at: now - 45 * HOUR })
      f.addComment({ postId: cast.launchPostId, fromId: tomas.id, message: 'Price in Spain?', at: now - 20 * HOUR })
      f.addComment({ postId: cast.launchPostId, fromId: priya.id, message: 'CHEAP FOLLOWERS at bit.ly/xyz', at: now - 2 * HOUR })
      f.addPost({ fromId: priya.id, message: 'My Lumen has a squeaky brake after a week, what do I do?', at: now - 5 * HOUR })
      f.addPost({ fromId: tomas.id, message: 'Sunday ride along the river with @Lumen Bikes friends', at: now - 8 * HOUR, tagsPage: true })
      cast.launchMediaId = f.addMedia({ caption: 'The Commuter, in Night Blue.', at: now - 30 * HOUR })
      const c = f.addIgComment({ mediaId: cast.launchMediaId, fromIgId: ines.igId, text: 'Is Night Blue in stock?', at: now - 29 * HOUR })
      f.addIgComment({ mediaId: cast.launchMediaId, fromIgId: igId, text: 'From next week!', parentId: c, at: now - 28 * HOUR })
      f.addIgComment({ mediaId: cast.launchMediaId, fromIgId: tomas.igId, text: '@lumenbikes what is the range in winter?', at: now - 3 * HOUR })
      f.addMedia({ ownerIgId: priya.igId, caption: 'First ride on my new @lumenbikes', at: now - 6 * HOUR })
      f.addMessage({ threadId: cast.openThreadId, text: 'Hi! Can I book a test ride on Saturday?', at: now - 3 * HOUR })
      f.addMessage({ threadId: cast.closedThreadId, text: 'Is the shop open on holidays?', at: now - 30 * HOUR })
      f.addMessage({ threadId: cast.igThreadId, text: 'Do you ship to Portugal?', at: now - HOUR })
    },
  }
  return cast
}

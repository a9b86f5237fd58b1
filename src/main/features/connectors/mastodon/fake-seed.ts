// Test infrastructure: the cast and the default story of the fake instance (brand "Lumen Bikes").
import type { FakeAccount, FakeMastodonState } from './fake-store'

export type CastKey = 'brand' | 'ines' | 'juergen' | 'hanako' | 'orjan' | 'sam' | 'zed'
export type Cast = Record<CastKey, FakeAccount>

export function addCast(state: FakeMastodonState): Cast {
  return {
    brand: state.addAccount({ username: 'lumenbikes', displayName: 'Lumen Bikes', note: 'Electric bikes built to last. Support: DM us, Mon–Fri 9–17 CET.' }),
    ines: state.addAccount({ username: 'ines', domain: 'fosstodon.org', displayName: 'Inês Araújo', note: 'Cyclist, Lisbon. She/her.' }),
    juergen: state.addAccount({ username: 'juergen', domain: 'chaos.social', displayName: 'Jürgen Weiß 🚴' }),
    hanako: state.addAccount({ username: 'hanako', domain: 'mstdn.jp', displayName: '山田 花子' }),
    orjan: state.addAccount({ username: 'orjan', domain: 'mastodon.online', displayName: 'Ørjan Søndergård' }),
    sam: state.addAccount({ username: 'sam', displayName: "Sam O'Neil" }),
    // Display names are plain text on Mastodon; a hostile one must still render as text.
    zed: state.addAccount({ username: 'promo', domain: 'spam.example', displayName: `Zed <script>alert('name')</script>`, bot: true }),
  }
}

const HOUR = 3_600_000

/** A few days of realistic traffic: comments on a launch post, mentions, spam with hostile HTML, and DMs. */
export function seedStory(state: FakeMastodonState, cast: Cast): void {
  const brandId = cast.brand.id
  const now = state.now()
  const at = (hoursAgo: number): number => now - hoursAgo * HOUR
  const post = (accountId: string, text: string, hoursAgo: number, extra: Partial<Parameters<FakeMastodonState['createStatus']>[0]> = {}) =>
    state.createStatus({ accountId, text, createdAt: at(hoursAgo), ...extra }, brandId)

  const launch = post(brandId, 'Meet the Commuter 3: 90 km of range, a belt drive, and a battery that comes out with one hand. 🚲⚡\n\nPre-orders open today: https://lumen.example/commuter-3 #ebike', 96)
  const ines = post(cast.ines.id, '@lumenbikes Does the Commuter 3 battery fit a Commuter 2 frame? Mine stopped charging after the 2.4 firmware update 😕', 72, { inReplyToId: launch.id })
  const answer = post(brandId, '@ines@fosstodon.org Sorry about that! The 2.4.1 fix is rolling out today. Could you DM us your frame number?', 71, { inReplyToId: ines.id })
  post(cast.juergen.id, "@lumenbikes Was kostet das Commuter 3 in Euro? Und gibt's eine Variante mit Rücktrittbremse?", 48, { inReplyToId: launch.id, language: 'de' })
  post(cast.hanako.id, '@lumenbikes 東京で試乗できますか？ Is there a test ride in Tokyo? 🚲', 24, { language: 'ja' })
  post(cast.zed.id, '@lumenbikes FREE e-bike giveaway', 20, {
    html:
      `<p><span class="h-card"><a href="${state.origin()}/@lumenbikes" class="u-url mention">@<span>lumenbikes</span></a></span> FREE e-bike giveaway!!! ` +
      '<a href="javascript:alert(1)">claim now</a><script>alert("pwned")</script><img src="x" onerror="alert(2)"></p>',
  })
  const order = post(cast.sam.id, '@lumenbikes Hi! My order #LB-20931 has said “processing” for 10 days. Could you check on it?', 6, { visibility: 'direct' })
  const checking = post(brandId, '@sam Thanks Sam, checking with the warehouse now.', 5, { visibility: 'direct', inReplyToId: order.id })
  post(cast.sam.id, "@lumenbikes Thank you! It's the Commuter 2 in forest green, if that helps.", 2, { visibility: 'direct', inReplyToId: checking.id })
  post(cast.orjan.id, '@lumenbikes Found this crack on my frame after three months. Photos attached.', 1.5, {
    visibility: 'direct',
    spoilerText: 'Warranty claim',
    media: [{ type: 'image', description: 'Hairline crack near the rear dropout' }],
  })
  post(cast.ines.id, '@lumenbikes DM sent! Thanks for the quick answer 🙏', 0.5, { inReplyToId: answer.id })
}

// Test infrastructure: the seeded world of the Bluesky fake server; never imported by the app.
import type { FakeProfile, FakeState } from './fake-state'

export const BRAND: FakeProfile = {
  did: 'did:plc:lumenbikesxq4w2zm7vjtd5a',
  handle: 'lumenbikes.bsky.social',
  displayName: 'Lumen Bikes',
  avatar: 'https://cdn.bsky.app/img/avatar/plain/did:plc:lumenbikesxq4w2zm7vjtd5a/bafkreilumen@jpeg',
}

export const PEOPLE = {
  zoe: { did: 'did:plc:zoeabergq7kx3m2npw5rt4vc', handle: 'zoe-aberg.bsky.social', displayName: 'Zoë Åberg', avatar: 'https://cdn.bsky.app/img/avatar/plain/did:plc:zoeabergq7kx3m2npw5rt4vc/bafkreizoe@jpeg' },
  sakura: { did: 'did:plc:sakurawatanabe2xq6t7mv3l', handle: 'sakura.watanabe.jp', displayName: '渡辺 さくら' },
  jose: { did: 'did:plc:josenunezr4t6y2u3i7o5pa6s', handle: 'josenunez.bsky.social', displayName: 'José Núñez 🚴' },
  olga: { did: 'did:plc:olgakuznetsova3b5n7m2q4w6', handle: 'olga-k.bsky.social', displayName: 'Ольга Кузнецова' },
  mallory: { did: 'did:plc:mallory7z5x3c2v4b6n2m3k4', handle: 'mallory.bsky.social', displayName: 'Mallory <img src=x onerror=alert(1)>' },
  rider: { did: 'did:plc:riderxw2e3r4t5y6u7i2o3p4a', handle: 'riderx.bsky.social' },
} satisfies Record<string, FakeProfile>

/** A UTF-8 byte range for `part` inside `text`, as facets count. */
export function byteRange(text: string, part: string): { byteStart: number; byteEnd: number } {
  const at = text.indexOf(part)
  if (at < 0) throw new Error(`"${part}" is not in "${text}"`)
  const byteStart = Buffer.byteLength(text.slice(0, at), 'utf8')
  return { byteStart, byteEnd: byteStart + Buffer.byteLength(part, 'utf8') }
}

export function linkFacet(text: string, url: string): unknown {
  return { $type: 'app.bsky.richtext.facet', index: byteRange(text, url), features: [{ $type: 'app.bsky.richtext.facet#link', uri: url }] }
}

export function mentionFacet(text: string, handle: string, did: string): unknown {
  return { $type: 'app.bsky.richtext.facet', index: byteRange(text, `@${handle}`), features: [{ $type: 'app.bsky.richtext.facet#mention', did }] }
}

const HOUR = 3600_000

/** Two brand posts with replies (unicode names, a link facet, a long reply, markup as text), a mention, a quote and two DMs. */
export function seed(state: FakeState, now = Date.now()): void {
  state.addProfile(BRAND)
  for (const person of Object.values(PEOPLE)) state.addProfile(person)
  const t = (hoursAgo: number) => now - hoursAgo * HOUR

  const serviceText = 'Spring service week is here 🌸 Book a free safety check at any Lumen store: https://lumenbikes.example/service'
  const service = state.post(BRAND.did, serviceText, { at: t(72), facets: [linkFacet(serviceText, 'https://lumenbikes.example/service')] })
  const aero = state.post(BRAND.did, 'Meet the Lumen Aero 2: 8.9 kg, internal cabling, and a frame made in Porto. What would you ride first?', { at: t(48) })

  const zoe = state.post(PEOPLE.zoe.did, 'Booked for Saturday! Does the check include brake bleeding?', { at: t(40), reply: service })
  state.notify(zoe, 'reply')
  const brandAnswer = state.post(BRAND.did, 'Yes — brake bleeding is included for hydraulic brakes. See you Saturday!', { at: t(39), reply: zoe })
  const jose = state.post(PEOPLE.jose.did, '¿Hay talleres en Valencia? 🇪🇸', { at: t(30), reply: service })
  state.notify(jose, 'reply')
  const sakura = state.post(PEOPLE.sakura.did, 'かっこいい！日本でも買えますか？', { at: t(26), reply: aero })
  state.notify(sakura, 'reply')

  const longText =
    'Rode the Aero 2 for 400 km this month. Shifting is crisp, the cockpit is stiff, and the bottle mounts finally fit a 750 ml bottle. Two wishes: clearance for 32 mm tyres and a less glossy finish — it shows every scratch. Full review: https://velo-notes.example.org/aero-2-review'
  const olga = state.post(PEOPLE.olga.did, longText, { at: t(20), reply: aero, facets: [linkFacet(longText, 'https://velo-notes.example.org/aero-2-review')] })
  state.notify(olga, 'reply')

  const zoeThanks = state.post(PEOPLE.zoe.did, 'Perfect, thanks! 🙏', { at: t(18), reply: brandAnswer })
  state.notify(zoeThanks, 'reply')

  const markup = "<script>alert('xss')</script> is this <b>legit</b>? https://evil.example/x"
  const mallory = state.post(PEOPLE.mallory.did, markup, { at: t(12), reply: aero, facets: [linkFacet(markup, 'https://evil.example/x')] })
  state.notify(mallory, 'reply')

  const mentionText = `Just test-rode an Aero 2 at @${BRAND.handle} Berlin — wow.`
  const mention = state.post(PEOPLE.olga.did, mentionText, { at: t(10), facets: [mentionFacet(mentionText, BRAND.handle, BRAND.did)] })
  state.notify(mention, 'mention')

  const quote = state.post(PEOPLE.jose.did, 'This is the one. 😍', { at: t(6), embed: { $type: 'app.bsky.embed.record', record: { uri: aero.uri, cid: aero.cid } } })
  state.notify(quote, 'quote', aero.uri)

  state.convo('3kzoe2convo', [BRAND.did, PEOPLE.zoe.did])
  state.message('3kzoe2convo', PEOPLE.zoe.did, 'Hi! Is my order #4411 shipped?', t(30))
  state.message('3kzoe2convo', BRAND.did, 'Hi Zoë, it ships tomorrow morning.', t(29))
  state.message('3kzoe2convo', PEOPLE.zoe.did, 'Danke! 🙏', t(28))
  state.convo('3ksakuraconvo', [BRAND.did, PEOPLE.sakura.did])
  state.message('3ksakuraconvo', PEOPLE.sakura.did, 'ギアの調整について質問があります。', t(5))
}

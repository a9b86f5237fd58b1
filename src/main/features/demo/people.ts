/**
 * The recurring people pool: each person has one identity per platform and a
 * writing style, so the same contact shows up across conversations.
 */
import type { ItemAuthor } from '../../model/items'
import { FORUM_HOST } from './accounts'
import { randomAccountId, randomDid, randomHex } from './ids'
import { CJK, DE_FIRST, DE_LAST, DECORATIONS, EN_FIRST, EN_LAST, ES_FIRST, ES_LAST, FR_FIRST, FR_LAST, INSTANCES, NICKS, SPAMMERS } from './names'
import type { Rng } from './prng'
import { CITIES_BY_LANG, type Lang } from './slots'

export interface Person {
  /** What the brand calls them in replies. */
  first: string
  lang: Lang
  /** Index into CITIES. */
  city: number
  lower: boolean
  emoji: boolean
  terse: boolean
  /** Chance that a message of theirs carries a typo. */
  typo: number
  spammer: boolean
  /** Mastodon username without instance, for @mentions. */
  mastoUser: string
  masto: ItemAuthor
  bsky: ItemAuthor
  forum: ItemAuthor
}

function words(list: string): string[] {
  return list.split(/\s+/).filter((w) => w.length > 0).map((w) => w.replace(/_/g, ' '))
}

const NAMES = {
  en: [words(EN_FIRST), words(EN_LAST)],
  es: [words(ES_FIRST), words(ES_LAST)],
  de: [words(DE_FIRST), words(DE_LAST)],
  fr: [words(FR_FIRST), words(FR_LAST)],
} as const

/** ASCII handle material: "Jürgen Groß" -> "jurgen", "gross". */
function fold(s: string): string {
  return s.replace(/ß/g, 'ss').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]/g, '')
}

function handleBase(rng: Rng, first: string, last: string): string {
  const a = fold(first)
  const b = fold(last)
  switch (rng.int(7)) {
    case 0: return a + b
    case 1: return a + '_' + b
    case 2: return a + String(rng.range(10, 99))
    case 3: return a.charAt(0) + b
    case 4: return a + b.charAt(0)
    case 5: return a + '_rides'
    default: return b + a.charAt(0) + String(rng.range(1, 9))
  }
}

function displayName(rng: Rng, first: string, last: string): string {
  const r = rng.next()
  if (r < 0.55) return first + ' ' + last
  if (r < 0.75) return first
  if (r < 0.88) return first + ' ' + last.charAt(0) + '.'
  return (first + ' ' + last).toLowerCase()
}

function unique(base: string, used: Set<string>, rng: Rng): string {
  let h = base.length > 0 ? base : 'rider'
  while (used.has(h)) h = base + String(rng.range(2, 999))
  used.add(h)
  return h
}

function mastoAuthor(rng: Rng, user: string, instance: string, display: string): ItemAuthor {
  const id = randomAccountId(rng)
  const files = instance === 'mastodon.social' ? 'https://files.mastodon.social' : 'https://' + instance + '/system'
  const path = id.slice(0, 3) + '/' + id.slice(3, 6) + '/' + id.slice(6, 9) + '/' + id.slice(9, 12) + '/' + id.slice(12, 15) + '/' + id.slice(15, 18)
  return {
    remoteId: id,
    handle: user + '@' + instance,
    displayName: display,
    avatarUrl: rng.chance(0.8) ? files + '/accounts/avatars/' + path + '/original/' + randomHex(rng, 16) + (rng.chance(0.7) ? '.png' : '.jpg') : null,
    profileUrl: 'https://' + instance + '/@' + user,
  }
}

function bskyAuthor(rng: Rng, user: string, display: string): ItemAuthor {
  const did = randomDid(rng)
  const handle = user.replace(/_/g, '-') + '.bsky.social'
  return {
    remoteId: did,
    handle,
    displayName: display,
    avatarUrl: rng.chance(0.75) ? 'https://cdn.bsky.app/img/avatar/plain/' + did + '/bafkrei' + randomDid(rng).slice(8) + randomDid(rng).slice(8, 36) + '@jpeg' : null,
    profileUrl: 'https://bsky.app/profile/' + handle,
  }
}

function forumAuthor(rng: Rng, user: string, display: string): ItemAuthor {
  const profile = 'https://' + FORUM_HOST + '/u/' + user
  return {
    remoteId: profile,
    handle: user,
    displayName: display,
    avatarUrl: rng.chance(0.6) ? 'https://' + FORUM_HOST + '/user_avatar/' + FORUM_HOST + '/' + user + '/96/' + String(rng.range(1000, 99_999)) + '_2.png' : null,
    profileUrl: profile,
  }
}

function makePerson(rng: Rng, used: Set<string>): Person {
  const r = rng.next()
  let lang: Lang = 'en'
  let region: keyof typeof INSTANCES = 'en'
  let display: string
  let first: string
  let base: string
  if (r < 0.06) {
    const [disp, handle, f] = rng.pick(CJK)
    display = disp
    first = f
    base = handle
    if (rng.chance(0.4)) {
      region = 'ja'
      // Japanese names (family name, a space, given name) on a Japanese instance write in Japanese.
      if (/^[\u4e00-\u9fff]+ [\u3040-\u30ff\u4e00-\u9fff]/.test(disp)) lang = 'ja'
    }
  } else if (r < 0.12) {
    const [disp, handle] = rng.pick(NICKS)
    display = disp
    first = disp
    base = handle
  } else {
    lang = r < 0.17 ? 'es' : r < 0.22 ? 'de' : r < 0.27 ? 'fr' : 'en'
    region = lang
    const [firsts, lasts] = NAMES[lang]
    first = rng.pick(firsts)
    const last = rng.pick(lasts)
    display = displayName(rng, first, last)
    base = handleBase(rng, first, last)
  }
  if (rng.chance(0.12)) display = rng.pick(DECORATIONS).replace('{}', display)
  const user = unique(base, used, rng)
  const instance = rng.pick(INSTANCES[region])
  return {
    first,
    lang,
    city: rng.pick(CITIES_BY_LANG[lang]),
    lower: rng.chance(0.08),
    emoji: rng.chance(0.2),
    terse: rng.chance(0.2),
    typo: rng.chance(0.3) ? 0.25 : 0.04,
    spammer: false,
    mastoUser: user,
    masto: mastoAuthor(rng, user, instance, display),
    bsky: bskyAuthor(rng, user, display),
    forum: forumAuthor(rng, user, display),
  }
}

export function buildPeople(rng: Rng, count: number): Person[] {
  const used = new Set<string>()
  const out: Person[] = []
  for (let i = 0; i < count; i++) out.push(makePerson(rng, used))
  return out
}

export function buildSpammers(rng: Rng, count: number): Person[] {
  const used = new Set<string>()
  const out: Person[] = []
  for (let i = 0; i < count; i++) {
    const [display, stem] = rng.pick(SPAMMERS)
    const user = unique(stem + String(rng.range(10, 9999)), used, rng)
    const instance = rng.pick(INSTANCES.en)
    out.push({
      first: display,
      lang: 'en',
      city: 0,
      lower: false,
      emoji: false,
      terse: true,
      typo: 0,
      spammer: true,
      mastoUser: user,
      masto: mastoAuthor(rng, user, instance, display),
      bsky: bskyAuthor(rng, user, display),
      forum: forumAuthor(rng, user, display),
    })
  }
  return out
}

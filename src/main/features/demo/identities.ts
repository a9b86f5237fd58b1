/**
 * The people pool's identities on the platforms added after Mastodon, Bluesky and feeds. Each is
 * derived from the person's username with its own seeded stream, made on first use and kept, so
 * adding a platform never shifts the shared people pool or the conversation stream.
 */
import type { ItemAuthor } from '../../model/items'
import { COMMUNITY_HOST, SLACK_WORKSPACE } from './accounts'
import type { Person } from './people'
import { Rng } from './prng'

export type IdentityPlatform = 'email' | 'facebook' | 'instagram' | 'youtube' | 'x' | 'discourse' | 'slack' | 'telegram' | 'matrix' | 'reddit'

const SALT: Readonly<Record<IdentityPlatform, number>> = {
  email: 1, facebook: 2, instagram: 3, youtube: 4, x: 5, discourse: 6, slack: 7, telegram: 8, matrix: 9, reddit: 10,
}

const MAIL_DOMAINS = ['example.com', 'example.com', 'example.net', 'example.org', 'mail.example.com', 'post.example.net']
const MATRIX_SERVERS = ['matrix.org', 'matrix.org', 'matrix.org', 'chat.example.org', 'matrix.example.net']
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
/** The words of the usernames Reddit suggests at sign-up ("Ok-Rabbit-4521", "Fickle_Ad_1234"). */
const REDDIT_ADJECTIVES = ['Ok', 'Fickle', 'Calm', 'Brave', 'Lazy', 'Swift', 'Quiet', 'Rare', 'Jolly', 'Tidy', 'Salty', 'Humble']
const REDDIT_NOUNS = ['Rabbit', 'Ad', 'Otter', 'Bison', 'Pangolin', 'Heron', 'Walrus', 'Lynx', 'Falcon', 'Badger', 'Moose', 'Trout']

/** FNV-1a: a stable 32-bit number from a string. */
export function hash32(s: string, salt = 0): number {
  let h = (0x811c9dc5 ^ salt) >>> 0
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

export function chars(rng: Rng, alphabet: string, len: number): string {
  let s = ''
  for (let i = 0; i < len; i++) s += alphabet.charAt(rng.int(alphabet.length))
  return s
}

export function digits(rng: Rng, len: number): string {
  let s = String(1 + rng.int(9))
  for (let i = 1; i < len; i++) s += String(rng.int(10))
  return s
}

function make(platform: IdentityPlatform, p: Person): ItemAuthor {
  const rng = new Rng(hash32(p.mastoUser, SALT[platform] + (p.spammer ? 100 : 0)))
  const user = p.mastoUser
  const name = p.masto.displayName
  switch (platform) {
    case 'email': {
      const words = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z ]/g, '').trim().split(/\s+/)
      const local = words.length >= 2 && (words[1] as string).length > 1 && rng.chance(0.6) ? words.join('.') : user.replace(/_/g, '.')
      const address = local + '@' + rng.pick(MAIL_DOMAINS)
      return { remoteId: address, handle: address, displayName: p.spammer ? name : rng.chance(0.85) ? name : address, avatarUrl: null, profileUrl: null }
    }
    // Facebook shows a person's name only: no handle, no profile link.
    case 'facebook': return { remoteId: digits(rng, 16), handle: name, displayName: name, avatarUrl: null, profileUrl: null }
    case 'instagram': {
      const u = user.replace(/-/g, '_')
      return { remoteId: '178414' + digits(rng, 11), handle: '@' + u, displayName: u, avatarUrl: null, profileUrl: 'https://www.instagram.com/' + u }
    }
    case 'youtube': {
      // YouTube shows commenters by their @handle.
      const handle = '@' + user.replace(/_/g, '-')
      return {
        remoteId: 'UC' + chars(rng, B64URL, 22),
        handle,
        displayName: handle,
        avatarUrl: rng.chance(0.8) ? 'https://yt3.ggpht.com/ytc/' + chars(rng, B64URL, 40) + '=s48-c-k-c0x00ffffff-no-rj' : null,
        profileUrl: 'https://www.youtube.com/' + handle,
      }
    }
    case 'x': {
      const u = user.slice(0, 15)
      return {
        remoteId: digits(rng, rng.chance(0.5) ? 18 : 19),
        handle: '@' + u,
        displayName: name,
        avatarUrl: rng.chance(0.85) ? 'https://pbs.twimg.com/profile_images/' + digits(rng, 19) + '/' + chars(rng, B64URL, 8) + '_normal.jpg' : null,
        profileUrl: 'https://x.com/' + u,
      }
    }
    case 'discourse': return {
      remoteId: String(rng.range(14, 9_800)),
      handle: '@' + user,
      displayName: name,
      avatarUrl: 'https://' + COMMUNITY_HOST + '/user_avatar/' + COMMUNITY_HOST + '/' + user + '/96/' + String(rng.range(100, 99_999)) + '_2.png',
      profileUrl: 'https://' + COMMUNITY_HOST + '/u/' + user,
    }
    case 'slack': {
      const id = 'U0' + chars(rng, UPPER_ALNUM, 9)
      // What users.info gives as the display name, which the mapping also uses as the handle.
      const shown = rng.chance(0.6) ? name : p.first
      return { remoteId: id, handle: '@' + shown, displayName: shown, avatarUrl: null, profileUrl: SLACK_WORKSPACE + 'team/' + id }
    }
    case 'telegram': {
      const username = rng.chance(0.7) ? user : null
      return {
        remoteId: digits(rng, 10),
        handle: username ? '@' + username : name,
        displayName: name,
        avatarUrl: null,
        profileUrl: username ? 'https://t.me/' + username : null,
      }
    }
    case 'matrix': {
      const id = '@' + user.toLowerCase() + ':' + rng.pick(MATRIX_SERVERS)
      return { remoteId: id, handle: id, displayName: name, avatarUrl: null, profileUrl: 'https://matrix.to/#/' + encodeURIComponent(id) }
    }
    case 'reddit': {
      // Usernames only (3 to 20 letters, digits, - and _); many keep the one Reddit suggested.
      const sep = rng.chance(0.5) ? '-' : '_'
      const u = rng.chance(0.25) ? rng.pick(REDDIT_ADJECTIVES) + sep + rng.pick(REDDIT_NOUNS) + sep + digits(rng, 4) : user.slice(0, 20)
      return { remoteId: u, handle: 'u/' + u, displayName: u, avatarUrl: null, profileUrl: 'https://www.reddit.com/user/' + u }
    }
  }
}

/** The person's identity on a platform, the same object every time (authors are shared, read-only). */
export class Identities {
  private readonly cache = new Map<Person, Partial<Record<IdentityPlatform, ItemAuthor>>>()

  of(p: Person, platform: IdentityPlatform): ItemAuthor {
    let entry = this.cache.get(p)
    if (!entry) this.cache.set(p, (entry = {}))
    return (entry[platform] ??= make(platform, p))
  }
}

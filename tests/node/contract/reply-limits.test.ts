import { describe, expect, it } from 'vitest'
import twitterText from 'twitter-text'
import { replyCounter } from '../../../src/shared/reply-count'

const { overLengthMessage, replyLength } = replyCounter(() => twitterText)

describe('replyLength, counted the platform way', () => {
  it('counts an emoji ZWJ sequence as one grapheme (Bluesky) and by its code points (Mastodon)', () => {
    const family = '👨‍👩‍👧‍👦' // 4 people joined by 3 zero-width joiners: 7 code points, 11 UTF-16 units
    expect(family.length).toBe(11)
    expect(replyLength(family, 'graphemes')).toBe(1)
    expect(replyLength(family, 'characters-url-23')).toBe(7)
    expect(replyLength('👍🏽 ok', 'graphemes')).toBe(4)
    expect(replyLength('🇩🇪', 'graphemes')).toBe(1)
  })

  it('counts a letter with combining marks as one grapheme', () => {
    const decomposed = 'e\u0301\u0323' // e + acute + dot below
    expect(replyLength(decomposed, 'graphemes')).toBe(1)
    expect(replyLength(`caf${decomposed}`, 'graphemes')).toBe(4)
    expect(replyLength(decomposed, 'characters-url-23')).toBe(3)
  })

  it('counts every URL as 23 characters for Mastodon, however long, and leaves sentence punctuation as text', () => {
    const long = `https://example.com/${'a'.repeat(200)}?q=1`
    expect(replyLength(long, 'characters-url-23')).toBe(23)
    expect(replyLength(`See ${long} and http://x.io.`, 'characters-url-23')).toBe(4 + 23 + 5 + 23 + 1)
    expect(replyLength('https://x.io', 'characters-url-23')).toBe(23)
    expect(replyLength('no link here', 'characters-url-23')).toBe(12)
    // Graphemes count a URL by its length.
    expect(replyLength('https://x.io', 'graphemes')).toBe(12)
  })

  it('counts a remote mention by its user part for Mastodon, as its server does', () => {
    expect(replyLength('@ines@fosstodon.org thanks', 'characters-url-23')).toBe('@ines thanks'.length)
    expect(replyLength('mail me at a@b.example', 'characters-url-23')).toBe('mail me at a@b.example'.length)
  })

  it('counts X’s way with twitter-text: links 23, most CJK characters and emoji 2, Latin 1', () => {
    expect(replyLength('hello', 'weighted-url-23')).toBe(5)
    expect(replyLength('你好', 'weighted-url-23')).toBe(4)
    expect(replyLength(`see https://example.com/${'a'.repeat(100)}`, 'weighted-url-23')).toBe(4 + 23)
    expect(replyLength('🎉', 'weighted-url-23')).toBe(2)
    expect(overLengthMessage('你'.repeat(141), { maxLength: 280, counting: 'weighted-url-23' }, 'X')).toMatch(/^X accepts at most 280 characters \(each link counts as 23, most CJK characters and emoji as 2\) in a reply; this one has 282\./)
  })

  it('refuses over the limit in plain words and says by how much', () => {
    const limits = { maxLength: 300, counting: 'graphemes' } as const
    expect(overLengthMessage('a'.repeat(300), limits, 'Bluesky')).toBeNull()
    expect(overLengthMessage('👨‍👩‍👧‍👦'.repeat(300), limits, 'Bluesky')).toBeNull()
    expect(overLengthMessage('a'.repeat(302), limits, 'Bluesky')).toBe(
      'Bluesky accepts at most 300 characters in a reply; this one has 302. Nothing was sent: shorten it by 2 and submit it again.',
    )
    expect(overLengthMessage('x'.repeat(10_000), null, 'Feeds')).toBeNull()
  })
})

describe('the core’s counter', () => {
  it('counts as the composer does, loading twitter-text on its first weighted count', async () => {
    const core = await import('../../../src/main/features/reply/counter')
    for (const text of ['hello', '你好', '🎉 https://example.com/a', '@ines@fosstodon.org thanks']) {
      for (const counting of ['graphemes', 'characters-url-23', 'weighted-url-23'] as const) {
        expect(core.replyLength(text, counting)).toBe(replyLength(text, counting))
      }
    }
    expect(core.hasLink('see example.com/x')).toBe(true)
    expect(core.overLengthMessage('你'.repeat(141), { maxLength: 280, counting: 'weighted-url-23' }, 'X')).toBe(
      overLengthMessage('你'.repeat(141), { maxLength: 280, counting: 'weighted-url-23' }, 'X'),
    )
  })
})

import { describe, expect, it } from 'vitest'
import { tokenize, wordDiff } from '@renderer/lib/diff'

const join = (parts: { kind: string; text: string }[], keep: string[]) =>
  parts
    .filter((p) => keep.includes(p.kind))
    .map((p) => p.text)
    .join('')

describe('wordDiff', () => {
  it('keeps identical text as one unchanged part', () => {
    expect(wordDiff('Hello there', 'Hello there')).toEqual([{ kind: 'same', text: 'Hello there' }])
  })

  it('marks replaced, added and removed words', () => {
    const parts = wordDiff('Thanks for asking! It fits.', 'Good question! It fits every frame.')
    const words = (kind: string) => parts.filter((p) => p.kind === kind).flatMap((p) => p.text.split(/\s+/).filter(Boolean))
    expect(words('removed')).toEqual(expect.arrayContaining(['Thanks', 'for', 'asking!', 'fits.']))
    expect(words('added')).toEqual(expect.arrayContaining(['Good', 'question!', 'fits', 'every', 'frame.']))
    expect(words('same')).toContain('It')
    expect(words('same')).not.toContain('Thanks')
  })

  it('rebuilds both texts from its parts', () => {
    const before = 'The fix ships today.\nDM us your frame number, please.'
    const after = 'The 2.4.1 fix ships today.\nPlease DM us your frame number.'
    const parts = wordDiff(before, after)
    expect(join(parts, ['same', 'removed'])).toBe(before)
    expect(join(parts, ['same', 'added'])).toBe(after)
  })

  it('handles empty sides', () => {
    expect(wordDiff('', 'new text')).toEqual([{ kind: 'added', text: 'new text' }])
    expect(wordDiff('old', '')).toEqual([{ kind: 'removed', text: 'old' }])
    expect(tokenize('')).toEqual([])
  })
})

import { describe, expect, it } from 'vitest'
import { suggest } from '@renderer/lib/search-complete'

describe('search completion of the listening filters', () => {
  it('offers needs: and sentiment: and their values', () => {
    expect(suggest('nee', 3)?.items.map((i) => i.label)).toEqual(['needs:'])
    expect(suggest('sent', 4)?.items.map((i) => i.label)).toEqual(['sentiment:'])
    expect(suggest('needs:', 6)?.items.map((i) => i.insert)).toEqual(['needs:reply '])
    expect(suggest('sentiment:ne', 12)?.items.map((i) => i.label)).toEqual(['sentiment:negative', 'sentiment:neutral'])
  })
})

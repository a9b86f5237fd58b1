import { describe, expect, it } from 'vitest'
import { bySize } from '../../../src/main/features/team/team-workspace'

describe('push batches', () => {
  it('are cut by size so a request stays under the service limit, never empty', () => {
    const op = (n: number) => ({ text: 'x'.repeat(n) })
    expect(bySize([op(100), op(100), op(100)], 250)).toHaveLength(2)
    expect(bySize([op(1_000)], 10)).toHaveLength(1)
    expect(bySize([], 10)).toEqual([])
  })
})

import type { FactsReader } from './facts'
import { DRY_RUN_MAX_SCAN } from './dry-run'
import { indexFacts, parseTracked, trackedMatches } from './text-match'

const PAGE = 2_000

export interface TopicPreview {
  /** Stored items the query would have matched. */
  matched: number
  scanned: number
  /** The scan stopped at DRY_RUN_MAX_SCAN items (newest first); older ones were not read. */
  truncated: boolean
}

/**
 * How many stored items a tracked-topic query would have matched, with the live path's matcher over the same
 * facts a rule's dry run reads (newest first, at most DRY_RUN_MAX_SCAN). Writes nothing; a query the language
 * cannot read is refused with the parser's plain words, as saving it would be.
 */
export function previewTopic(facts: FactsReader, query: string): TopicPreview {
  const tracked = parseTracked(query)
  const result: TopicPreview = { matched: 0, scanned: 0, truncated: false }
  let before = Number.MAX_SAFE_INTEGER
  while (result.scanned < DRY_RUN_MAX_SCAN) {
    const page = facts.before(before, PAGE)
    if (!page.length) return result
    for (const f of page) {
      result.scanned++
      if (trackedMatches(tracked, f, indexFacts(f))) result.matched++
    }
    before = page[page.length - 1]!.messageId
  }
  result.truncated = true
  return result
}

import type { ConversationSummary, OperationOutput, Profile } from '../../../shared/contract'
import { QuerySyntaxError } from '../../model/search'
import type { ConversationSearch, SearchPage } from '../../store/conversation-search'

export interface SearchDeps {
  search: ConversationSearch
  profile: () => Profile
  /** The workspace time zone for before:/after: (undefined: UTC). */
  timeZone?: () => string | undefined
}

/** The one search path: the search field, the palette and the CLI's `inbox --query` all run it. */
export class SearchService {
  constructor(private readonly d: SearchDeps) {}

  /** A page of results, or where the query went wrong (the search field underlines it). */
  search(query: string, cursor: string | null | undefined, limit: number): OperationOutput<'conversations.search'> {
    try {
      return this.run(query, cursor, limit)
    } catch (error) {
      if (error instanceof QuerySyntaxError) return { error: { message: error.message, position: error.column, length: error.length } }
      throw error
    }
  }

  /** The first `limit` matches; a bad query throws a plain bad_input naming the column (for the CLI). */
  conversations(query: string, limit: number): ConversationSummary[] {
    return this.run(query, null, limit).items.map((hit) => hit.conversation)
  }

  private run(query: string, cursor: string | null | undefined, limit: number): SearchPage {
    return this.d.search.search(query, { limit, cursor, profileId: this.d.profile().id, timeZone: this.d.timeZone?.() })
  }
}

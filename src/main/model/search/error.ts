import { ParleyError } from '../../../shared/contract'

/**
 * A query the language cannot read. Carries where the problem is (1-based column and length in
 * characters) so the search field can underline it instead of only saying it.
 */
export class QuerySyntaxError extends ParleyError {
  constructor(
    message: string,
    readonly column: number,
    readonly length: number,
  ) {
    super('bad_input', message)
    this.name = 'QuerySyntaxError'
  }
}

import { safeHost, type HttpClient } from '../../base/http'
import type { MeteredBudget } from './budget'

/** The access token of a signed-in account, and a way to get a fresh one when the platform says it expired. */
export interface BearerAuth {
  token(): Promise<string>
  refresh(): Promise<string>
}

/**
 * What every metered platform's API client shares: a budget charged before each request goes out, and a
 * polling copy that also checks what is left before every request, so polling never spends the reserve kept for replies.
 */
export abstract class MeteredApi {
  /** Set on the polling copy: refuses a request the budget no longer allows, even in the middle of a poll. */
  protected guard: ((cost: number) => void) | null = null

  constructor(
    protected readonly http: HttpClient,
    readonly baseUrl: string,
    protected readonly auth: BearerAuth,
    protected readonly budget: MeteredBudget,
    protected readonly now: () => number,
  ) {}

  /** The same API for polling: streams of one account poll at once, so each request checks the budget left. */
  forPolling(): this {
    const copy = Object.create(this) as this
    copy.guard = (cost: number) => this.budget.assertCanPoll(cost, this.now())
    return copy
  }

  get host(): string {
    return safeHost(this.baseUrl)
  }
}

import { ParleyError } from '../../../../shared/contract'
import type { ConnectorContext } from '../../../model/connector'
import { needsRenewal, Session } from './session'
import { xrpcProcedure, xrpcQuery, type XrpcParams } from './xrpc'

/**
 * Authenticated XRPC calls for one poll or send, all through our HttpClient
 * (timeouts, body cap, HttpError). A call refused for an expired or invalid
 * token is retried once after the session is renewed.
 */
export class BlueskyApi {
  private readonly session: Session

  constructor(readonly ctx: ConnectorContext) {
    this.session = new Session(ctx)
  }

  get service(): string {
    return this.ctx.account.baseUrl
  }

  query<T>(nsid: string, params: XrpcParams = {}, opts: { chat?: boolean } = {}): Promise<T> {
    return this.authed((token) => xrpcQuery<T>(this.ctx.http, this.service, nsid, params, { token, chat: opts.chat }))
  }

  procedure<T>(nsid: string, body: unknown, opts: { chat?: boolean } = {}): Promise<T | null> {
    return this.authed((token) => xrpcProcedure<T>(this.ctx.http, this.service, nsid, body, { token, chat: opts.chat }))
  }

  /** The account's DID, stored at connect; asked of the PDS (and saved) if an older account lacks it. */
  async did(): Promise<string> {
    const stored = this.ctx.account.settings.did
    if (typeof stored === 'string' && stored.startsWith('did:')) return stored
    const session = await this.query<{ did?: unknown }>('com.atproto.server.getSession')
    if (typeof session.did !== 'string') throw new ParleyError('unauthorized', 'Bluesky did not say which account this session belongs to. Reconnect the account.')
    const settings = { ...this.ctx.account.settings, did: session.did }
    await this.ctx.saveSettings(settings)
    this.ctx.account.settings = settings
    return session.did
  }

  private async authed<T>(call: (token: string) => Promise<T>): Promise<T> {
    const token = await this.session.accessJwt()
    try {
      return await call(token)
    } catch (error) {
      if (!needsRenewal(error) || !(await this.session.renew(token))) throw error
      return call(await this.session.accessJwt())
    }
  }
}

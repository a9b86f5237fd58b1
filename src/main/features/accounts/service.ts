import { randomUUID } from 'node:crypto'
import { ParleyError, type AccountHealth, type ChannelAccount, type ConnectorInfo, type OperationOutput, type Platform } from '../../../shared/contract'
import type { Clock } from '../../base/clock'
import type { EventBus } from '../../base/event-bus'
import type { HttpClient } from '../../base/http'
import type { ConnectorRegistry } from '../connectors/registry'
import type { ConnectorContext, ConnectResult } from '../../model/connector'
import { OAuthFlows } from '../auth/oauth-flows'
import type { AccountRecord, AccountStore } from '../../store/accounts'
import type { SyncEngine } from '../sync/engine'
import type { AccountSecrets } from '../sync/secrets'
import { secretAccount, type Vault } from '../vault/vault'
import { neutraliseBidi } from '../../model/sanitize'
import type { CountsPublisher } from '../inbox/counts-publisher'

export interface AccountsDeps {
  accounts: AccountStore
  secrets: AccountSecrets
  vault: Vault | null
  connectors: ConnectorRegistry
  http: HttpClient
  engine: SyncEngine
  events: EventBus
  clock: Clock
  /** Publishes fresh sidebar counts after data changed. */
  counts: CountsPublisher
  /** Where problems that must not block an action are recorded (default: console.warn). Never secrets. */
  log?(message: string): void
  /** How long a browser sign-in waits for its callback (default 10 minutes). */
  oauthTimeoutMs?: number
}

/** Connecting, pausing and removing channel accounts. Secrets go to the vault, never SQLite. */
export class AccountsService {
  private readonly flows: OAuthFlows

  constructor(private readonly deps: AccountsDeps) {
    this.flows = new OAuthFlows(deps.clock, { timeoutMs: deps.oauthTimeoutMs })
  }

  connectors(): ConnectorInfo[] {
    return this.deps.connectors.info()
  }

  async describeVault(): Promise<OperationOutput<'vault.describe'>> {
    const { vault } = this.deps
    if (!vault) return { kind: 'none', description: 'No secret store', available: false, problem: 'Parley was started without a secret store.' }
    try {
      await vault.check()
      return { kind: vault.kind, description: vault.description, available: true, problem: null }
    } catch (error) {
      return { kind: vault.kind, description: vault.description, available: false, problem: error instanceof Error ? error.message : String(error) }
    }
  }

  /** Checks the credentials with the platform first: a failure stores nothing. Also reconnects an account. */
  async add(platform: Platform, fields: Record<string, string>): Promise<ChannelAccount> {
    const result = await this.deps.connectors
      .get(platform)
      .connect(fields, this.deps.http)
      .catch((error: unknown) => {
        // A platform refusing the credentials is a problem with what was typed, not with this UI session.
        if (error instanceof ParleyError && error.code === 'unauthorized') throw new ParleyError('bad_input', error.message)
        throw error
      })
    return this.store(result)
  }

  /**
   * Stores checked credentials, for a typed token and a browser sign-in alike: secrets to the vault
   * first, then the account row; anything written is taken back when a later step fails.
   */
  private async store(connected: ConnectResult): Promise<ChannelAccount> {
    const { accounts, vault } = this.deps
    // A feed's title or a profile's name is channel content: no bidi tricks in the account list either.
    const result = { ...connected, seed: { ...connected.seed, displayName: neutraliseBidi(connected.seed.displayName), handle: neutraliseBidi(connected.seed.handle) } }
    const existing = accounts.findBySeed(result.seed)
    // Connecting again is how a removed account returns and how one that needs reconnecting recovers.
    if (existing && (existing.status === 'active' || existing.status === 'paused')) {
      throw new ParleyError('conflict', `${result.seed.displayName} (${result.seed.handle}) is already connected.`)
    }
    const names = Object.keys(result.secrets)
    if (names.length && !vault) {
      throw new ParleyError('unavailable', 'No secret store is available, so the credentials were not saved. Nothing was stored.')
    }
    const uid = existing?.uid ?? randomUUID()
    const written: string[] = []
    try {
      for (const name of names) {
        await vault!.set(secretAccount(uid, name), result.secrets[name]!)
        written.push(name)
      }
      const { id } = accounts.add(result.seed, {
        uid,
        isDemo: false,
        at: this.deps.clock.now(),
        settings: result.settings,
        secretNames: names,
      })
      this.deps.engine.ensureStreams()
      this.deps.engine.pollSoon(id)
      this.deps.events.emit('accounts.changed', { accountId: id })
      return this.require(id)
    } catch (error) {
      for (const name of written) await vault!.delete(secretAccount(uid, name)).catch(() => false)
      throw error
    }
  }

  /**
   * Secrets always go; local conversations only when the user confirmed it. The platform is asked to
   * revoke Parley's access first; when it cannot, removal goes on and says so (status message, log).
   */
  async remove(id: number, deleteData: boolean): Promise<OperationOutput<'accounts.remove'>> {
    const account = this.deps.accounts.get(id)
    if (!account || account.status === 'removed') throw new ParleyError('not_found', `Channel account ${id} does not exist.`)
    const revokeProblem = await this.revoke(account)
    await this.deps.secrets.remove(account)
    if (deleteData) this.deps.accounts.delete(id)
    else {
      this.deps.accounts.setSecretNames(id, [])
      this.deps.accounts.setStatus(id, 'removed', `Removed; its conversations are kept.${revokeProblem ? ` ${revokeProblem}` : ''}`)
    }
    this.deps.events.emit('accounts.changed', { accountId: id })
    this.deps.counts.publish()
    return { id, secretsRemoved: true, dataRemoved: deleteData }
  }

  /** Asks the platform to withdraw the account's token; answers what went wrong in words, or null. Never the token. */
  private async revoke(account: AccountRecord): Promise<string | null> {
    if (account.isDemo || account.secretNames.length === 0 || !this.deps.connectors.has(account.platform)) return null
    const connector = this.deps.connectors.get(account.platform)
    if (!connector.revoke) return null
    try {
      const secrets = await this.deps.secrets.load(account)
      await connector.revoke(this.contextFor(account, secrets))
      return null
    } catch (error) {
      const reason = error instanceof ParleyError ? error.message : 'an unexpected error (details are not shown because they may contain credentials).'
      const problem = `Parley could not withdraw its access to ${account.handle} at ${connector.label}: ${reason}`
      this.log(`[parley] removing account ${account.id}: ${problem}`)
      return problem
    }
  }

  /**
   * Whether the account already stored for this seed holds the same access token. Doorkeeper's
   * reuse_access_token (on in Mastodon) answers a second sign-in of the same person through the same
   * app with the token already issued; revoking it would disconnect the account that uses it.
   */
  private async tokenInUse(result: ConnectResult): Promise<boolean> {
    const existing = this.deps.accounts.findBySeed(result.seed)
    const token = result.secrets.accessToken
    if (!existing || existing.status === 'removed' || token === undefined) return false
    try {
      return (await this.deps.secrets.load(existing)).accessToken === token
    } catch {
      // Unsure: leaving a token behind is better than breaking an account that works.
      return true
    }
  }

  /** A one-off connector context for an account outside the sync engine (revocation on removal). */
  private contextFor(account: { id: number; baseUrl: string; handle: string; settings: Record<string, unknown> }, secrets: Record<string, string>): ConnectorContext {
    return {
      http: this.deps.http,
      clock: this.deps.clock,
      account: { id: account.id, baseUrl: account.baseUrl, handle: account.handle, settings: { ...account.settings }, secrets },
      saveSecrets: async () => undefined,
      saveSettings: async () => undefined,
    }
  }

  private log(message: string): void {
    const log = this.deps.log ?? console.warn
    log(message)
  }

  pause(id: number): ChannelAccount {
    this.require(id)
    this.deps.accounts.setStatus(id, 'paused', 'Paused by you.')
    this.deps.events.emit('accounts.changed', { accountId: id })
    return this.require(id)
  }

  resume(id: number): ChannelAccount {
    this.require(id)
    this.deps.accounts.setStatus(id, 'active', null)
    this.deps.accounts.authSucceeded(id)
    this.deps.engine.pollSoon(id)
    this.deps.events.emit('accounts.changed', { accountId: id })
    return this.require(id)
  }

  pollNow(id: number): { id: number } {
    const account = this.require(id)
    if (account.status !== 'active') {
      throw new ParleyError('conflict', `${account.displayName} is ${account.status === 'paused' ? 'paused' : 'waiting to be reconnected'}; resume it first.`)
    }
    const until = this.deps.engine.cooldownUntil(id)
    if (until > this.deps.clock.now()) {
      const at = new Date(until).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })
      throw new ParleyError('conflict', `${account.displayName} asked Parley to wait until ${at}; it will poll again by itself then.`)
    }
    this.deps.engine.pollSoon(id)
    return { id }
  }

  health(id?: number): AccountHealth[] {
    const ids = id === undefined ? this.deps.accounts.list().filter((a) => !a.isDemo).map((a) => a.id) : [id]
    return ids.map((i) => {
      const health = this.deps.engine.health(i)
      if (!health) throw new ParleyError('not_found', `Channel account ${i} does not exist.`)
      return health
    })
  }

  /**
   * Starts a browser sign-in (OAuth 2 with PKCE through a loopback redirect, auth/): the UI opens
   * authorizeUrl. When the browser comes back, the code is exchanged and checked and the account is
   * stored exactly like add() does; accounts.oauthFinished reports the end either way.
   */
  async beginOAuth(platform: Platform, fields: Record<string, string>): Promise<OperationOutput<'accounts.beginOAuth'>> {
    const connector = this.deps.connectors.has(platform) ? this.deps.connectors.get(platform) : null
    const oauth = connector?.oauth
    if (!connector || !oauth) {
      const label = connector?.label ?? platform
      throw new ParleyError('bad_input', `Parley cannot sign in to ${label} through the browser yet; use the form's credentials instead.`)
    }
    if (!this.deps.vault) {
      throw new ParleyError('unavailable', 'No secret store is available, so a sign-in could not be saved. Nothing was started.')
    }
    const http = this.deps.http
    // Asked before the listener starts: a platform with a registered redirect must get exactly that port.
    const port = oauth.redirectPort?.(fields)
    const texts = connector.manifest.connect.oauth
    return this.flows.begin<ChannelAccount>({
      port,
      callback: { resultParam: texts?.resultParam, stateInRedirect: texts?.stateInRedirect },
      prepare: async (redirectUri, request) => {
        const prepared = await oauth.prepare(fields, http, redirectUri).catch((error: unknown) => {
          if (error instanceof ParleyError && error.code === 'unauthorized') throw new ParleyError('bad_input', error.message)
          throw error
        })
        return {
          authorizeUrl: prepared.authorizeUrl(request),
          complete: async (code, codeVerifier) => {
            const result = await prepared.complete(code, codeVerifier)
            try {
              return await this.store(result)
            } catch (error) {
              // A token that will not be kept is withdrawn at once rather than left behind at the platform,
              // unless the platform handed back the token an account here already uses (Mastodon reuses tokens).
              if (!(await this.tokenInUse(result))) {
                const ctx = this.contextFor({ id: 0, baseUrl: result.seed.baseUrl, handle: result.seed.handle, settings: result.settings }, result.secrets)
                await connector.revoke?.(ctx).catch(() => undefined)
              }
              throw error
            }
          },
          describe: (account) => `Parley is now connected to ${account.displayName} (${account.handle}).`,
        }
      },
      describeError: (error) => {
        if (error instanceof ParleyError) return error.message
        this.log(`[parley] a ${connector.label} sign-in failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
        return `Parley could not finish connecting the ${connector.label} account. Nothing was saved; the details are in the log.`
      },
      finished: (outcome) => {
        this.deps.events.emit(
          'accounts.oauthFinished',
          outcome.ok ? { flowId: outcome.flowId, account: outcome.value, error: null } : { flowId: outcome.flowId, account: null, error: outcome.error },
        )
      },
    })
  }

  async cancelOAuth(flowId: string): Promise<{ cancelled: boolean }> {
    return { cancelled: await this.flows.cancel(flowId) }
  }

  /** Closes every sign-in still waiting for the browser (shutdown). */
  async dispose(): Promise<void> {
    await this.flows.closeAll()
  }

  private require(id: number): ChannelAccount {
    const account = this.deps.accounts.get(id)
    if (!account || account.status === 'removed') throw new ParleyError('not_found', `Channel account ${id} does not exist.`)
    const { uid: _uid, settings: _s, secretNames: _n, authFailures: _f, ...visible } = account
    return visible
  }
}

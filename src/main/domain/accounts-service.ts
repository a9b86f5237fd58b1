import { randomUUID } from 'node:crypto'
import { ParleyError, type AccountHealth, type ChannelAccount, type ConnectorInfo, type OperationOutput, type Platform } from '../../shared/contract'
import type { Clock } from '../core/clock'
import type { EventBus } from '../core/event-bus'
import type { HttpClient } from '../connectors/http'
import type { ConnectorRegistry } from '../connectors/registry'
import type { AccountStore } from '../store/accounts'
import type { SyncEngine } from '../sync/engine'
import type { AccountSecrets } from '../sync/secrets'
import { secretAccount, type Vault } from '../vault/vault'

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
  publishCounts(): void
}

/** Connecting, pausing and removing channel accounts. Secrets go to the vault, never SQLite. */
export class AccountsService {
  constructor(private readonly deps: AccountsDeps) {}

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
    const { accounts, connectors, vault } = this.deps
    const result = await connectors
      .get(platform)
      .connect(fields, this.deps.http)
      .catch((error: unknown) => {
        // A platform refusing the credentials is a problem with what was typed, not with this UI session.
        if (error instanceof ParleyError && error.code === 'unauthorized') throw new ParleyError('bad_input', error.message)
        throw error
      })
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

  /** Secrets always go; local conversations only when the user confirmed it. */
  async remove(id: number, deleteData: boolean): Promise<OperationOutput<'accounts.remove'>> {
    const account = this.deps.accounts.get(id)
    if (!account || account.status === 'removed') throw new ParleyError('not_found', `Channel account ${id} does not exist.`)
    await this.deps.secrets.remove(account)
    if (deleteData) this.deps.accounts.delete(id)
    else {
      this.deps.accounts.setSecretNames(id, [])
      this.deps.accounts.setStatus(id, 'removed', 'Removed; its conversations are kept.')
    }
    this.deps.events.emit('accounts.changed', { accountId: id })
    this.deps.publishCounts()
    return { id, secretsRemoved: true, dataRemoved: deleteData }
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

  /** OAuth 2 with PKCE through a loopback redirect; implemented in auth/ (see beginOAuth there). */
  async beginOAuth(platform: Platform, _fields: Record<string, string>): Promise<OperationOutput<'accounts.beginOAuth'>> {
    throw new ParleyError('bad_input', `Signing in to ${platform} through the browser is not available yet; use an access token.`)
  }

  cancelOAuth(_flowId: string): { cancelled: boolean } {
    return { cancelled: false }
  }

  private require(id: number): ChannelAccount {
    const account = this.deps.accounts.get(id)
    if (!account || account.status === 'removed') throw new ParleyError('not_found', `Channel account ${id} does not exist.`)
    const { uid: _uid, settings: _s, secretNames: _n, authFailures: _f, ...visible } = account
    return visible
  }
}

import { ParleyError } from '../../../shared/contract'
import type { Clock } from '../../base/clock'
import { DEFAULT_LOOPBACK_TIMEOUT_MS, startLoopback, type LoopbackListener, type PageOutcome } from './loopback'
import { createPkce, randomToken } from './pkce'

/** What the platform code puts into its authorization URL, besides its own endpoint and client. */
export interface PkceRequest {
  state: string
  codeChallenge: string
  codeChallengeMethod: 'S256'
}

export interface PreparedFlow<T> {
  authorizeUrl: string
  /** Exchanges the code with the verifier (or reads the platform's own answer) and finishes the job (check the token, store the account). */
  complete(code: string, codeVerifier: string): Promise<T>
  /** The line the browser tab shows once complete() succeeded. */
  describe?(value: T): string
}

export type FlowFailure = 'denied' | 'wrong_state' | 'error' | 'timeout' | 'cancelled' | 'failed'

export type FlowOutcome<T> = { flowId: string; ok: true; value: T } | { flowId: string; ok: false; reason: FlowFailure; error: string }

/** How the platform's answer comes back to the loopback (from the manifest's oauth texts). */
export interface CallbackShape {
  /** The query parameter carrying the answer; default "code". */
  resultParam?: string
  /** The platform returns no `state` but keeps the redirect address's query: the state goes into that address. */
  stateInRedirect?: boolean
}

export interface FlowSpec<T> {
  /** Default: the registry's (10 minutes). */
  timeoutMs?: number
  /** A fixed loopback port, when the platform accepts only the redirect URI registered with it; default any free port. */
  port?: number
  callback?: CallbackShape
  /**
   * Runs once the loopback listener is up, with its redirect URI: registers the client if needed,
   * checks the server and builds the authorization URL. A failure here fails begin() itself.
   */
  prepare(redirectUri: string, request: PkceRequest): Promise<PreparedFlow<T>>
  /** Called exactly once for every flow that begin() returned: success, refusal, timeout or cancel. */
  finished(outcome: FlowOutcome<T>): void
  /** Plain words for what complete() threw. */
  describeError?(error: unknown): string
}

export interface BegunFlow {
  flowId: string
  authorizeUrl: string
  redirectUri: string
  expiresAt: number
}

interface Entry {
  listener: LoopbackListener
  expiresAt: number
  /** The code came back and is being exchanged: too late to cancel. */
  completing: boolean
}

const DEFAULT_MAX_FLOWS = 4

function defaultDescribe(error: unknown): string {
  if (error instanceof ParleyError) return error.message
  return 'Parley could not finish connecting the account. Nothing was saved.'
}

/**
 * The sign-ins in progress, by flow id. Each owns a PKCE verifier, a state and a loopback listener;
 * the verifier and state never leave this process except as the challenge and in the authorize URL.
 * Platform-neutral: what to register, where to send the browser and how to exchange are the spec's.
 */
export class OAuthFlows {
  private readonly flows = new Map<string, Entry>()

  constructor(
    private readonly clock: Clock,
    private readonly options: { timeoutMs?: number; maxFlows?: number } = {},
  ) {}

  get size(): number {
    return this.flows.size
  }

  has(flowId: string): boolean {
    return this.flows.has(flowId)
  }

  expiresAt(flowId: string): number | null {
    return this.flows.get(flowId)?.expiresAt ?? null
  }

  async begin<T>(spec: FlowSpec<T>): Promise<BegunFlow> {
    if (this.flows.size >= (this.options.maxFlows ?? DEFAULT_MAX_FLOWS)) {
      throw new ParleyError('conflict', 'Several sign-ins are already waiting for the browser. Finish or cancel one of them first.')
    }
    const flowId = randomToken(18)
    const state = randomToken(32)
    const pkce = createPkce()
    const timeoutMs = spec.timeoutMs ?? this.options.timeoutMs ?? DEFAULT_LOOPBACK_TIMEOUT_MS
    const expiresAt = this.clock.now() + timeoutMs
    let prepared: PreparedFlow<T> | null = null
    let ended = false
    const end = (outcome: FlowOutcome<T>): void => {
      if (ended) return
      ended = true
      this.flows.delete(flowId)
      spec.finished(outcome)
    }

    const listener = await startLoopback({
      state,
      timeoutMs,
      port: spec.port,
      resultParam: spec.callback?.resultParam,
      onResult: async (result): Promise<PageOutcome> => {
        if (result.kind !== 'code') {
          end({ flowId, ok: false, reason: result.kind, error: result.message })
          return { ok: false, message: result.message }
        }
        if (!prepared) {
          const message = 'The sign-in answer arrived before Parley was ready for it. Nothing was connected; start again.'
          end({ flowId, ok: false, reason: 'error', error: message })
          return { ok: false, message }
        }
        const entry = this.flows.get(flowId)
        if (entry) entry.completing = true
        try {
          const value = await prepared.complete(result.code, pkce.verifier)
          end({ flowId, ok: true, value })
          return { ok: true, message: prepared.describe?.(value) ?? 'Parley is connected.' }
        } catch (error) {
          const message = (spec.describeError ?? defaultDescribe)(error)
          end({ flowId, ok: false, reason: 'failed', error: message })
          return { ok: false, message }
        }
      },
    }).catch((error: unknown) => {
      if ((error as { code?: unknown }).code === 'EADDRINUSE' || (error as { code?: unknown }).code === 'EACCES') {
        throw new ParleyError('conflict', `Port ${spec.port} on this computer is taken by another program, so Parley cannot receive the sign-in there. Close that program (or another sign-in still waiting), or register a different port with the app. Nothing was started.`)
      }
      throw error
    })
    this.flows.set(flowId, { listener, expiresAt, completing: false })
    const redirectUri = spec.callback?.stateInRedirect ? `${listener.redirectUri}?${new URLSearchParams({ state }).toString()}` : listener.redirectUri
    try {
      prepared = await spec.prepare(redirectUri, { state, codeChallenge: pkce.challenge, codeChallengeMethod: 'S256' })
    } catch (error) {
      // A flow that never reached the browser ends with begin()'s error, not with a finished event.
      ended = true
      this.flows.delete(flowId)
      await listener.close()
      throw error
    }
    if (ended) throw new ParleyError('conflict', 'The sign-in was cancelled before it started. Nothing was connected.')
    return { flowId, authorizeUrl: prepared.authorizeUrl, redirectUri, expiresAt }
  }

  /** Stops waiting: the listener closes and the flow finishes as cancelled. False when no such flow is waiting. */
  async cancel(flowId: string): Promise<boolean> {
    const entry = this.flows.get(flowId)
    if (!entry || entry.completing) return false
    await entry.listener.close()
    return true
  }

  /** On shutdown: every listener closes; waiting flows finish as cancelled. */
  async closeAll(): Promise<void> {
    await Promise.all([...this.flows.values()].map((e) => e.listener.close()))
  }
}

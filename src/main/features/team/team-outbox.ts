import type { ReconcileResult } from '../../model/connector'
import type { ClaimedOutboxItem } from '../../store/team-postgres/leases'

/** The shared outbox as a laptop reaches it (the sync service over HTTP, or the service itself in-process). */
export interface TeamOutboxApi {
  /** approvalId: claim that approval's reply only (a laptop sending a reply it has queued). */
  claim(c: { channelAccounts: string[]; device: string; leaseMs: number; approvalId?: string }): Promise<ClaimedOutboxItem | null>
  markSent(m: { id: string; fence: number; remoteId: string }): Promise<boolean>
  release(r: { id: string; fence: number; retryInMs: number; unconfirmed: boolean }): Promise<boolean>
}

/** What this laptop can do at the platform for an account whose secret it holds. */
export interface TeamSender {
  send(item: ClaimedOutboxItem, signal: AbortSignal): Promise<{ remoteId: string }>
  reconcile(item: ClaimedOutboxItem): Promise<ReconcileResult>
}

export interface SendOptions {
  /** Channel accounts whose secrets are in this laptop's keychain: only those are claimed. */
  channelAccounts: string[]
  device: string
  leaseMs: number
  /** Shorter than the lease, so a send never outlives the lease it was made under. */
  sendTimeoutMs: number
  retryInMs: number
  /** Only the proving test turns this off, to show that takeover without reconciling sends twice. */
  reconcileOnTakeover?: boolean
}

export type SendOutcome =
  | { kind: 'idle' }
  | { kind: 'sent'; id: string; remoteId: string }
  /** A takeover found the previous holder's send at the platform: recorded, not sent again. */
  | { kind: 'reconciled'; id: string; remoteId: string }
  /** Sent, but another laptop took the item over meanwhile; its reconcile finds this send by the key. */
  | { kind: 'fenced'; id: string; remoteId: string }
  | { kind: 'retry'; id: string; message: string }

/**
 * Sends at most one due item from the team queue. No lease, no send: the claim is the only way to
 * an item, so a laptop cut off from the team store sends nothing from it.
 */
export async function sendOneFromTeamQueue(api: TeamOutboxApi, sender: TeamSender, o: SendOptions): Promise<SendOutcome> {
  if (o.sendTimeoutMs >= o.leaseMs) throw new Error('the send timeout must be shorter than the lease')
  if (o.channelAccounts.length === 0) return { kind: 'idle' }
  const item = await api.claim({ channelAccounts: o.channelAccounts, device: o.device, leaseMs: o.leaseMs })
  if (!item) return { kind: 'idle' }

  if (item.takeover && o.reconcileOnTakeover !== false) {
    // The last holder may have sent and died before marking: ask the platform by the shared key first.
    let found: ReconcileResult
    try {
      found = await sender.reconcile(item)
    } catch {
      found = { state: 'unknown' }
    }
    if (found.state === 'sent') {
      await api.markSent({ id: item.id, fence: item.fence, remoteId: found.remoteId })
      return { kind: 'reconciled', id: item.id, remoteId: found.remoteId }
    }
    if (found.state === 'unknown') {
      await api.release({ id: item.id, fence: item.fence, retryInMs: o.retryInMs, unconfirmed: true })
      return { kind: 'retry', id: item.id, message: 'the platform could not say whether the earlier send arrived; asking again later' }
    }
  }

  let remoteId: string
  try {
    remoteId = (await sender.send(item, AbortSignal.timeout(o.sendTimeoutMs))).remoteId
  } catch (error) {
    // The outcome may be unknown (a timeout): the next claim of this item is a takeover and reconciles.
    const message = error instanceof Error ? error.message : String(error)
    await api.release({ id: item.id, fence: item.fence, retryInMs: o.retryInMs, unconfirmed: true }).catch(() => false)
    return { kind: 'retry', id: item.id, message }
  }
  const marked = await api.markSent({ id: item.id, fence: item.fence, remoteId })
  return marked ? { kind: 'sent', id: item.id, remoteId } : { kind: 'fenced', id: item.id, remoteId }
}

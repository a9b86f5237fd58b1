import type { CallResult, ChannelAccount } from '../../../shared/contract'

export type Call = (op: string, input: unknown) => Promise<CallResult<unknown>>

/**
 * The tray's "Pause sync": pauses every active channel account and returns their ids,
 * so "resume" wakes those and leaves alone the ones the person paused themselves.
 */
export async function pauseAllSync(call: Call): Promise<number[]> {
  const listed = await call('accounts.list', {})
  if (!listed.ok) throw new Error(listed.error.message)
  const paused: number[] = []
  for (const account of listed.value as ChannelAccount[]) {
    if (account.status !== 'active') continue
    const result = await call('accounts.pause', { id: account.id })
    if (result.ok) paused.push(account.id)
  }
  return paused
}

/** Resumes the accounts pauseAllSync paused (those still paused; a removed one is skipped). */
export async function resumeSync(call: Call, ids: readonly number[]): Promise<void> {
  const listed = await call('accounts.list', {})
  if (!listed.ok) throw new Error(listed.error.message)
  const stillPaused = new Set((listed.value as ChannelAccount[]).filter((a) => a.status === 'paused').map((a) => a.id))
  for (const id of ids) if (stillPaused.has(id)) await call('accounts.resume', { id })
}

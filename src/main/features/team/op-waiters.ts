/**
 * Long-polls waiting on this service instance for a team's next op: each waits for a number above the
 * one it has; a notification of a team's new last number wakes the ones it concerns.
 */
interface Waiter {
  after: number
  wake(): void
}

export class OpWaiters {
  private readonly byTeam = new Map<string, Set<Waiter>>()

  /**
   * Registers a waiter before the caller reads the log (so a commit between the read and the wait
   * still wakes it); `wait` resolves on a wake-up, after `ms`, or when the signal aborts.
   */
  add(teamId: string, after: number): { wait(ms: number, signal?: AbortSignal): Promise<void>; remove(): void } {
    let wake: () => void = () => undefined
    let woken = false
    const waiter: Waiter = {
      after,
      wake: () => {
        woken = true
        wake()
      },
    }
    let set = this.byTeam.get(teamId)
    if (!set) this.byTeam.set(teamId, (set = new Set()))
    set.add(waiter)
    const remove = (): void => {
      set.delete(waiter)
      if (set.size === 0 && this.byTeam.get(teamId) === set) this.byTeam.delete(teamId)
    }
    return {
      remove,
      wait: (ms, signal) =>
        new Promise<void>((resolve) => {
          if (woken || signal?.aborted) return resolve()
          const done = (): void => {
            clearTimeout(timer)
            signal?.removeEventListener('abort', done)
            woken = false
            wake = () => undefined
            resolve()
          }
          const timer = setTimeout(done, Math.max(0, ms))
          signal?.addEventListener('abort', done, { once: true })
          wake = done
        }),
    }
  }

  /** A push committed up to lastSeq: wake the team's waiters that have less. */
  notify(teamId: string, lastSeq: number): void {
    for (const w of this.byTeam.get(teamId) ?? []) if (w.after < lastSeq) w.wake()
  }

  /** Wake everyone (the listener reconnected, or the service is closing). */
  wakeAll(): void {
    for (const set of this.byTeam.values()) for (const w of set) w.wake()
  }
}

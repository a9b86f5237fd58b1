import type { EventName, EventPayload } from '../../shared/contract'

type Listener = (name: EventName, payload: unknown) => void

/** Core events fan out to every transport (each Electron window, each browser socket). */
export class EventBus {
  private readonly listeners = new Set<Listener>()

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) listener(name, payload)
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}

import type { EventBus } from '../../base/event-bus'
import type { SettingsStore } from '../../store/settings'
import type { SignalsBackfill } from './backfill'
import type { ListeningProcessor } from './processor'

/** Set by migration 008 when stored messages need scoring again. */
const RESCORE = 'signals.rescore'

/** Scoring stored messages again in the background: once after migration 008 asked for it, and after a demo load. */
export class SignalsRescore {
  constructor(
    private readonly events: EventBus,
    private readonly settings: SettingsStore,
  ) {}

  /** The backfill's progress reaches the screens; once finished the flag is cleared and the lists refetch. */
  readonly progress = (done: number, total: number, finished: boolean): void => {
    this.events.emit('signals.progress', { done, total, finished })
    if (finished) {
      this.settings.set(RESCORE, false)
      this.events.emit('conversations.changed', { ids: [], reason: 'update' })
    }
  }

  /** Starts what is due now and listens for demo loads. */
  watch(processor: ListeningProcessor, backfill: SignalsBackfill): void {
    // A demo workspace is history: no alerts or rule actions for it, but its messages get scored.
    this.events.subscribe((name, payload) => {
      if (name === 'demo.progress' && (payload as { phase: string }).phase === 'finished') {
        processor.skipToEnd()
        backfill.start()
      }
    })
    // Messages scored with an earlier rule (migration 008 sets the flag) are scored again in the background, once.
    if (this.settings.get<boolean>(RESCORE, false)) backfill.start()
  }
}

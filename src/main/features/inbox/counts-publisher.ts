import type { Counts, Profile } from '../../../shared/contract'
import type { EventBus } from '../../base/event-bus'
import type { CountStore } from '../../store/counts'

/** Who the counts are for: "mine" and the drafts follow the session's profile. */
export interface ProfileSource {
  currentProfile(): Profile
}

/**
 * The sidebar counts for the session's profile, and the one place that publishes them (counts.changed).
 * Built early by the composition root, so every part that moves the counts holds this, not a closure.
 */
export class CountsPublisher {
  constructor(
    private readonly counts: CountStore,
    private readonly events: EventBus,
    private readonly profiles: ProfileSource,
  ) {}

  read(): Counts {
    return this.counts.read(this.profiles.currentProfile().id)
  }

  publish(): void {
    this.events.emit('counts.changed', this.read())
  }
}

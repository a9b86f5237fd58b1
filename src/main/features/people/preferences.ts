import type { Preferences } from '../../../shared/contract/operations'
import type { SettingsStore } from '../../store/settings'

const KEY = 'ui.preferences'
const DEFAULTS: Preferences = { theme: 'system' }

/** How Parley looks (the theme), kept with the workspace so every window and restart agrees. */
export class PreferencesStore {
  constructor(private readonly settings: SettingsStore) {}

  get(): Preferences {
    return { ...DEFAULTS, ...this.settings.get<Partial<Preferences>>(KEY, {}) }
  }

  set(change: Partial<Preferences>): Preferences {
    const next = { ...this.get(), ...change }
    this.settings.set(KEY, next)
    return next
  }
}

import type { SilenceSettings } from '../../../shared/contract'
import type { SettingsStore } from '../../store/settings'

const KEY = 'coverage.silence'

/**
 * Eight usual gaps: a stream bringing an item an hour alarms after eight quiet hours of the kind that are
 * usually busy, which a steady stream does by chance about once in three thousand gaps. Two hours at least.
 */
export const defaultSilenceSettings: SilenceSettings = { enabled: true, gaps: 8, floorMinutes: 120 }

/** The silence alarm's settings, workspace-wide. */
export class SilenceSettingsStore {
  constructor(private readonly settings: SettingsStore) {}

  get(): SilenceSettings {
    return { ...defaultSilenceSettings, ...this.settings.get<Partial<SilenceSettings>>(KEY, {}) }
  }

  set(next: SilenceSettings): SilenceSettings {
    this.settings.set(KEY, next)
    return this.get()
  }
}

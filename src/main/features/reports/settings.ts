import { ParleyError } from '../../../shared/contract'
import { reportSettingsSchema, type ReportSettings } from '../../../shared/contract/operations-reports'
import type { SettingsStore } from '../../store/settings'
import { assertTimeZone, systemTimeZone } from './week'

const KEYS = {
  timeZone: 'workspace.timeZone',
  businessHours: 'workspace.businessHours',
  autoExport: 'reports.autoExport',
  lastExportedWeek: 'reports.lastExportedWeek',
} as const

const defaultAutoExport: ReportSettings['autoExport'] = { enabled: false, folder: null, formats: ['html', 'pdf'] }

/** Workspace time zone, business hours and the Monday export, kept in the settings table. */
export class ReportSettingsStore {
  constructor(private readonly settings: SettingsStore) {}

  get(): ReportSettings {
    return {
      timeZone: this.settings.get<string | null>(KEYS.timeZone, null),
      businessHours: this.settings.get<ReportSettings['businessHours']>(KEYS.businessHours, null),
      autoExport: this.settings.get(KEYS.autoExport, defaultAutoExport),
    }
  }

  /** The zone reports use: the chosen one, else the system's. */
  timeZone(): string {
    return this.get().timeZone ?? systemTimeZone()
  }

  set(patch: Partial<ReportSettings>): ReportSettings {
    const next = reportSettingsSchema.parse({ ...this.get(), ...patch })
    if (next.timeZone !== null) assertTimeZone(next.timeZone)
    if (next.autoExport.enabled && !next.autoExport.folder) {
      throw new ParleyError('bad_input', 'Choose a folder for the Monday export before turning it on.')
    }
    if (next.autoExport.folder !== null && !isAbsolute(next.autoExport.folder)) {
      throw new ParleyError('bad_input', 'The export folder must be a full path, such as /home/me/Reports.')
    }
    this.settings.set(KEYS.timeZone, next.timeZone)
    this.settings.set(KEYS.businessHours, next.businessHours)
    this.settings.set(KEYS.autoExport, next.autoExport)
    return next
  }

  lastExportedWeek(): string | null {
    return this.settings.get<string | null>(KEYS.lastExportedWeek, null)
  }

  setLastExportedWeek(week: string): void {
    this.settings.set(KEYS.lastExportedWeek, week)
  }
}

function isAbsolute(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\')
}

import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'

/** The kinds of desktop notification, each with its own switch in the Settings menu. */
export const noticeKinds = ['alerts', 'approvals', 'replies'] as const
export type NoticeKind = (typeof noticeKinds)[number]

const boundsSchema = z.object({
  x: z.number().int().min(-100_000).max(100_000),
  y: z.number().int().min(-100_000).max(100_000),
  width: z.number().int().min(200).max(20_000),
  height: z.number().int().min(200).max(20_000),
  maximized: z.boolean().default(false),
})
export type WindowBounds = z.infer<typeof boundsSchema>

/** What the desktop shell remembers between launches; the workspace itself lives in the core's database. */
const settingsSchema = z.object({
  notify: z.object({ alerts: z.boolean().default(true), approvals: z.boolean().default(true), replies: z.boolean().default(true) }).prefault({}),
  closeToTray: z.boolean().default(false),
  startAtLogin: z.boolean().default(false),
  window: boundsSchema.nullable().default(null),
  /** Accounts the tray's "Pause sync" paused, so "resume" wakes those and no others. */
  pausedByTray: z.array(z.number().int().positive()).max(1000).default([]),
})
export type DesktopSettings = z.infer<typeof settingsSchema>

export const defaultSettings = (): DesktopSettings => settingsSchema.parse({})

/**
 * desktop-settings.json in the app's data folder, readable by its owner only. A file that
 * does not parse is kept beside it (…json.unreadable) and the defaults are used, with a
 * message saying so: nothing is overwritten silently.
 */
export function openDesktopSettings(dataDir: string, log: (message: string) => void): { get(): DesktopSettings; update(change: Partial<DesktopSettings>): DesktopSettings } {
  const file = join(dataDir, 'desktop-settings.json')
  let current = defaultSettings()
  if (existsSync(file)) {
    try {
      current = settingsSchema.parse(JSON.parse(readFileSync(file, 'utf8')))
    } catch {
      renameSync(file, `${file}.unreadable`)
      log(`Parley could not read its desktop settings (${file}); it kept the file as ${file}.unreadable and uses the defaults.`)
    }
  }
  const save = (): void => {
    const temp = `${file}.tmp`
    writeFileSync(temp, JSON.stringify(current, null, 2), { mode: 0o600 })
    chmodSync(temp, 0o600)
    renameSync(temp, file)
  }
  return {
    get: () => current,
    update: (change) => {
      current = settingsSchema.parse({ ...current, ...change })
      save()
      return current
    },
  }
}

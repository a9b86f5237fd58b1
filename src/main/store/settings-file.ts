import Database from 'better-sqlite3'
import { existsSync } from 'node:fs'
import { SettingsStore } from './settings'

/**
 * One workspace setting read or written on a short-lived connection, for the CLI's steps that run before
 * the core opens the workspace (which vault to ask a passphrase for). Both give up quietly on a workspace
 * that is missing, damaged or too old to have settings: the caller falls back to other signals.
 */
export function readSettingFile(file: string, key: string): unknown {
  if (!existsSync(file)) return undefined
  return withSettings(file, true, (settings) => settings.get<unknown>(key, undefined))
}

/** Returns false when the workspace could not take the setting now. */
export function writeSettingFile(file: string, key: string, value: unknown): boolean {
  return (
    withSettings(file, false, (settings) => {
      settings.set(key, value)
      return true
    }) ?? false
  )
}

function withSettings<T>(file: string, readonly: boolean, use: (settings: SettingsStore) => T): T | undefined {
  let db: Database.Database | null = null
  try {
    db = new Database(file, { readonly, fileMustExist: true, timeout: 5000 })
    return use(new SettingsStore(db))
  } catch {
    return undefined
  } finally {
    db?.close()
  }
}

import { app } from 'electron'
import electronUpdater from 'electron-updater'

/** Checks the generic feed in electron-builder.yml; packaged builds only. */
export function checkForUpdates(log: (message: string) => void): void {
  if (!app.isPackaged) return
  const { autoUpdater } = electronUpdater
  autoUpdater.autoDownload = true
  autoUpdater.checkForUpdatesAndNotify().catch((error: unknown) => {
    log(`Update check failed: ${error instanceof Error ? error.message : String(error)}`)
  })
}

import { app } from 'electron'
import { fileURLToPath } from 'node:url'
import workerEntry from './hosts/worker/worker?modulePath'
import reportReaderEntry from './hosts/report-reader?modulePath'
import itemPreparerEntry from './hosts/item-preparer?modulePath'
import { rendererDirFrom, runShell, trayIconDirFrom } from './hosts/electron/main'

/** Electron entry. Everything but the shell lives in the core, which never imports 'electron'. */
runShell({
  workerEntry,
  reportReaderEntry,
  itemPreparerEntry,
  preload: fileURLToPath(new URL('../preload/index.cjs', import.meta.url)),
  rendererDir: rendererDirFrom(import.meta.url),
  trayIconDir: trayIconDirFrom(import.meta.url, app.isPackaged, process.resourcesPath),
})

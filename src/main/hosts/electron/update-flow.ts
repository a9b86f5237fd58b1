import type { AppUpdater, UpdateInfo } from 'electron-updater'

/** What the shell shows: the offer to restart into a downloaded update, and a log line for everything else. */
export interface UpdateUi {
  /** Resolves true when the user chose to restart now. */
  offer(version: string): Promise<boolean>
  log(message: string): void
}

/** The parts of electron-updater's AppUpdater the flow uses (the real class in the app and in the tests). */
export type Updater = Pick<AppUpdater, 'on' | 'checkForUpdates' | 'quitAndInstall' | 'autoDownload' | 'autoInstallOnAppQuit' | 'currentVersion'>

/** Plain words for the updater's failures; a checksum mismatch gets its own. */
export function plainUpdateError(error: unknown, currentVersion: string): string {
  const code = (error as { code?: unknown } | null)?.code
  if (code === 'ERR_CHECKSUM_MISMATCH' || /checksum mismatch/i.test(String((error as Error | null)?.message))) {
    return `The downloaded update did not match its published checksum, so it was discarded. Parley stays on version ${currentVersion}.`
  }
  return `Parley could not check for updates: ${error instanceof Error ? error.message : String(error)}`
}

/**
 * The update flow over electron-updater (generic provider, latest.yml): find,
 * download (electron-updater checks the file's sha512 against latest.yml and
 * refuses a mismatch), then offer a restart; otherwise it installs on quit.
 * Nothing is offered before the download has passed that check.
 */
export function watchUpdates(updater: Updater, ui: UpdateUi): { check(): Promise<void>; offered: Promise<UpdateInfo> } {
  // check() resolves once the download (if any) has finished or failed.
  updater.autoDownload = true
  updater.autoInstallOnAppQuit = true
  const current = updater.currentVersion.version
  let resolveOffered: (info: UpdateInfo) => void = () => undefined
  const offered = new Promise<UpdateInfo>((resolve) => (resolveOffered = resolve))
  updater.on('update-available', (info: UpdateInfo) => ui.log(`Parley ${info.version} is available (this is ${current}); downloading it.`))
  updater.on('update-downloaded', (info: UpdateInfo) => {
    resolveOffered(info)
    void ui.offer(info.version).then((restart) => {
      if (restart) updater.quitAndInstall()
    })
  })
  updater.on('error', (error: Error) => ui.log(plainUpdateError(error, current)))
  return {
    offered,
    check: async () => {
      try {
        const result = await updater.checkForUpdates()
        // The download runs on after the check; its failure is reported once, through the 'error' event above.
        await result?.downloadPromise?.catch(() => undefined)
      } catch (error) {
        ui.log(plainUpdateError(error, current))
      }
    },
  }
}

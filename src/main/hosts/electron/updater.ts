import { app, dialog } from 'electron'
import electronUpdater from 'electron-updater'
import { watchUpdates } from './update-flow'

const tell = (message: string): void => void dialog.showMessageBox({ type: 'info', buttons: ['OK'], message })

// One flow for the app's life: every check reuses its listeners on the one autoUpdater.
let flow: ReturnType<typeof watchUpdates> | null = null
let offered = false
let problem: string | null = null
let log: (message: string) => void = () => undefined

/**
 * Checks the generic feed in electron-builder.yml (latest.yml + installers); packaged builds only.
 * A check asked for from the menu (manual) says what it found, also when there is nothing new.
 */
export function checkForUpdates(logTo: (message: string) => void, manual = false): void {
  log = logTo
  if (!app.isPackaged) {
    if (manual) tell('This copy of Parley was not installed from a release, so it does not update itself.')
    return
  }
  flow ??= watchUpdates(electronUpdater.autoUpdater, {
    log: (message) => {
      log(message)
      if (/could not|did not match/.test(message)) problem = message
    },
    offer: async (version) => {
      offered = true
      const { response } = await dialog.showMessageBox({
        type: 'info',
        buttons: ['Restart now', 'Later'],
        defaultId: 0,
        cancelId: 1,
        message: `Parley ${version} is ready to install.`,
        detail: 'Restart Parley to use it now, or it installs the next time you quit.',
      })
      return response === 0
    },
  })
  problem = null
  void flow.check().then(() => {
    if (manual && !offered) tell(problem ?? `Parley ${app.getVersion()} is the latest version.`)
  })
}

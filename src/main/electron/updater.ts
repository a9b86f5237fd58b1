import { app, dialog } from 'electron'
import electronUpdater from 'electron-updater'
import { watchUpdates } from './update-flow'

/** Checks the generic feed in electron-builder.yml (latest.yml + installers); packaged builds only. */
export function checkForUpdates(log: (message: string) => void): void {
  if (!app.isPackaged) return
  const flow = watchUpdates(electronUpdater.autoUpdater, {
    log,
    offer: async (version) => {
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
  void flow.check()
}

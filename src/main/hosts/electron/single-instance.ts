import type { App } from 'electron'

/**
 * One Parley per user: a second launch hands its arguments (which may carry a
 * `parley://` link) to the first one and quits. Returns false in the second launch.
 */
export function claimSingleInstance(app: Pick<App, 'requestSingleInstanceLock' | 'quit' | 'on'>, onSecondLaunch: (argv: string[]) => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return false
  }
  app.on('second-instance', (_event, argv) => onSecondLaunch(argv))
  return true
}

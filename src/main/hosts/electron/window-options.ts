import type { BrowserWindowConstructorOptions } from 'electron'

/** Every item of Electron's security checklist that lives in webPreferences. */
export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 1024,
    minHeight: 600,
    show: false,
    title: 'Parley',
    backgroundColor: '#1b1d22',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: true,
      // A middle click would otherwise ask for a new window; the shell denies it anyway, this stops the request.
      disableBlinkFeatures: 'Auxclick',
    },
  }
}

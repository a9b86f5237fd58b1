import { runningInstance, WorkspaceBusyError } from '../../store/writer-lock'

/** Refuses, in plain words naming it, a workspace that another Parley (browser mode, the desktop app, a command) owns now. */
export function refuseIfRunning(dataDir: string): void {
  const instance = runningInstance(dataDir)
  if (instance) throw new WorkspaceBusyError(dataDir, instance.pid ? instance : null)
}

/** The address to show for a running instance: never its token. */
export function addressWithoutToken(url: string): string {
  const parsed = new URL(url)
  parsed.search = ''
  parsed.hash = ''
  return parsed.toString()
}

import { homedir } from 'node:os'
import { join } from 'node:path'

/** The per-user app data folder, the same one Electron's userData uses for "Parley". */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.PARLEY_DATA_DIR) return env.PARLEY_DATA_DIR
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Parley')
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Parley')
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Parley')
}

export const databaseFile = (dataDir: string): string => join(dataDir, 'parley.db')

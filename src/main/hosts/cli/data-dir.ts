import { accessSync, constants } from 'node:fs'
import { resolve } from 'node:path'
import { ParleyError } from '../../../shared/contract'
import { defaultDataDir } from '../../base/paths'
import { ensurePrivateDir } from '../../store/private-files'
import { locksDir } from '../../store/workspace-lock'

/** --data-dir wins over PARLEY_DATA_DIR, which wins over the platform's per-user folder. */
export const resolveDataDir = (flag: string | undefined): string => resolve(flag ?? defaultDataDir())

/**
 * Creates the workspace folder (0700) and checks it can be written, before anything else touches it,
 * so an unwritable folder is one plain sentence and not "EACCES: permission denied, mkdir …/locks".
 */
export function prepareDataDir(dataDir: string): void {
  let step = dataDir
  try {
    ensurePrivateDir(dataDir)
    accessSync(dataDir, constants.W_OK)
    step = locksDir(dataDir)
    ensurePrivateDir(step)
  } catch (error) {
    throw new ParleyError('unavailable', dataDirProblem(dataDir, error, step))
  }
}

/** One sentence about a data folder Parley cannot use, and what to do about it. */
export function dataDirProblem(dataDir: string, error: unknown, path = dataDir): string {
  const code = (error as NodeJS.ErrnoException | null)?.code
  const why =
    code === 'EACCES' || code === 'EPERM'
      ? 'permission denied'
      : code === 'EROFS'
        ? 'the disk is read-only'
        : code === 'ENOSPC'
          ? 'the disk is full'
          : code === 'ENOTDIR' || code === 'EEXIST'
            ? 'a file is in the way where a folder should be'
            : (error as Error | null)?.message ?? String(error)
  const where = path === dataDir ? dataDir : `${dataDir} (at ${path})`
  return (
    `Parley cannot use its data folder ${where}: ${why}. ` +
    'Give it a folder you own with --data-dir DIR (or the PARLEY_DATA_DIR environment variable), or make this one writable for your user.'
  )
}

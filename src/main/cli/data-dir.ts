import { resolve } from 'node:path'
import { defaultDataDir } from '../paths'

/** --data-dir wins over PARLEY_DATA_DIR, which wins over the platform's per-user folder. */
export const resolveDataDir = (flag: string | undefined): string => resolve(flag ?? defaultDataDir())

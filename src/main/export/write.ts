import { chmodSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ParleyError } from '../../shared/contract'
import { ensureWritableFolder, type ReportFile } from '../reports/export'

/**
 * Writes each file readable by its owner only (0600: a conversation holds people's words and
 * internal notes), through a temporary copy and a rename so a reader never sees half a file.
 */
export function writePrivateFiles(folder: string, files: ReportFile[]): string[] {
  ensureWritableFolder(folder)
  return files.map((f) => {
    const path = join(folder, f.name)
    const tmp = `${path}.part`
    try {
      writeFileSync(tmp, Buffer.from(f.content, f.encoding), { mode: 0o600 })
      // The mode above applies only to a new file; a leftover .part keeps its own.
      chmodSync(tmp, 0o600)
      renameSync(tmp, path)
    } catch (error) {
      throw new ParleyError('bad_input', `Cannot write ${path}: ${(error as Error).message}`)
    }
    return path
  })
}

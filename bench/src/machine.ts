/** Machine details printed with every run, so figures from different machines are never compared blindly. */
import Database from 'better-sqlite3'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'

export interface Machine {
  cpu: string
  cores: number
  /** What Node may actually use (cgroup limits included). */
  availableParallelism: number
  ramGb: number
  os: string
  node: string
  sqlite: string
  betterSqlite3: string
  disk: string
}

function cpuModel(): string {
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8')
    const model = /^model name\s*:\s*(.+)$/m.exec(info)?.[1]
    const mhz = /^cpu MHz\s*:\s*(.+)$/m.exec(info)?.[1]
    if (model) return mhz ? `${model.trim()} (${Math.round(Number(mhz))} MHz)` : model.trim()
  } catch {
    // not Linux
  }
  return os.cpus()[0]?.model ?? 'unknown'
}

function osName(): string {
  try {
    const release = readFileSync('/etc/os-release', 'utf8')
    const pretty = /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(release)?.[1]
    if (pretty) return `${pretty}, kernel ${os.release()}`
  } catch {
    // not Linux
  }
  return `${os.type()} ${os.release()}`
}

export function machine(): Machine {
  const db = new Database(':memory:')
  const sqlite = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v
  db.close()
  const require = createRequire(import.meta.url)
  const betterSqlite3 = (require('better-sqlite3/package.json') as { version: string }).version
  return {
    cpu: cpuModel(),
    cores: os.cpus().length,
    availableParallelism: os.availableParallelism(),
    ramGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: osName(),
    node: process.versions.node,
    sqlite,
    betterSqlite3,
    disk: 'workspace files under the cache dir (see --cache-dir)',
  }
}

import { spawn, type ChildProcess } from 'node:child_process'
import { signIn } from './serve-session'

/** A real `parley serve` process (built bundle, database worker, file vault), signed in once. */
export interface ServedProcess {
  child: ChildProcess
  origin: string
  port: number
  /** The session, usable as `Authorization: Bearer …`. */
  token: string
  stderr: () => string
}

/** Starts `parley serve` on a free port and signs in with the address it prints. */
export function serveSignedIn(dataDir: string, vaultPassphrase: string, env: Record<string, string> = {}): Promise<ServedProcess> {
  const child = spawn(process.execPath, ['bin/parley.mjs', 'serve', '--port', '0', '--data-dir', dataDir, '--vault', 'file'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PARLEY_DATA_DIR: '', PARLEY_VAULT_PASSPHRASE: vaultPassphrase, ...env },
  })
  let stderr = ''
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  return new Promise((resolve, reject) => {
    let stdout = ''
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString()
      const m = /Parley is ready at (\S+)/.exec(stdout)
      if (m) {
        signIn(m[1]!).then(
          (session) => resolve({ child, origin: session.origin, port: Number(new URL(session.origin).port), token: session.token, stderr: () => stderr }),
          reject,
        )
      }
    })
    child.on('exit', (code) => reject(new Error(`parley serve exited with ${code}:\n${stderr}`)))
  })
}

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
    let signingIn = false
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString()
      const m = signingIn ? null : /Parley is ready at (\S+)/.exec(stdout)
      if (m) {
        signingIn = true
        signIn(m[1]!).then(
          (session) => resolve({ child, origin: session.origin, port: Number(new URL(session.origin).port), token: session.token, stderr: () => stderr }),
          // A process that dies just after its ready line (its start-up work reached a crash point) cuts the
          // sign-in: the exit, with its stderr, is the real reason, so it wins when it comes within moments.
          (error: unknown) => setTimeout(() => reject(error), 3_000),
        )
      }
    })
    child.on('exit', (code, signal) => reject(new Error(`parley serve exited with ${code ?? signal}:\n${stderr}`)))
  })
}

import { readFileSync } from 'node:fs'
import { askHidden, type PassphrasePrompt } from '../../features/vault/passphrase'
import { err, UsageError } from './output'

/**
 * How every channel secret reaches the CLI, for every connector: `--<name>-file FILE` (`-` reads standard
 * input), else a prompt without echo on a terminal. `--<name> VALUE` still works but warns: the command line
 * is readable by every user of the machine (ps, /proc/<pid>/cmdline) and stays in the shell's history.
 */
export interface SecretFlag {
  /** The flag's name without dashes, e.g. "token"; the file flag is "<name>-file". */
  name: string
  /** What to call it in a question or a message, e.g. "Mastodon access token". */
  label: string
}

export interface SecretIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean }
  stderr: NodeJS.WritableStream
  /** Reads a whole file (tests replace it); '-' never reaches it. */
  readFile: (path: string) => string
}

const defaultIo = (): SecretIo => ({ stdin: process.stdin, stderr: process.stderr, readFile: (path) => readFileSync(path, 'utf8') })

/** parseArgs options for a secret: the value flag (discouraged) and its file flag. */
export function secretOptions(names: readonly string[]): Record<string, { type: 'string' }> {
  const options: Record<string, { type: 'string' }> = {}
  for (const name of names) {
    options[name] = { type: 'string' }
    options[`${name}-file`] = { type: 'string' }
  }
  return options
}

/** True when the user said something about this secret (a value or a file). */
export const secretGiven = (values: Record<string, unknown>, flag: SecretFlag): boolean =>
  typeof values[flag.name] === 'string' || typeof values[`${flag.name}-file`] === 'string'

export function warnSecretOnCommandLine(flag: SecretFlag, write: (line: string) => void = err): void {
  write(
    `Warning: --${flag.name} puts the ${flag.label} on the command line, where other users of this machine can read it ` +
      `(ps, /proc) and where your shell keeps it in its history. Next time use --${flag.name}-file FILE, ` +
      `--${flag.name}-file - (standard input), or leave both out to be asked.`,
  )
}

/** The secret, from its file, standard input, the flag (with a warning) or a prompt; never echoed or logged. */
export async function readSecret(values: Record<string, unknown>, flag: SecretFlag, io: SecretIo = defaultIo()): Promise<string> {
  const value = values[flag.name]
  const file = values[`${flag.name}-file`]
  if (typeof value === 'string' && typeof file === 'string') throw new UsageError(`Use either --${flag.name}-file or --${flag.name}, not both.`)
  if (typeof file === 'string') {
    const text = file === '-' ? await readAll(io.stdin) : readSecretFile(file, flag, io)
    return nonEmpty(firstLine(text), flag, file === '-' ? 'standard input' : file)
  }
  if (typeof value === 'string') {
    warnSecretOnCommandLine(flag, (line) => io.stderr.write(`${line}\n`))
    return nonEmpty(value, flag, `--${flag.name}`)
  }
  if (io.stdin.isTTY !== true) {
    throw new UsageError(
      `The ${flag.label} is missing: give it with --${flag.name}-file FILE (or --${flag.name}-file - to read standard input), ` +
        'or run this in a terminal to be asked for it.',
    )
  }
  const prompt: PassphrasePrompt = { input: io.stdin, output: io.stderr }
  const answer = await askHidden(prompt, `${flag.label[0]!.toUpperCase()}${flag.label.slice(1)} (not shown): `, `Cancelled: no ${flag.label} was given. Nothing was changed.`)
  return nonEmpty(answer.trim(), flag, 'the prompt')
}

function readSecretFile(path: string, flag: SecretFlag, io: SecretIo): string {
  try {
    return io.readFile(path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const why =
      code === 'ENOENT' ? 'there is no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message
    throw new UsageError(`Cannot read the ${flag.label} from ${path}: ${why}.`)
  }
}

/** A secret is one line; the newline an editor or `echo` adds is not part of it. */
function firstLine(text: string): string {
  return (text.split(/\r?\n/).find((line) => line.trim() !== '') ?? '').trim()
}

function nonEmpty(secret: string, flag: SecretFlag, where: string): string {
  if (!secret) throw new UsageError(`The ${flag.label} from ${where} is empty.`)
  return secret
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer))
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * An address with a user name or password in it (https://user:pass@host/feed) puts that password on the command
 * line too, and the address is kept as a setting, not in the vault: say so rather than take it silently.
 */
export function warnCredentialsInUrl(flag: string, value: string, write: (line: string) => void = err): boolean {
  let parsed: URL
  try {
    parsed = new URL(value)
  } catch {
    return false
  }
  if (!parsed.username && !parsed.password) return false
  write(
    `Warning: the address given to --${flag} contains a user name or password. Other users of this machine can read it on the ` +
      'command line (ps, /proc), your shell keeps it in its history, and Parley keeps the address in the workspace, not in the vault. ' +
      'Prefer a feed address without credentials.',
  )
  return true
}

import { createInterface } from 'node:readline'
import { Writable } from 'node:stream'
import { ParleyError } from '../../../shared/contract'

export const PASSPHRASE_ENV = 'PARLEY_VAULT_PASSPHRASE'

export interface PassphrasePrompt {
  /** A terminal to read from; prompting is refused unless `isTTY` is true. */
  input: NodeJS.ReadableStream & { isTTY?: boolean }
  /** Where the question goes (stderr by default, so stdout stays clean); the typed characters never do. */
  output: NodeJS.WritableStream
  message?: string
}

export interface ReadPassphraseOptions {
  env?: NodeJS.ProcessEnv
  /** false: never prompt. Default: this process's stdin and stderr. */
  prompt?: PassphrasePrompt | false
  /** When prompting, ask twice and require the same answer: for a vault about to be created (a typo would lock it). */
  confirm?: boolean
}

/** The user pressed Ctrl-C (or closed the terminal) at a hidden prompt: nothing was given and nothing changes. */
export class PromptCancelled extends ParleyError {
  constructor(message: string) {
    super('unauthorized', message)
    this.name = 'PromptCancelled'
  }
}

const NOWHERE =
  `The file vault needs its passphrase: set ${PASSPHRASE_ENV}, or run Parley in a terminal to be asked for it.`

/**
 * The file vault's passphrase: from PARLEY_VAULT_PASSPHRASE, else asked on a terminal without echo.
 * Never logged and never part of an error message.
 */
export async function readPassphrase(options: ReadPassphraseOptions = {}): Promise<string> {
  const env = options.env ?? process.env
  const fromEnv = env[PASSPHRASE_ENV]
  if (fromEnv) return fromEnv
  const prompt: PassphrasePrompt | false = options.prompt ?? { input: process.stdin, output: process.stderr }
  if (!prompt || prompt.input.isTTY !== true) throw new ParleyError('unauthorized', NOWHERE)

  const message = prompt.message ?? 'Passphrase for the Parley vault: '
  const first = await askHidden(prompt, message)
  if (!first) throw new ParleyError('unauthorized', 'The vault passphrase cannot be empty.')
  if (options.confirm) {
    const second = await askHidden(prompt, 'Type the passphrase again: ')
    if (second !== first) throw new ParleyError('unauthorized', 'The two passphrases do not match; nothing was changed.')
  }
  return first
}

/** One line from the terminal with echo off: readline writes through a muted stream while the user types. */
export function askHidden(prompt: PassphrasePrompt, message: string, cancelled = 'Cancelled: no passphrase was given.'): Promise<string> {
  return new Promise((resolve, reject) => {
    let muted = false
    const sink = new Writable({
      write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void) {
        if (!muted) prompt.output.write(chunk)
        callback()
      },
    })
    const rl = createInterface({ input: prompt.input, output: sink, terminal: true, historySize: 0 })
    let settled = false
    const finish = (error: ParleyError | null, answer = ''): void => {
      if (settled) return
      settled = true
      rl.close()
      muted = false
      prompt.output.write('\n')
      if (error) reject(error)
      else resolve(answer)
    }
    rl.on('SIGINT', () => finish(new PromptCancelled(cancelled)))
    rl.on('close', () => finish(new PromptCancelled(cancelled)))
    prompt.output.write(message)
    muted = true
    rl.question('', (answer) => finish(null, answer))
  })
}

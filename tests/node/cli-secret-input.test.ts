import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { UsageError } from '../../src/main/hosts/cli/output'
import { readSecret, warnCredentialsInUrl, type SecretIo } from '../../src/main/hosts/cli/secret-input'
import { PromptCancelled } from '../../src/main/features/vault/passphrase'

const TOKEN = { name: 'token', label: 'Mastodon access token' }

/** A terminal (or a pipe) in memory; what the user "sees" is collected. */
function io(options: { tty: boolean; files?: Record<string, string> }): SecretIo & { shown: () => string; type: (text: string) => void } {
  const stdin = Object.assign(new PassThrough(), { isTTY: options.tty, setRawMode: () => undefined })
  const stderr = new PassThrough()
  let shown = ''
  stderr.on('data', (d: Buffer) => (shown += d.toString()))
  return {
    stdin,
    stderr,
    readFile: (path) => {
      const text = options.files?.[path]
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' })
      return text
    },
    shown: () => shown,
    type: (text) => stdin.write(text),
  }
}

describe('readSecret: the one way every connector takes a secret', () => {
  it('asks on a terminal without showing what is typed', async () => {
    const term = io({ tty: true })
    const answer = readSecret({}, TOKEN, term)
    term.type('s3cret-token\r')
    expect(await answer).toBe('s3cret-token')
    expect(term.shown()).toContain('Mastodon access token (not shown): ')
    expect(term.shown()).not.toContain('s3cret')
  })

  it('Ctrl-C at the prompt cancels, naming what was not given (the CLI exits 130)', async () => {
    const term = io({ tty: true })
    const answer = readSecret({}, TOKEN, term)
    term.type('half\u0003')
    await expect(answer).rejects.toThrow(PromptCancelled)
    await expect(answer).rejects.toThrow('Cancelled: no Mastodon access token was given. Nothing was changed.')
  })

  it('reads a file, first non-empty line, trimmed; "-" reads standard input', async () => {
    expect(await readSecret({ 'token-file': '/t' }, TOKEN, io({ tty: false, files: { '/t': '\n  abc  \r\nignored\n' } }))).toBe('abc')
    const piped = io({ tty: false })
    const answer = readSecret({ 'token-file': '-' }, TOKEN, piped)
    ;(piped.stdin as PassThrough).end('from-stdin\n')
    expect(await answer).toBe('from-stdin')
  })

  it('refuses both flags, an empty file and a missing one, in plain words', async () => {
    await expect(readSecret({ token: 'a', 'token-file': '/t' }, TOKEN, io({ tty: false }))).rejects.toThrow('Use either --token-file or --token, not both.')
    await expect(readSecret({ 'token-file': '/t' }, TOKEN, io({ tty: false, files: { '/t': '\n\n' } }))).rejects.toThrow('The Mastodon access token from /t is empty.')
    await expect(readSecret({ 'token-file': '/none' }, TOKEN, io({ tty: false }))).rejects.toThrow(UsageError)
    await expect(readSecret({}, TOKEN, io({ tty: false }))).rejects.toThrow(/--token-file FILE \(or --token-file - to read standard input\)/)
  })

  it('takes --token but says who else can read it', async () => {
    const pipe = io({ tty: false })
    expect(await readSecret({ token: 'visible' }, TOKEN, pipe)).toBe('visible')
    expect(pipe.shown()).toMatch(/^Warning: --token puts the Mastodon access token on the command line, where other users of this machine can read it/)
    expect(pipe.shown()).not.toContain('visible')
  })

  it('warns about a feed address with a password in it, and not about a plain one', () => {
    const lines: string[] = []
    expect(warnCredentialsInUrl('url', 'https://rider:hunter2@forum.example/feed.xml', (l) => lines.push(l))).toBe(true)
    expect(lines[0]).toMatch(/^Warning: the address given to --url contains a user name or password/)
    expect(lines[0]).not.toContain('hunter2')
    expect(warnCredentialsInUrl('url', 'https://forum.example/feed.xml', (l) => lines.push(l))).toBe(false)
    expect(warnCredentialsInUrl('url', 'not a url', (l) => lines.push(l))).toBe(false)
    expect(lines).toHaveLength(1)
  })
})

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { builtInConnectors } from '../../../src/main/features/connectors'
import { runCli } from '../../../src/main/hosts/cli/main'
import { startMastodonFake, type MastodonFake } from '../../../src/main/features/connectors/mastodon/fake-server'
import { tempDir } from '../../support/workspace'
import { captureCliOutput, CLI_CONTEXT } from '../../support/cli-capture'

const ctx = CLI_CONTEXT

describe('parley accounts add mastodon --oauth', () => {
  const { output, errors } = captureCliOutput('cli oauth test passphrase')
  let fake: MastodonFake
  let dir: ReturnType<typeof tempDir>
  beforeEach(async () => {
    fake = await startMastodonFake()
    dir = tempDir()
  })
  afterEach(async () => {
    await fake.close()
    dir.cleanup()
  })

  const args = (...more: string[]) => ['accounts', 'add', 'mastodon', '--instance', fake.url, '--data-dir', dir.dir, '--vault', 'file', ...more]

  /** The authorize address the CLI printed, once it has. */
  async function printedUrl(): Promise<string> {
    for (let i = 0; i < 200; i++) {
      const match = /(http:\/\/127\.0\.0\.1:\d+\/oauth\/authorize\?\S+)/.exec(output.join(''))
      if (match) return match[1]!
      await new Promise((r) => setTimeout(r, 10))
    }
    throw new Error(`no address printed:\n${output.join('')}\n${errors.join('')}`)
  }

  it('prints the address, waits for the browser, and prints the connected account', async () => {
    const run = runCli(args('--oauth'), ctx)
    const url = await printedUrl()
    expect(output.join('')).toContain('Open this address in your browser to let Parley read and answer for your account:')
    expect(errors.join('')).toContain('Waiting for you to approve Parley in your browser')
    const page = await (await fetch(url)).text()
    expect(page).toContain('Parley is now connected to Lumen Bikes')
    expect(await run).toBe(0)
    expect(output.join('')).toMatch(/Connected #\d+\s+mastodon\s+Lumen Bikes \(@lumenbikes@127\.0\.0\.1:\d+\)\. Its secrets are in: /)

    output.length = 0
    expect(await runCli(['accounts', 'list', '--data-dir', dir.dir, '--vault', 'file'], ctx)).toBe(0)
    expect(output.join('')).toContain('Lumen Bikes')
  })

  it('reports a refusal in words and exits non-zero', async () => {
    fake.oauth.consent = 'deny'
    const run = runCli(args('--oauth'), ctx)
    await fetch(await printedUrl())
    expect(await run).toBe(1)
    expect(errors.join('')).toContain('You chose not to let Parley use the account')
  })

  it('cancels on Ctrl-C and closes the listener', async () => {
    const run = runCli(args('--oauth'), ctx)
    const authorize = new URL(await printedUrl())
    process.emit('SIGINT')
    expect(await run).toBe(130)
    expect(errors.join('')).toContain('Cancelled; nothing was connected.')
    await expect(fetch(authorize.searchParams.get('redirect_uri')!)).rejects.toThrow()
  })

  it('explains misuse of the flag', async () => {
    expect(await runCli(args('--oauth', '--token', 'x'), ctx)).toBe(2)
    expect(errors.join('')).toContain('Use either --oauth or --token, not both.')
    expect(await runCli(['accounts', 'add', 'feed', '--url', 'https://x.example/feed', '--oauth', '--data-dir', dir.dir], ctx)).toBe(2)
    const browserSignIn = builtInConnectors.filter((c) => c.authKind === 'oauth_pkce' && c.manifest.connect.oauth).map((c) => c.platform)
    expect(browserSignIn[0]).toBe('mastodon')
    expect(errors.join('')).toContain(`--oauth (sign in through the browser) is available for ${browserSignIn.slice(0, -1).join(', ')} and ${browserSignIn.at(-1)} accounts only.`)
  })
})

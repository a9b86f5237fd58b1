import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runCli } from '../../../src/main/hosts/cli/main'
import { startDiscourseFake, type DiscourseFake } from '../../../src/main/features/connectors/discourse/fake-server'
import { tempDir } from '../../support/workspace'
import { captureCliOutput, CLI_CONTEXT } from '../../support/cli-capture'

/** `parley accounts add discourse --url URL` without a key: the User API Key sign-in in the browser. */
const ctx = CLI_CONTEXT

describe('parley accounts add discourse without --api-key-file', () => {
  const { output, errors } = captureCliOutput('cli discourse sign-in passphrase')
  let fake: DiscourseFake
  let dir: ReturnType<typeof tempDir>
  beforeEach(async () => {
    fake = await startDiscourseFake()
    dir = tempDir()
  })
  afterEach(async () => {
    await fake.close()
    dir.cleanup()
  })

  async function printedUrl(): Promise<string> {
    for (let i = 0; i < 300; i++) {
      const match = /(http:\/\/127\.0\.0\.1:\d+\/user-api-key\/new\?\S+)/.exec(output.join(''))
      if (match) return match[1]!
      await new Promise((r) => setTimeout(r, 10))
    }
    throw new Error(`no address printed:\n${output.join('')}\n${errors.join('')}`)
  }

  it('prints the forum page to approve, waits for the encrypted key, and connects', async () => {
    const run = runCli(['accounts', 'add', 'discourse', '--url', fake.url, '--tags', 'refunds', '--data-dir', dir.dir, '--vault', 'file'], ctx)
    const url = await printedUrl()
    expect(output.join('')).toContain('Open this address in your browser')
    const page = await (await fetch(url)).text()
    expect(page).toContain('Parley is now connected to Lumen Bikes')
    expect(await run).toBe(0)
    expect(output.join('')).toMatch(/Connected #\d+\s+discourse\s+Lumen Bikes/)
    expect(fake.userApiKeys.size).toBe(1)
  })

  it('still takes an admin-issued key from a file, and then needs the username', async () => {
    expect(await runCli(['accounts', 'add', 'discourse', '--url', fake.url, '--api-key-file', '/dev/null', '--data-dir', dir.dir, '--vault', 'file'], ctx)).toBe(2)
    expect(errors.join('')).toContain('needs --username')
    expect(output.join('')).not.toContain('/user-api-key/new')
  })
})

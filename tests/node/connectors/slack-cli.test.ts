import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runCli } from '../../../src/main/hosts/cli/main'
import { startSlackFake, type SlackFake } from '../../../src/main/features/connectors/slack/fake-server'
import { tempDir } from '../../support/workspace'
import { captureCliOutput, CLI_CONTEXT } from '../../support/cli-capture'

const ctx = CLI_CONTEXT

/** `parley accounts add slack --bot-token-file F --channels a,b --api-base URL`, in-process against the Slack fake. */
describe('parley accounts add slack', () => {
  const { output, errors } = captureCliOutput('cli slack test passphrase')
  let fake: SlackFake
  let dir: ReturnType<typeof tempDir>
  beforeEach(async () => {
    fake = await startSlackFake()
    dir = tempDir()
  })
  afterEach(async () => {
    await fake.close()
    dir.cleanup()
  })

  const run = (...args: string[]) => runCli([...args, '--data-dir', dir.dir, '--vault', 'file'], ctx)

  it('connects with the bot token from a file and the picked channels, and refuses a channel the bot is not in', async () => {
    const tokenFile = join(dir.dir, 'slack-bot.token')
    writeFileSync(tokenFile, `${fake.token}\n`)
    expect(await run('accounts', 'add', 'slack', '--bot-token-file', tokenFile, '--channels', 'community,support', '--api-base', fake.apiBase), errors.join('')).toBe(0)
    expect(output.join('')).toMatch(/Connected #\d+\s+slack\s+/)
    const listed = output.length
    expect(await run('accounts', 'list', '--json')).toBe(0)
    const [account] = JSON.parse(output.slice(listed).join('')) as { platform: string }[]
    expect(account!.platform).toBe('slack')
    expect(fake.requests.map((r) => r.path)).toContain('/api/auth.test')
    // A channel the bot is not in is refused in plain words, and nothing more is stored.
    const before = output.length
    expect(await run('accounts', 'add', 'slack', '--bot-token-file', tokenFile, '--channels', 'random', '--api-base', fake.apiBase)).toBe(2)
    expect(errors.join('')).toMatch(/random/)
    expect(await run('accounts', 'list', '--json')).toBe(0)
    expect(JSON.parse(output.slice(before).join(''))).toHaveLength(1)
  })

  it('without a bot token, says how to give one and stores nothing', async () => {
    expect(await run('accounts', 'add', 'slack', '--channels', 'community', '--api-base', fake.apiBase)).toBe(2)
    expect(errors.join('')).toMatch(/--bot-token-file/)
    expect(fake.requests).toHaveLength(0)
  })
})

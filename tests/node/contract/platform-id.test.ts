import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { builtInConnectors } from '../../../src/main/features/connectors'
import { connectorManifestSchema, operations, platformIdSchema } from '../../../src/shared/contract'
import { openWorkspace, tempDir, typed } from '../../support/workspace'

describe('platform ids', () => {
  it('the contract refuses a malformed platform id in plain words', () => {
    const parsed = operations['accounts.add'].input.safeParse({ platform: 'My Forum!', fields: {} })
    expect(parsed.success).toBe(false)
    expect(parsed.error!.issues[0]!.message).toBe('A platform id is lower-case letters, digits and dashes.')
    expect(platformIdSchema.safeParse('example-forum').success).toBe(true)
  })

  it('every shipped connector carries a valid manifest, and its platform, label, auth and capabilities come from it', () => {
    const ids = builtInConnectors.map((c) => c.manifest.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const c of builtInConnectors) {
      expect(connectorManifestSchema.parse(c.manifest)).toEqual(c.manifest)
      expect([c.platform, c.label, c.authKind, [...c.capabilities]]).toEqual([c.manifest.id, c.manifest.label, c.manifest.authKind, c.manifest.capabilities])
      for (const f of c.manifest.connect.fields.filter((f) => f.secret)) expect(f.type).toBe('password')
      expect(c.manifest.streams?.map((s) => s.name)).toEqual(c.streams.map((s) => s.name))
    }
  })

  describe('the core', () => {
    let dir: ReturnType<typeof tempDir>
    beforeEach(() => (dir = tempDir()))
    afterEach(() => dir.cleanup())

    it('refuses a platform no connector provides, in plain words, and stores nothing', async () => {
      const client = openWorkspace(dir.dir)
      try {
        const call = typed(client)
        const refused = await call('accounts.add', { platform: 'myspace', fields: { url: 'https://myspace.example' } })
        expect(refused).toEqual({ ok: false, error: { code: 'bad_input', message: 'Parley cannot connect myspace accounts yet.' } })
        const malformed = await call('accounts.add', { platform: 'My Space', fields: {} })
        expect(malformed.ok).toBe(false)
        if (!malformed.ok) expect(malformed.error.message).toContain('A platform id is lower-case letters, digits and dashes.')
        const listed = await call('accounts.list', {})
        expect(listed.ok && listed.value).toEqual([])
        const rule = await call('rules.save', { name: 'Tag forum posts', conditions: { platforms: ['mastodon', 'myspace'] }, actions: [{ type: 'tag', tag: 'forum' }] })
        expect(rule).toEqual({
          ok: false,
          error: { code: 'bad_input', message: 'Parley has no connector for "myspace". The platforms it knows are: mastodon, bluesky, feed, email, discourse, slack, facebook, instagram, youtube, x, matrix, telegram.' },
        })
      } finally {
        await client.close()
      }
    })
  })
})

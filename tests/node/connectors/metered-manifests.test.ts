import { describe, expect, it } from 'vitest'
import { builtInConnectors } from '../../../src/main/features/connectors'
import { redditManifest } from '../../../src/main/features/connectors/reddit'
import { xManifest } from '../../../src/main/features/connectors/x'
import { youtubeManifest } from '../../../src/main/features/connectors/youtube'
import { connectorManifestSchema } from '../../../src/shared/contract/manifest'

describe('the YouTube, X and Reddit manifests', () => {
  it.each([youtubeManifest, xManifest, redditManifest])('$id: valid, and agrees with its connector', (manifest) => {
    expect(connectorManifestSchema.parse(manifest)).toEqual(manifest)
    const connector = builtInConnectors.find((c) => c.platform === manifest.id)!
    expect(connector.label).toBe(manifest.label)
    expect(connector.authKind).toBe(manifest.authKind)
    expect([...connector.capabilities].sort()).toEqual([...manifest.capabilities].sort())
    // Every moderation it offers is a capability, and the OAuth fields exist.
    for (const m of manifest.moderation) expect(manifest.capabilities).toContain(m)
    const names = manifest.connect.fields.map((f) => f.name)
    for (const f of manifest.connect.oauth!.fields) expect(names).toContain(f)
    // Secrets never on the command line: the example passes no secret value as a flag.
    for (const f of manifest.connect.fields.filter((x) => x.secret)) expect(manifest.connect.cliExample).not.toMatch(new RegExp(`--${f.cliFlag}\\s`))
    expect(names).toContain('apiBase')
  })
})

import { describe, expect, it } from 'vitest'
import { facebookConnector, facebookManifest } from '../../../src/main/features/connectors/facebook'
import { instagramConnector, instagramManifest } from '../../../src/main/features/connectors/instagram'
import { connectorManifestSchema } from '../../../src/shared/contract'

describe.each([
  { manifest: facebookManifest, connector: facebookConnector },
  { manifest: instagramManifest, connector: instagramConnector },
])('the $manifest.label manifest', ({ manifest, connector }) => {
  it('is valid data and says what the connector does', () => {
    expect(connectorManifestSchema.parse(manifest)).toEqual(manifest)
    expect(manifest.id).toBe(connector.platform)
    expect(manifest.label).toBe(connector.label)
    expect(manifest.authKind).toBe(connector.authKind)
    expect(new Set(manifest.capabilities)).toEqual(connector.capabilities)
    for (const action of manifest.moderation) expect(manifest.capabilities).toContain(action)
  })

  it('keeps secrets out of argv: every secret field is a password with a file flag, and the sign-in fields exist', () => {
    for (const field of manifest.connect.fields.filter((f) => f.secret)) expect(field.type).toBe('password')
    const names = manifest.connect.fields.map((f) => f.name)
    for (const name of manifest.connect.oauth!.fields) expect(names).toContain(name)
    expect(manifest.connect.cliExample).not.toMatch(/--(app-secret|access-token)\s/)
  })
})

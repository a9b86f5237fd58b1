import { describe, expect, it } from 'vitest'
import { discourseConnector, discourseManifest } from '../../../src/main/features/connectors/discourse'
import { slackConnector, slackManifest } from '../../../src/main/features/connectors/slack'
import type { Connector } from '../../../src/main/model/connector'
import { connectorManifestSchema, type ConnectorManifest } from '../../../src/shared/contract/manifest'

/** Each manifest is valid data and says what its connector does: same id, capabilities, auth and moderation. */
describe.each([
  ['Discourse', discourseManifest, discourseConnector],
  ['Slack', slackManifest, slackConnector],
] as [string, ConnectorManifest, Connector][])('the %s manifest', (_label, manifest, connector) => {
  it('passes the manifest schema', () => {
    expect(connectorManifestSchema.safeParse(manifest).error?.issues ?? []).toEqual([])
  })

  it('matches its connector', () => {
    expect(manifest.id).toBe(connector.platform)
    expect(manifest.label).toBe(connector.label)
    expect(manifest.authKind).toBe(connector.authKind)
    expect([...manifest.capabilities].sort()).toEqual([...connector.capabilities].sort())
    for (const kind of manifest.moderation) expect(connector.capabilities.has(kind), kind).toBe(true)
  })

  it('keeps secrets out of argv: secret fields are passwords, read by the CLI from a file', () => {
    const flags = manifest.connect.fields.map((f) => f.cliFlag)
    expect(new Set(flags).size).toBe(flags.length)
    for (const field of manifest.connect.fields.filter((f) => f.secret)) {
      expect(field.type).toBe('password')
      expect(manifest.connect.cliExample).toContain(`--${field.cliFlag}-file`)
      expect(manifest.connect.cliExample).not.toMatch(new RegExp(`--${field.cliFlag}(\\s|=)`))
    }
  })
})

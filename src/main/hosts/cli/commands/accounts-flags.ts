import type { ConnectField, ConnectorManifest } from '../../../../shared/contract/manifest'
import type { SecretFlag } from '../secret-input'

/**
 * `parley accounts add <platform>`: its flags, required checks, secrets and help, all read from the
 * connector manifests, so a new connector's fields reach the CLI without a line here.
 */

/** The flags that are not channel fields; a manifest may not reuse them. */
export const RESERVED_FLAGS = ['data-dir', 'vault', 'json', 'delete-data', 'oauth', 'help'] as const

/** A secret as the CLI reads it, with the connect field it fills. */
export type SecretField = SecretFlag & { field: string }

/** A secret field as the CLI reads it: --<flag>-file FILE|-, a prompt, or (older scripts) --<flag> VALUE with a warning. */
export function secretFlag(manifest: ConnectorManifest, field: ConnectField): SecretField {
  return { name: field.cliFlag, label: field.cliLabel ?? `${manifest.label} ${field.label.toLowerCase()}`, field: field.name }
}

export const plainFields = (m: ConnectorManifest): ConnectField[] => m.connect.fields.filter((f) => !f.secret)
export const secretFields = (m: ConnectorManifest): ConnectField[] => m.connect.fields.filter((f) => f.secret)

/** Every flag any platform takes, for parseArgs; a secret's value flag only where the manifest still accepts it. */
export function platformOptions(manifests: readonly ConnectorManifest[]): Record<string, { type: 'string' }> {
  const options: Record<string, { type: 'string' }> = {}
  for (const m of manifests) {
    for (const f of plainFields(m)) options[f.cliFlag] = { type: 'string' }
    for (const f of secretFields(m)) {
      options[`${f.cliFlag}-file`] = { type: 'string' }
      if (f.cliValueFlagDeprecated) options[f.cliFlag] = { type: 'string' }
    }
  }
  return options
}

/** The flags one platform takes (both forms of a secret), to refuse another platform's flags by name. */
export function flagsOf(m: ConnectorManifest): Set<string> {
  return new Set(m.connect.fields.flatMap((f) => (f.secret ? [f.cliFlag, `${f.cliFlag}-file`] : [f.cliFlag])))
}

const valueName = (f: ConnectField): string => (f.type === 'url' ? 'URL' : f.cliFlag.toUpperCase().replace(/-/g, '_'))

const usageOf = (f: ConnectField): string => {
  const flag = f.secret ? `--${f.cliFlag}-file FILE|-` : `--${f.cliFlag} ${valueName(f)}`
  return f.required && !f.secret ? flag : `[${flag}]`
}

/** The help of `accounts add`, one block per platform, from the manifests. */
export function addHelp(manifests: readonly ConnectorManifest[]): string {
  const blocks = manifests.map((m) => {
    const lines: string[] = []
    if (m.authKind === 'oauth_pkce' && m.connect.oauth) {
      const needs = m.connect.oauth.fields.map((name) => m.connect.fields.find((f) => f.name === name)).filter((f): f is ConnectField => !!f)
      const when = m.connect.oauth.cliWhenNoSecret ? 'sign in through your browser; also without --oauth when no secret is given' : 'sign in through your browser'
      lines.push(`  parley accounts add ${m.id} ${needs.map(usageOf).join(' ')} --oauth    (${when})`)
    }
    lines.push(`  parley accounts add ${m.id} ${m.connect.fields.map(usageOf).join(' ')}`)
    for (const f of m.connect.fields) if (f.help) lines.push(`      --${f.secret ? `${f.cliFlag}-file` : f.cliFlag}: ${f.help}`)
    lines.push(`      e.g. ${m.connect.cliExample}`)
    return `${m.label} (${m.id}):\n${lines.join('\n')}`
  })
  return blocks.join('\n\n')
}

/** "--token and --app-password still work but warn", from the manifests that still accept a value flag. */
export function deprecatedValueFlags(manifests: readonly ConnectorManifest[]): string[] {
  return [...new Set(manifests.flatMap((m) => secretFields(m).filter((f) => f.cliValueFlagDeprecated).map((f) => `--${f.cliFlag}`)))]
}

/** "a mastodon", "an email": the article for a platform id in a sentence. */
export const aOrAn = (word: string): string => (/^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`)

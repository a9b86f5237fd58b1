import type { ConnectorManifest } from '@shared/contract'

/** What a platform's "Add account" form asks for: the `connect` part of its connector's manifest. */
export type ConnectSpec = ConnectorManifest['connect']
export type { ConnectField } from '@shared/contract'

/** How the platform lets Parley in, in words. */
export const authKindLabels: Record<ConnectorManifest['authKind'], string> = {
  oauth_pkce: 'Sign in through your browser',
  token: 'Access token',
  app_password: 'App password',
  password: 'Password',
  none: 'No sign-in needed',
}

/** The fields to send: trimmed, with empty optional ones left out (the core applies its defaults); only `only` when given. */
export function fieldsToSend(spec: ConnectSpec, values: Record<string, string>, only?: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const field of spec.fields) {
    if (only && !only.includes(field.name)) continue
    const value = (values[field.name] ?? '').trim()
    if (value || field.required) out[field.name] = value
  }
  return out
}

/** Required fields left empty, as { name: message }; only those named in `only` when given. */
export function missingFields(spec: ConnectSpec, values: Record<string, string>, only?: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const field of spec.fields) {
    if (only && !only.includes(field.name)) continue
    if (field.required && !(values[field.name] ?? '').trim()) out[field.name] = `Enter the ${field.label.toLowerCase()}.`
  }
  return out
}

/**
 * A sync stream's name when its connector's manifest does not give one: tidied up ("dm_threads" → "Dm threads").
 * The names people read come from the manifests (stores/platforms.ts, streamLabel).
 */
export function streamLabel(stream: string): string {
  const words = stream.replace(/[_\-.]+/g, ' ').trim()
  return words ? words[0]!.toUpperCase() + words.slice(1) : 'Stream'
}

/** Only these leave the app, and only through the OS (Element desktop does the same). */
const EXTERNAL_PROTOCOLS = new Set(['http:', 'https:', 'mailto:'])

export function externalUrl(raw: string): string | null {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return null
  }
  if (!EXTERNAL_PROTOCOLS.has(url.protocol)) return null
  if (url.protocol !== 'mailto:' && (url.username || url.password)) return null
  return url.toString()
}

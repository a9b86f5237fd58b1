/** Remote URLs are untrusted: only http(s) and mailto may become clickable. */
export function safeUrl(url: string | null | undefined): string | null {
  if (!url) return null
  try {
    const parsed = new URL(url)
    return ['http:', 'https:', 'mailto:'].includes(parsed.protocol) ? parsed.href : null
  } catch {
    return null
  }
}

export function hostOf(url: string): string | null {
  try {
    const parsed = new URL(url)
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.hostname.replace(/^www\./, '') : null
  } catch {
    return null
  }
}

/**
 * True when a link's visible text already tells the truth about where it goes,
 * so we don't repeat the host next to it ("example.com/a" → example.com is fine).
 */
export function textShowsHost(text: string, host: string): boolean {
  const shown = text
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/^www\./, '')
  return shown === host || shown.startsWith(host + '/') || shown.startsWith(host + '?') || shown.startsWith(host + '#')
}

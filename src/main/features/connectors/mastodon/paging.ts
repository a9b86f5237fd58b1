/** Link-header paging and id ordering, the two things Mastodon's lists are built on. */

export interface PageLinks {
  /** Older items (max_id=…). */
  next: string | null
  /** Newer items (min_id=…). */
  prev: string | null
}

/** Parses `<url>; rel="next", <url>; rel="prev"` (RFC 8288, the subset Mastodon sends). */
export function parseLinkHeader(header: string | null): PageLinks {
  const links: PageLinks = { next: null, prev: null }
  if (!header) return links
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>\s*;(.*)$/.exec(part)
    if (!match) continue
    const rel = /\brel\s*=\s*"?([^";]+)"?/i.exec(match[2]!)?.[1]?.trim().toLowerCase().split(/\s+/) ?? []
    if (rel.includes('next')) links.next = match[1]!
    if (rel.includes('prev') || rel.includes('previous')) links.prev = match[1]!
  }
  return links
}

/**
 * Keeps only the path and query of a Link target and checks it is the list we
 * asked for. The bearer token is sent with the follow-up request, so a Link
 * pointing at another host or endpoint must never be followed as given.
 */
export function linkTarget(link: string | null, expectedPath: string): string | null {
  if (!link) return null
  let url: URL
  try {
    url = new URL(link, 'https://placeholder.invalid')
  } catch {
    return null
  }
  if (url.pathname !== expectedPath) return null
  return `${url.pathname}${url.search}`
}

/**
 * Orders two opaque ids. Mastodon's are decimal snowflakes (compared by length
 * then digits, never cast to a number); Akkoma's flake ids and GoToSocial's
 * ULIDs sort as plain strings. Only used to notice a server going backwards.
 */
export function compareIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) {
    const x = a.replace(/^0+(?=\d)/, '')
    const y = b.replace(/^0+(?=\d)/, '')
    if (x.length !== y.length) return x.length - y.length
  }
  return a < b ? -1 : a > b ? 1 : 0
}

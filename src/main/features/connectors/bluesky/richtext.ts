import { RichText, type Facet } from '@atproto/api'

const FEATURE_TYPES = new Set(['app.bsky.richtext.facet#link', 'app.bsky.richtext.facet#mention', 'app.bsky.richtext.facet#tag'])

/**
 * Facets from the network are untrusted: keep only those with integer byte
 * offsets inside the text and known features, so RichText cannot throw on them.
 */
export function sanitiseFacets(text: string, raw: unknown): Facet[] {
  if (!Array.isArray(raw)) return []
  const bytes = Buffer.byteLength(text, 'utf8')
  const out: Facet[] = []
  for (const facet of raw as unknown[]) {
    if (typeof facet !== 'object' || facet === null) continue
    const { index, features } = facet as { index?: { byteStart?: unknown; byteEnd?: unknown }; features?: unknown }
    const start = index?.byteStart
    const end = index?.byteEnd
    if (!Number.isInteger(start) || !Number.isInteger(end) || (start as number) < 0 || (end as number) > bytes || (start as number) >= (end as number)) continue
    if (!Array.isArray(features)) continue
    const kept = features.filter((f): f is Facet['features'][number] => typeof f === 'object' && f !== null && FEATURE_TYPES.has(String((f as { $type?: unknown }).$type)))
    if (kept.length) out.push({ index: { byteStart: start as number, byteEnd: end as number }, features: kept })
  }
  return out
}

function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

function textHtml(value: string): string {
  return escapeHtml(value).replace(/\r?\n/g, '<br>')
}

function safeLink(uri: unknown): string | null {
  if (typeof uri !== 'string') return null
  try {
    const url = new URL(uri)
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : null
  } catch {
    return null
  }
}

/**
 * Bluesky text is plain; facets (UTF-8 byte ranges) mark links, mentions and
 * tags. Builds HTML from the segments, escaping the text itself (a literal
 * "<script>" in a post is text, not markup). Null when there are no facets.
 */
export function facetsToHtml(text: string, rawFacets: unknown): string | null {
  const facets = sanitiseFacets(text, rawFacets)
  if (!facets.length) return null
  const rt = new RichText({ text, facets })
  let html = ''
  for (const segment of rt.segments()) {
    const link = segment.link ? safeLink(segment.link.uri) : null
    const mention = segment.mention?.did
    const tag = segment.tag?.tag
    if (link) html += `<a href="${escapeHtml(link)}">${textHtml(segment.text)}</a>`
    else if (typeof mention === 'string' && mention.startsWith('did:')) html += `<a href="https://bsky.app/profile/${escapeHtml(encodeURIComponent(mention))}">${textHtml(segment.text)}</a>`
    else if (typeof tag === 'string' && tag) html += `<a href="https://bsky.app/hashtag/${escapeHtml(encodeURIComponent(tag))}">${textHtml(segment.text)}</a>`
    else html += textHtml(segment.text)
  }
  return html
}

/**
 * Facets for a reply we post: links and tags as RichText finds them, mentions
 * only when the handle resolves to a DID (an unresolved mention stays plain
 * text rather than an invalid facet).
 */
export async function detectFacets(text: string, resolveHandle: (handle: string) => Promise<string | null>): Promise<Facet[]> {
  const rt = new RichText({ text })
  rt.detectFacetsWithoutResolution()
  const out: Facet[] = []
  for (const facet of rt.facets ?? []) {
    const features: Facet['features'] = []
    for (const feature of facet.features) {
      if (feature.$type === 'app.bsky.richtext.facet#mention') {
        const did = await resolveHandle(String((feature as { did: string }).did))
        if (did) features.push({ ...feature, did } as Facet['features'][number])
      } else {
        features.push(feature)
      }
    }
    if (features.length) out.push({ ...facet, features })
  }
  return out
}

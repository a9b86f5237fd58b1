import type { IncomingMessage } from 'node:http'

export const MAX_BODY = 1024 * 1024
/** Past this much, Parley stops reading a refused body and closes the connection instead. */
const MAX_DRAIN = 16 * MAX_BODY
/** Contract inputs are a few levels deep; anything far deeper is not a call and could exhaust the stack later on. */
export const MAX_JSON_DEPTH = 64

export type Body = { kind: 'ok'; text: string } | { kind: 'too_large'; drained: boolean } | { kind: 'failed' }

/**
 * Reads a request body up to MAX_BODY. A larger body is read to its end and discarded (up to
 * MAX_DRAIN), so the 413 reaches the client instead of a TCP reset from unread data.
 */
export function readBody(req: IncomingMessage): Promise<Body> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length'])
    if (Number.isFinite(declared) && declared > MAX_DRAIN) {
      resolve({ kind: 'too_large', drained: false })
      return
    }
    let size = 0
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_DRAIN) {
        req.removeAllListeners('data')
        req.pause()
        resolve({ kind: 'too_large', drained: false })
        return
      }
      if (size <= MAX_BODY) chunks.push(chunk)
    })
    req.on('end', () => resolve(size > MAX_BODY ? { kind: 'too_large', drained: true } : { kind: 'ok', text: Buffer.concat(chunks).toString('utf8') }))
    req.on('error', () => resolve({ kind: 'failed' }))
    req.on('aborted', () => resolve({ kind: 'failed' }))
  })
}

/** True when JSON text nests objects or arrays deeper than `max` (strings are skipped, escapes respected). */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 92) i++ // backslash: skip the escaped character
      else if (c === 34) inString = false
      continue
    }
    if (c === 34) inString = true
    else if (c === 123 || c === 91) {
      if (++depth > max) return true
    } else if (c === 125 || c === 93) depth--
  }
  return false
}

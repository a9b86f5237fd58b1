import { connect } from 'node:net'

export interface RawReply {
  /** Everything the server sent before the connection ended. */
  text: string
  /** The status code of the first response, or null when nothing parseable came back. */
  status: number | null
  /** How the connection ended: closed by either side after the reply, or reset. */
  ended: 'closed' | 'reset' | 'stalled'
}

/**
 * Sends bytes over a plain TCP connection, half-closes it, and collects the reply until the
 * server closes. `stallMs` only guards the test from hanging forever on a server that never answers.
 */
export function rawRequest(port: number, data: string | Buffer, options: { stallMs?: number; halfClose?: boolean } = {}): Promise<RawReply> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port })
    const chunks: Buffer[] = []
    let settled = false
    const finish = (ended: RawReply['ended']): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      const text = Buffer.concat(chunks).toString('latin1')
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(text)
      resolve({ text, status: match ? Number(match[1]) : null, ended })
    }
    const timer = setTimeout(() => finish('stalled'), options.stallMs ?? 10_000)
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    socket.on('error', (error: NodeJS.ErrnoException) => finish(error.code === 'ECONNRESET' || error.code === 'EPIPE' ? 'reset' : 'closed'))
    socket.on('close', () => finish('closed'))
    socket.on('connect', () => {
      socket.write(data)
      if (options.halfClose ?? true) socket.end()
    })
  })
}

/** A GET with the usual headers; `extra` lines are appended verbatim. */
export function getRequest(port: number, path: string, extra: string[] = []): string {
  return [`GET ${path} HTTP/1.1`, `Host: 127.0.0.1:${port}`, 'Connection: close', ...extra, '', ''].join('\r\n')
}

/** A WebSocket upgrade request for the event stream. */
export function upgradeRequest(port: number, path: string, extra: string[] = []): string {
  return [
    `GET ${path} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    'Connection: Upgrade',
    'Upgrade: websocket',
    'Sec-WebSocket-Version: 13',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    ...extra,
    '',
    '',
  ].join('\r\n')
}

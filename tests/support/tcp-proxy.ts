import { createServer, Socket, type Server } from 'node:net'

/**
 * A loopback TCP proxy in front of a real server, to cut the line: `setDown(true)` stops listening
 * (connections are refused, as with no route) and drops open ones; `cutAfter(n)` drops a connection
 * once the server has sent n more bytes; `cutAnswerTo(marker)` drops a connection as the server answers
 * the client's bytes that end with marker (an SMTP submission's final "\r\n.\r\n"): the server has
 * them all, the client never hears back.
 */
export interface TcpProxy {
  port: number
  down: boolean
  setDown(down: boolean): Promise<void>
  cutAfter(bytes: number | null): void
  cutAnswerTo(marker: string | null): void
  close(): Promise<void>
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const open = new Set<Socket>()
  let budget: number | null = null
  let marker: string | null = null
  const proxy: TcpProxy = {
    port: 0,
    down: false,
    cutAfter(bytes) {
      budget = bytes
    },
    cutAnswerTo(m) {
      marker = m
    },
    async setDown(down) {
      if (down === proxy.down) return
      proxy.down = down
      if (down) {
        for (const sock of open) sock.destroy()
        await new Promise<void>((resolve) => server.close(() => resolve()))
      } else {
        await new Promise<void>((resolve) => server.listen(proxy.port, '127.0.0.1', resolve))
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const sock of open) sock.destroy()
        if (proxy.down) resolve()
        else server.close(() => resolve())
      }),
  }
  const server: Server = createServer((client) => {
    if (proxy.down) return void client.destroy()
    const upstream = new Socket()
    open.add(client)
    open.add(upstream)
    const drop = (): void => {
      client.destroy()
      upstream.destroy()
      open.delete(client)
      open.delete(upstream)
    }
    client.on('error', drop).on('close', drop)
    upstream.on('error', drop).on('close', drop)
    upstream.connect(targetPort, '127.0.0.1')
    let cutNextAnswer = false
    let tail = ''
    client.on('data', (d: Buffer) => {
      if (proxy.down) return drop()
      if (marker !== null) {
        tail = (tail + d.toString('latin1')).slice(-marker.length)
        if (tail === marker) {
          marker = null
          cutNextAnswer = true
        }
      }
      upstream.write(d)
    })
    upstream.on('data', (d: Buffer) => {
      if (proxy.down || cutNextAnswer) return drop()
      if (budget !== null) {
        if (d.length >= budget) {
          budget = null
          return drop()
        }
        budget -= d.length
      }
      client.write(d)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  proxy.port = (server.address() as { port: number }).port
  return proxy
}

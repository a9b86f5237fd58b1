import { startFakeServer, type FakeServer } from '../../src/main/features/connectors/testing/fake-http'

/**
 * A recording HTTP proxy on loopback in front of a real server (Synapse): it gives a real server
 * what every fake has for free, the request log and the shared fault layer (testing/faults.ts),
 * whose faults that spoil an answer run this route first, so the real server did act.
 */
export async function startHttpProxy(target: string): Promise<FakeServer> {
  return startFakeServer(async (req, res) => {
    const query = req.query.toString()
    const headers: Record<string, string> = {}
    for (const name of ['authorization', 'content-type', 'accept']) {
      const value = req.headers[name]
      if (typeof value === 'string') headers[name] = value
    }
    const upstream = await fetch(`${target}${req.path}${query ? `?${query}` : ''}`, {
      method: req.method,
      headers,
      body: req.method === 'GET' || req.method === 'HEAD' ? undefined : req.body,
    })
    const body = Buffer.from(await upstream.arrayBuffer())
    const out: Record<string, string> = { 'Content-Type': upstream.headers.get('content-type') ?? 'application/json' }
    const retryAfter = upstream.headers.get('retry-after')
    if (retryAfter) out['Retry-After'] = retryAfter
    res.writeHead(upstream.status, out)
    res.end(body)
  })
}

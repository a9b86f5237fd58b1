import pg from 'pg'
import { OPS_CHANNEL } from './ops'

const RECONNECT_MS = 1_000

/**
 * One dedicated connection per service instance that LISTENs for committed pushes (advanceTeamAndNotify),
 * whichever instance made them, so this instance can answer its waiting long-polls at once. A dropped
 * connection is replaced; while it is away `connected` is false and waiters check the log on their own.
 */
export class OpsListener {
  private client: pg.Client | null = null
  private closed = false
  private retry: ReturnType<typeof setTimeout> | null = null

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly onOps: (teamId: string, lastSeq: number) => void,
    /** The connection came back: something may have committed unheard, so every waiter looks again. */
    private readonly onReconnect: () => void,
  ) {}

  get connected(): boolean {
    return this.client !== null
  }

  async start(): Promise<void> {
    const client = new pg.Client(this.config)
    client.on('error', () => this.lost(client))
    client.on('end', () => this.lost(client))
    client.on('notification', (n) => {
      if (n.channel !== OPS_CHANNEL || !n.payload) return
      const [teamId, seq] = n.payload.split(' ')
      if (teamId && seq) this.onOps(teamId, Number(seq))
    })
    try {
      await client.connect()
      await client.query(`LISTEN ${OPS_CHANNEL}`)
    } catch (error) {
      await client.end().catch(() => undefined)
      throw error
    }
    if (this.closed) return void (await client.end().catch(() => undefined))
    this.client = client
    this.onReconnect()
  }

  async close(): Promise<void> {
    this.closed = true
    if (this.retry) clearTimeout(this.retry)
    const client = this.client
    this.client = null
    await client?.end().catch(() => undefined)
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return
    this.client = null
    client.end().catch(() => undefined)
    this.onReconnect()
    this.reconnectSoon()
  }

  private reconnectSoon(): void {
    if (this.closed || this.retry) return
    this.retry = setTimeout(() => {
      this.retry = null
      this.start().catch(() => this.reconnectSoon())
    }, RECONNECT_MS)
    this.retry.unref?.()
  }
}

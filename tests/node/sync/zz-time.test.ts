import { it } from 'vitest'
import { feedConnector } from '../../../src/main/connectors/feed'
import { FEED_PATHS, startFeedFake } from '../../../src/main/connectors/feed/fake-server'
import { syncWorkspace } from '../../support/sync-workspace'
it('time', async () => {
  const fake = await startFeedFake({ windowSize: 30000 })
  fake.addGenerated(25000, Date.now() - 60000)
  const ws = syncWorkspace({ connectors: [feedConnector] })
  let t = performance.now()
  await ws.core.accounts.add('feed', { url: `${fake.url}${FEED_PATHS.rss}` })
  console.log('CONNECT', performance.now() - t)
  t = performance.now()
  let maxGap = 0, last = performance.now()
  const iv = setInterval(() => { const n = performance.now(); maxGap = Math.max(maxGap, n - last); last = n }, 5)
  await ws.core.sync.runDue()
  clearInterval(iv)
  console.log('POLL', performance.now() - t, 'MAXGAP', maxGap)
  await ws.cleanup(); await fake.close()
}, 120000)

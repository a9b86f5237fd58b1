/**
 * One simulated laptop of the team benchmark, as its own process (forked by team.ts): it makes an op
 * every `opEveryMs`, and every `intervalMs` pushes what waits and pulls what is new, as a joined
 * workspace's sync round does. For every op of another laptop it pulls it notes how long after its
 * making it became visible here. The figures go back to the parent over IPC.
 */
import { randomUUID } from 'node:crypto'
import { TeamClient } from '../../src/main/features/team/client'
import type { TeamOp } from '../../src/main/model/team-op'

interface Task {
  url: string
  memberId: string
  key: string
  profile: string
  intervalMs: number
  opEveryMs: number
  durationMs: number
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
const hlc = (ms: number, counter: number, node: string): string => `${String(ms).padStart(15, '0')}:${String(counter).padStart(5, '0')}:${node}`

async function run(task: Task): Promise<void> {
  const client = new TeamClient(task.url, task.memberId, Buffer.from(task.key, 'base64url'))
  const waiting: TeamOp[] = []
  const visibleAfterMs: number[] = []
  let after = (await client.pull(0, 1)).lastSeq
  let counter = 0
  let stop = false
  const maker = (async () => {
    // Spread the laptops' ops over the interval rather than all at once.
    await sleep(Math.random() * task.opEveryMs)
    while (!stop) {
      const at = Date.now()
      waiting.push({ id: randomUUID(), hlc: hlc(at, counter++, task.memberId.slice(0, 8)), profile: task.profile, operation: 'bench.ping', input: { madeAt: at }, entities: [], baseSeq: after })
      await sleep(task.opEveryMs)
    }
  })()
  const deadline = Date.now() + task.durationMs
  await sleep(Math.random() * task.intervalMs)
  while (Date.now() < deadline) {
    const round = Date.now()
    if (waiting.length) await client.push(waiting.splice(0, waiting.length))
    for (;;) {
      const { ops, lastSeq } = await client.pull(after, 1_000)
      const now = Date.now()
      for (const op of ops) {
        if (op.memberId !== task.memberId && op.operation === 'bench.ping') visibleAfterMs.push(now - (op.input as { madeAt: number }).madeAt)
      }
      if (ops.length) after = ops[ops.length - 1]!.seq
      if (ops.length === 0 || after >= lastSeq) break
    }
    await sleep(Math.max(0, task.intervalMs - (Date.now() - round)))
  }
  stop = true
  await maker
  process.send!({ visibleAfterMs })
}

process.once('message', (task: Task) => {
  run(task).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`team laptop failed: ${error instanceof Error ? error.message : String(error)}\n`)
      process.exit(1)
    },
  )
})

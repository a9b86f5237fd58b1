/**
 * One simulated laptop of the team benchmark, as its own process (forked by team.ts): it makes an op
 * every `opEveryMs`. With `intervalMs` 0 it follows the shipped schedule (team-schedule.ts): a push
 * TEAM_PUSH_DEBOUNCE_MS after each op, and a long-poll whose answer is the round's first page (the
 * member list once a minute); otherwise every `intervalMs` it pushes what waits and pulls what is new (a service without
 * long-polls). For every op of another laptop it pulls it notes how long after its making it became
 * visible here. The figures go back to the parent over IPC.
 */
import { randomUUID } from 'node:crypto'
import { TeamClient } from '../../src/main/features/team/client'
import { TEAM_LONG_POLL_SECONDS, TEAM_PUSH_DEBOUNCE_MS } from '../../src/main/features/team/team-schedule'
import type { PulledOp, TeamOp } from '../../src/main/model/team-op'

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
  const longPoll = task.intervalMs === 0
  let pushing: Promise<void> | null = null
  const pushSoon = (): void => {
    if (pushing) return
    pushing = sleep(TEAM_PUSH_DEBOUNCE_MS)
      .then(async () => {
        while (waiting.length) await client.push(waiting.splice(0, waiting.length))
      })
      .finally(() => (pushing = null))
  }
  const maker = (async () => {
    // Spread the laptops' ops over the interval rather than all at once.
    await sleep(Math.random() * task.opEveryMs)
    while (!stop) {
      const at = Date.now()
      waiting.push({ id: randomUUID(), hlc: hlc(at, counter++, task.memberId.slice(0, 8)), profile: task.profile, operation: 'bench.ping', input: { madeAt: at }, entities: [], baseSeq: after })
      if (longPoll) pushSoon()
      await sleep(task.opEveryMs)
    }
  })()
  const seen = (ops: PulledOp[]): void => {
    const now = Date.now()
    for (const op of ops) {
      if (op.memberId !== task.memberId && op.operation === 'bench.ping') visibleAfterMs.push(now - (op.input as { madeAt: number }).madeAt)
    }
    if (ops.length) after = ops[ops.length - 1]!.seq
  }
  const pullAll = async (): Promise<void> => {
    for (;;) {
      const { ops, lastSeq } = await client.pull(after, 1_000)
      seen(ops)
      if (ops.length === 0 || after >= lastSeq) break
    }
  }
  const deadline = Date.now() + task.durationMs
  if (longPoll) {
    // As the app's schedule: a round, then a long-poll whose answer is the next round's first page;
    // the member list once a minute (these laptops know every member).
    const poll = new AbortController()
    const timer = setTimeout(() => poll.abort(), task.durationMs)
    let membersAt = 0
    await pullAll()
    while (Date.now() < deadline) {
      if (Date.now() - membersAt >= 60_000) {
        await client.members()
        membersAt = Date.now()
      }
      try {
        const page = await client.waitForOps(after, 1_000, TEAM_LONG_POLL_SECONDS, poll.signal)
        seen(page.ops)
        if (page.ops.length > 0 && after < page.lastSeq) await pullAll()
      } catch (error) {
        if (!poll.signal.aborted) throw error
      }
    }
    clearTimeout(timer)
  } else {
    await sleep(Math.random() * task.intervalMs)
    while (Date.now() < deadline) {
      const round = Date.now()
      if (waiting.length) await client.push(waiting.splice(0, waiting.length))
      await pullAll()
      await sleep(Math.max(0, task.intervalMs - (Date.now() - round)))
    }
  }
  stop = true
  await maker
  await pushing
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

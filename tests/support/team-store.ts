import { randomUUID } from 'node:crypto'
import { TeamService } from '../../src/main/features/team/service'
import type { MemberRow } from '../../src/main/store/team-postgres/members'
import type { Role, TeamOp } from '../../src/main/model/team-op'
import type { PostgresCluster } from './postgres'

/** A team on a fresh database of the throwaway cluster: an admin, and members joined by invite codes. */
export interface TestTeam {
  service: TeamService
  url: string
  admin: MemberRow
  join(name: string, role: Role): Promise<MemberRow>
}

let counter = 0
// Fixed test keys: deriving with scrypt for every member would only slow the tests down.
export const testKey = (n: number): Buffer => Buffer.alloc(32, n)

export async function openTestTeam(cluster: PostgresCluster, label = 'team'): Promise<TestTeam> {
  const url = await cluster.createDatabase(`${label}_${process.pid}_${++counter}`)
  const service = await TeamService.open(url)
  const { member: admin } = await service.createTeam({ name: 'Brand support', memberId: randomUUID(), memberName: 'Ada', profile: 'ada', key: testKey(1) })
  let keys = 1
  return {
    service,
    url,
    admin,
    async join(name, role) {
      const code = await service.invite(admin, role, name)
      const { member } = await service.join({ code, memberId: randomUUID(), profile: name.toLowerCase(), key: testKey(++keys) })
      return member
    },
  }
}

let wall = 1_000_000
/** An op as a laptop would record it; the clock only moves forward unless one is given. */
export function op(member: MemberRow, operation: string, input: unknown, extra: Partial<TeamOp> = {}): TeamOp {
  return { id: randomUUID(), hlc: hlcAt(++wall), profile: member.profile, operation, input, entities: [], baseSeq: 0, ...extra }
}

export const hlcAt = (ms: number, counter = 0, node = 'test'): string => `${String(ms).padStart(15, '0')}:${String(counter).padStart(5, '0')}:${node}`

import { z } from 'zod'

const empty = z.object({}).strict()

/**
 * Where this laptop stands with its team, for the top bar: 'local' (not in a team), 'syncing',
 * 'synced' (the last round reached the team service) or 'offline' (it did not; changes wait here).
 */
export const teamSyncSchema = z.object({
  state: z.enum(['local', 'syncing', 'synced', 'offline']),
  /** Local changes not yet shared with the team. */
  unpushed: z.number().int(),
  lastSyncAt: z.number().nullable(),
  /** Why the last round failed, in plain words. */
  problem: z.string().nullable(),
})
export type TeamSync = z.infer<typeof teamSyncSchema>

export const teamStatusSchema = z.object({
  sync: teamSyncSchema,
  /** Null before this workspace joins a team. */
  team: z
    .object({
      name: z.string(),
      serverUrl: z.string(),
      memberName: z.string(),
      role: z.string(),
      device: z.string(),
    })
    .nullable(),
  members: z.array(z.object({ name: z.string(), role: z.string() })),
  /** Who polls which stream now; null when the team service could not be asked. */
  pollLeases: z.array(z.object({ channelAccount: z.string(), stream: z.string(), holder: z.string(), device: z.string(), expiresAt: z.string() })).nullable(),
  /** This laptop's recent changes the team decided against (an approval already decided by someone else). */
  contested: z.array(z.object({ operation: z.string(), outcome: z.string(), message: z.string().nullable() })),
})
export type TeamStatus = z.infer<typeof teamStatusSchema>

/** Operations of the team store. Spread into `operations`; names go in names-team.ts. */
export const teamOperations = {
  /** The cheap part, for the top bar. */
  'team.sync': { input: empty, output: teamSyncSchema },
  /** Settings → Team: members, last sync, changes waiting, poll leases. */
  'team.status': { input: empty, output: teamStatusSchema },
  /** Joins this workspace to a team with an admin's one-time code, as the acting profile. */
  'team.join': {
    input: z
      .object({
        serverUrl: z
          .string()
          .max(500, 'That address is too long for a team service.')
          .trim()
          .refine((v) => /^https?:\/\/\S+$/.test(v) && URL.canParse(v), 'The team service address starts with http:// or https://.'),
        code: z.string().max(200, 'That is longer than a join code.').trim().min(4, 'Paste the join code your admin gave you.'),
        passphrase: z.string().min(8, 'A team passphrase has at least 8 characters.').max(1_000),
      })
      .strict(),
    output: teamStatusSchema,
  },
  /** Shares and receives now instead of waiting for the next round. */
  'team.syncNow': { input: empty, output: teamSyncSchema },
  /** An admin's one-time join code for a new member (the team service checks the role); valid for 7 days. */
  'team.invite': {
    input: z
      .object({
        name: z.string().max(200, 'That name is too long.').trim().min(1, 'Name the person you are inviting.'),
        role: z.enum(['agent', 'supervisor', 'admin']),
      })
      .strict(),
    output: z.object({ code: z.string() }),
  },
  /** An admin removes a member: their laptops stop syncing, their leases pass on. Answers the team's status after. */
  'team.removeMember': {
    input: z.object({ name: z.string().max(200, 'That name is too long.').trim().min(1, 'Name the member to remove.') }).strict(),
    output: teamStatusSchema,
  },
} as const

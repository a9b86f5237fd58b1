/** Operation names of the team store on this laptop. Zod-free (the preload imports it). */
export const teamOperationNames = ['team.sync', 'team.status', 'team.join', 'team.syncNow', 'team.invite', 'team.removeMember'] as const

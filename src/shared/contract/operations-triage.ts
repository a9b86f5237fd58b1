/** Operations of #6 triage: status, snooze, assignment, tags, notes, activity, bulk, read state. Spread into \`operations\`; names go in names-triage.ts. */
export const triageOperations = {} as const

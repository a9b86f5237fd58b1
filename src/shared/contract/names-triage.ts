/** Operation names of #6 triage: status, snooze, assignment, tags, notes, activity, bulk, read state. Zod-free (the preload imports it). */
export const triageOperationNames = [] as const

/** Operation names of triage: status, snooze, assignment, tags, notes, activity, bulk, read state. Zod-free (the preload imports it). */
export const triageOperationNames = [
  'conversations.setStatus',
  'conversations.assign',
  'conversations.addTags',
  'conversations.removeTags',
  'conversations.markReadMany',
  'tags.list',
  'tags.create',
  'tags.update',
  'tags.merge',
  'tags.delete',
  'notes.add',
] as const

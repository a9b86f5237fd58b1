/** Operation names of integrity, backups, restore. Zod-free (the preload imports it). */
export const systemOperationNames = [
  'system.status',
  'system.integrityCheck',
  'system.backups',
  'system.backupNow',
  'system.restoreLatest',
] as const

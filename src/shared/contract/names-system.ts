/** Operation names of #10 integrity, backups, restore. Zod-free (the preload imports it). */
export const systemOperationNames = [] as const

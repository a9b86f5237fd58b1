/** Operation names of #8 weekly summaries and exports. Zod-free (the preload imports it). */
export const reportsOperationNames = [] as const

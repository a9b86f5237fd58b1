/** Operation names of weekly summaries and exports. Zod-free (the preload imports it). */
export const reportsOperationNames = ['reports.weekly', 'reports.export', 'reports.drill', 'reports.getSettings', 'reports.setSettings'] as const

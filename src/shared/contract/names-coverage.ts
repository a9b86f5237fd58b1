/** Operation names of coverage (what each stream has covered, its gaps, silence alarms). Zod-free (the preload imports it). */
export const coverageOperationNames = ['coverage.list', 'coverage.alerts', 'coverage.acknowledge', 'coverage.getSettings', 'coverage.setSettings'] as const

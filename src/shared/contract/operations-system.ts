/** Operations of #10 integrity, backups, restore. Spread into \`operations\`; names go in names-system.ts. */
export const systemOperations = {} as const

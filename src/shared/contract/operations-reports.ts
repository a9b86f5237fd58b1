/** Operations of #8 weekly summaries and exports. Spread into \`operations\`; names go in names-reports.ts. */
export const reportsOperations = {} as const

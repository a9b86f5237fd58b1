/** Operations of #7 tracked topics, rules, moderation, sentiment, spam. Spread into \`operations\`; names go in names-listening.ts. */
export const listeningOperations = {} as const

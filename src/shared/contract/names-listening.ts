/** Operation names of #7 tracked topics, rules, moderation, sentiment, spam. Zod-free (the preload imports it). */
export const listeningOperationNames = [] as const

/** Operation names of the per-conversation export and the reply facts. Zod-free (the preload imports it). */
export const exportOperationNames = ['conversations.export', 'replies.facts'] as const

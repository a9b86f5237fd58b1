/** Operation names of the per-conversation export and the reply facts. Zod-free (the preload imports it). */
export const exportOperationNames = ['conversations.export', 'messages.attachment', 'replies.facts'] as const

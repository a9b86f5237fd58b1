/** Operation names of #6 contacts, saved views, canned replies, presence (collision). Zod-free (the preload imports it). */
export const peopleOperationNames = [] as const

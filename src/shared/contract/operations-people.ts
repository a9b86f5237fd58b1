/** Operations of #6 contacts, saved views, canned replies, presence (collision). Spread into \`operations\`; names go in names-people.ts. */
export const peopleOperations = {} as const

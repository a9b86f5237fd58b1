/** Kept apart from chat.ts so error classification does not load the mapping code (and @atproto/api). */
export const DM_ACCESS_MESSAGE = "This app password cannot read direct messages. Create one with 'Allow access to your direct messages' to include DMs."

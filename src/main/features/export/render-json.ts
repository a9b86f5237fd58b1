import type { ConversationExport } from '../../../shared/contract'

/** The export as JSON, the shape of conversationExportSchema (docs/export-conversation.md). */
export const renderConversationJson = (doc: ConversationExport): string => `${JSON.stringify(doc, null, 2)}\n`

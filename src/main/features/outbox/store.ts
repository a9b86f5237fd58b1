/** Moved to store/outbox.ts (repositories own all SQL); re-exported for the importers outside this folder. */
export { OutboxStore, toItem, type OutboxRecord } from '../../store/outbox'

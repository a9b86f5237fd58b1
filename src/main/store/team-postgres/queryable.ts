import type { PoolClient } from 'pg'

/** A connection inside a transaction (or the pool itself for single statements). */
export type Queryable = Pick<PoolClient, 'query'>

import type { OperationName, OperationOutput, OperationParsedInput } from '../../shared/contract'

/** One operation's handler: gets the validated input, returns (or resolves to) the contract's output. */
export type Handler<N extends OperationName> = (input: OperationParsedInput<N>) => OperationOutput<N> | Promise<OperationOutput<N>>

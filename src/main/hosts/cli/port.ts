import { ParleyError } from '../../../shared/contract'
import { UsageError } from './output'

/** --port: digits only (Number() would take "0x50" as port 80 and "1e3" as 1000), 0 for a free port. */
export function parsePort(value: string | undefined): number {
  if (value === undefined) return 0
  const port = /^\d{1,5}$/.test(value) ? Number(value) : NaN
  if (!Number.isInteger(port) || port > 65535) {
    throw new UsageError(`--port must be a whole number from 0 to 65535 written in digits (0 takes a free port), not "${value}".`)
  }
  return port
}

/** A plain sentence for a port the server cannot listen on; null for any other error. */
export function portProblem(error: unknown, host: string, port: number): ParleyError | null {
  const code = (error as NodeJS.ErrnoException | null)?.code
  if (code === 'EADDRINUSE') {
    return new ParleyError(
      'unavailable',
      `Port ${port} on ${host} is already in use by another program (or another Parley). ` +
        'Choose another with --port N, or leave --port out to take a free one.',
    )
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new ParleyError(
      'unavailable',
      `This user may not listen on port ${port} on ${host} (ports below 1024 need administrator rights). ` +
        'Choose a port from 1024 to 65535 with --port N, or leave --port out to take a free one.',
    )
  }
  if (code === 'EADDRNOTAVAIL') {
    return new ParleyError('unavailable', `${host} is not an address of this machine. Choose one of its addresses with --host, or leave --host out.`)
  }
  return null
}

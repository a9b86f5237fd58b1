/** CLI output: results on stdout, progress and errors on stderr, so --json stays parseable. */
export const out = (line: string): void => {
  process.stdout.write(`${line}\n`)
}

export const err = (line: string): void => {
  process.stderr.write(`${line}\n`)
}

export class UsageError extends Error {}

/** A progress line that rewrites itself on a terminal and prints sparingly elsewhere. */
export function progressPrinter(label: string): (done: number, total: number) => void {
  let lastPercent = -1
  return (done, total) => {
    const percent = total ? Math.floor((done / total) * 100) : 100
    if (percent === lastPercent) return
    lastPercent = percent
    const text = `${label}: ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} (${percent}%)`
    if (process.stderr.isTTY) process.stderr.write(`\r${text}${done >= total ? '\n' : ''}`)
    else if (percent % 10 === 0 || done >= total) err(text)
  }
}

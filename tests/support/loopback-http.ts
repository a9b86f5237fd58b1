import { mkdirSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'

export interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** One plain HTTP request to 127.0.0.1 (node:http, so any Host or Origin header can be sent as it is). */
export function send(port: number, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: init.method ?? 'GET', headers: init.headers }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end(init.body)
  })
}

/** A stand-in for the built renderer: a folder with an index.html, for browser mode to serve. */
export function placeholderRenderer(dir: string): string {
  const rendererDir = join(dir, 'renderer')
  mkdirSync(rendererDir)
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Parley</title>')
  return rendererDir
}

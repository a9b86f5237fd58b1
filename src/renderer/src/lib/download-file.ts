/** A file the core made (text, or base64 for binary formats such as PDF). */
export interface CoreFile {
  name: string
  mediaType: string
  encoding: 'utf8' | 'base64'
  content: string
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const bin = atob(text)
  const bytes = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i)
  return bytes
}

/**
 * Hands a file to the browser as a download: the renderer cannot write to disk, in browser mode or in
 * Electron (whose shell asks where to save with the system's dialog).
 */
export function downloadFile(file: CoreFile): void {
  const content = file.encoding === 'base64' ? fromBase64(file.content) : file.content
  const url = URL.createObjectURL(new Blob([content], { type: file.mediaType }))
  const link = document.createElement('a')
  link.href = url
  link.download = file.name
  link.rel = 'noopener'
  link.hidden = true
  document.body.append(link)
  try {
    link.click()
  } finally {
    link.remove()
    // Revoke on a later turn: the click has started the download by then.
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
  }
}

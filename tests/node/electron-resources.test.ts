import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { builderSection } from '../support/builder-yml'

/** The icons electron-builder packs and the tray shows, read back from their headers (scripts/icons.mjs writes them). */
const resources = join(import.meta.dirname, '..', '..', 'resources')

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
/** Width and height from a PNG's IHDR chunk, which always comes first. */
function pngSize(file: string): { width: number; height: number } {
  const data = readFileSync(join(resources, file))
  expect(data.subarray(0, 8).equals(PNG_SIGNATURE), `${file} is a PNG`).toBe(true)
  expect(data.subarray(12, 16).toString('latin1')).toBe('IHDR')
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) }
}

/** The element types an .icns holds ('ic10' is 1024 px, 'ic09' 512 px, 'is32' 16 px…). */
function icnsTypes(file: string): string[] {
  const data = readFileSync(join(resources, file))
  expect(data.subarray(0, 4).toString('latin1')).toBe('icns')
  expect(data.readUInt32BE(4)).toBe(data.length)
  const types: string[] = []
  for (let offset = 8; offset < data.length; offset += data.readUInt32BE(offset + 4)) types.push(data.subarray(offset, offset + 4).toString('latin1'))
  return types
}

/** The square sizes an .ico holds (a width byte of 0 means 256). */
function icoSizes(file: string): number[] {
  const data = readFileSync(join(resources, file))
  expect(data.readUInt16LE(0)).toBe(0)
  expect(data.readUInt16LE(2)).toBe(1)
  const sizes: number[] = []
  for (let i = 0; i < data.readUInt16LE(4); i++) {
    const [width, height] = [data[6 + 16 * i]!, data[7 + 16 * i]!]
    expect(width).toBe(height)
    sizes.push(width || 256)
  }
  return sizes.sort((a, b) => a - b)
}

describe('app and tray icons', () => {
  it('draws every icon once, as SVG', () => {
    for (const drawing of ['src/icon.svg', 'src/tray.svg']) expect(readFileSync(join(resources, drawing), 'utf8')).toMatch(/^<svg /)
  })

  it('has icon.png at 1024 px and every Linux size from 16 to 1024 px', () => {
    expect(pngSize('icon.png')).toEqual({ width: 1024, height: 1024 })
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) expect(pngSize(`icons/${size}x${size}.png`)).toEqual({ width: size, height: size })
  })

  it('has a macOS icon set from 16 px to 1024 px and a Windows icon from 16 px to 256 px', () => {
    expect(icnsTypes('icon.icns')).toEqual(expect.arrayContaining(['is32', 'il32', 'ic07', 'ic08', 'ic09', 'ic10']))
    expect(icoSizes('icon.ico')).toEqual([16, 24, 32, 48, 64, 72, 96, 128, 256])
  })

  it('has tray icons for light and dark menu bars, with and without the unread dot, at 1x and 2x', () => {
    for (const theme of ['light', 'dark']) {
      for (const variant of [theme, `${theme}-unread`]) {
        expect(pngSize(`tray/tray-${variant}.png`)).toEqual({ width: 16, height: 16 })
        expect(pngSize(`tray/tray-${variant}@2x.png`)).toEqual({ width: 32, height: 32 })
      }
    }
  })

  it('is where electron-builder looks for it', () => {
    expect(builderSection('mac').icon).toBe('resources/icon.icns')
    expect(builderSection('win').icon).toBe('resources/icon.ico')
    expect(builderSection('linux').icon).toBe('resources/icons')
    expect(existsSync(join(resources, 'icons'))).toBe(true)
  })
})

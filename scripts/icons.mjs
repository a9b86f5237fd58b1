#!/usr/bin/env node
// Renders every icon the desktop app ships from the two drawings in resources/src:
// the app icon (icon.png, icon.icns, icon.ico, Linux sizes) and the tray icons
// (light and dark menu bars, each with and without the unread dot).
// resvg (the Rust SVG renderer, prebuilt in its npm package) rasterises, png2icons
// packs the macOS and Windows containers. Run after changing a drawing:
//   node scripts/icons.mjs
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Resvg } from '@resvg/resvg-js'
import png2icons from 'png2icons'

const resources = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources')
const render = (svg, width) => Buffer.from(new Resvg(svg, { fitTo: { mode: 'width', value: width }, font: { loadSystemFonts: false } }).render().asPng())
const write = (path, data) => {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, data)
  console.log(`wrote ${path.slice(resources.length + 1)}`)
}

// The app icon: electron-builder reads icon.png (1024, for the macOS set), icon.icns, icon.ico and the Linux folder.
const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024]
const icon = readFileSync(join(resources, 'src', 'icon.svg'), 'utf8')
const large = render(icon, 1024)
write(join(resources, 'icon.png'), large)
for (const size of LINUX_SIZES) write(join(resources, 'icons', `${size}x${size}.png`), size === 1024 ? large : render(icon, size))
write(join(resources, 'icon.icns'), png2icons.createICNS(large, png2icons.BICUBIC, 0))
// PNG-compressed entries for Windows executables (the 256 px entry stays PNG, the small ones BMP).
write(join(resources, 'icon.ico'), png2icons.createICO(large, png2icons.BICUBIC, 0, false, true))

// Tray icons: 16 px and 32 px (@2x). "light" is for light menu bars (a dark glyph), "dark" for dark ones.
const tray = readFileSync(join(resources, 'src', 'tray.svg'), 'utf8')
const THEMES = { light: { glyph: '#1b1d22', halo: '#ffffff' }, dark: { glyph: '#ffffff', halo: '#1b1d22' } }
for (const [theme, colours] of Object.entries(THEMES)) {
  for (const unread of [false, true]) {
    const svg = tray.replaceAll('GLYPH', colours.glyph).replaceAll('HALO', colours.halo).replace('display="UNREAD"', `display="${unread ? 'inline' : 'none'}"`)
    const name = `tray-${theme}${unread ? '-unread' : ''}`
    write(join(resources, 'tray', `${name}.png`), render(svg, 16))
    write(join(resources, 'tray', `${name}@2x.png`), render(svg, 32))
  }
}

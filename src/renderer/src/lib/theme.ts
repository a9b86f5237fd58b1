import type { Theme } from '@shared/contract'

/**
 * The theme on the root element: data-theme="light" or "dark", which the CSS variables in
 * global.css follow. "system" follows the OS and changes with it. The last choice is cached
 * in localStorage so a window opens in the right colours before the core answers.
 */
const CACHE_KEY = 'parley.theme'
const darkQuery = (): MediaQueryList | null => (typeof window.matchMedia === 'function' ? window.matchMedia('(prefers-color-scheme: dark)') : null)

let chosen: Theme = 'system'
let listening: MediaQueryList | null = null

function paint(): void {
  const dark = chosen === 'dark' || (chosen === 'system' && (darkQuery()?.matches ?? false))
  const root = document.documentElement
  root.dataset.theme = dark ? 'dark' : 'light'
  root.dataset.themeChoice = chosen
  root.style.colorScheme = dark ? 'dark' : 'light'
}

export function applyTheme(theme: Theme): void {
  chosen = theme
  try {
    localStorage.setItem(CACHE_KEY, theme)
  } catch {
    // Storage can be off (private windows); the theme still applies for this window.
  }
  if (!listening) {
    listening = darkQuery()
    listening?.addEventListener('change', () => chosen === 'system' && paint())
  }
  paint()
}

export function cachedTheme(): Theme {
  try {
    const value = localStorage.getItem(CACHE_KEY)
    return value === 'light' || value === 'dark' ? value : 'system'
  } catch {
    return 'system'
  }
}

export function currentTheme(): Theme {
  return chosen
}

/** Named focus targets so shortcuts can move focus without components knowing each other. */
type Target = 'list' | 'composer' | 'search'

const targets = new Map<Target, () => HTMLElement | null | undefined>()

export function registerFocusTarget(name: Target, get: () => HTMLElement | null | undefined): () => void {
  targets.set(name, get)
  return () => {
    if (targets.get(name) === get) targets.delete(name)
  }
}

export function focusTarget(name: Target): boolean {
  const el = targets.get(name)?.()
  if (!el) return false
  el.focus()
  return document.activeElement === el
}

/** Whether focus is already inside a target (Esc steps back one level at a time). */
export function focusIsIn(name: Target): boolean {
  const el = targets.get(name)?.()
  return !!el && el.contains(document.activeElement)
}

/// <reference types="vite/client" />
import type { ParleyBridge } from '@shared/contract'

declare global {
  interface Window {
    /** Present only inside Electron, where the preload exposes the contract over IPC. */
    parley?: ParleyBridge
  }
}

export {}

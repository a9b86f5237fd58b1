import { createApp, type App as VueApp } from 'vue'
import { createPinia } from 'pinia'
import { createClient, setApi } from './api/client'
import type { SignedOutReason } from './api/session'
import { createTransport } from './api/transport'
import App from './App.vue'
import NoToken from './components/NoToken.vue'
import './styles/global.css'
import { applyTheme, cachedTheme } from './lib/theme'

// The last theme chosen on this computer, before anything paints (the core's setting follows).
applyTheme(cachedTheme())

/** Browser mode without a session: the screen that says why and what to do. */
function showSignedOut(reason: SignedOutReason): void {
  const props: { reason: SignedOutReason } = { reason }
  createApp(NoToken, props).mount('#app')
}

// IPC inside Electron, HTTP + WebSocket in browser mode; without a session we cannot talk to the core at all.
void createTransport().then((started) => {
  if (started.kind === 'signed_out') return showSignedOut(started.reason)
  setApi(createClient(started.transport))
  const app: VueApp = createApp(App).use(createPinia())
  app.mount('#app')
  // Parley restarted under this tab: say so and how to open it again, instead of reconnecting forever.
  started.onSignedOut?.((reason) => {
    app.unmount()
    showSignedOut(reason)
  })
})

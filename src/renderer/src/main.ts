import { createApp, type App as VueApp } from 'vue'
import { createPinia } from 'pinia'
import { createClient, setApi } from './api/client'
import { createTransport } from './api/transport'
import App from './App.vue'
import NoToken from './components/NoToken.vue'
import './styles/global.css'

// IPC inside Electron, HTTP + WebSocket in browser mode; without a session we cannot talk to the core at all.
void createTransport().then((started) => {
  if (started.kind === 'signed_out') {
    createApp(NoToken, { reason: started.reason }).mount('#app')
    return
  }
  setApi(createClient(started.transport))
  const app: VueApp = createApp(App).use(createPinia())
  app.mount('#app')
  // Parley restarted under this tab: say so and how to open it again, instead of reconnecting forever.
  started.onSignedOut?.((reason) => {
    app.unmount()
    createApp(NoToken, { reason }).mount('#app')
  })
})

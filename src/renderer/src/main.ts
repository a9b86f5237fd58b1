import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { createClient, setApi } from './api/client'
import { createTransport } from './api/transport'
import App from './App.vue'
import NoToken from './components/NoToken.vue'
import './styles/global.css'
import { applyTheme, cachedTheme } from './lib/theme'

// The last theme chosen on this computer, before anything paints (the core's setting follows).
applyTheme(cachedTheme())

// IPC inside Electron, HTTP + WebSocket in browser mode; no token means we cannot talk to the core at all.
const transport = createTransport()

if (transport) {
  setApi(createClient(transport))
  createApp(App).use(createPinia()).mount('#app')
} else {
  createApp(NoToken).mount('#app')
}

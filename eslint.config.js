// Layering rules, enforced like VS Code's: each runtime imports only what it may.
import js from '@eslint/js'
import globals from 'globals'
import pluginVue from 'eslint-plugin-vue'
import tseslint from 'typescript-eslint'
import importX, { createNodeResolver } from 'eslint-plugin-import-x'

// Bare names are matched exactly; globs only for paths, so './events' is not mistaken for 'events'.
const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'http', 'https', 'net', 'child_process', 'worker_threads', 'url', 'util', 'events', 'stream']

// Layers inside the core, lowest first: each may import only the ones before it (and src/shared).
const coreLayers = ['base', 'model', 'store', 'features', 'core', 'hosts']
const layerZones = coreLayers.flatMap((layer, i) =>
  coreLayers.slice(i + 1).map((higher) => ({
    target: `./src/main/${layer}`,
    from: `./src/main/${higher}`,
    message: `The core's layers run ${coreLayers.join(' → ')}: ${layer}/ may not import from ${higher}/.`,
  })),
)

const restrict = (names, message) => {
  const exact = names.filter((n) => !n.includes('*'))
  const globs = names.filter((n) => n.includes('*'))
  return {
    'no-restricted-imports': [
      'error',
      {
        paths: exact.map((name) => ({ name, message })),
        patterns: globs.length ? [{ group: globs, message }] : [],
      },
    ],
  }
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.tools/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  { files: ['src/main/**', 'src/preload/**', 'tests/node/**', 'tests/e2e/**', 'tests/support/**', 'bench/**', 'scripts/**', 'bin/**', '*.config.*'], languageOptions: { globals: globals.node } },
  { files: ['src/renderer/**', 'tests/renderer/**'], languageOptions: { globals: globals.browser } },
  {
    files: ['src/shared/**'],
    rules: restrict(
      ['electron', 'vue', 'pinia', 'better-sqlite3', 'keytar', ...nodeBuiltins, '**/main/**', '**/renderer/**', '**/preload/**'],
      'src/shared is the contract: zod schemas and types only, no Node, DOM, Electron or Vue code.',
    ),
  },
  {
    files: ['src/main/**'],
    ignores: ['src/main/hosts/electron/**'],
    rules: restrict(
      ['electron', 'electron-updater', '**/electron/**', '**/renderer/**', 'vue', 'pinia'],
      "The core never imports 'electron' (or the shell): it must run in browser mode and the CLI too.",
    ),
  },
  {
    // The Electron entry hands over to the shell; nothing else in src/main may.
    files: ['src/main/index.ts'],
    rules: restrict(['**/renderer/**', 'vue', 'pinia'], 'The shell does not import the renderer.'),
  },
  {
    files: ['src/main/hosts/electron/**'],
    rules: restrict(['**/renderer/**', 'vue', 'pinia'], 'The shell does not import the renderer.'),
  },
  {
    files: ['src/renderer/**'],
    rules: restrict(
      ['electron', 'better-sqlite3', 'keytar', ...nodeBuiltins, '**/main/**', '**/preload/**'],
      'The renderer reaches the core only through the contract (window.parley or HTTP/WebSocket).',
    ),
  },
  {
    files: ['src/preload/**'],
    rules: restrict(['**/main/**', '**/renderer/**', 'zod', ...nodeBuiltins], 'The preload only bridges contract names to IPC.'),
  },
  {
    files: ['src/renderer/**/*.vue'],
    rules: { 'vue/no-v-html': 'error' },
  },
  {
    files: ['src/renderer/**/SafeHtml.vue'],
    rules: { 'vue/no-v-html': 'off' },
  },
  {
    files: ['src/main/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.mjs', '.js'] })] },
    rules: { 'import-x/no-restricted-paths': ['error', { zones: layerZones }] },
  },
)

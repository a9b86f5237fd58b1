import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

/** The layering lives in eslint.config.js; these prove it bites where it should. */
const eslint = new ESLint({ cwd: process.cwd() })

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message)
}

describe('import layering', () => {
  it.each([
    ['src/main/store/probe.ts', "import { app } from 'electron'\nexport const a = app\n"],
    ['src/main/features/inbox/probe.ts', "import { x } from '../../hosts/electron/main'\nexport const a = x\n"],
    ['src/shared/contract/probe.ts', "import { readFileSync } from 'node:fs'\nexport const a = readFileSync\n"],
    ['src/shared/contract/probe.ts', "import { ref } from 'vue'\nexport const a = ref\n"],
    ['src/renderer/src/probe.ts', "import Database from 'better-sqlite3'\nexport const a = Database\n"],
    ['src/renderer/src/probe.ts', "import { createCore } from '../../main/core/compose'\nexport const a = createCore\n"],
    ['src/preload/probe.ts', "import { z } from 'zod'\nexport const a = z\n"],
  ])('refuses the import in %s', async (file, code) => {
    expect(await restricted(file, code)).not.toEqual([])
  })

  it.each([
    ['src/main/hosts/electron/probe.ts', "import { app } from 'electron'\nexport const a = app\n"],
    ['src/main/store/probe.ts', "import { join } from 'node:path'\nexport const a = join\n"],
    ['src/renderer/src/probe.ts', "import type { View } from '@shared/contract'\nexport type A = View\n"],
    ['src/shared/contract/probe.ts', "import { z } from 'zod'\nimport { events } from './events'\nexport const a = [z, events]\n"],
  ])('allows the import in %s', async (file, code) => {
    expect(await restricted(file, code)).toEqual([])
  })
})

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return result!.messages.filter((m) => m.ruleId === 'import-x/no-restricted-paths').map((m) => m.message)
}

describe('layers inside the core (base → model → store → features → core → hosts)', () => {
  it.each([
    ['src/main/base/probe.ts', "import { SyncEngine } from '../features/sync/engine'\nexport const a = SyncEngine\n"],
    ['src/main/model/probe.ts', "import type { Db } from '../store/database'\nexport type A = Db\n"],
    ['src/main/store/probe.ts', "import { createCore } from '../core/compose'\nexport const a = createCore\n"],
    ['src/main/features/sync/probe.ts', "import type { CoreConfig } from '../../core/config'\nexport type A = CoreConfig\n"],
    ['src/main/core/probe.ts', "import { startServer } from '../hosts/server/http-server'\nexport const a = startServer\n"],
  ])('refuses the upward import planted in %s', async (file, code) => {
    const errors = await layerErrors(file, code)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/may not import from/)
  })

  it.each([
    ['src/main/features/sync/probe.ts', "import { EventBus } from '../../base/event-bus'\nimport type { Db } from '../../store/database'\nexport const a: [typeof EventBus, Db | null] = [EventBus, null]\n"],
    ['src/main/hosts/worker/probe.ts', "import { createCore } from '../../core/compose'\nexport const a = createCore\n"],
    ['src/main/store/probe.ts', "import type { NormalizedItem } from '../model/items'\nexport type A = NormalizedItem\n"],
  ])('allows the downward import in %s', async (file, code) => {
    expect(await layerErrors(file, code)).toEqual([])
  })
})

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
    ['src/main/domain/probe.ts', "import { x } from '../electron/main'\nexport const a = x\n"],
    ['src/shared/contract/probe.ts', "import { readFileSync } from 'node:fs'\nexport const a = readFileSync\n"],
    ['src/shared/contract/probe.ts', "import { ref } from 'vue'\nexport const a = ref\n"],
    ['src/renderer/src/probe.ts', "import Database from 'better-sqlite3'\nexport const a = Database\n"],
    ['src/renderer/src/probe.ts', "import { createCore } from '../../main/core/compose'\nexport const a = createCore\n"],
    ['src/preload/probe.ts', "import { z } from 'zod'\nexport const a = z\n"],
  ])('refuses the import in %s', async (file, code) => {
    expect(await restricted(file, code)).not.toEqual([])
  })

  it.each([
    ['src/main/electron/probe.ts', "import { app } from 'electron'\nexport const a = app\n"],
    ['src/main/store/probe.ts', "import { join } from 'node:path'\nexport const a = join\n"],
    ['src/renderer/src/probe.ts', "import type { View } from '@shared/contract'\nexport type A = View\n"],
    ['src/shared/contract/probe.ts', "import { z } from 'zod'\nimport { events } from './events'\nexport const a = [z, events]\n"],
  ])('allows the import in %s', async (file, code) => {
    expect(await restricted(file, code)).toEqual([])
  })
})

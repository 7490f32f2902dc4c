// Runs examples/node/quickstart.mjs (the README's Node snippet) as a user
// would: `import ... from 'f1core'`, resolved through a node_modules link.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const repo = path.resolve(here, '..', '..')

test('examples/node/quickstart.mjs runs and prints the 2024 champion', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'f1core-node-'))
  fs.mkdirSync(path.join(dir, 'node_modules'))
  fs.symlinkSync(path.join(repo, 'bindings-node'), path.join(dir, 'node_modules', 'f1core'), 'dir')
  fs.copyFileSync(path.join(repo, 'examples', 'node', 'quickstart.mjs'), path.join(dir, 'quickstart.mjs'))
  const env = { ...process.env, F1CORE_DATA: process.env.F1CORE_DATA ?? path.resolve(repo, '..', 'shared', 'data') }
  const out = execFileSync(process.execPath, ['quickstart.mjs'], { cwd: dir, env, encoding: 'utf8' })
  assert.match(out, /^1 Max Verstappen 437 pts, 9 wins$/m)
  assert.match(out, /^Bahrain 2024: Max Verstappen in 5504\.742 s$/m)
  assert.match(out, /^error: NotFoundError not found: race 1949 round 1$/m)
})

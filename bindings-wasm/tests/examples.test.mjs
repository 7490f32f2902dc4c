// Runs examples/wasm/quickstart.mjs (the README's WASM snippet) with the
// built package (bindings-wasm/pkg) linked in as `f1core-wasm`.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const repo = path.resolve(here, '..', '..')

test('examples/wasm/quickstart.mjs runs under Node', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'f1core-wasm-'))
  // wasm-bindgen writes no package.json (wasm-pack would): give the package one.
  const pkg = path.join(dir, 'node_modules', 'f1core-wasm')
  fs.mkdirSync(pkg, { recursive: true })
  const built = path.join(repo, 'bindings-wasm', 'pkg')
  for (const f of fs.readdirSync(built)) fs.symlinkSync(path.join(built, f), path.join(pkg, f))
  fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'f1core-wasm', main: 'f1core_wasm.js' }))
  fs.copyFileSync(path.join(repo, 'examples', 'wasm', 'quickstart.mjs'), path.join(dir, 'quickstart.mjs'))
  const out = execFileSync(process.execPath, ['quickstart.mjs'], { cwd: dir, encoding: 'utf8' })
  assert.match(out, /^1 max_verstappen 68 pts$/m)
  assert.match(out, /^2 norris 61 pts$/m)
  assert.match(out, /^1:31:44\.742$/m)
})

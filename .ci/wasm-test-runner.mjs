// Runs a `cargo test --target wasm32-unknown-unknown` binary under Node, with
// no wasm-bindgen. Its output is lost
// (stdout is a no-op on that target), so the answer is the exit code: a
// failing test aborts, which traps here.
//   CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER="node $PWD/.ci/wasm-test-runner.mjs" \
//     cargo test -p f1core --no-default-features --lib --target wasm32-unknown-unknown
// (An absolute path: cargo runs tests from the package directory.) Test-name
// filters are not passed on: every test of the binary runs.
import { readFileSync } from 'node:fs'

const file = process.argv[2]
const module = await WebAssembly.compile(readFileSync(file))
// A dependency may link wasm-bindgen imports (argmin's clock, via web-time)
// that the tests never call: each becomes a stub that fails loudly if called.
const imports = {}
for (const { module: from, name, kind } of WebAssembly.Module.imports(module)) {
  if (kind !== 'function') throw new Error(`cannot stub ${kind} import ${from}.${name}`)
  imports[from] ??= {}
  imports[from][name] = () => { throw new Error(`wasm32 test called JS import ${from}.${name}`) }
}
const instance = await WebAssembly.instantiate(module, imports)
try {
  const code = instance.exports.main(0, 0)
  console.log(`wasm32 tests passed (${file}, exit ${code})`)
  process.exit(code)
} catch (e) {
  console.error(`wasm32 tests FAILED: a test panicked (${e.message}) in ${file}; .ci/wasi-test-runner.mjs names it`)
  process.exit(1)
}

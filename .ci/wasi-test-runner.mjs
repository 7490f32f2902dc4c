// Diagnosis for a failing wasm32 lib test: the same tests built for
// wasm32-wasip1 print their names and panic messages and take filters.
//   rustup target add wasm32-wasip1
//   CARGO_TARGET_WASM32_WASIP1_RUNNER="node $PWD/.ci/wasi-test-runner.mjs" \
//     cargo test -p f1core --no-default-features --lib --target wasm32-wasip1 -- NAME
// Node 20 can segfault on exit after printing the summary: read the summary.
import { readFileSync } from 'node:fs'
import { WASI } from 'node:wasi'

const wasi = new WASI({ version: 'preview1', args: process.argv.slice(2), env: {}, preopens: {}, returnOnExit: true })
const module = await WebAssembly.compile(readFileSync(process.argv[2]))
const instance = await WebAssembly.instantiate(module, wasi.getImportObject())
process.exitCode = wasi.start(instance)

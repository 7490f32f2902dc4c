// WASM binding: standings computed from results passed in as JSON, on the
// real 2024 season read from the Ergast CSVs (see ergast.mjs). Needs
// ../pkg from `wasm-bindgen --target nodejs`.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { ergastDir, seasonResults } from './ergast.mjs'

const require = createRequire(import.meta.url)
const f1 = require('../pkg/f1core_wasm.js')

const dir = ergastDir()
const season2024 = seasonResults(dir, 2024)

test('2024 from the dump: Verstappen 437 points, 9 wins; McLaren 666', () => {
  assert.equal(season2024.rounds.length, 24)
  for (const input of [season2024, JSON.stringify(season2024)]) {
    const s = f1.standingsFromResults(input)
    assert.equal(s.year, 2024)
    assert.equal(s.round, 24)
    const [first] = s.drivers
    assert.equal(first.driver_ref, 'max_verstappen')
    assert.equal(first.driver_name, 'Max Verstappen')
    assert.equal(first.points, 437)
    assert.equal(first.wins, 9)
    assert.equal(s.constructors[0].constructor_ref, 'mclaren')
    assert.equal(s.constructors[0].points, 666)
  }
})

test('2024 by the points system alone (no points given) agrees', () => {
  const s = f1.standingsFromResults(seasonResults(dir, 2024, { officialPoints: false }))
  assert.equal(s.drivers[0].driver_ref, 'max_verstappen')
  assert.equal(s.drivers[0].points, 437)
  assert.equal(s.drivers[0].wins, 9)
})

test('standingsByRound: one table per round, ending at the final one', () => {
  const all = f1.standingsByRound(season2024)
  assert.equal(all.length, 24)
  assert.deepEqual(all.map((s) => s.round), season2024.rounds.map((r) => r.round))
  assert.equal(all[0].drivers[0].driver_ref, 'max_verstappen')
  assert.equal(all[0].drivers[0].points, 26)
  assert.deepEqual(all[23], f1.standingsFromResults(season2024))
})

test('pointsSystem', () => {
  const p = f1.pointsSystem(2024, 24)
  assert.deepEqual(p.race, [25, 18, 15, 12, 10, 8, 6, 4, 2, 1])
  assert.deepEqual(p.sprint, [8, 7, 6, 5, 4, 3, 2, 1])
  assert.deepEqual(p.fastest_lap, [1, 10])
  assert.equal(f1.pointsSystem(2008, 18).fastest_lap, null)
})

test('timing helpers', () => {
  assert.equal(f1.parseDuration('1:34:50.616'), 5690.616)
  assert.equal(f1.parseDuration('1:27.452'), 87.452)
  assert.equal(f1.parseDuration('not a time'), undefined)
  assert.equal(f1.parseDuration('99999999999999999999999'), undefined) // would overflow Duration
  assert.deepEqual(f1.parseGap('+5.478'), { kind: 'time', gap: 5.478 })
  assert.deepEqual(f1.parseGap('+2 Laps'), { kind: 'laps', laps: 2 })
  assert.equal(f1.parseGap('5.478'), undefined)
  assert.equal(f1.formatDuration(5690.616), '1:34:50.616')
  assert.throws(() => f1.formatDuration(-1), { code: 'InvalidInputError' })
})

test('malformed JSON: Error with the core message', () => {
  assert.throws(() => f1.standingsFromResults('{"year": 2024,'), (e) => {
    assert.ok(e instanceof Error)
    assert.equal(e.code, 'InvalidInputError')
    assert.match(e.message, /^invalid JSON: EOF while parsing/)
    return true
  })
  assert.throws(() => f1.standingsFromResults({ year: 2024 }), {
    code: 'InvalidInputError',
    message: 'invalid JSON: missing field `rounds`',
  })
  assert.throws(() => f1.standingsByRound(42), { code: 'InvalidInputError' })
})

test('position 0 or absurd positions: Error, not a trap', () => {
  const bad = structuredClone(season2024)
  bad.rounds[2].race[0].position = 0
  assert.throws(() => f1.standingsFromResults(bad), {
    code: 'InvalidInputError',
    message: /^invalid input: round 3: driver `\w+`: position 0$/,
  })
  bad.rounds[2].race[0].position = 4_000_000_000
  assert.throws(() => f1.standingsByRound(bad), { code: 'InvalidInputError' })
  // the module is still usable afterwards
  assert.equal(f1.standingsFromResults(season2024).drivers[0].points, 437)
})

test('empty season: NotFoundError', () => {
  assert.throws(() => f1.standingsFromResults({ year: 2024, rounds: [] }), {
    code: 'NotFoundError',
    message: 'not found: round 0 of 2024 in the results given',
  })
})

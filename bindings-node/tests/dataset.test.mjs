// Node binding on the real Ergast dump (F1CORE_DATA, default ../shared/data
// from the repo root). Run: node --test tests/
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const { Dataset, standingsFromResults } = require('../index.js')

const here = path.dirname(fileURLToPath(import.meta.url))
const repoRoot = path.resolve(here, '..', '..')
const dataDir = process.env.F1CORE_DATA ?? path.resolve(repoRoot, '..', 'shared', 'data')
const ds = Dataset.load(dataDir)

test('2024 drivers: Verstappen champion with 437 points and 9 wins', () => {
  const [first] = ds.driverStandings(2024)
  assert.equal(first.driver_ref, 'max_verstappen')
  assert.equal(first.position, 1)
  assert.equal(first.points, 437)
  assert.equal(first.wins, 9)
  assert.deepEqual(first.constructor_refs, ['red_bull'])
})

test('2024 constructors: McLaren champion with 666 points', () => {
  const [first] = ds.constructorStandings(2024)
  assert.equal(first.constructor_ref, 'mclaren')
  assert.equal(first.points, 666)
})

test('standings after a given round', () => {
  const after1 = ds.driverStandings(2024, 1)
  assert.equal(after1[0].driver_ref, 'max_verstappen')
  assert.equal(after1[0].round, 1)
  assert.equal(after1[0].points, 26) // win + fastest lap
})

test('2008 round 1: Hamilton wins in 5690.616 s; gaps are seconds', () => {
  const rows = ds.raceResults(2008, 1)
  assert.equal(rows[0].driver_ref, 'hamilton')
  assert.equal(rows[0].position, 1)
  assert.ok(Math.abs(rows[0].time - 5690.616) < 1e-6, `time ${rows[0].time}`)
  assert.equal(rows[0].fastest_lap_time, 87.452)
  assert.deepEqual(rows[1].gap, { kind: 'time', gap: 5.478 })
})

test('qualifying and sprint rows', () => {
  const q = ds.qualifying(2024, 1)
  assert.equal(q[0].driver_ref, 'max_verstappen')
  assert.ok(Math.abs(q[0].q3 - 89.179) < 1e-6)
  const china = ds.races(2024).find((r) => r.name === 'Chinese Grand Prix')
  assert.ok(china.has_sprint)
  const sprint = ds.sprintResults(2024, china.round)
  assert.equal(sprint[0].driver_ref, 'max_verstappen')
  assert.equal(sprint[0].points, 8)
  assert.deepEqual(ds.sprintResults(2024, 1), [])
})

test('seasons, races and the current race', () => {
  const years = ds.seasons().map((s) => s.year)
  assert.equal(years[0], 1950)
  assert.ok(years.includes(2024))
  assert.equal(ds.races(2024).length, 24)
  assert.deepEqual(ds.races(1900), [])
  const current = ds.currentRace('2024-06-01')
  assert.equal(current.name, 'Canadian Grand Prix')
  assert.equal(current.status, 'SCHEDULED')
  assert.equal(ds.currentRace('2024-06-08').status, 'IN_PROGRESS')
  const next = ds.currentRace() // today: some race of the data, or null after the last
  assert.ok(next === null || typeof next.name === 'string')
})

test('missing directory: IoError with the core message', () => {
  const missing = path.join(repoRoot, 'no-such-data-dir')
  assert.throws(
    () => Dataset.load(missing),
    (e) => {
      assert.ok(e instanceof Error)
      assert.equal(e.code, 'IoError')
      assert.ok(e.message.startsWith(`missing file ${path.join(missing, 'races.csv')}\n`), e.message)
      assert.match(e.message, /F1CORE_DATA=DIR/)
      return true
    },
  )
})

test('load() without a path reads F1CORE_DATA', () => {
  const saved = process.env.F1CORE_DATA
  try {
    process.env.F1CORE_DATA = dataDir
    assert.equal(Dataset.load().races(2024).length, 24)
    process.env.F1CORE_DATA = path.join(repoRoot, 'no-such-data-dir')
    assert.throws(() => Dataset.load(), { code: 'IoError' })
  } finally {
    if (saved === undefined) delete process.env.F1CORE_DATA
    else process.env.F1CORE_DATA = saved
  }
})

test('unknown season or round: NotFoundError', () => {
  assert.throws(() => ds.driverStandings(1900), { code: 'NotFoundError', message: 'not found: season 1900' })
  assert.throws(() => ds.seasonResults(1900), { code: 'NotFoundError' })
  assert.throws(() => ds.raceResults(2024, 99), { code: 'NotFoundError', message: 'not found: race 2024 round 99' })
  assert.throws(() => ds.driverStandings(2024, 99), { code: 'NotFoundError' })
})

test('bad arguments: InvalidInputError', () => {
  assert.throws(() => ds.currentRace('2024-13-01'), { code: 'InvalidInputError' })
  assert.throws(() => ds.raceResults(70000, 1), { code: 'InvalidInputError', message: 'invalid input: year 70000 is out of range' })
  assert.throws(() => ds.raceResults(2024, -1), { code: 'InvalidInputError', message: 'invalid input: round -1 is out of range' })
  // napi's own argument check, before the binding runs
  assert.throws(() => ds.raceResults('2024', 1), { code: 'NumberExpected' })
})

test('seasonResults round-trips through standingsFromResults', () => {
  const season = ds.seasonResults(2024)
  assert.equal(season.rounds.length, 24)
  for (const input of [season, JSON.stringify(season)]) {
    const s = standingsFromResults(input)
    assert.equal(s.round, 24)
    assert.deepEqual(s.drivers, ds.driverStandings(2024))
    assert.deepEqual(s.constructors, ds.constructorStandings(2024))
  }
})

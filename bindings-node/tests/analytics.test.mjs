import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const { Dataset } = createRequire(import.meta.url)('../index.js')
const here = path.dirname(fileURLToPath(import.meta.url))
const dataDir = process.env.F1CORE_DATA ?? path.resolve(here, '..', '..', '..', 'shared', 'data')
const loaded = Dataset.load(dataDir)
const ds = () => loaded

test('driverSeason: Verstappen 2023', () => {
  const s = ds().driverSeason('max_verstappen', 2023)
  assert.equal(s.wins, 19)
  assert.equal(s.points, 575)
  const perez = s.teammates.find((t) => t.teammate_ref === 'perez')
  assert.deepEqual(perez.race, { compared: 22, driver_ahead: 20, teammate_ahead: 2 })
})

test('seasonPerformance and circuitInsights', () => {
  const [top] = ds().seasonPerformance(2020)
  assert.equal(top.driver_ref, 'hamilton')
  assert.equal(top.wins, 11)
  const monza = ds().circuitInsights('monza')
  assert.equal(monza.lap_record.driver_ref, 'barrichello')
  assert.equal(monza.lap_record.time, 81.046)
  assert.throws(() => ds().circuitInsights('atlantis'), { code: 'NotFoundError', message: 'not found: circuit `atlantis`' })
})

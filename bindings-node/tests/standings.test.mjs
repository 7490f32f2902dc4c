// standingsFromResults on small hand-written seasons (no data needed).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { standingsFromResults } = require('../index.js')

const entry = (driver, constructor, position, extra = {}) => ({ driver, constructor, position, ...extra })

// 2010 points (25-18-15-...), no fastest-lap bonus, points left to the system.
const season = {
  year: 2010,
  rounds: [
    {
      round: 1,
      name: 'One',
      race: [entry('alonso', 'ferrari', 1), entry('massa', 'ferrari', 2), entry('hamilton', 'mclaren', 3), entry('button', 'mclaren', null)],
    },
    {
      round: 2,
      race: [entry('hamilton', 'mclaren', 1), entry('button', 'mclaren', 2), entry('alonso', 'ferrari', 3), entry('massa', 'ferrari', 4)],
    },
  ],
}

test('points by the season system, constructors', () => {
  const s = standingsFromResults(season)
  assert.equal(s.year, 2010)
  assert.equal(s.round, 2)
  assert.deepEqual(
    s.drivers.map((d) => [d.position, d.driver_ref, d.points, d.wins]),
    [[1, 'alonso', 40, 1], [2, 'hamilton', 40, 1], [3, 'massa', 30, 0], [4, 'button', 18, 0]],
  )
  assert.deepEqual(
    s.constructors.map((c) => [c.position, c.constructor_ref, c.points, c.wins]),
    [[1, 'ferrari', 70, 1], [2, 'mclaren', 58, 1]],
  )
})

test('a points tie goes to the better finishes (countback)', () => {
  // b: 3rd + 6th + 9th = 15 + 8 + 2 = 25; a: one win = 25. a's win ranks it first.
  const tie = {
    year: 2010,
    rounds: [
      { round: 1, race: [entry('b', 'y', 3), entry('a', 'x', 1)] },
      { round: 2, race: [entry('b', 'y', 6), entry('a', 'x', null)] },
      { round: 3, race: [entry('b', 'y', 9), entry('a', 'x', null)] },
    ],
  }
  const s = standingsFromResults(tie)
  assert.deepEqual(s.drivers.map((d) => [d.driver_ref, d.points]), [['a', 25], ['b', 25]])
})

test('official points override the system; JSON text accepted', () => {
  const given = structuredClone(season)
  given.rounds[0].race[0].points = 100
  const s = standingsFromResults(JSON.stringify(given))
  assert.equal(s.drivers[0].driver_ref, 'alonso')
  assert.equal(s.drivers[0].points, 115)
})

test('malformed input: InvalidInputError with the core message', () => {
  assert.throws(() => standingsFromResults('{"year": 2010'), (e) => {
    assert.ok(e instanceof Error)
    assert.equal(e.code, 'InvalidInputError')
    assert.match(e.message, /^invalid JSON: /)
    return true
  })
  assert.throws(() => standingsFromResults({ year: 2010 }), {
    code: 'InvalidInputError',
    message: /^invalid JSON: missing field `rounds`/,
  })
  assert.throws(() => standingsFromResults({ year: 2010, rounds: [] }), { code: 'NotFoundError' })
})

test('position 0 or absurd positions are rejected, not a crash', () => {
  const bad = { year: 2024, rounds: [{ round: 1, race: [entry('a', 'b', 0)] }] }
  assert.throws(() => standingsFromResults(bad), {
    code: 'InvalidInputError',
    message: "invalid input: round 1: driver `a`: position 0",
  })
  // a huge position would make the core allocate a countback table that size
  bad.rounds[0].race[0].position = 4_000_000_000
  assert.throws(() => standingsFromResults(bad), { code: 'InvalidInputError' })
})

// A tiny reader for the Ergast CSV dump (Node built-ins only): enough to
// build the `SeasonResults` JSON the WASM binding takes from real data.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const repoRoot = path.resolve(here, '..', '..')

/** `F1CORE_DATA` (default ../shared/data from the repo root), its ergast/ folder if any. */
export function ergastDir() {
  const base = process.env.F1CORE_DATA ?? path.resolve(repoRoot, '..', 'shared', 'data')
  const nested = path.join(base, 'ergast')
  try {
    readFileSync(path.join(nested, 'races.csv'), { flag: 'r' })
    return nested
  } catch {
    return base
  }
}

/** One CSV line → fields; `"` quotes (with `""` escapes), `\N` → null. */
function splitLine(line) {
  const out = []
  let field = ''
  let quoted = false
  let wasQuoted = false
  for (let i = 0; i < line.length; i++) {
    const c = line[i]
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { field += '"'; i++ }
      else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') { quoted = true; wasQuoted = true }
    else if (c === ',') { out.push(wasQuoted || field !== '\\N' ? field : null); field = ''; wasQuoted = false }
    else field += c
  }
  out.push(wasQuoted || field !== '\\N' ? field : null)
  return out
}

/** A CSV file as an array of objects keyed by the header. */
export function readCsv(dir, name) {
  const lines = readFileSync(path.join(dir, name), 'utf8').split(/\r?\n/).filter((l) => l.length > 0)
  const header = splitLine(lines[0])
  return lines.slice(1).map((line) => {
    const cells = splitLine(line)
    return Object.fromEntries(header.map((h, i) => [h, cells[i] ?? null]))
  })
}

const int = (x) => (x === null || x === '' ? null : Number.parseInt(x, 10))

/**
 * The `SeasonResults` of `year`. With `officialPoints` the dump's points are
 * passed; without, `points` is left out and the core applies the season's
 * points system to position and fastest-lap rank.
 */
export function seasonResults(dir, year, { officialPoints = true } = {}) {
  const drivers = new Map(readCsv(dir, 'drivers.csv').map((d) => [d.driverId, d]))
  const constructors = new Map(readCsv(dir, 'constructors.csv').map((c) => [c.constructorId, c]))
  const races = readCsv(dir, 'races.csv')
    .filter((r) => int(r.year) === year)
    .sort((a, b) => int(a.round) - int(b.round))
  const byRace = (rows) => {
    const m = new Map()
    for (const r of rows) {
      if (!m.has(r.raceId)) m.set(r.raceId, [])
      m.get(r.raceId).push(r)
    }
    for (const list of m.values()) list.sort((a, b) => int(a.positionOrder) - int(b.positionOrder))
    return m
  }
  const results = byRace(readCsv(dir, 'results.csv'))
  const sprints = byRace(readCsv(dir, 'sprint_results.csv'))
  const entry = (r) => {
    const d = drivers.get(r.driverId)
    const c = constructors.get(r.constructorId)
    const e = {
      driver: d.driverRef,
      driver_name: `${d.forename} ${d.surname}`,
      constructor: c.constructorRef,
      constructor_name: c.name,
      position: int(r.position),
      // rank 0 marks "no fastest lap set" in the dump, as the core's loader reads it
      fastest_lap_rank: int(r.rank) || null,
    }
    if (officialPoints) e.points = Number(r.points)
    return e
  }
  return {
    year,
    rounds: races
      .filter((r) => results.has(r.raceId))
      .map((r) => ({
        round: int(r.round),
        name: r.name,
        race: results.get(r.raceId).map(entry),
        sprint: (sprints.get(r.raceId) ?? []).map(entry),
      })),
  }
}

import wasm from 'f1core-wasm'

// A season as JSON (from your API, a file, a form): points come from the 2024 rules.
const entry = (driver, constructor, position) => ({ driver, constructor, position })
const season = {
  year: 2024,
  rounds: [
    { round: 1, race: [entry('max_verstappen', 'red_bull', 1), entry('norris', 'mclaren', 2)] },
    { round: 2, race: [entry('norris', 'mclaren', 1), entry('max_verstappen', 'red_bull', 2)] },
    { round: 3, race: [entry('max_verstappen', 'red_bull', 1), entry('norris', 'mclaren', 2)] },
  ],
}
const s = wasm.standingsFromResults(season)
for (const d of s.drivers) console.log(d.position, d.driver_ref, d.points, 'pts')
console.log(wasm.formatDuration(wasm.parseDuration('1:31:44.742')))

import { Dataset } from 'f1core'

const ds = Dataset.load(process.env.F1CORE_DATA ?? '../shared/data')
for (const d of ds.driverStandings(2024).slice(0, 3)) {
  console.log(d.position, d.driver_name, d.points, 'pts,', d.wins, 'wins')
}
const [winner] = ds.raceResults(2024, 1)
console.log(`Bahrain 2024: ${winner.driver_name} in ${winner.time.toFixed(3)} s`)
try {
  ds.raceResults(1949, 1)
} catch (e) {
  console.log('error:', e.code, e.message)
}

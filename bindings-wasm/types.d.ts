// Shapes of f1core's serde form (snake_case keys, durations in seconds,
// `null` for missing values); the same rows the Node binding returns.

/** Thrown by every function: the core's message, and its error class. */
export interface F1coreError extends Error {
  code: 'IoError' | 'DataError' | 'NotFoundError' | 'InvalidInputError'
}

/** One car in a race or sprint classification, as standings need it. */
export interface Entry {
  driver: string
  driver_name?: string
  constructor: string
  constructor_name?: string
  /** Classified position (1-based), `null` when not classified. */
  position: number | null
  /** Points awarded; when absent the season's points system applies. */
  points?: number | null
  fastest_lap_rank?: number | null
}

export interface RoundResults {
  round: number
  name?: string
  race: Array<Entry>
  sprint?: Array<Entry>
}

export interface SeasonResults {
  year: number
  rounds: Array<RoundResults>
}

export interface DriverStanding {
  year: number
  round: number
  position: number
  driver_ref: string
  driver_name: string
  constructor_refs: Array<string>
  points: number
  gross_points: number
  wins: number
}

export interface ConstructorStanding {
  year: number
  round: number
  position: number
  constructor_ref: string
  constructor_name: string
  points: number
  gross_points: number
  wins: number
}

export interface Standings {
  year: number
  round: number
  drivers: Array<DriverStanding>
  constructors: Array<ConstructorStanding>
}

export interface PointsSystem {
  year: number
  /** Points by Grand Prix finishing position (index 0 = winner). */
  race: Array<number>
  /** Points by sprint finishing position. */
  sprint: Array<number>
  /** [bonus, best position that may claim it or null], or null without one. */
  fastest_lap: [number, number | null] | null
}

export type Gap = { kind: 'time'; gap: number } | { kind: 'laps'; laps: number }

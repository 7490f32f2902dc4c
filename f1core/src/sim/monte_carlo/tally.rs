//! Adding races up: position counts, points, times; then the response.

use super::prepare::Prepared;
use super::race::Race;
use super::{DriverOutcome, MonteCarloRequest, MonteCarloResponse};

pub(super) struct Tally {
    runs: u32,
    /// `positions[car * n + place]`.
    positions: Vec<u32>,
    points: Vec<f64>,
    place_sum: Vec<f64>,
    time_sum: Vec<f64>,
    safety_car_races: u32,
    vsc_races: u32,
}

impl Tally {
    pub fn new(p: &Prepared) -> Tally {
        let n = p.n;
        Tally {
            runs: 0,
            positions: vec![0; n * n],
            points: vec![0.0; n],
            place_sum: vec![0.0; n],
            time_sum: vec![0.0; n],
            safety_car_races: 0,
            vsc_races: 0,
        }
    }

    pub fn add(&mut self, p: &Prepared, race: &Race) {
        let n = p.n;
        self.runs += 1;
        self.safety_car_races += u32::from(race.had_safety_car);
        self.vsc_races += u32::from(race.had_vsc);
        // Fastest lap among the finishers; a tie goes to the better placed.
        let mut fastest: Option<(usize, f64)> = None;
        for (place, car) in race.field.iter().enumerate() {
            let c = car.id as usize;
            self.positions[c * n + place] += 1;
            self.points[c] += p.points[place];
            self.place_sum[c] += (place + 1) as f64;
            self.time_sum[c] += car.time;
            if fastest.is_none_or(|(_, t)| car.best < t) {
                fastest = Some((place, car.best));
            }
        }
        if let Some((place, t)) = fastest
            && t.is_finite()
        {
            let c = race.field[place].id as usize;
            self.points[c] += p.fastest_lap_bonus[place];
        }
    }

    pub fn finish(self, p: &Prepared, req: &MonteCarloRequest) -> MonteCarloResponse {
        let n = p.n;
        let runs = f64::from(self.runs);
        let mut grid = vec![0; n];
        for (slot, &c) in p.grid.iter().enumerate() {
            grid[c as usize] = slot as u32 + 1;
        }
        let drivers = req
            .cars
            .iter()
            .enumerate()
            .map(|(c, car)| {
                let positions = self.positions[c * n..(c + 1) * n].to_vec();
                let finished: u32 = positions.iter().sum();
                let share = |k: u32| f64::from(k) / runs;
                let over_finishes = |sum: f64| (finished > 0).then(|| sum / f64::from(finished));
                DriverOutcome {
                    driver: car.driver.clone(),
                    grid: grid[c],
                    strategy: p.planned[c].clone(),
                    position_probabilities: positions.iter().map(|&k| share(k)).collect(),
                    dnf: self.runs - finished,
                    dnf_probability: share(self.runs - finished),
                    win_probability: share(positions[0]),
                    podium_probability: share(positions.iter().take(3).sum()),
                    expected_points: self.points[c] / runs,
                    mean_position: over_finishes(self.place_sum[c]),
                    mean_race_time: over_finishes(self.time_sum[c]),
                    positions,
                }
            })
            .collect();
        MonteCarloResponse {
            runs: self.runs,
            seed: req.seed,
            laps: p.laps,
            points_season: p.points_season,
            safety_car_probability: p.p_sc,
            vsc_probability: p.p_vsc,
            safety_car_races: self.safety_car_races,
            vsc_races: self.vsc_races,
            drivers,
        }
    }
}

//! One simulated race, lap by lap. Allocation-free: every buffer is sized
//! once per request and reused by every run. Car state is kept in track
//! order (not by car index) so each lap walks memory front to back.

use super::prepare::{NO_STOP, Prepared};
use crate::sim::rng::SimRng;
use crate::sim::traffic::{CarLap, PassingRule};
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Green,
    SafetyCar,
    Vsc,
}

/// One running car.
#[derive(Debug, Clone, Copy)]
pub(super) struct Car {
    /// Race time at the line after its last lap.
    pub time: f64,
    /// Fastest green-flag lap (lap 1 and pit laps excluded).
    pub best: f64,
    pace: f64,
    /// Start of its compound's row in the tyre table.
    row: u32,
    age: u32,
    next_pit: u32,
    stint: u16,
    /// Car index in the request.
    pub id: u16,
    /// Left the pits at the start of this lap.
    out_lap: bool,
    /// Pits at the end of this lap.
    pit: bool,
}

/// State of one race; after [`Race::run`] it holds the result.
pub(super) struct Race {
    /// Running cars in track order; at the end, the classification.
    /// Retired cars are dropped from it.
    pub field: Vec<Car>,
    pub had_safety_car: bool,
    pub had_vsc: bool,
    /// Lap each car retires on (`NO_STOP`: finishes), by car index.
    retire: Vec<u32>,
    /// Per track slot (plus the safety car in front): the rule's input and output.
    laps: Vec<CarLap>,
    out: Vec<f64>,
    scratch: Vec<f64>,
    /// Per track slot: this lap's random time.
    noise: Vec<f64>,
}

impl Race {
    pub fn new(p: &Prepared) -> Race {
        let n = p.n;
        let idle = CarLap {
            prev: 0.0,
            lap_time: 0.0,
            pitted: false,
        };
        Race {
            field: Vec::with_capacity(n),
            had_safety_car: false,
            had_vsc: false,
            retire: vec![NO_STOP; n],
            laps: vec![idle; n + 1],
            out: vec![0.0; n + 1],
            scratch: vec![0.0; n + 1],
            noise: vec![0.0; n],
        }
    }

    /// Runs one race. Draw order (fixed, so a seed replays the race): the
    /// safety-car window, the VSC window, each car's retirement, then per
    /// green lap the lap noise of each car in track order (on lap 1 followed
    /// by the start noise of each car).
    pub fn run(&mut self, p: &Prepared, rng: &mut SimRng) {
        let laps = p.laps;
        let sc = window(rng, p.p_sc, p.sc_laps, laps);
        let vsc = window(rng, p.p_vsc, p.vsc_laps, laps);
        let mut next_retire = NO_STOP;
        for c in 0..p.n {
            let d = p.dnf[c];
            self.retire[c] = if d > 0.0 && rng.chance(d) {
                1 + rng.below(laps)
            } else {
                NO_STOP
            };
            next_retire = next_retire.min(self.retire[c]);
        }
        self.field.clear();
        for (slot, &c) in p.grid.iter().enumerate() {
            let first = p.plans[c as usize][0];
            self.field.push(Car {
                time: slot as f64 * p.grid_gap,
                best: f64::INFINITY,
                pace: p.pace[c as usize],
                row: first.tyre,
                age: first.start_age,
                next_pit: first.end,
                stint: 0,
                id: c,
                out_lap: false,
                pit: false,
            });
        }
        self.had_safety_car = false;
        self.had_vsc = false;
        let mut sc_time = 0.0;
        for lap in 1..=laps {
            if lap == next_retire {
                let retire = &self.retire;
                self.field.retain(|car| retire[car.id as usize] != lap);
                next_retire = retire
                    .iter()
                    .copied()
                    .filter(|&r| r > lap)
                    .min()
                    .unwrap_or(NO_STOP);
            }
            let phase = phase_of(lap, &sc, &vsc);
            if lap == 1 {
                let last = last_pit_lap(p, 1, phase);
                for car in &mut self.field {
                    car.pit = car.next_pit <= last;
                }
            }
            match phase {
                Phase::Green => self.green_lap(p, rng, lap),
                Phase::Vsc => {
                    self.had_vsc = true;
                    self.vsc_lap(p);
                }
                Phase::SafetyCar => {
                    // The safety car picks up the leader on its first lap.
                    if lap == sc.start {
                        sc_time = self.field[0].time;
                    }
                    self.had_safety_car = true;
                    sc_time = self.safety_car_lap(p, lap, sc_time);
                }
            }
            let next = last_pit_lap(p, lap + 1, phase_of(lap + 1, &sc, &vsc));
            self.end_lap(p, lap, phase == Phase::Green, next);
        }
    }

    fn green_lap(&mut self, p: &Prepared, rng: &mut SimRng, lap: u32) {
        let m = self.field.len();
        let fuel = p.fuel[lap as usize];
        // The lap's noise first, in a tight loop of its own (faster than
        // drawing inside the loop below).
        let noise = &mut self.noise[..m];
        if p.lap_sd > 0.0 {
            for x in noise.iter_mut() {
                *x = p.lap_sd * rng.normal();
            }
        } else {
            noise.fill(0.0);
        }
        if lap == 1 && p.start_sd > 0.0 {
            for x in noise.iter_mut() {
                *x += p.start_sd * rng.normal();
            }
        }
        for ((car, slot), &e) in self.field.iter().zip(&mut self.laps[..m]).zip(&*noise) {
            let pit = if car.pit { p.pit_loss[0] } else { 0.0 };
            *slot = CarLap {
                prev: car.time,
                lap_time: pace(p, car, fuel) + e + pit,
                pitted: car.pit || car.out_lap,
            };
        }
        p.rule
            .resolve_lap_fast(&self.laps[..m], &mut self.out[..m], &mut self.scratch);
    }

    /// Everyone runs the same VSC lap, so gaps hold; only pit stops (cheaper
    /// than under green) change places.
    fn vsc_lap(&mut self, p: &Prepared) {
        let m = self.field.len();
        for (car, slot) in self.field.iter().zip(&mut self.laps[..m]) {
            *slot = CarLap {
                prev: car.time,
                lap_time: p.vsc_lap + if car.pit { p.pit_loss[2] } else { 0.0 },
                pitted: car.pit || car.out_lap,
            };
        }
        p.rule
            .resolve_lap_fast(&self.laps[..m], &mut self.out[..m], &mut self.scratch);
    }

    /// Behind the safety car nobody passes: each car runs at racing pace
    /// until it reaches the queue, then follows `queue_gap` behind the car
    /// (or safety car) ahead — the shared rule with an infinite overtake
    /// delta. Cars that pit drop back by the (cheaper) pit loss after the
    /// queue forms. Returns the safety car's time at the line.
    fn safety_car_lap(&mut self, p: &Prepared, lap: u32, sc_time: f64) -> f64 {
        let m = self.field.len();
        let fuel = p.fuel[lap as usize];
        self.laps[0] = CarLap {
            prev: sc_time,
            lap_time: p.sc_lap,
            pitted: false,
        };
        for (car, slot) in self.field.iter().zip(&mut self.laps[1..=m]) {
            *slot = CarLap {
                prev: car.time,
                lap_time: pace(p, car, fuel),
                pitted: false,
            };
        }
        let queue = PassingRule {
            overtake_delta: f64::INFINITY,
            follow_gap: p.queue_gap,
        };
        queue.resolve_lap_fast(&self.laps[..=m], &mut self.out[..=m], &mut self.scratch);
        let sc_time = self.out[0];
        for (slot, car) in self.field.iter().enumerate() {
            let pit = if car.pit { p.pit_loss[1] } else { 0.0 };
            self.out[slot] = self.out[slot + 1] + pit;
        }
        sc_time
    }

    /// Times (from `out`), fastest laps, tyres and stints after the lap;
    /// then the track order from the new times.
    /// Also sets who pits at the end of the next lap: stops planned up to
    /// `next_last_pit_lap`.
    fn end_lap(&mut self, p: &Prepared, lap: u32, green: bool, next_last_pit_lap: u32) {
        let m = self.field.len();
        // First slot whose car is now ahead of the car in front (m: none).
        let mut unsorted = m;
        let mut last = f64::NEG_INFINITY;
        for (slot, (car, &t)) in self.field.iter_mut().zip(&self.out[..m]).enumerate() {
            // Lap 1 is a standing start: never the fastest lap.
            if green && lap > 1 && !car.pit && !car.out_lap {
                car.best = car.best.min(t - car.time);
            }
            car.time = t;
            if t < last && unsorted == m {
                unsorted = slot;
            }
            last = t;
            if car.pit {
                car.stint += 1;
                let s = p.plans[car.id as usize][car.stint as usize];
                car.row = s.tyre;
                car.age = s.start_age;
                car.next_pit = s.end;
            } else {
                car.age += 1;
            }
            car.out_lap = car.pit;
            car.pit = car.next_pit <= next_last_pit_lap;
        }
        // Insertion sort from the first car out of order: few cars change
        // places on a lap. Stable, so equal times keep their order.
        let field = &mut self.field[..];
        for i in unsorted..m {
            if field[i - 1].time <= field[i].time {
                continue;
            }
            let car = field[i];
            let mut j = i;
            while j > 0 && field[j - 1].time > car.time {
                field[j] = field[j - 1];
                j -= 1;
            }
            field[j] = car;
        }
    }
}

fn phase_of(lap: u32, sc: &Range<u32>, vsc: &Range<u32>) -> Phase {
    if sc.contains(&lap) {
        Phase::SafetyCar
    } else if vsc.contains(&lap) {
        Phase::Vsc
    } else {
        Phase::Green
    }
}

/// Who pits at the end of `lap`: cars whose next stop is planned up to the
/// returned lap — the lap itself, or under SC/VSC `pit_window` laps on.
fn last_pit_lap(p: &Prepared, lap: u32, phase: Phase) -> u32 {
    if phase == Phase::Green {
        lap
    } else {
        lap + p.pit_window
    }
}

/// Free-air lap time of `car` (pace offset, fuel, tyre).
#[inline]
fn pace(p: &Prepared, car: &Car, fuel: f64) -> f64 {
    car.pace + fuel + p.tyre[(car.row + car.age) as usize]
}

/// A neutralisation period: with probability `p`, `len` laps from a start
/// lap drawn uniformly over the race (cut at the flag); else empty.
fn window(rng: &mut SimRng, p: f64, len: u32, laps: u32) -> Range<u32> {
    if p > 0.0 && rng.chance(p) {
        let start = 1 + rng.below(laps);
        start..(start + len).min(laps + 1)
    } else {
        0..0
    }
}

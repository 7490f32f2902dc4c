//! The race rules: pace, passing, safety cars, pit stops, a lone car.

use super::*;

#[test]
fn a_faster_car_wins_more_often() {
    let mut req = field("monza", 20, 1000);
    for (i, c) in req.cars.iter_mut().enumerate() {
        c.pace_offset = 0.05 * i as f64;
    }
    // P10 on the grid, 0.8 s/lap quicker than anyone (Monza's overtaking
    // threshold is 0.6 s): it should usually win from there.
    req.cars[9].pace_offset = -0.8;
    let r = simulate(&req).unwrap();
    let win: Vec<f64> = r.drivers.iter().map(|d| d.win_probability).collect();
    assert!(win[9] > 0.6, "{win:?}");
    assert!(r.drivers[9].mean_position.unwrap() < 2.0);
    // Among the rest, pace order is finishing order on average.
    let mean: Vec<f64> = r.drivers.iter().map(|d| d.mean_position.unwrap()).collect();
    for i in 1..9 {
        assert!(mean[i - 1] < mean[i], "{mean:?}");
    }
    assert!(
        win[..9].iter().chain(&win[10..]).all(|&w| w < 0.2),
        "{win:?}"
    );
}

#[test]
fn passing_needs_the_circuits_pace_advantage() {
    // A car 1.0 s/lap quicker starts behind a slower one; neither stops.
    // Monza needs 0.6 s to pass, Monaco 3.0 s.
    let race = |circuit: &str| {
        let mut req = field(circuit, 2, 500);
        no_neutralisation(&mut req);
        req.cars[1].pace_offset = -1.0;
        for c in &mut req.cars {
            c.strategy = no_stop(Compound::Hard);
        }
        simulate(&req).unwrap()
    };
    let monza = race("monza");
    let monaco = race("monaco");
    assert!(monza.drivers[1].win_probability > 0.95, "{monza:?}");
    // At Monaco only a good start (lap 1's extra noise) gets it past.
    assert!(monaco.drivers[0].win_probability > 0.9, "{monaco:?}");
    // Held up: on average it finishes close to the slower car, not the
    // 78 s ahead it would be in free air.
    let t = |r: &MonteCarloResponse, i: usize| r.drivers[i].mean_race_time.unwrap();
    assert!(t(&monaco, 1) - t(&monaco, 0) > -10.0);
    assert!(t(&monza, 1) - t(&monza, 0) < -40.0);
}

#[test]
fn safety_car_rate_follows_the_catalogue() {
    for circuit in ["marina_bay", "catalunya"] {
        let facts = catalogue::get(circuit).unwrap();
        let runs = 4000;
        let r = simulate(&field(circuit, 4, runs)).unwrap();
        assert_eq!(r.safety_car_probability, facts.safety_car_probability);
        let sc = share(r.safety_car_races, runs);
        assert!(
            (sc - facts.safety_car_probability).abs() < 0.03,
            "{circuit} {sc}"
        );
        // A VSC falling wholly inside the safety-car period is not seen.
        let vsc = share(r.vsc_races, runs);
        let p = facts.vsc_probability;
        assert!(vsc > 0.8 * p && vsc < p + 0.03, "{circuit} {vsc}");
    }
}

#[test]
fn safety_car_bunches_the_field_and_slows_the_race() {
    let race = |p_sc: f64| {
        let mut req = field("monza", 10, 500);
        req.neutralisation.safety_car_probability = Some(p_sc);
        req.neutralisation.vsc_probability = Some(0.0);
        req.noise.lap_sd = 0.0;
        req.noise.start_sd = 0.0;
        for (i, c) in req.cars.iter_mut().enumerate() {
            c.pace_offset = 0.2 * i as f64;
            c.strategy = no_stop(Compound::Hard);
        }
        let r = simulate(&req).unwrap();
        let t = |i: usize| r.drivers[i].mean_race_time.unwrap();
        (t(0), t(9) - t(0))
    };
    let (green, green_spread) = race(0.0);
    let (sc, sc_spread) = race(1.0);
    // Without noise or a safety car, gaps grow by 0.2 s per lap per place.
    assert!(
        (green_spread - (9.0 * 0.25 + 53.0 * 9.0 * 0.2)).abs() < 1.0,
        "{green_spread}"
    );
    assert!(
        sc_spread < 0.7 * green_spread,
        "{sc_spread} vs {green_spread}"
    );
    // About four laps at 1.4× the base lap.
    assert!(sc - green > 80.0, "{}", sc - green);
}

#[test]
fn stops_under_the_safety_car_are_cheaper() {
    // Monaco (no passing on track), ten equal cars without noise; the
    // leader plans one stop on lap 40 of 78, the others none. A safety car
    // in every race; with a window of the whole race the leader stops under
    // it whenever it comes out before lap 40 (about half the races), else
    // it stops under green and drops to last. Under the safety car the
    // field is 0.8 s apart: a stop costing 5 % of the green pit loss (1.1 s)
    // drops the leader one place, the full pit loss drops it to last.
    let run = |factor: f64| {
        let mut req = field("monaco", 10, 1000);
        req.noise.lap_sd = 0.0;
        req.noise.start_sd = 0.0;
        req.neutralisation = Neutralisation {
            safety_car_probability: Some(1.0),
            vsc_probability: Some(0.0),
            safety_car_pit_factor: factor,
            pit_window: 78,
            ..Neutralisation::default()
        };
        for c in &mut req.cars {
            c.pace_offset = 0.0;
            c.strategy = no_stop(Compound::Hard);
        }
        req.cars[0].strategy = StrategyChoice::Stops {
            starting: Compound::Medium,
            pit_stops: vec![PitStop {
                lap: 40,
                compound: Compound::Hard,
            }],
        };
        simulate(&req).unwrap().drivers[0].mean_position.unwrap()
    };
    let (cheap, full) = (run(0.05), run(1.0));
    assert!(full - cheap > 2.5, "{cheap} vs {full}");
    // Full loss: last whether the stop falls under the safety car or not.
    assert!(full > 9.0, "{full}");
}

#[test]
fn lone_car_without_noise_runs_the_optimisers_time() {
    let mut req = field("silverstone", 1, 3);
    no_neutralisation(&mut req);
    req.noise = Noise {
        lap_sd: 0.0,
        start_sd: 0.0,
        grid_gap: 0.25,
    };
    let r = simulate(&req).unwrap();
    let facts = catalogue::get("silverstone").unwrap();
    let best = optimise(&OptimiseRequest {
        laps: facts.race_laps,
        pit_loss: facts.pit_loss,
        model: facts.tyre_model(),
        max_stops: 3,
        min_stint: 1,
        weather: Weather::Dry,
        sets: None,
        starting: None,
        top_k: 1,
        compounds_used: Vec::new(),
    })
    .unwrap();
    let d = &r.drivers[0];
    assert_eq!(d.strategy, best[0].stints);
    let t = d.mean_race_time.unwrap();
    assert!(
        (t - best[0].total_time).abs() < 1e-6,
        "{t} vs {}",
        best[0].total_time
    );
}

#[test]
fn monza_field_is_plausible() {
    let facts = catalogue::get("monza").unwrap();
    let mut req = field("monza", 20, 2000);
    for c in &mut req.cars {
        c.dnf_probability = 0.05;
    }
    let r = simulate(&req).unwrap();
    // Monza is a one-stop race; the DP agrees.
    for d in &r.drivers {
        assert_eq!(d.strategy.len(), 2, "{:?}", d.strategy);
    }
    let winner_time = r.drivers[0].mean_race_time.unwrap();
    let typical = facts.typical_race_lap * f64::from(facts.race_laps);
    assert!(
        (0.98..1.08).contains(&(winner_time / typical)),
        "{winner_time} vs {typical}"
    );
    let sc = share(r.safety_car_races, r.runs);
    assert!((sc - facts.safety_car_probability).abs() < 0.045, "{sc}");
    let points: f64 = r.drivers.iter().map(|d| d.expected_points).sum();
    assert!(points > 95.0 && points <= 101.0 + 1e-9, "{points}");
    let win: Vec<f64> = r.drivers.iter().map(|d| d.win_probability).collect();
    assert!(
        win[0] > win[1] && win[1] > win[2] && win[2] >= win[5],
        "{win:?}"
    );
    assert!(r.drivers[19].podium_probability < r.drivers[0].podium_probability);
}

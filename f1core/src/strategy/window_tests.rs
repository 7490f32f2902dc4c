use super::tests::{Rng, cm};
use super::*;
use crate::error::Error;
use crate::tyre::{CompoundModel, Degradation};
use Compound::*;

fn model() -> TyreModel {
    TyreModel {
        base_lap: 90.0,
        fuel_effect: 0.05,
        compounds: vec![cm(Soft, -1.0, 0.2), cm(Hard, 0.0, 0.05)],
    }
}

fn req(laps: u32, current_lap: u32, tyre_age: u32) -> PitWindowRequest {
    PitWindowRequest {
        laps,
        current_lap,
        compound: Soft,
        tyre_age,
        compounds_used: vec![],
        model: model(),
        pit_loss: 20.0,
        max_stops: 1,
        min_stint: 1,
        weather: Weather::Dry,
        sets: None,
        tolerance: 1.0,
        ahead: None,
        behind: None,
        laps_later: 1,
    }
}

fn err_msg<T: std::fmt::Debug>(r: Result<T, Error>) -> String {
    match r {
        Err(Error::InvalidInput(m)) => m,
        other => panic!("expected InvalidInput, got {other:?}"),
    }
}

/// The reference: for each next-stop lap, the current set's laps summed
/// straight from the model, the pit loss, and the brute-force optimum of the
/// sub-race that is left; plus not stopping when the rules allow it.
fn reference(r: &PitWindowRequest) -> Vec<(Option<u32>, f64, Vec<PlannedStint>)> {
    let (n, l0) = (r.laps, r.current_lap);
    let stay = |to: u32| -> f64 {
        (l0 + 1..=to)
            .map(|lap| {
                r.model
                    .lap_time(r.compound, r.tyre_age + lap - l0 - 1, lap, n)
                    .unwrap()
            })
            .sum()
    };
    let current = |to| PlannedStint {
        compound: r.compound,
        first_lap: l0 + 1,
        last_lap: to,
        start_age: r.tyre_age,
    };
    let mut used = r.compounds_used.clone();
    used.push(r.compound);
    let mut out = Vec::new();
    for s in l0 + 1..n {
        if r.max_stops == 0 {
            break;
        }
        let sub = OptimiseRequest {
            laps: n - s,
            pit_loss: r.pit_loss,
            model: r.model.clone(),
            max_stops: r.max_stops - 1,
            min_stint: r.min_stint,
            weather: r.weather,
            sets: r.sets.clone(),
            starting: None,
            top_k: 1,
            compounds_used: used.clone(),
        };
        match brute_force(&sub) {
            Ok(b) => {
                let mut plan = vec![current(s)];
                plan.extend(b[0].stints.iter().map(|x| PlannedStint {
                    first_lap: x.first_lap + s,
                    last_lap: x.last_lap + s,
                    ..*x
                }));
                out.push((Some(s), stay(s) + r.pit_loss + b[0].total_time, plan));
            }
            Err(Error::InvalidInput(_)) => {} // no legal plan for the laps left
            Err(e) => panic!("{e}"),
        }
    }
    let dry = r.weather == Weather::Dry;
    if !dry || used.iter().any(|c| !c.is_dry()) || {
        let mut d = used.clone();
        d.sort();
        d.dedup();
        d.len() >= 2
    } {
        out.push((None, stay(n), vec![current(n)]));
    }
    out
}

fn random_degradation(rng: &mut Rng) -> Degradation {
    match rng.below(3) {
        0 => Degradation::Linear {
            rate: rng.f(0.0, 0.3),
        },
        1 => Degradation::Quadratic {
            rate: rng.f(0.0, 0.1),
            curve: rng.f(0.0, 0.02),
        },
        _ => Degradation::Logarithmic {
            scale: rng.f(0.0, 1.5),
        },
    }
}

fn random_request(rng: &mut Rng) -> PitWindowRequest {
    let weather = if rng.chance(0.8) {
        Weather::Dry
    } else {
        Weather::Wet
    };
    let mut compounds = Vec::new();
    for c in [Soft, Medium, Hard, Intermediate, Wet] {
        if c.is_dry() == (weather == Weather::Dry) && rng.chance(0.8) || rng.chance(0.15) {
            compounds.push(CompoundModel {
                compound: c,
                offset: rng.f(-1.5, 1.5),
                degradation: random_degradation(rng),
            });
        }
    }
    if compounds.is_empty() {
        compounds.push(cm(Medium, 0.0, 0.1));
    }
    let pick = |rng: &mut Rng| compounds[rng.below(compounds.len() as u32) as usize].compound;
    let laps = rng.range(2, 25);
    let sets = rng.chance(0.4).then(|| {
        (0..rng.range(0, 5))
            .map(|_| TyreSet {
                compound: pick(rng),
                age: if rng.chance(0.5) { 0 } else { rng.range(0, 8) },
            })
            .collect()
    });
    let all = [Soft, Medium, Hard, Intermediate, Wet];
    // A quarter on the grid on a new set: comparable with the full race.
    let grid = rng.chance(0.25);
    PitWindowRequest {
        laps,
        current_lap: if grid { 0 } else { rng.below(laps) },
        compound: pick(rng),
        tyre_age: if grid { 0 } else { rng.range(0, 20) },
        compounds_used: (0..rng.range(0, 2))
            .map(|_| {
                let kinds = if rng.chance(0.9) { 3 } else { 5 }; // mostly dry
                all[rng.below(kinds) as usize]
            })
            .collect(),
        model: TyreModel {
            base_lap: rng.f(70.0, 110.0),
            fuel_effect: rng.f(0.0, 0.1),
            compounds,
        },
        pit_loss: rng.f(0.0, 30.0),
        max_stops: rng.range(0, 3),
        min_stint: if rng.chance(0.5) { 1 } else { rng.range(2, 6) },
        weather,
        sets,
        tolerance: rng.f(0.0, 3.0),
        ahead: None,
        behind: None,
        laps_later: 1,
    }
}

#[test]
fn every_option_matches_brute_force_over_the_laps_left() {
    let mut rng = Rng(0x817_3177);
    let (mut ok, mut none, mut stops, mut from_grid, mut sets) = (0, 0, 0, 0, 0);
    for case in 0..400 {
        let r = random_request(&mut rng);
        let want = reference(&r);
        let got = match pit_window(&r) {
            Ok(w) => w,
            Err(Error::InvalidInput(m)) => {
                assert!(want.is_empty(), "case {case}: {m}\n{r:?}\n{want:?}");
                assert!(m.contains("no plan from lap"), "case {case}: {m}");
                none += 1;
                continue;
            }
            Err(e) => panic!("case {case}: {e}"),
        };
        let ctx = || format!("case {case}: {r:?}\n{got:#?}\n{want:#?}");
        let mut all: Vec<&PitOption> = got.options.iter().collect();
        all.extend(&got.no_stop);
        assert_eq!(all.len(), want.len(), "{}", ctx());
        for (o, (lap, time, plan)) in all.iter().zip(&want) {
            assert_eq!(o.pit_lap, *lap, "{}", ctx());
            assert!((o.time - time).abs() <= 1e-9, "{}", ctx());
            assert_eq!(&o.plan.stints, plan, "{}", ctx());
            assert_eq!(o.plan.total_time, o.time);
            assert_eq!(o.next_compound, plan.get(1).map(|s| s.compound));
        }
        let best = want.iter().map(|w| w.1).fold(f64::INFINITY, f64::min);
        assert!((got.best.time - best).abs() <= 1e-9, "{}", ctx());
        assert_eq!(got.best.delta, 0.0);
        // The window: every stop lap within the tolerance, away from the edge.
        if want
            .iter()
            .all(|w| ((w.1 - best) - r.tolerance).abs() > 1e-6)
        {
            let window: Vec<u32> = want
                .iter()
                .filter(|w| w.0.is_some() && w.1 - best <= r.tolerance)
                .filter_map(|w| w.0)
                .collect();
            assert_eq!(got.window, window, "{}", ctx());
        }
        // From the grid on a new set, the best is the full-race optimum.
        if r.current_lap == 0
            && r.tyre_age == 0
            && r.sets.is_none()
            && r.min_stint == 1
            && r.compound.is_dry() == (r.weather == Weather::Dry)
        {
            let full = OptimiseRequest {
                laps: r.laps,
                pit_loss: r.pit_loss,
                model: r.model.clone(),
                max_stops: r.max_stops,
                min_stint: 1,
                weather: r.weather,
                sets: None,
                starting: Some(r.compound),
                top_k: 1,
                compounds_used: r.compounds_used.clone(),
            };
            let dp = optimise(&full).unwrap();
            assert!(
                (dp[0].total_time - got.best.time).abs() <= 1e-9,
                "{}",
                ctx()
            );
            from_grid += 1;
        }
        ok += 1;
        stops += !got.options.is_empty() as u32;
        sets += r.sets.is_some() as u32;
    }
    eprintln!(
        "ok {ok} (with stops {stops}, explicit sets {sets}, from the grid {from_grid}), no plan {none}"
    );
    assert!(ok >= 250 && stops >= 150 && sets >= 80 && from_grid >= 10 && none >= 20);
}

#[test]
fn undercut_and_overcut_are_the_lap_time_differences() {
    // Lap 10 of 30 on a 10-lap-old Soft (needs Hard later). Soft lap at age
    // a: 89 + 0.2a; new Hard: 90. Fuel and both pit losses cancel.
    let mut r = req(30, 10, 10);
    let rival = Rival {
        gap: 1.0,
        compound: Soft,
        tyre_age: 10,
        pace_offset: 0.0,
        next_compound: None,
    };
    r.ahead = Some(rival);
    r.behind = Some(rival);
    let w = pit_window(&r).unwrap();
    let u = w.undercut.unwrap();
    // Ahead stays out on lap 12 on Soft age 11 (91.2), we run a new Hard (90.0).
    assert_eq!(
        (u.first_stop, u.second_stop, u.first_compound),
        (11, 12, Hard)
    );
    assert!((u.gain - 1.2).abs() < 1e-9, "{u:?}");
    assert!((u.margin - 0.2).abs() < 1e-9 && u.works);
    // The car behind undercuts us by the same 1.2 s: 1.0 s is not enough.
    let o = w.overcut.unwrap();
    assert_eq!(
        (o.first_stop, o.second_stop, o.first_compound),
        (11, 12, Hard)
    );
    assert!((o.gain - 1.2).abs() < 1e-9 && (o.margin + 0.2).abs() < 1e-9 && !o.works);
    // Half a second a lap slower: it gains 1.2 − 2 × 0.5 = 0.2 s only.
    r.behind = Some(Rival {
        pace_offset: 0.5,
        ..rival
    });
    let o = pit_window(&r).unwrap().overcut.unwrap();
    assert!((o.gain - 0.2).abs() < 1e-9 && (o.margin - 0.8).abs() < 1e-9 && o.works);
    // Three laps later: the first stopper gains Σ over laps 12..=14 of
    // soft(age 11..13) − hard(age 0..2) = (91.2 + 91.4 + 91.6) − (90.0 +
    // 90.05 + 90.1) = 4.05 s; the slower car behind 4 × 0.5 s less.
    r.ahead = Some(Rival { gap: 1.5, ..rival });
    r.laps_later = 3;
    let w = pit_window(&r).unwrap();
    let u = w.undercut.unwrap();
    assert_eq!(u.second_stop, 14);
    assert!((u.gain - 4.05).abs() < 1e-9 && (u.margin - 2.55).abs() < 1e-9 && u.works);
    let o = w.overcut.unwrap();
    assert!((o.gain - 2.05).abs() < 1e-9 && (o.margin + 1.05).abs() < 1e-9 && !o.works);
    // Too late in the race for the second stop: no duel.
    r.laps_later = 19;
    assert_eq!(pit_window(&r).unwrap().undercut, None);
}

#[test]
fn the_window_brackets_the_best_stop_and_widens_with_the_tolerance() {
    let mut r = req(40, 5, 5);
    r.tolerance = 0.0;
    let w = pit_window(&r).unwrap();
    let best = w.best.pit_lap.unwrap();
    assert_eq!(w.window, vec![best]);
    assert_eq!(w.next_compound, Some(Hard));
    assert_eq!(w.no_stop, None, "Soft only: the rule needs a stop");
    r.tolerance = 2.0;
    let w = pit_window(&r).unwrap();
    // Convex in the stop lap here, so the window is a run of laps around it.
    assert!(w.window.len() > 2 && w.window.contains(&best));
    assert!(
        w.window.windows(2).all(|p| p[1] == p[0] + 1),
        "{:?}",
        w.window
    );
    for o in &w.options {
        assert_eq!(w.window.contains(&o.pit_lap.unwrap()), o.delta <= 2.0);
    }
}

#[test]
fn no_stop_when_the_rule_is_met_or_no_stop_is_left() {
    let mut r = req(30, 20, 20);
    r.compounds_used = vec![Hard];
    r.pit_loss = 25.0;
    let w = pit_window(&r).unwrap();
    let ns = w.no_stop.clone().unwrap();
    assert_eq!(ns.plan.stints.len(), 1);
    assert_eq!(
        (ns.plan.stints[0].first_lap, ns.plan.stints[0].last_lap),
        (21, 30)
    );
    r.max_stops = 0;
    let w = pit_window(&r).unwrap();
    assert!(w.options.is_empty() && w.window.is_empty() && w.next_compound.is_none());
    assert_eq!(w.best.pit_lap, None);
    r.compounds_used.clear();
    assert!(err_msg(pit_window(&r)).contains("no plan from lap 20"));
}

#[test]
fn bad_requests_name_the_field() {
    let r = req(30, 10, 10);
    let check = |f: &dyn Fn(&mut PitWindowRequest), word: &str| {
        let mut bad = r.clone();
        f(&mut bad);
        let m = err_msg(pit_window(&bad));
        assert!(m.contains(word), "{word}: {m}");
    };
    check(&|r| r.current_lap = 30, "current_lap");
    check(&|r| r.compound = Medium, "compound is Medium");
    check(&|r| r.tyre_age = 201, "tyre age 201");
    check(&|r| r.tolerance = -1.0, "tolerance");
    check(&|r| r.tolerance = f64::NAN, "tolerance");
    check(&|r| r.laps_later = 0, "laps_later");
    check(&|r| r.pit_loss = f64::INFINITY, "pit_loss");
    check(&|r| r.max_stops = 11, "max_stops");
    let rival = Rival {
        gap: f64::NAN,
        compound: Soft,
        tyre_age: 3,
        pace_offset: 0.0,
        next_compound: None,
    };
    check(&|r| r.ahead = Some(rival), "ahead.gap");
    check(
        &|r| {
            r.behind = Some(Rival {
                gap: 1.0,
                next_compound: Some(Wet),
                ..rival
            })
        },
        "behind.next_compound is Wet",
    );
    check(
        &|r| {
            r.sets = Some(vec![TyreSet {
                compound: Medium,
                age: 0,
            }])
        },
        "set 0 is Medium",
    );
}

#[test]
fn request_reads_from_json_with_defaults() {
    let json = r#"{"laps": 30, "current_lap": 12, "compound": "SOFT", "tyre_age": 14,
        "pit_loss": 22.0, "max_stops": 2, "weather": "DRY",
        "model": {"base_lap": 90.0, "fuel_effect": 0.05, "compounds": [
          {"compound": "SOFT", "offset": -1.0, "degradation": {"form": "linear", "rate": 0.2}},
          {"compound": "HARD", "offset": 0.0, "degradation": {"form": "linear", "rate": 0.05}}]},
        "ahead": {"gap": 0.8, "compound": "SOFT", "tyre_age": 14}}"#;
    let r: PitWindowRequest = serde_json::from_str(json).unwrap();
    assert_eq!((r.min_stint, r.laps_later, r.tolerance), (1, 1, 1.0));
    let w = pit_window(&r).unwrap();
    let text = serde_json::to_string(&w).unwrap();
    assert!(
        text.contains("\"window\"") && text.contains("\"undercut\":{"),
        "{text}"
    );
    assert!(text.contains("\"overcut\":null"), "{text}");
}

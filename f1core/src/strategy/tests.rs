use super::*;
use crate::error::Error;
use crate::tyre::{CompoundModel, Degradation};
use Compound::*;

pub(super) fn cm(compound: Compound, offset: f64, rate: f64) -> CompoundModel {
    CompoundModel {
        compound,
        offset,
        degradation: Degradation::Linear { rate },
    }
}

fn dry_model() -> TyreModel {
    TyreModel {
        base_lap: 90.0,
        fuel_effect: 0.03,
        compounds: vec![
            cm(Soft, -0.8, 0.12),
            cm(Medium, -0.3, 0.06),
            cm(Hard, 0.0, 0.03),
        ],
    }
}

fn req(laps: u32, max_stops: u32) -> OptimiseRequest {
    OptimiseRequest {
        laps,
        pit_loss: 20.0,
        model: dry_model(),
        max_stops,
        min_stint: 1,
        weather: Weather::Dry,
        sets: None,
        starting: None,
        top_k: 1,
        compounds_used: vec![],
    }
}

fn err_msg(r: Result<Vec<Strategy>, Error>) -> String {
    match r {
        Err(Error::InvalidInput(m)) => m,
        other => panic!("expected InvalidInput, got {other:?}"),
    }
}

#[test]
fn one_stop_dry_race_uses_two_compounds() {
    let best = optimise(&req(30, 1)).unwrap();
    assert_eq!(best.len(), 1);
    let s = &best[0];
    assert_eq!(s.stops, 1);
    assert_eq!(s.pit_laps, vec![s.stints[0].last_lap]);
    assert_ne!(s.stints[0].compound, s.stints[1].compound);
    assert_eq!(s.stints[1].last_lap, 30);
    assert!(same(&best, &brute_force(&req(30, 1)).unwrap()));
}

#[test]
fn top_k_is_distinct_sorted_and_ties_are_deterministic() {
    let mut r = req(20, 2);
    r.top_k = 8;
    let best = optimise(&r).unwrap();
    assert_eq!(best.len(), 8);
    for w in best.windows(2) {
        assert!(w[0].total_time <= w[1].total_time);
        assert!(w[0].stints != w[1].stints);
    }
    // A stint pair and its mirror cost exactly the same (fuel is
    // strategy-independent); the tie goes to the smaller compound sequence.
    assert_eq!(best, optimise(&r).unwrap());
}

#[test]
fn explicit_sets_start_at_their_age_and_are_used_once() {
    let mut r = req(30, 3);
    r.sets = Some(vec![
        TyreSet {
            compound: Soft,
            age: 4,
        },
        TyreSet {
            compound: Hard,
            age: 0,
        },
        TyreSet {
            compound: Intermediate,
            age: 0,
        }, // not fitted in the dry
    ]);
    r.model.compounds.push(cm(Intermediate, 5.0, 0.0));
    let best = optimise(&r).unwrap();
    let s = &best[0];
    assert!(s.stops <= 1, "only two dry sets: {s:?}");
    let soft = s.stints.iter().find(|x| x.compound == Soft).unwrap();
    assert_eq!(soft.start_age, 4);
    assert!(same(&best, &brute_force(&r).unwrap()));
}

#[test]
fn wet_race_has_no_two_compound_rule() {
    let mut r = req(10, 0);
    r.weather = Weather::Wet;
    r.model.compounds = vec![cm(Intermediate, 3.0, 0.05), cm(Wet, 6.0, 0.01)];
    let best = optimise(&r).unwrap();
    assert_eq!(best[0].stops, 0);
    assert_eq!(best[0].stints[0].compound, Intermediate);
}

#[test]
fn starting_compound_is_respected() {
    let mut r = req(30, 2);
    r.starting = Some(Hard);
    assert_eq!(optimise(&r).unwrap()[0].stints[0].compound, Hard);
}

#[test]
fn invalid_and_infeasible_requests_error() {
    let m = err_msg(optimise(&req(0, 1)));
    assert!(m.contains("laps"), "{m}");
    assert!(err_msg(optimise(&req(201, 1))).contains("201"));
    assert!(err_msg(optimise(&req(50, 11))).contains("max_stops"));
    let mut r = req(50, 1);
    r.pit_loss = f64::NAN;
    assert!(err_msg(optimise(&r)).contains("pit_loss"));
    r.pit_loss = -1.0;
    assert!(err_msg(optimise(&r)).contains("pit_loss"));
    assert!(err_msg(optimise(&req(50, 0))).contains("max_stops is 0"));
    let mut r = req(50, 2);
    r.model.compounds.truncate(1);
    assert!(err_msg(optimise(&r)).contains("two different dry compounds"));
    let mut r = req(50, 2);
    r.min_stint = 26;
    assert!(err_msg(optimise(&r)).contains("26"));
    r.min_stint = 51;
    assert!(err_msg(optimise(&r)).contains("51"));
    let mut r = req(50, 2);
    r.top_k = 0;
    assert!(err_msg(optimise(&r)).contains("top_k"));
    let mut r = req(50, 2);
    r.sets = Some(vec![
        TyreSet {
            compound: Soft,
            age: 0
        };
        17
    ]);
    assert!(err_msg(optimise(&r)).contains("17"));
    // Two sets but the second is too short-lived for min_stint and stops.
    let mut r = req(50, 1);
    r.sets = Some(vec![
        TyreSet {
            compound: Soft,
            age: 0,
        },
        TyreSet {
            compound: Soft,
            age: 3,
        },
    ]);
    assert!(err_msg(optimise(&r)).contains("two different dry compounds"));
    let mut r = req(50, 1);
    r.starting = Some(Wet);
    assert!(err_msg(optimise(&r)).contains("Wet"));
    let mut r = req(50, 1);
    r.model.base_lap = -1.0;
    assert!(err_msg(optimise(&r)).contains("base_lap"));
    // min_stint 5 in 10 laps: exactly one stop at lap 5; a starting
    // compound with no set is refused by name.
    let mut r = req(10, 1);
    r.min_stint = 5;
    r.starting = Some(Soft);
    r.sets = Some(vec![
        TyreSet {
            compound: Soft,
            age: 0,
        },
        TyreSet {
            compound: Medium,
            age: 0,
        },
    ]);
    assert_eq!(optimise(&r).unwrap()[0].pit_laps, vec![5]);
    r.sets = Some(vec![
        TyreSet {
            compound: Soft,
            age: 0,
        },
        TyreSet {
            compound: Hard,
            age: 0,
        },
    ]);
    r.starting = Some(Medium);
    assert!(err_msg(optimise(&r)).contains("Medium"));
}

#[test]
fn oversized_set_space_is_refused_not_attempted() {
    let mut r = req(70, 10);
    r.sets = Some(
        (0..16)
            .map(|i| TyreSet {
                compound: [Soft, Medium, Hard][i % 3],
                age: i as u32,
            })
            .collect(),
    );
    assert!(err_msg(optimise(&r)).contains("too many combinations"));
    // Realistic inventories fit: 13 sets, several alike.
    let ages = [0, 0, 2, 3, 0, 0, 4, 0, 0, 0, 5, 0, 0];
    r.sets = Some(
        ages.iter()
            .enumerate()
            .map(|(i, &age)| TyreSet {
                compound: [Soft, Medium, Hard][i % 3],
                age,
            })
            .collect(),
    );
    r.max_stops = 3;
    r.top_k = 3;
    assert_eq!(optimise(&r).unwrap().len(), 3);
}

#[test]
fn request_round_trips_through_json_with_defaults() {
    let json = r#"{"laps": 12, "pit_loss": 21.5, "max_stops": 2, "weather": "DRY",
        "model": {"base_lap": 90.0, "fuel_effect": 0.03, "compounds": [
          {"compound": "SOFT", "offset": -0.5, "degradation": {"form": "linear", "rate": 0.1}},
          {"compound": "HARD", "offset": 0.0, "degradation": {"form": "logarithmic", "scale": 0.4}}]},
        "sets": [{"compound": "SOFT", "age": 2}, {"compound": "HARD"}]}"#;
    let r: OptimiseRequest = serde_json::from_str(json).unwrap();
    assert_eq!((r.min_stint, r.top_k, r.starting), (1, 1, None));
    assert!(r.compounds_used.is_empty());
    let out = optimise(&r).unwrap();
    let text = serde_json::to_string(&out).unwrap();
    assert!(
        text.contains("\"pit_laps\"") && text.contains("\"start_age\":2"),
        "{text}"
    );
}

#[test]
fn compounds_used_earlier_count_towards_the_two_compound_rule() {
    // Mid-race, Medium already run: no stop is needed, but the one stint
    // must be another dry compound. With a big pit loss that is the answer.
    let mut r = req(15, 0);
    r.pit_loss = 60.0;
    r.compounds_used = vec![Medium];
    let best = optimise(&r).unwrap();
    assert_eq!(best[0].stops, 0);
    assert_ne!(best[0].stints[0].compound, Medium);
    assert!(same(&best, &brute_force(&r).unwrap()));
    // Both already run: any single stint will do, Medium included.
    r.compounds_used = vec![Soft, Hard];
    r.model.compounds = vec![cm(Medium, -0.3, 0.06), cm(Hard, 0.0, 0.03)];
    r.starting = Some(Medium);
    assert_eq!(optimise(&r).unwrap()[0].stints.len(), 1);
    // An Intermediate earlier waives the rule even with one dry compound.
    r.compounds_used = vec![Intermediate];
    r.model.compounds.truncate(1);
    assert_eq!(optimise(&r).unwrap()[0].stints[0].compound, Medium);
    // Only Medium now, Medium before: still one compound, refused by name.
    r.compounds_used = vec![Medium];
    assert!(err_msg(optimise(&r)).contains("only [Medium]"));
    // Without compounds_used a 0-stop dry race is refused as before.
    r.compounds_used.clear();
    assert!(err_msg(optimise(&r)).contains("two different dry compounds"));
}

/// splitmix64: a tiny deterministic PRNG so the property test needs no crate.
pub(super) struct Rng(pub(super) u64);

impl Rng {
    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub(super) fn below(&mut self, n: u32) -> u32 {
        (self.next() % n as u64) as u32
    }
    pub(super) fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below(hi - lo + 1)
    }
    pub(super) fn f(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub(super) fn chance(&mut self, p: f64) -> bool {
        self.f(0.0, 1.0) < p
    }
}

fn random_request(rng: &mut Rng) -> OptimiseRequest {
    let weather = if rng.chance(0.75) {
        Weather::Dry
    } else {
        Weather::Wet
    };
    let mut compounds = Vec::new();
    for c in [Soft, Medium, Hard, Intermediate, Wet] {
        if c.is_dry() == (weather == Weather::Dry) && rng.chance(0.85) || rng.chance(0.1) {
            let degradation = match rng.below(3) {
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
            };
            compounds.push(CompoundModel {
                compound: c,
                offset: rng.f(-1.5, 1.5),
                degradation,
            });
        }
    }
    let model = TyreModel {
        base_lap: rng.f(70.0, 110.0),
        fuel_effect: rng.f(0.0, 0.1),
        compounds,
    };
    let laps = rng.range(1, 25);
    let sets = rng.chance(0.5).then(|| {
        let all = [Soft, Medium, Hard, Intermediate, Wet];
        (0..rng.range(1, 6))
            .filter_map(|_| {
                let c = all[rng.below(5) as usize];
                let age = if rng.chance(0.4) { 0 } else { rng.range(0, 8) };
                // Sets of compounds the model lacks are an input error in
                // the allowed weather; keep most cases valid.
                (model.compound(c).is_some() || rng.chance(0.05))
                    .then_some(TyreSet { compound: c, age })
            })
            .collect()
    });
    OptimiseRequest {
        laps,
        pit_loss: rng.f(0.0, 30.0),
        model,
        max_stops: rng.range(0, 2),
        min_stint: if rng.chance(0.5) { 1 } else { rng.range(2, 6) },
        weather,
        sets,
        starting: rng
            .chance(0.2)
            .then(|| [Soft, Medium, Hard, Intermediate, Wet][rng.below(5) as usize]),
        top_k: rng.range(1, 6),
        // Mid-race: what ran before, mostly dry, now and then a wet compound.
        compounds_used: if rng.chance(0.5) {
            vec![]
        } else {
            (0..rng.range(1, 2))
                .map(|_| {
                    if rng.chance(0.1) {
                        [Intermediate, Wet][rng.below(2) as usize]
                    } else {
                        [Soft, Medium, Hard][rng.below(3) as usize]
                    }
                })
                .collect()
        },
    }
}

fn same(dp: &[Strategy], bf: &[Strategy]) -> bool {
    dp.len() == bf.len()
        && dp.iter().zip(bf).all(|(a, b)| {
            (a.total_time - b.total_time).abs() <= 1e-9
                && a.stops == b.stops
                && a.stints == b.stints
                && a.pit_laps == b.pit_laps
        })
}

#[test]
fn dp_matches_brute_force_on_random_races() {
    let mut rng = Rng(0x5EED_F1C0);
    let (mut ok, mut infeasible, mut explicit, mut long_stints, mut wet) = (0, 0, 0, 0, 0);
    // Dry cases with compounds already used, and those won with no stop.
    let (mut used, mut used_no_stop) = (0, 0);
    for case in 0..1000 {
        let r = random_request(&mut rng);
        match (optimise(&r), brute_force(&r)) {
            (Ok(dp), Ok(bf)) => {
                assert!(
                    same(&dp, &bf),
                    "case {case}: {r:?}\nDP    {dp:#?}\nbrute {bf:#?}"
                );
                assert_eq!(dp.len(), bf.len());
                ok += 1;
                explicit += r.sets.is_some() as u32;
                long_stints += (r.min_stint > 1) as u32;
                wet += (r.weather == Weather::Wet) as u32;
                if r.weather == Weather::Dry && !r.compounds_used.is_empty() {
                    used += 1;
                    used_no_stop += (dp[0].stops == 0) as u32;
                }
            }
            (Err(Error::InvalidInput(a)), Err(Error::InvalidInput(b))) => {
                assert_eq!(a, b, "case {case}");
                infeasible += 1;
            }
            (a, b) => panic!("case {case}: {r:?}\nDP {a:?}\nbrute {b:?}"),
        }
    }
    eprintln!(
        "ok {ok}, infeasible {infeasible}, explicit {explicit}, min_stint>1 {long_stints}, wet {wet}, \
         dry with compounds_used {used} ({used_no_stop} without a stop)"
    );
    assert!(used >= 80 && used_no_stop >= 20, "{used} {used_no_stop}");
    assert!(
        ok >= 200 && infeasible >= 20,
        "ok {ok}, infeasible {infeasible}"
    );
    assert!(
        explicit >= 60 && long_stints >= 60 && wet >= 40,
        "{explicit} {long_stints} {wet}"
    );
}

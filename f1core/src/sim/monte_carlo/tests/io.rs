//! Requests and responses as JSON; bad requests.

use super::*;

#[test]
fn json_in_and_out() {
    let json = r#"{
        "circuit": "monza", "runs": 50, "seed": 9,
        "cars": [
            {"driver": "a", "grid": 2},
            {"driver": "b", "grid": 1, "pace_offset": 0.3, "dnf_probability": 0.1,
             "strategy": {"kind": "stops", "starting": "MEDIUM",
                          "pit_stops": [{"lap": 20, "compound": "HARD"}]}},
            {"driver": "c", "grid": 3, "strategy": {"kind": "optimal", "rank": 3}}
        ],
        "noise": {"lap_sd": 0.2},
        "neutralisation": {"safety_car_probability": 0.9, "pit_window": 3}
    }"#;
    let req: MonteCarloRequest = serde_json::from_str(json).unwrap();
    assert_eq!(req.noise.start_sd, Noise::default().start_sd);
    let r = simulate(&req).unwrap();
    assert_eq!(r.drivers[1].grid, 1);
    assert_eq!(r.drivers[1].strategy[1].first_lap, 21);
    let out = serde_json::to_value(&r).unwrap();
    assert!(out["drivers"][0]["position_probabilities"].is_array());
    assert!(out["drivers"][0]["expected_points"].is_number());
    assert_eq!(out["safety_car_probability"], 0.9);
    // Unknown fields are refused, not ignored.
    let typo = json.replace("\"pit_window\"", "\"pit_windw\"");
    assert!(serde_json::from_str::<MonteCarloRequest>(&typo).is_err());
}

#[test]
fn bad_requests_name_the_field() {
    let check = |f: &dyn Fn(&mut MonteCarloRequest), needle: &str| {
        let mut req = field("monza", 3, 10);
        f(&mut req);
        let e = simulate(&req).unwrap_err();
        assert!(e.to_string().contains(needle), "{e} lacks {needle}");
    };
    check(&|r| r.circuit = Some("mugello".into()), "mugello");
    check(&|r| r.circuit = None, "`laps` is required");
    check(&|r| r.runs = 0, "runs");
    check(&|r| r.cars.clear(), "cars");
    check(
        &|r| r.cars[1].dnf_probability = 1.5,
        "cars[1].dnf_probability",
    );
    check(&|r| r.cars[2].pace_offset = f64::NAN, "cars[2].pace_offset");
    check(&|r| r.cars[0].grid = Some(1), "grid given for 1 of 3");
    check(
        &|r| {
            for c in &mut r.cars {
                c.grid = Some(2);
            }
        },
        "cars[1].grid: 2",
    );
    check(
        &|r| {
            r.cars[1].strategy = StrategyChoice::Stops {
                starting: Compound::Soft,
                pit_stops: vec![PitStop {
                    lap: 53,
                    compound: Compound::Hard,
                }],
            }
        },
        "cars[1].strategy.pit_stops[0].lap",
    );
    check(
        &|r| {
            r.cars[0].strategy = StrategyChoice::Optimal {
                rank: 21,
                starting: None,
            }
        },
        "rank",
    );
    check(&|r| r.noise.lap_sd = -1.0, "noise.lap_sd");
    check(
        &|r| r.neutralisation.safety_car_probability = Some(2.0),
        "safety_car_probability",
    );
    check(&|r| r.neutralisation.vsc_laps = 0, "vsc_laps");
    check(&|r| r.points_season = Some(1900), "points_season");
    let mut req = field("monza", 2, 10);
    req.weather = Some(Weather::Wet);
    req.cars[0].strategy = no_stop(Compound::Intermediate);
    let mut model = catalogue::get("monza").unwrap().tyre_model();
    model
        .compounds
        .retain(|m| m.compound != Compound::Intermediate);
    req.model = Some(model);
    let e = simulate(&req).unwrap_err().to_string();
    assert!(e.contains("no Intermediate"), "{e}");
}

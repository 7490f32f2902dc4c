//! The pit-stop window on a real race state: Bahrain 2024, Pérez after lap
//! 10 of 57, third on a 13-lap-old Soft, Russell 1.0 s ahead and Leclerc
//! 1.3 s behind on Softs of the same age. The tyre model is the one
//! `tyre::fit` finds in the race's laps, shifted to each driver's pace.

mod common;

use f1core::catalogue;
use f1core::data::read_laps;
use f1core::domain::{Compound, Lap};
use f1core::strategy::{
    OptimiseRequest, PitWindow, PitWindowRequest, Rival, Weather, optimise, pit_window,
};
use f1core::tyre::TyreModel;
use f1core::tyre::fit::{FittedModel, fit};

const RACE_LAPS: u32 = 57;
const LAP: u32 = 10;

struct Race {
    laps: Vec<Lap>,
    fitted: FittedModel,
}

fn race() -> Race {
    let path = common::data_dir().join("laps/2024-bahrain-grand-prix.csv");
    let laps = read_laps(&path).unwrap();
    let fitted = fit(&laps, RACE_LAPS).unwrap();
    Race { laps, fitted }
}

impl Race {
    fn lap(&self, driver: &str, n: u32) -> &Lap {
        self.laps
            .iter()
            .find(|l| l.driver == driver && l.lap_number == n)
            .unwrap_or_else(|| panic!("{driver} lap {n}"))
    }
    fn pace(&self, driver: &str) -> f64 {
        let d = self.fitted.driver_offsets.iter().find(|d| d.0 == driver);
        d.unwrap().1
    }
    /// The fitted model as run by `driver`.
    fn model(&self, driver: &str) -> TyreModel {
        let mut m = self.fitted.model.clone();
        m.base_lap += self.pace(driver);
        m
    }
    fn secs(&self, driver: &str, n: u32) -> f64 {
        self.lap(driver, n).time.unwrap().as_secs_f64()
    }
    fn rival(&self, me: &str, other: &str) -> Rival {
        let l = self.lap(other, LAP);
        Rival {
            gap: (self.secs(me, LAP) - self.secs(other, LAP)).abs(),
            compound: l.compound.unwrap(),
            tyre_age: l.tyre_life.unwrap(),
            pace_offset: self.pace(other) - self.pace(me),
            next_compound: None,
        }
    }
    /// Pérez's state after lap 10, the cars around him taken from the table.
    fn request(&self) -> PitWindowRequest {
        let me = self.lap("PER", LAP);
        let by_pos = |p| {
            let l = self
                .laps
                .iter()
                .find(|l| l.lap_number == LAP && l.position == Some(p));
            l.unwrap().driver.clone()
        };
        let pos = me.position.unwrap();
        let (ahead, behind) = (by_pos(pos - 1), by_pos(pos + 1));
        assert_eq!((pos, ahead.as_str(), behind.as_str()), (3, "RUS", "LEC"));
        PitWindowRequest {
            laps: RACE_LAPS,
            current_lap: LAP,
            compound: me.compound.unwrap(),
            tyre_age: me.tyre_life.unwrap(),
            compounds_used: vec![], // first stint
            model: self.model("PER"),
            pit_loss: catalogue::get("bahrain").unwrap().pit_loss,
            max_stops: 2,
            min_stint: 5,
            weather: Weather::Dry,
            sets: None,
            tolerance: 1.0,
            ahead: Some(self.rival("PER", &ahead)),
            behind: Some(self.rival("PER", &behind)),
            laps_later: 1,
        }
    }
}

fn print(w: &PitWindow, r: &PitWindowRequest) {
    println!("state: {r:?}");
    println!(
        "best: {:?} in {:.3} s, plan {:?}",
        w.best.pit_lap, w.best.time, w.best.plan.stints
    );
    println!(
        "window (±{} s): {:?}, next compound {:?}",
        r.tolerance, w.window, w.next_compound
    );
    for o in &w.options {
        let rest: Vec<_> = o.plan.stints[1..]
            .iter()
            .map(|s| (s.compound, s.last_lap))
            .collect();
        println!(
            "  stop {:>2}: {:.3} s  +{:.3}  then {:?}",
            o.pit_lap.unwrap(),
            o.time,
            o.delta,
            rest
        );
    }
    println!("no stop: {:?}", w.no_stop.as_ref().map(|o| o.delta));
    println!("undercut: {:?}\novercut: {:?}", w.undercut, w.overcut);
}

#[test]
fn bahrain_lap_10_window_matches_the_optimiser_stop_by_stop() {
    let race = race();
    let r = race.request();
    assert_eq!((r.compound, r.tyre_age), (Compound::Soft, 13));
    let w = pit_window(&r).unwrap();
    print(&w, &r);

    // Brute enumeration over the next stop: for each in-lap, the Soft's laps
    // from the model, the pit loss, and the optimiser on the laps left.
    let mut times = Vec::new();
    for s in LAP + 1..=RACE_LAPS - r.min_stint {
        let stay: f64 = (LAP + 1..=s)
            .map(|lap| {
                r.model
                    .lap_time(Compound::Soft, 13 + lap - LAP - 1, lap, RACE_LAPS)
                    .unwrap()
            })
            .sum();
        let rest = optimise(&OptimiseRequest {
            laps: RACE_LAPS - s,
            pit_loss: r.pit_loss,
            model: r.model.clone(),
            max_stops: 1,
            min_stint: r.min_stint,
            weather: Weather::Dry,
            sets: None,
            starting: None,
            top_k: 1,
            compounds_used: vec![Compound::Soft],
        })
        .unwrap();
        times.push((
            s,
            stay + r.pit_loss + rest[0].total_time,
            rest[0].stints[0].compound,
        ));
    }
    assert_eq!(w.options.len(), times.len());
    for (o, &(s, t, c)) in w.options.iter().zip(&times) {
        assert_eq!(o.pit_lap, Some(s));
        assert!((o.time - t).abs() < 1e-9, "lap {s}: {} vs {t}", o.time);
        assert_eq!(o.next_compound, Some(c));
    }
    let best = times.iter().map(|t| t.1).fold(f64::INFINITY, f64::min);
    assert!((w.best.time - best).abs() < 1e-9);
    let window: Vec<u32> = times
        .iter()
        .filter(|t| t.1 - best <= 1.0)
        .map(|t| t.0)
        .collect();
    assert_eq!(w.window, window);
    assert_eq!(w.no_stop, None, "Soft only so far: a stop is needed");

    // The undercut on Russell: we stop on lap 11, he on lap 12. By hand:
    // his Soft laps 11-12 (+ his pace) against our Soft lap 11 and new lap 12.
    let u = w.undercut.unwrap();
    let ahead = r.ahead.unwrap();
    let lt = |c, age, lap| r.model.lap_time(c, age, lap, RACE_LAPS).unwrap();
    let his = lt(Compound::Soft, 13, 11) + lt(Compound::Soft, 14, 12) + 2.0 * ahead.pace_offset;
    let ours = lt(Compound::Soft, 13, 11) + lt(u.first_compound, 0, 12);
    assert!((u.gain - (his - ours)).abs() < 1e-9, "{u:?}");
    assert!((u.margin - (his - ours - ahead.gap)).abs() < 1e-9);

    // The overcut is what happened: Leclerc stopped on lap 11, Pérez on 12.
    // The model says Pérez stays ahead; after both out-laps (end of lap 13)
    // he was ahead on the road.
    let o = w.overcut.unwrap();
    assert_eq!((o.first_stop, o.second_stop), (11, 12));
    assert!(race.lap("LEC", 11).pit_in && race.lap("PER", 12).pit_in);
    let real = race.secs("LEC", 13) - race.secs("PER", 13);
    println!(
        "overcut on LEC: model margin {:+.3} s, real gap after lap 13 {real:+.3} s",
        o.margin
    );
    assert_eq!(o.works, real > 0.0, "model {o:?}, real {real}");
}

#[test]
fn bahrain_from_the_grid_equals_the_full_race_optimum() {
    let race = race();
    let mut r = race.request();
    r.current_lap = 0;
    r.tyre_age = 0;
    r.min_stint = 1; // the optimiser holds the first stint to it, the window does not
    let w = pit_window(&r).unwrap();
    let full = optimise(&OptimiseRequest {
        laps: RACE_LAPS,
        pit_loss: r.pit_loss,
        model: r.model.clone(),
        max_stops: r.max_stops,
        min_stint: 1,
        weather: Weather::Dry,
        sets: None,
        starting: Some(Compound::Soft),
        top_k: 1,
        compounds_used: vec![],
    })
    .unwrap();
    println!(
        "full race: {:.3} s {:?}",
        full[0].total_time, full[0].stints
    );
    assert!((w.best.time - full[0].total_time).abs() < 1e-9);
    assert_eq!(w.best.plan.stints, full[0].stints);
}

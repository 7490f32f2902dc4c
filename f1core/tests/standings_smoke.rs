mod common;

#[test]
fn champions_2024() {
    let ds = common::dataset();
    let s = ds.standings(2024, None).unwrap();
    assert_eq!(s.round, 24);
    assert_eq!(s.drivers[0].driver_ref, "max_verstappen");
    assert_eq!(s.drivers[0].points, 437.0);
    assert_eq!(s.drivers[0].wins, 9);
    assert_eq!(s.constructors[0].constructor_ref, "mclaren");
    assert_eq!(s.constructors[0].points, 666.0);
}

/// The compact all-rounds form from the dataset (keys numbered from ids,
/// names held once) writes out the same tables as the JSON-friendly path.
#[test]
fn every_round_from_the_dataset_matches_standings_by_round() {
    let ds = common::dataset();
    let mut rounds = 0;
    for year in ds.completed_seasons() {
        let compact = ds.standings_every_round(year).unwrap();
        let season = ds.season_results(year).unwrap();
        let full = f1core::standings::standings_by_round(&season).unwrap();
        assert_eq!(compact.to_standings(), full, "{year}");
        assert_eq!(
            f1core::standings::every_round(&season).unwrap(),
            compact,
            "{year}"
        );
        rounds += compact.rounds.len();
    }
    assert_eq!(rounds, 1125);
    // 2024 after round 24: Verstappen first, with Red Bull his only team.
    let s = ds.standings_every_round(2024).unwrap();
    let last = s.rounds.last().unwrap();
    let top = &last.drivers[0];
    assert_eq!(s.drivers[top.driver as usize].key, "max_verstappen");
    assert_eq!(s.team_keys(top).collect::<Vec<_>>(), ["red_bull"]);
    assert_eq!(top.points, 437.0);
}

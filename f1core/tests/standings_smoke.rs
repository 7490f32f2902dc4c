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

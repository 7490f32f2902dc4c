use f1core::Dataset;

fn main() -> f1core::Result<()> {
    let data = std::env::var("F1CORE_DATA").unwrap_or_else(|_| "../shared/data".into());
    let ds = Dataset::load(data)?;
    for d in ds.driver_standings(2024, None)?.iter().take(3) {
        println!(
            "{} {} {} pts, {} wins",
            d.position, d.driver_name, d.points, d.wins
        );
    }
    let ver = ds.driver_season("max_verstappen", 2023)?;
    println!(
        "Verstappen 2023: {} wins from {} starts",
        ver.wins, ver.races_started
    );
    Ok(())
}

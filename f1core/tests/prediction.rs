//! Walk-forward evaluation of the race models on the real dump.

mod common;

use f1core::model::race_eval::*;

#[test]
fn walk_forward_2024_beats_the_grid_only_baseline() {
    let t = std::time::Instant::now();
    let wf = walk_forward_dataset(common::dataset(), &WalkForwardOptions::new(2024)).unwrap();
    println!("{wf}");
    eprintln!("{:?}", t.elapsed());
    let post = wf.method(POST_QUALIFYING).unwrap().winner_log_loss.unwrap();
    let grid = wf.method(GRID_ONLY).unwrap().winner_log_loss.unwrap();
    assert!(post < grid, "{post} vs {grid}");
}

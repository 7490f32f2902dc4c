//! The plain-English sentence of an explanation.

use super::FeatureContribution;

/// `1`, `2.5`, `0.33`: whole numbers bare, others to two decimals.
fn value(v: Option<f64>) -> String {
    match v {
        None => "missing".into(),
        Some(v) if v.fract() == 0.0 && v.abs() < 1e9 => format!("{v:.0}"),
        Some(v) => format!("{v:.2}"),
    }
}

fn item(c: &FeatureContribution) -> String {
    format!("{} {} ({:+.2})", c.feature, value(c.value), c.contribution)
}

/// "a", "a and b", "a, b and c".
fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// "Verstappen's win chance is driven up by grid 1 (+1.90) and
/// last5_finish 2.40 (+0.60), and down by constructor_points 12 (-0.31)."
pub(super) fn sentence(subject: &str, outcome: &str, top: &[FeatureContribution]) -> String {
    let up: Vec<String> = top
        .iter()
        .filter(|c| c.contribution > 0.0)
        .map(item)
        .collect();
    let down: Vec<String> = top
        .iter()
        .filter(|c| c.contribution < 0.0)
        .map(item)
        .collect();
    let whose = format!("{subject}'s {outcome}");
    match (up.is_empty(), down.is_empty()) {
        (true, true) => format!("{whose} is not moved by any feature."),
        (false, true) => format!("{whose} is driven up by {}.", list(&up)),
        (true, false) => format!("{whose} is driven down by {}.", list(&down)),
        (false, false) => format!(
            "{whose} is driven up by {}, and down by {}.",
            list(&up),
            list(&down)
        ),
    }
}

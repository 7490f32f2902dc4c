//! Race-time text as the Ergast dump and pandas write it, and the JSON form of
//! durations (seconds as a float, which pandas reads with
//! `pd.to_timedelta(x, unit="s")` and JS uses as is).

use serde::{Deserialize, Serialize};
use std::time::Duration;

/// How a finisher's `time` cell relates to the winner.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Gap {
    /// Behind the winner on the same lap, by this much.
    Time {
        #[serde(with = "secs")]
        gap: Duration,
    },
    /// Behind the winner by whole laps.
    Laps { laps: u32 },
}

/// Parses a clock-style duration: `1:34:50.616`, `1:27.452`, `25:38.426`,
/// `26.898`, `+5.478` (the sign is ignored). Fractions of any length.
pub fn parse_duration(text: &str) -> Option<Duration> {
    let t = text.trim().trim_start_matches('+');
    if t.is_empty() {
        return None;
    }
    let mut parts = t.rsplit(':');
    let secs_part = parts.next()?;
    let seconds = parse_seconds(secs_part)?;
    let mut total = seconds;
    let mut scale = 60.0;
    for p in parts {
        if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        total += p.parse::<f64>().ok()? * scale;
        scale *= 60.0;
        if scale > 216_000.0 {
            return None; // more than h:m:s
        }
    }
    Duration::try_from_secs_f64(round_micros(total)).ok()
}

/// Parses a result's gap cell: `+5.478`, `+1:05.237`, `+1 Lap`, `+3 Laps`.
pub fn parse_gap(text: &str) -> Option<Gap> {
    let t = text.trim();
    let rest = t.strip_prefix('+')?;
    if let Some(n) = rest
        .strip_suffix(" Laps")
        .or_else(|| rest.strip_suffix(" Lap"))
    {
        return n.trim().parse().ok().map(|laps| Gap::Laps { laps });
    }
    parse_duration(rest).map(|gap| Gap::Time { gap })
}

/// Parses pandas' text form of a `timedelta64`: `0 days 00:01:37.284000`
/// (also `-1 days +23:59:59.5`, and bare clock text without the days part).
pub fn parse_pandas_timedelta(text: &str) -> Option<Duration> {
    let t = text.trim();
    let Some((days, clock)) = t.split_once(" days ").or_else(|| t.split_once(" day ")) else {
        return parse_duration(t);
    };
    let days: i64 = days.trim().parse().ok()?;
    if days < 0 {
        return None; // negative durations are not lap data
    }
    let clock = parse_duration(clock.trim_start_matches('+'))?;
    Duration::from_secs((days as u64).checked_mul(86_400)?).checked_add(clock)
}

/// A pandas `timedelta64` text, or a plain number of seconds (`97.284`);
/// negative or non-finite values are `None`.
pub fn parse_pandas_or_secs(text: &str) -> Option<Duration> {
    let t = text.trim();
    if !t.contains(':') && !t.contains("day") {
        return secs_duration(t.parse().ok()?);
    }
    parse_pandas_timedelta(t)
}

/// Seconds as a duration, rounded to the microsecond (FastF1 times are
/// milliseconds; a float like 97.284 is not exact); negative or non-finite
/// values are `None`.
pub fn secs_duration(secs: f64) -> Option<Duration> {
    if !secs.is_finite() || secs < 0.0 {
        return None;
    }
    Duration::try_from_secs_f64(round_micros(secs)).ok()
}

fn parse_seconds(s: &str) -> Option<f64> {
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    let digits = |x: &str| x.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(frac) {
        return None;
    }
    s.parse().ok()
}

fn round_micros(secs: f64) -> f64 {
    (secs * 1e6).round() / 1e6
}

/// Formats a duration as F1 timing screens do: `1:34:50.616`, `1:27.452`, `5.478`.
pub fn format_duration(d: Duration) -> String {
    let ms = d.as_millis();
    let (h, m, s, f) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    match (h, m) {
        (0, 0) => format!("{s}.{f:03}"),
        (0, _) => format!("{m}:{s:02}.{f:03}"),
        _ => format!("{h}:{m:02}:{s:02}.{f:03}"),
    }
}

/// Serde for `Duration` as seconds (`f64`).
pub mod secs {
    use serde::{Deserialize, Deserializer, Serializer};
    use std::time::Duration;

    pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(d.as_secs_f64())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        let v = f64::deserialize(d)?;
        Duration::try_from_secs_f64(v).map_err(serde::de::Error::custom)
    }
}

/// Serde for `Option<Duration>` as seconds or `null`.
pub mod opt_secs {
    use serde::{Deserialize, Deserializer, Serializer};
    use std::time::Duration;

    pub fn serialize<S: Serializer>(d: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_f64(d.as_secs_f64()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
        Option::<f64>::deserialize(d)?
            .map(|v| Duration::try_from_secs_f64(v).map_err(serde::de::Error::custom))
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(d: Duration) -> u128 {
        d.as_millis()
    }

    #[test]
    fn clock_forms() {
        assert_eq!(ms(parse_duration("1:34:50.616").unwrap()), 5_690_616);
        assert_eq!(ms(parse_duration("1:27.452").unwrap()), 87_452);
        assert_eq!(ms(parse_duration("25:38.426").unwrap()), 1_538_426);
        assert_eq!(ms(parse_duration("26.898").unwrap()), 26_898);
        assert_eq!(ms(parse_duration("1:35:39.2").unwrap()), 5_739_200);
        assert_eq!(ms(parse_duration("+1:10").unwrap()), 70_000);
        let huge = "99999999999999999999999.5";
        for bad in [
            "",
            "abc",
            "1:xx.5",
            "1::2",
            "-3.0",
            "1.2.3",
            "1:2:3:4.0",
            huge,
        ] {
            assert_eq!(parse_duration(bad), None, "{bad}");
        }
    }

    #[test]
    fn gaps() {
        let g = |s| parse_gap(s).unwrap();
        assert_eq!(
            g("+5.478"),
            Gap::Time {
                gap: Duration::from_millis(5478)
            }
        );
        assert_eq!(
            g("+1:05.237"),
            Gap::Time {
                gap: Duration::from_millis(65_237)
            }
        );
        assert_eq!(g("+1 Lap"), Gap::Laps { laps: 1 });
        assert_eq!(g("+12 Laps"), Gap::Laps { laps: 12 });
        assert_eq!(parse_gap("5.478"), None);
        assert_eq!(parse_gap("+x Laps"), None);
    }

    #[test]
    fn pandas_timedelta() {
        let d = parse_pandas_timedelta("0 days 00:01:37.284000").unwrap();
        assert_eq!(d, Duration::from_millis(97_284));
        let d = parse_pandas_timedelta("1 days 00:00:01").unwrap();
        assert_eq!(d.as_secs(), 86_401);
        assert_eq!(parse_pandas_timedelta("-1 days +23:59:59"), None);
        assert_eq!(parse_pandas_timedelta("NaT"), None);
        assert_eq!(
            parse_pandas_timedelta("999999999999999999 days 00:00:01"),
            None
        );
    }

    #[test]
    fn pandas_or_seconds() {
        let d = |s| parse_pandas_or_secs(s);
        assert_eq!(d("97.284"), Some(Duration::from_millis(97_284)));
        assert_eq!(
            d("0 days 00:01:37.284000"),
            Some(Duration::from_millis(97_284))
        );
        assert_eq!(d("1:37.284"), Some(Duration::from_millis(97_284)));
        for bad in ["-1.5", "NaN", "inf", "1e400", "x", ""] {
            assert_eq!(d(bad), None, "{bad}");
        }
    }

    #[test]
    fn formatting_round_trips() {
        for s in ["1:34:50.616", "1:27.452", "5.478"] {
            assert_eq!(format_duration(parse_duration(s).unwrap()), s);
        }
    }
}

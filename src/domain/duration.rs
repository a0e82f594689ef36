//! Durations as people type them (`90`, `90s`, `2m`, `2m30s`, `1:30`) and as the tool shows them.

use std::time::Duration;

/// The longest duration a person may type for a window, a prep or a logged answer: nobody
/// answers one interview question for a day, and the bound keeps every sum far from overflow.
pub const MAX_TYPED: Duration = Duration::from_secs(24 * 3600);

/// Why a duration could not be read; the message names the text and what would do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("bad duration '{text}': {}", match .problem {
    DurationProblem::Form => "use a form like 90, 90s, 2m, 2m30s, 1h or 1:30",
    DurationProblem::TooLong => "at most 24h",
    DurationProblem::Zero => "an answer takes some time: give how long it ran, like 2m30s",
})]
pub struct BadDuration {
    /// What the user typed.
    pub text: String,
    pub problem: DurationProblem,
}

/// What was wrong with a typed duration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DurationProblem {
    /// Not a form we read.
    Form,
    /// Longer than [`MAX_TYPED`].
    TooLong,
    /// No time at all, where an answer's length was asked for.
    Zero,
}

/// Reads a duration a person typed for a window, a prep or an answer: any form
/// [`parse_duration`] reads, at most [`MAX_TYPED`].
pub fn parse_typed_duration(text: &str) -> Result<Duration, BadDuration> {
    let duration = parse_duration(text)?;
    if duration > MAX_TYPED {
        return Err(BadDuration {
            text: text.to_string(),
            problem: DurationProblem::TooLong,
        });
    }
    Ok(duration)
}

/// Reads how long an answer ran (`log --duration`): as [`parse_typed_duration`], and more
/// than nothing.
pub fn parse_answer_duration(text: &str) -> Result<Duration, BadDuration> {
    let duration = parse_typed_duration(text)?;
    if duration.is_zero() {
        return Err(BadDuration {
            text: text.to_string(),
            problem: DurationProblem::Zero,
        });
    }
    Ok(duration)
}

/// `duration` in whole milliseconds (truncated), saturating rather than wrapping.
pub fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// Reads a duration in any of the forms the command line accepts.
///
/// Forms: bare seconds (`90`), unit parts in descending order (`1h`, `2m`, `90s`, `2m30s`,
/// `1h5m`, `500ms`), and clock style (`1:30`, `1:02:03`). Surrounding spaces are ignored.
pub fn parse_duration(text: &str) -> Result<Duration, BadDuration> {
    let trimmed = text.trim();
    let bad = || BadDuration {
        text: text.to_string(),
        problem: DurationProblem::Form,
    };
    if trimmed.is_empty() {
        return Err(bad());
    }
    if trimmed.contains(':') {
        return parse_clock(trimmed).ok_or_else(bad);
    }
    if trimmed.bytes().all(|b| b.is_ascii_digit()) {
        return trimmed.parse().map(Duration::from_secs).map_err(|_| bad());
    }
    parse_units(trimmed).ok_or_else(bad)
}

/// `m:ss` or `h:mm:ss`; every field after the first is two digits below 60.
fn parse_clock(text: &str) -> Option<Duration> {
    let fields: Vec<&str> = text.split(':').collect();
    if !(2..=3).contains(&fields.len()) {
        return None;
    }
    let mut total: u64 = 0;
    for (index, field) in fields.iter().enumerate() {
        if field.is_empty() || !field.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let value: u64 = field.parse().ok()?;
        if index > 0 && (field.len() != 2 || value >= 60) {
            return None;
        }
        total = total.checked_mul(60)?.checked_add(value)?;
    }
    Some(Duration::from_secs(total))
}

/// Number-and-unit parts such as `1h5m`, `2m30s` or `750ms`, largest unit first, each unit once.
fn parse_units(text: &str) -> Option<Duration> {
    const UNITS: [(&str, u64); 4] = [("h", 3_600_000), ("m", 60_000), ("s", 1_000), ("ms", 1)];
    let mut rest = text;
    let mut total_ms: u64 = 0;
    // Index into UNITS of the smallest unit already used, so `30s2m` and `2m2m` are refused.
    let mut next_allowed = 0;
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let value: u64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let letters = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
        let unit = rest[..letters].to_ascii_lowercase();
        rest = &rest[letters..];
        let position = UNITS.iter().position(|(name, _)| *name == unit)?;
        if position < next_allowed {
            return None;
        }
        next_allowed = position + 1;
        total_ms = total_ms.checked_add(value.checked_mul(UNITS[position].1)?)?;
    }
    Some(Duration::from_millis(total_ms))
}

/// `m:ss` for a clock on screen or in a table, truncating to the second (`2:05`, `61:40`).
pub fn format_clock(duration: Duration) -> String {
    let seconds = duration.as_secs();
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// `duration` rounded up to the next whole second, for time left on a countdown: with 0.4s
/// left it still shows `0:01`, and `0:00` only once nothing is left.
pub fn round_up_to_second(duration: Duration) -> Duration {
    Duration::from_secs(duration.as_secs() + u64::from(duration.subsec_nanos() > 0))
}

/// `m:ss.s` for a measured answer, truncating to the tenth (`2:41.2`).
pub fn format_tenths(duration: Duration) -> String {
    let tenths = duration.as_millis() / 100;
    let seconds = tenths / 10;
    format!("{}:{:02}.{}", seconds / 60, seconds % 60, tenths % 10)
}

/// A short human form for settings and messages: `2m`, `2m30s`, `45s`, `750ms`, `1h30m`.
pub fn format_short(duration: Duration) -> String {
    let millis = duration.as_millis();
    if !millis.is_multiple_of(1000) {
        return format!("{millis}ms");
    }
    let seconds = duration.as_secs();
    if seconds == 0 {
        return "0s".to_string();
    }
    let (hours, minutes, seconds) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    let mut text = String::new();
    for (amount, unit) in [(hours, "h"), (minutes, "m"), (seconds, "s")] {
        if amount > 0 {
            text.push_str(&format!("{amount}{unit}"));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn secs(s: u64) -> Duration {
        Duration::from_secs(s)
    }

    #[test]
    fn accepts_every_form_the_design_lists() {
        assert_eq!(parse_duration("90"), Ok(secs(90)));
        assert_eq!(parse_duration("90s"), Ok(secs(90)));
        assert_eq!(parse_duration("2m"), Ok(secs(120)));
        assert_eq!(parse_duration("2m30s"), Ok(secs(150)));
        assert_eq!(parse_duration("1:30"), Ok(secs(90)));
    }

    #[test]
    fn accepts_hours_milliseconds_and_long_clocks() {
        assert_eq!(parse_duration("1h"), Ok(secs(3600)));
        assert_eq!(parse_duration("1h5m"), Ok(secs(3900)));
        assert_eq!(parse_duration("1:02:03"), Ok(secs(3723)));
        assert_eq!(parse_duration("750ms"), Ok(Duration::from_millis(750)));
        assert_eq!(parse_duration("2M30S"), Ok(secs(150)));
        assert_eq!(parse_duration(" 3s "), Ok(secs(3)));
        assert_eq!(parse_duration("0"), Ok(secs(0)));
    }

    #[test]
    fn refuses_what_it_cannot_read_and_names_the_text() {
        for text in [
            "",
            "2x",
            "m",
            "2m30",
            "30s2m",
            "2m2m",
            "1:3",
            "1:60",
            ":30",
            "1:",
            "1:2:3:4",
            "-5",
            "1.5m",
            "2 m",
            "99999999999999999999",
        ] {
            let error = parse_duration(text).expect_err(text);
            assert_eq!(error.text, text);
            assert!(error.to_string().contains(&format!("'{text}'")));
        }
    }

    #[test]
    fn typed_durations_are_bounded_to_a_day() {
        assert_eq!(parse_typed_duration("24h"), Ok(secs(86_400)));
        for text in ["99999999h", "18446744073709551615ms", "24h1s", "25:00:00"] {
            let error = parse_typed_duration(text).unwrap_err();
            assert_eq!(error.problem, DurationProblem::TooLong, "{text}");
            assert_eq!(
                error.to_string(),
                format!("bad duration '{text}': at most 24h")
            );
        }
        assert_eq!(
            parse_typed_duration("2x").unwrap_err().problem,
            DurationProblem::Form
        );
        assert_eq!(millis(Duration::MAX), u64::MAX);
        assert_eq!(millis(Duration::from_micros(1_999)), 1);
    }

    #[test]
    fn an_answer_takes_more_than_nothing_and_at_most_a_day() {
        assert_eq!(parse_answer_duration("2m30s"), Ok(secs(150)));
        assert_eq!(
            parse_answer_duration("500ms"),
            Ok(Duration::from_millis(500))
        );
        for text in ["0", "0s", "0:00", "0ms"] {
            let error = parse_answer_duration(text).unwrap_err();
            assert_eq!(error.problem, DurationProblem::Zero, "{text}");
            assert_eq!(
                error.to_string(),
                format!(
                    "bad duration '{text}': an answer takes some time: give how long it ran, like 2m30s"
                )
            );
        }
        assert_eq!(
            parse_answer_duration("25h").unwrap_err().problem,
            DurationProblem::TooLong
        );
    }

    #[test]
    fn formats_clock_tenths_and_short_forms() {
        assert_eq!(format_clock(Duration::from_millis(125_999)), "2:05");
        assert_eq!(format_clock(secs(3700)), "61:40");
        assert_eq!(format_tenths(Duration::from_millis(161_234)), "2:41.2");
        assert_eq!(format_tenths(Duration::from_millis(59_999)), "0:59.9");
        assert_eq!(format_short(secs(120)), "2m");
        assert_eq!(format_short(secs(150)), "2m30s");
        assert_eq!(format_short(secs(45)), "45s");
        assert_eq!(format_short(Duration::from_millis(750)), "750ms");
        assert_eq!(format_short(secs(86_400)), "24h");
        assert_eq!(format_short(secs(5_430)), "1h30m30s");
        assert_eq!(format_short(secs(0)), "0s");
    }

    #[test]
    fn countdowns_round_up() {
        assert_eq!(round_up_to_second(Duration::from_millis(400)), secs(1));
        assert_eq!(round_up_to_second(secs(4)), secs(4));
        assert_eq!(round_up_to_second(Duration::ZERO), Duration::ZERO);
    }

    proptest! {
        #[test]
        fn short_form_reads_back_as_the_same_duration(ms in 0u64..10_000_000) {
            let duration = Duration::from_millis(ms);
            prop_assert_eq!(parse_duration(&format_short(duration)), Ok(duration));
        }

        #[test]
        fn clock_form_reads_back_for_whole_seconds(s in 0u64..360_000) {
            let duration = secs(s);
            prop_assert_eq!(parse_duration(&format_clock(duration)), Ok(duration));
        }

        #[test]
        fn never_panics_on_arbitrary_text(text in ".{0,20}") {
            let _ = parse_duration(&text);
        }
    }
}

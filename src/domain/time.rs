//! Times of day as people type them for `--at`.

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone};

use crate::exit::BadInput;

/// Reads `--at`: RFC 3339 (`2026-11-23T07:31:00+01:00`), or `YYYY-MM-DD HH:MM[:SS]` in the
/// time zone `zone` (the user's local one).
pub fn parse_at<Z: TimeZone>(text: &str, zone: &Z) -> Result<DateTime<FixedOffset>, BadInput> {
    let trimmed = text.trim();
    if let Ok(time) = DateTime::parse_from_rfc3339(trimmed) {
        return Ok(time);
    }
    let naive = [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
    ]
    .iter()
    .find_map(|format| NaiveDateTime::parse_from_str(trimmed, format).ok());
    naive
        // A time that a clock change skipped or repeated takes its earlier reading.
        .and_then(|naive| zone.from_local_datetime(&naive).earliest())
        .map(|time| time.fixed_offset())
        .ok_or_else(|| {
            BadInput::new(format!(
                "bad time '{text}' for --at: use YYYY-MM-DD HH:MM (local time) or RFC 3339 like 2026-11-23T07:31:00+01:00"
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rfc3339_and_local_times() {
        let plus_one = FixedOffset::east_opt(3600).unwrap();
        let time = parse_at("2026-11-23T07:31:00+01:00", &plus_one).unwrap();
        assert_eq!(time.to_rfc3339(), "2026-11-23T07:31:00+01:00");
        let local = parse_at("2026-11-23 07:31", &plus_one).unwrap();
        assert_eq!(local, time);
        assert_eq!(
            parse_at("2026-11-23 07:31:09", &plus_one)
                .unwrap()
                .to_rfc3339(),
            "2026-11-23T07:31:09+01:00"
        );
    }

    #[test]
    fn refuses_anything_else_naming_the_text() {
        let zone = FixedOffset::east_opt(0).unwrap();
        for text in [
            "yesterday",
            "2026-11-23",
            "23/11/2026 07:31",
            "2026-11-23 25:00",
        ] {
            let error = parse_at(text, &zone).unwrap_err();
            assert!(
                error
                    .to_string()
                    .starts_with(&format!("bad time '{text}' for --at")),
                "{error}"
            );
        }
    }
}

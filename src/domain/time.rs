//! Days and times as people type them: `--since` and `--until` take a day, `log --at` a
//! moment. Both read relative words (`today`, `yesterday`, `3d`) against a "now" the caller
//! passes in, so nothing here reads a clock.

use chrono::{DateTime, Days, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};

use crate::exit::BadInput;

/// Reads a day as the user gives it to `--since` or `--until`: `YYYY-MM-DD`, `today`,
/// `yesterday`, or a number of days or weeks before `today` (`7d`, `4w`; `0d` is today).
pub fn parse_day(text: &str, flag: &str, today: NaiveDate) -> Result<NaiveDate, BadInput> {
    day_of(text, today).ok_or_else(|| {
        BadInput::new(format!(
            "bad day '{text}' for --{flag}: use YYYY-MM-DD, today, yesterday, or a count like 7d or 4w"
        ))
    })
}

/// The day `text` names, counted back from `today` where it is relative.
fn day_of(text: &str, today: NaiveDate) -> Option<NaiveDate> {
    let trimmed = text.trim().to_ascii_lowercase();
    match trimmed.as_str() {
        "today" => return Some(today),
        "yesterday" => return today.checked_sub_days(Days::new(1)),
        _ => {}
    }
    if let Ok(date) = NaiveDate::parse_from_str(&trimmed, "%Y-%m-%d") {
        return Some(date);
    }
    let (count, unit) = trimmed.split_at(trimmed.len().saturating_sub(1));
    let count: u64 = count.parse().ok()?;
    let days = match unit {
        "d" => count,
        "w" => count.checked_mul(7)?,
        _ => return None,
    };
    today.checked_sub_days(Days::new(days))
}

/// The time of day a day given alone to `--at` stands for: noon, which is that day in every
/// time zone a traveller might later read the record in, and never a clock change's hour.
pub const DAY_ALONE_AT: NaiveTime = match NaiveTime::from_hms_opt(12, 0, 0) {
    Some(noon) => noon,
    None => panic!("noon is a time"),
};

/// Reads `--at`, when a practice logged afterwards started, against `now` (whose zone is the
/// user's, for the forms without an offset):
///
/// - RFC 3339 (`2026-11-23T07:31:00+01:00`), or `YYYY-MM-DD HH:MM[:SS]` (also with `T`);
/// - a day as `--since` takes it and a time: `yesterday 19:00`, `today 7:30`, `3d 18:15`;
/// - a time alone, today: `7:30`;
/// - a day alone: [`DAY_ALONE_AT`] that day; today, when noon has not come yet, now.
///
/// A moment after `now` is refused: a practice to log has happened.
pub fn parse_at<Z: TimeZone>(
    text: &str,
    now: &DateTime<Z>,
) -> Result<DateTime<FixedOffset>, BadInput> {
    let at = moment_of(text, now).ok_or_else(|| {
        BadInput::new(format!(
            "bad time '{text}' for --at: use a day and a time (yesterday 19:00, today 7:30, 2026-11-30 18:00), a day alone (2026-11-30: noon) or RFC 3339 like 2026-11-23T07:31:00+01:00"
        ))
    })?;
    if at > now.fixed_offset() {
        let now = now.fixed_offset().format("%Y-%m-%d %H:%M");
        return Err(BadInput::new(format!(
            "--at '{text}' is {}, which is in the future (it is now {now}): log a practice once it has happened",
            at.format("%Y-%m-%d %H:%M")
        )));
    }
    Ok(at)
}

/// The moment `text` names, or `None` when it is not one of [`parse_at`]'s forms.
fn moment_of<Z: TimeZone>(text: &str, now: &DateTime<Z>) -> Option<DateTime<FixedOffset>> {
    let trimmed = text.trim();
    if let Ok(time) = DateTime::parse_from_rfc3339(trimmed) {
        return Some(time);
    }
    let zone = now.timezone();
    // A time that a clock change skipped or repeated takes its earlier reading.
    let local = |naive: NaiveDateTime| {
        zone.from_local_datetime(&naive)
            .earliest()
            .map(|time| time.fixed_offset())
    };
    let full = [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
    ]
    .iter()
    .find_map(|format| NaiveDateTime::parse_from_str(trimmed, format).ok());
    if let Some(naive) = full {
        return local(naive);
    }
    let today = now.date_naive();
    let words: Vec<&str> = trimmed.split_whitespace().collect();
    match words[..] {
        [day, time] => local(day_of(day, today)?.and_time(time_of(time)?)),
        [alone] => match time_of(alone) {
            Some(time) => local(today.and_time(time)),
            None => {
                let day = day_of(alone, today)?;
                let noon = local(day.and_time(DAY_ALONE_AT))?;
                Some(if noon > now.fixed_offset() && day == today {
                    now.fixed_offset()
                } else {
                    noon
                })
            }
        },
        _ => None,
    }
}

/// A time of day as typed: `7:30`, `19:00`, `19:00:15`.
fn time_of(text: &str) -> Option<NaiveTime> {
    ["%H:%M", "%H:%M:%S"]
        .iter()
        .find_map(|format| NaiveTime::parse_from_str(text, format).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    /// 2026-12-03 15:20:30 at an offset of +01:00.
    fn now() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-12-03T15:20:30+01:00").unwrap()
    }

    fn at(text: &str) -> String {
        parse_at(text, &now())
            .unwrap_or_else(|error| panic!("{text}: {error}"))
            .to_rfc3339()
    }

    #[test]
    fn days_read_as_dates_words_and_counts_back_from_today() {
        let today = day("2026-11-24");
        assert_eq!(
            parse_day("2026-11-01", "since", today),
            Ok(day("2026-11-01"))
        );
        assert_eq!(parse_day("today", "since", today), Ok(today));
        assert_eq!(
            parse_day("Yesterday", "since", today),
            Ok(day("2026-11-23"))
        );
        assert_eq!(parse_day("7d", "since", today), Ok(day("2026-11-17")));
        assert_eq!(parse_day("0d", "since", today), Ok(today));
        assert_eq!(parse_day("4w", "until", today), Ok(day("2026-10-27")));
        let error = parse_day("soon", "until", today).unwrap_err();
        assert!(
            error.to_string().starts_with("bad day 'soon' for --until"),
            "{error}"
        );
        for bad in ["", "7", "d", "7x", "2026-13-01", "-3d"] {
            assert!(parse_day(bad, "since", today).is_err(), "{bad}");
        }
    }

    #[test]
    fn reads_rfc3339_and_local_times() {
        assert_eq!(at("2026-11-23T07:31:00+01:00"), "2026-11-23T07:31:00+01:00");
        assert_eq!(at("2026-11-23T06:31:00Z"), "2026-11-23T06:31:00+00:00");
        assert_eq!(at("2026-11-23 07:31"), "2026-11-23T07:31:00+01:00");
        assert_eq!(at("2026-11-23 07:31:09"), "2026-11-23T07:31:09+01:00");
        assert_eq!(at("2026-11-23T07:31"), "2026-11-23T07:31:00+01:00");
    }

    #[test]
    fn reads_a_day_as_since_takes_it_with_a_time() {
        assert_eq!(at("yesterday 19:00"), "2026-12-02T19:00:00+01:00");
        assert_eq!(at("Yesterday  19:00"), "2026-12-02T19:00:00+01:00");
        assert_eq!(at("today 7:30"), "2026-12-03T07:30:00+01:00");
        assert_eq!(at("today 15:20"), "2026-12-03T15:20:00+01:00");
        assert_eq!(at("3d 18:15:05"), "2026-11-30T18:15:05+01:00");
        assert_eq!(at("1w 08:00"), "2026-11-26T08:00:00+01:00");
        assert_eq!(at("7:30"), "2026-12-03T07:30:00+01:00");
    }

    #[test]
    fn a_day_alone_is_its_noon_and_today_before_noon_is_now() {
        assert_eq!(at("2026-11-30"), "2026-11-30T12:00:00+01:00");
        assert_eq!(at("yesterday"), "2026-12-02T12:00:00+01:00");
        assert_eq!(at("today"), "2026-12-03T12:00:00+01:00");
        let morning = DateTime::parse_from_rfc3339("2026-12-03T09:05:00+01:00").unwrap();
        assert_eq!(parse_at("today", &morning).unwrap(), morning);
        assert_eq!(parse_at("2026-12-03", &morning).unwrap(), morning);
    }

    #[test]
    fn a_moment_after_now_is_refused_saying_when_it_would_be() {
        for (text, when) in [
            ("today 19:00", "2026-12-03 19:00"),
            ("2026-12-04", "2026-12-04 12:00"),
            ("2026-12-03T15:21:00+01:00", "2026-12-03 15:21"),
            ("15:21", "2026-12-03 15:21"),
        ] {
            let error = parse_at(text, &now()).unwrap_err().to_string();
            assert_eq!(
                error,
                format!(
                    "--at '{text}' is {when}, which is in the future (it is now 2026-12-03 15:20): log a practice once it has happened"
                )
            );
        }
    }

    #[test]
    fn refuses_anything_else_naming_the_text() {
        for text in [
            "",
            "soon",
            "23/11/2026 07:31",
            "2026-11-23 25:00",
            "yesterday 7pm",
            "today 19:00 extra",
            "tomorrow 9:00",
            "2026-02-30",
        ] {
            let error = parse_at(text, &now()).unwrap_err();
            assert!(
                error
                    .to_string()
                    .starts_with(&format!("bad time '{text}' for --at: use")),
                "{error}"
            );
        }
    }
}

//! The wall clock, read in one place: today's date and the start time of a new record, in
//! the user's time zone. Everything else takes the time as an argument.
//!
//! `REHEARSE_NOW` (RFC 3339) stands in for the clock, so that the tests of the binary know
//! exactly what "today" and "yesterday 19:00" are; its moment is read in the user's time zone
//! (`TZ`) like the real clock's.

use chrono::{DateTime, FixedOffset, Local, NaiveDate, Timelike};

/// The environment variable that fixes the clock at a moment, for tests.
pub const NOW_VARIABLE: &str = "REHEARSE_NOW";

/// Today in the user's time zone.
pub fn local_today() -> NaiveDate {
    local_now().date_naive()
}

/// Now, with the user's offset, to the millisecond: a new record's `started_at`.
pub fn local_now() -> DateTime<FixedOffset> {
    let now = fixed_now().unwrap_or_else(Local::now).fixed_offset();
    now.with_nanosecond(now.nanosecond() / 1_000_000 * 1_000_000)
        .unwrap_or(now)
}

/// The moment `REHEARSE_NOW` fixes, in the user's time zone. A value that is not RFC 3339
/// is a mistake in a test's set-up, and stopping says so where ignoring it would not.
fn fixed_now() -> Option<DateTime<Local>> {
    let text = std::env::var_os(NOW_VARIABLE)?;
    let text = text.to_string_lossy();
    let moment = DateTime::parse_from_rfc3339(&text)
        .unwrap_or_else(|error| panic!("{NOW_VARIABLE}={text} is not RFC 3339: {error}"));
    Some(moment.with_timezone(&Local))
}

//! The wall clock, read in one place: today's date and the start time of a new record, in
//! the user's time zone. Everything else takes the time as an argument.

use chrono::{DateTime, FixedOffset, NaiveDate, Timelike};

/// Today in the user's time zone.
pub fn local_today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// Now, with the user's offset, to the millisecond: a new record's `started_at`.
pub fn local_now() -> DateTime<FixedOffset> {
    let now = chrono::Local::now().fixed_offset();
    now.with_nanosecond(now.nanosecond() / 1_000_000 * 1_000_000)
        .unwrap_or(now)
}

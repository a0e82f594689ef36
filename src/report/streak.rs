//! Streaks: runs of consecutive calendar days with at least one completed answer.
//!
//! Days are the user's local days, read from each record's `started_at` in its own offset,
//! so an answer at 23:59 and one at 00:01 fall on two days wherever the user travelled.

use std::collections::BTreeSet;

use chrono::{Days, NaiveDate};

use crate::session::brief::Brief;

/// The local days on which at least one answer was completed.
pub fn practice_days<'a>(briefs: impl IntoIterator<Item = &'a Brief>) -> BTreeSet<NaiveDate> {
    briefs
        .into_iter()
        .filter(|brief| brief.completed)
        .map(Brief::day)
        .collect()
}

/// The run of practice days that ends today, or yesterday when today has no answer yet (the
/// streak is still alive until today is over). Zero when neither day has one.
pub fn current_streak(days: &BTreeSet<NaiveDate>, today: NaiveDate) -> u32 {
    let yesterday = today.checked_sub_days(Days::new(1));
    let end = if days.contains(&today) {
        Some(today)
    } else {
        yesterday.filter(|day| days.contains(day))
    };
    let Some(mut day) = end else {
        return 0;
    };
    let mut length = 0;
    while days.contains(&day) {
        length += 1;
        match day.checked_sub_days(Days::new(1)) {
            Some(previous) => day = previous,
            None => break,
        }
    }
    length
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(list: &[&str]) -> BTreeSet<NaiveDate> {
        list.iter()
            .map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap())
            .collect()
    }

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn counts_back_from_today_across_a_month_end() {
        let practised = days(&["2026-10-30", "2026-10-31", "2026-11-01", "2026-11-02"]);
        assert_eq!(current_streak(&practised, day("2026-11-02")), 4);
    }

    #[test]
    fn a_streak_ending_yesterday_is_still_current_until_today_ends() {
        let practised = days(&["2026-11-22", "2026-11-23"]);
        assert_eq!(current_streak(&practised, day("2026-11-24")), 2);
        assert_eq!(current_streak(&practised, day("2026-11-25")), 0);
    }

    #[test]
    fn a_gap_ends_the_streak() {
        let practised = days(&["2026-11-20", "2026-11-22", "2026-11-23", "2026-11-24"]);
        assert_eq!(current_streak(&practised, day("2026-11-24")), 3);
        assert_eq!(current_streak(&BTreeSet::new(), day("2026-11-24")), 0);
    }
}

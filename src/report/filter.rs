//! Which sessions a report covers: a date range, categories, a story, aborted or not.

use std::collections::BTreeSet;

use chrono::NaiveDate;

pub use crate::domain::time::parse_day;
use crate::exit::BadInput;
use crate::session::record::Session;
use crate::story::slug::slugify;

/// A resolved selection of sessions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// First day included (the record's own local calendar day).
    pub since: Option<NaiveDate>,
    /// Last day included.
    pub until: Option<NaiveDate>,
    /// Categories to keep; empty keeps all.
    pub categories: Vec<String>,
    /// Text the story must contain, in any case, or its file name (as the shell completes
    /// it: `audit-flag` for "Audit flag") must.
    pub story: Option<String>,
    /// Keep aborted sessions too.
    pub include_aborted: bool,
}

impl Filter {
    /// Whether `session` is covered.
    pub fn matches(&self, session: &Session) -> bool {
        let day = session.started_at.date_naive();
        (self.include_aborted || session.is_completed())
            && self.since.is_none_or(|since| day >= since)
            && self.until.is_none_or(|until| day <= until)
            && (self.categories.is_empty() || self.categories.contains(&session.prompt.category))
            && self.story.as_ref().is_none_or(|wanted| {
                session
                    .story
                    .as_ref()
                    .is_some_and(|story| story_matches(story, wanted))
            })
    }
}

/// Whether a session's story is the one `wanted` names: a piece of its title, or of its file
/// name.
fn story_matches(story: &str, wanted: &str) -> bool {
    let wanted = wanted.to_lowercase();
    story.to_lowercase().contains(&wanted) || slugify(story).contains(&wanted)
}

/// `--since` and `--until` as days, with relative ones counted back from `today`; bad input
/// when the range is upside down.
pub fn day_range(
    since: Option<&str>,
    until: Option<&str>,
    today: NaiveDate,
) -> Result<(Option<NaiveDate>, Option<NaiveDate>), BadInput> {
    let since = since
        .map(|text| parse_day(text, "since", today))
        .transpose()?;
    let until = until
        .map(|text| parse_day(text, "until", today))
        .transpose()?;
    if let (Some(since), Some(until)) = (since, until)
        && since > until
    {
        return Err(BadInput::new(format!(
            "--since {since} is after --until {until}"
        )));
    }
    Ok((since, until))
}

/// Refuses a `--category` that neither the bank nor any session knows: most likely a typo,
/// which would otherwise look like an empty history.
pub fn check_categories(
    bank: &[&str],
    wanted: &[String],
    in_history: &BTreeSet<String>,
) -> Result<(), BadInput> {
    let mut valid: Vec<&str> = bank.to_vec();
    valid.extend(in_history.iter().map(String::as_str));
    valid.sort_unstable();
    valid.dedup();
    match wanted.iter().find(|name| !valid.contains(&name.as_str())) {
        Some(unknown) => Err(BadInput::new(format!(
            "unknown category '{unknown}' (valid: {})",
            valid.join(", ")
        ))),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::SessionBuilder;
    use chrono::DateTime;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn session(started_at: &str, category: &str, story: Option<&str>, completed: bool) -> Session {
        let mut session = SessionBuilder::new("p").category(category).at(started_at);
        if let Some(story) = story {
            session = session.story(story);
        }
        if !completed {
            session = session.aborted();
        }
        session.build()
    }

    #[test]
    fn the_day_is_the_records_own_local_day() {
        // 23:30 at UTC-5 is already the next day in UTC; the user's calendar says the 23rd.
        let late = session("2026-11-23T23:30:00-05:00", "conflict", None, true);
        assert_eq!(late.started_at.date_naive(), day("2026-11-23"));
        let filter = Filter {
            until: Some(day("2026-11-23")),
            ..Filter::default()
        };
        assert!(filter.matches(&late));
        let filter = Filter {
            since: Some(day("2026-11-24")),
            ..Filter::default()
        };
        assert!(!filter.matches(&late));
        assert!(DateTime::parse_from_rfc3339("2026-11-23T23:30:00-05:00").is_ok());
    }

    #[test]
    fn aborted_category_and_story_filters() {
        let done = session(
            "2026-11-23T08:00:00+01:00",
            "conflict",
            Some("Audit flag broke time entry"),
            true,
        );
        let aborted = session("2026-11-23T08:00:00+01:00", "conflict", None, false);
        assert!(Filter::default().matches(&done));
        assert!(!Filter::default().matches(&aborted));
        assert!(
            Filter {
                include_aborted: true,
                ..Filter::default()
            }
            .matches(&aborted)
        );
        let by_category = Filter {
            categories: vec!["mistake".into()],
            ..Filter::default()
        };
        assert!(!by_category.matches(&done));
        let by_story = Filter {
            story: Some("AUDIT".into()),
            ..Filter::default()
        };
        assert!(by_story.matches(&done));
        // The story's file name, as the shell completes it, names it too.
        let by_file_name = Filter {
            story: Some("audit-flag-broke".into()),
            ..Filter::default()
        };
        assert!(by_file_name.matches(&done));
        assert!(!by_story.matches(&session(
            "2026-11-23T08:00:00+01:00",
            "conflict",
            None,
            true
        )));
    }
}

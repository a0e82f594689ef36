//! The one line at the end of a drill that points at tomorrow: the streak, and the most
//! neglected thing, said so a person knows what to do.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::streak::{current_streak, practice_days};
use crate::domain::star::Part;
use crate::session::brief::Brief;

/// How many recent scored answers the part check looks at.
const RECENT_SCORED: usize = 5;

/// A part missed (scored 0) this often among the recent answers outranks a neglected category.
const MISSED_PART_ALARM: usize = 2;

/// `streak 3 days. Next: Result scored 0 in 3 of your last 5 answers.` from every session
/// (newest first), the bank's categories and today.
pub fn nudge(sessions: &[Brief], categories: &[&str], today: NaiveDate) -> String {
    let streak = match current_streak(&practice_days(sessions), today) {
        0 => "no streak yet".to_string(),
        1 => "streak 1 day".to_string(),
        days => format!("streak {days} days"),
    };
    match most_neglected(sessions, categories, today) {
        Some(next) => format!("{streak}. Next: {next}."),
        None => format!("{streak}."),
    }
}

fn most_neglected(sessions: &[Brief], categories: &[&str], today: NaiveDate) -> Option<String> {
    missed_part(sessions).or_else(|| stale_category(sessions, categories, today))
}

/// The part most often scored 0 in the last few scored answers, when it is a habit.
fn missed_part(sessions: &[Brief]) -> Option<String> {
    let recent: Vec<&Brief> = sessions
        .iter()
        .filter(|brief| brief.completed && brief.scores.is_some())
        .take(RECENT_SCORED)
        .collect();
    let (part, zeros) = Part::SCORED
        .iter()
        .map(|&part| {
            let zeros = recent
                .iter()
                .filter(|brief| {
                    brief
                        .scores
                        .and_then(|scores| scores.get(part))
                        .map(|s| s.value())
                        == Some(0)
                })
                .count();
            (part, zeros)
        })
        .max_by_key(|(_, zeros)| *zeros)?;
    (zeros >= MISSED_PART_ALARM).then(|| {
        format!(
            "{} scored 0 in {zeros} of your last {} answers",
            part.name(),
            recent.len()
        )
    })
}

/// The category unpractised the longest: one never answered first, then the stalest.
fn stale_category(sessions: &[Brief], categories: &[&str], today: NaiveDate) -> Option<String> {
    let mut last: BTreeMap<&str, NaiveDate> = BTreeMap::new();
    for brief in sessions.iter().filter(|brief| brief.completed) {
        let day = brief.day();
        let entry = last.entry(brief.category.as_str()).or_insert(day);
        *entry = (*entry).max(day);
    }
    if let Some(never) = categories.iter().find(|name| !last.contains_key(**name)) {
        let article = if never.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        return Some(format!(
            "you have never answered {article} {never} question"
        ));
    }
    let (name, day) = categories
        .iter()
        .filter_map(|name| last.get(name).map(|day| (name, *day)))
        .min_by_key(|(_, day)| *day)?;
    let days = (today - day).num_days();
    (days >= 2).then(|| format!("no {name} answer in {days} days"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::SessionBuilder;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn session(date: &str, category: &str, scores: Option<&str>) -> Brief {
        let mut session = SessionBuilder::new("p")
            .category(category)
            .at(&format!("{date}T08:00:00+00:00"));
        if let Some(typed) = scores {
            session = session.scores(typed);
        }
        Brief::of(&session.build())
    }

    #[test]
    fn a_part_missed_again_and_again_comes_first() {
        let sessions: Vec<Brief> = [
            "2026-11-24",
            "2026-11-23",
            "2026-11-22",
            "2026-11-21",
            "2026-11-20",
        ]
        .iter()
        .enumerate()
        .map(|(n, date)| session(date, "conflict", Some(if n < 3 { "2220" } else { "2222" })))
        .collect();
        assert_eq!(
            nudge(&sessions, &["conflict", "mistake"], day("2026-11-24")),
            "streak 5 days. Next: Result scored 0 in 3 of your last 5 answers."
        );
    }

    #[test]
    fn otherwise_the_category_never_answered_or_the_stalest() {
        let sessions = vec![
            session("2026-11-24", "conflict", None),
            session("2026-11-15", "mistake", None),
        ];
        let today = day("2026-11-24");
        assert_eq!(
            nudge(&sessions, &["conflict", "mistake", "customer"], today),
            "streak 1 day. Next: you have never answered a customer question."
        );
        assert_eq!(
            nudge(&sessions, &["conflict", "mistake"], today),
            "streak 1 day. Next: no mistake answer in 9 days."
        );
        assert_eq!(nudge(&sessions[..1], &["conflict"], today), "streak 1 day.");
        assert!(
            nudge(&sessions, &["ambiguity"], today)
                .ends_with("you have never answered an ambiguity question.")
        );
    }
}

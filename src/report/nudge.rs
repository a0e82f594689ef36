//! The one line at the end of a drill that points at tomorrow: the streak, and the most
//! neglected thing, said so a person knows what to do.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::streak::{current_streak, practice_days};
use crate::session::record::Session;
use crate::star::Part;

/// How many recent scored answers the part check looks at.
const RECENT_SCORED: usize = 5;

/// A part missed (scored 0) this often among the recent answers outranks a neglected category.
const MISSED_PART_ALARM: usize = 2;

/// `streak 3 days. Next: Result scored 0 in 3 of your last 5 answers.` from every session
/// (newest first), the bank's categories and today.
pub fn nudge(sessions: &[Session], categories: &[&str], today: NaiveDate) -> String {
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

fn most_neglected(sessions: &[Session], categories: &[&str], today: NaiveDate) -> Option<String> {
    missed_part(sessions).or_else(|| stale_category(sessions, categories, today))
}

/// The part most often scored 0 in the last few scored answers, when it is a habit.
fn missed_part(sessions: &[Session]) -> Option<String> {
    let recent: Vec<&Session> = sessions
        .iter()
        .filter(|session| session.is_completed() && session.scores.is_some())
        .take(RECENT_SCORED)
        .collect();
    let (part, zeros) = Part::ALL
        .iter()
        .map(|&part| {
            let zeros = recent
                .iter()
                .filter(|s| s.scores.and_then(|scores| scores.get(part)) == Some(0))
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
fn stale_category(sessions: &[Session], categories: &[&str], today: NaiveDate) -> Option<String> {
    let mut last: BTreeMap<&str, NaiveDate> = BTreeMap::new();
    for session in sessions.iter().filter(|session| session.is_completed()) {
        let day = session.started_at.date_naive();
        let entry = last.entry(session.prompt.category.as_str()).or_insert(day);
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
    use serde_json::json;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn session(date: &str, category: &str, scores: Option<[u8; 4]>) -> Session {
        serde_json::from_value(json!({
            "schema": 1, "id": "x", "started_at": format!("{date}T08:00:00+00:00"),
            "prompt": {"id": "p", "category": category, "text": "q"},
            "window": {"min_s": 120, "max_s": 180}, "outcome": "completed",
            "answer_ms": 150_000, "paused_ms": 0, "parts": [], "story": null,
            "scores": scores.map(|[s, t, a, r]| json!({"S": s, "T": t, "A": a, "R": r})),
            "note": null, "version": "0.1.0"
        }))
        .unwrap()
    }

    #[test]
    fn a_part_missed_again_and_again_comes_first() {
        let sessions: Vec<Session> = [
            "2026-11-24",
            "2026-11-23",
            "2026-11-22",
            "2026-11-21",
            "2026-11-20",
        ]
        .iter()
        .enumerate()
        .map(|(n, date)| session(date, "conflict", Some([2, 2, 2, if n < 3 { 0 } else { 2 }])))
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

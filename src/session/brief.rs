//! A session in brief: the few fields that choosing the next prompt, the closing nudge, the
//! streak and the review's story list need, cheap enough to keep for every session.
//!
//! The store keeps the briefs of all sessions in one derived file (see `store`), so a drill
//! can start without reading every record. That file is never the truth: each brief is
//! checked against its record file's size and modification time whenever it is used, and
//! rebuilt from the record when they differ, so it can neither hide nor lose a record.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use super::record::{Session, local_time};
use crate::domain::star::{Scores, StarTotal};

/// What history-wide facts need of one session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Brief {
    pub id: String,
    #[serde(with = "local_time")]
    pub started_at: DateTime<FixedOffset>,
    pub prompt_id: String,
    pub category: String,
    pub completed: bool,
    pub answer_ms: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scores: Option<Scores>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub story: Option<String>,
}

impl Brief {
    /// The brief of `session`.
    pub fn of(session: &Session) -> Brief {
        Brief {
            id: session.id.clone(),
            started_at: session.started_at,
            prompt_id: session.prompt.id.clone(),
            category: session.prompt.category.clone(),
            completed: session.is_completed(),
            answer_ms: session.answer_ms,
            scores: session.scores,
            story: session.story.clone(),
        }
    }

    /// The local calendar day the answer started on.
    pub fn day(&self) -> NaiveDate {
        self.started_at.date_naive()
    }

    /// The STAR total, when the session was scored.
    pub fn star_total(&self) -> Option<StarTotal> {
        self.scores.as_ref().and_then(Scores::total)
    }
}

/// The story titles told in `briefs` (newest first), each once whatever its case, for the
/// review's list of stories.
pub fn story_titles(briefs: &[Brief]) -> Vec<String> {
    let mut titles: Vec<String> = Vec::new();
    for title in briefs.iter().filter_map(|brief| brief.story.as_deref()) {
        let title = title.trim();
        if !title.is_empty() && !titles.iter().any(|known| known.eq_ignore_ascii_case(title)) {
            titles.push(title.to_string());
        }
    }
    titles
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::SessionBuilder;

    #[test]
    fn a_brief_keeps_what_history_wide_facts_need() {
        let session = SessionBuilder::new("conflict-manager")
            .at("2026-11-23T23:30:00-05:00")
            .scores("2122")
            .story("Audit flag")
            .build();
        let brief = Brief::of(&session);
        assert_eq!(brief.day().to_string(), "2026-11-23");
        assert_eq!(brief.category, "conflict");
        assert_eq!(brief.star_total().unwrap().to_string(), "7/8");
        let text = serde_json::to_string(&brief).unwrap();
        assert_eq!(serde_json::from_str::<Brief>(&text).unwrap(), brief);
    }

    #[test]
    fn story_titles_come_once_newest_first() {
        let briefs: Vec<Brief> = ["B", "a", "A", " ", "C"]
            .into_iter()
            .map(|story| Brief::of(&SessionBuilder::new("p").story(story).build()))
            .collect();
        assert_eq!(story_titles(&briefs), ["B", "a", "C"]);
    }
}

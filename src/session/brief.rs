//! A session in brief: the few fields that choosing the next prompt, the closing nudge, the
//! streak and the review's story list need, cheap enough to keep for every session.
//!
//! The store keeps the briefs of each month's sessions in a derived file,
//! `sessions/.briefs/YYYY-MM` (see `store`), so a drill can start without reading every
//! record. It is never the truth: the store checks it against the month's listing before
//! every use and rebuilds what changed from the records, so it can neither hide nor lose a
//! record. Here is its line format: one brief a line, tab-separated, texts escaped, quick to
//! read back.

use chrono::{DateTime, FixedOffset, NaiveDate};

use super::record::Session;
use crate::domain::star::{Scores, StarTotal};

/// What history-wide facts need of one session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Brief {
    pub id: String,
    pub started_at: DateTime<FixedOffset>,
    pub prompt_id: String,
    pub category: String,
    pub completed: bool,
    pub answer_ms: u64,
    pub scores: Option<Scores>,
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

impl Brief {
    /// The brief as one line of the briefs file (no newline): id, start, prompt id,
    /// category, `c` or `a`, answer ms, scores (a digit or `-` a scored part; empty when not
    /// reviewed), story (empty when none).
    pub fn to_line(&self) -> String {
        let scores = self
            .scores
            .map_or(String::new(), |scores| scores.compact_with_gaps());
        [
            escape(&self.id),
            self.started_at
                .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false),
            escape(&self.prompt_id),
            escape(&self.category),
            (if self.completed { "c" } else { "a" }).to_string(),
            self.answer_ms.to_string(),
            scores,
            self.story.as_deref().map(escape).unwrap_or_default(),
        ]
        .join("\t")
    }

    /// The brief a line of the briefs file holds, or `None` when it is not one.
    pub fn from_line(line: &str) -> Option<Brief> {
        let mut fields = line.split('\t');
        let mut next = || fields.next();
        let id = unescape(next()?)?;
        let started_at = DateTime::parse_from_rfc3339(next()?).ok()?;
        let prompt_id = unescape(next()?)?;
        let category = unescape(next()?)?;
        let completed = match next()? {
            "c" => true,
            "a" => false,
            _ => return None,
        };
        let answer_ms = next()?.parse().ok()?;
        let scores = match next()? {
            "" => None,
            typed => Some(Scores::from_compact_with_gaps(typed)?),
        };
        let story = match next()? {
            "" => None,
            text => Some(unescape(text)?),
        };
        if next().is_some() {
            return None;
        }
        Some(Brief {
            id,
            started_at,
            prompt_id,
            category,
            completed,
            answer_ms,
            scores,
            story,
        })
    }
}

/// `text` with backslashes, tabs and line breaks written as `\\`, `\t`, `\n`, `\r`.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            '\t' => escaped.push_str("\\t"),
            '\n' => escaped.push_str("\\n"),
            '\r' => escaped.push_str("\\r"),
            c => escaped.push(c),
        }
    }
    escaped
}

/// The text [`escape`] wrote, or `None` when it holds an escape it never writes.
pub fn unescape(text: &str) -> Option<String> {
    if !text.contains('\\') {
        return Some(text.to_string());
    }
    let mut plain = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            plain.push(c);
            continue;
        }
        plain.push(match chars.next()? {
            '\\' => '\\',
            't' => '\t',
            'n' => '\n',
            'r' => '\r',
            _ => return None,
        });
    }
    Some(plain)
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
        assert_eq!(Brief::from_line(&brief.to_line()), Some(brief));
    }

    #[test]
    fn any_text_survives_a_line_and_broken_lines_read_as_nothing() {
        let session = SessionBuilder::new("odd\tid")
            .category("back\\slash")
            .story("two\nlines\r\tand a tab \\t")
            .aborted()
            .build();
        let brief = Brief::of(&session);
        let line = brief.to_line();
        assert!(!line.contains('\n'));
        assert_eq!(Brief::from_line(&line), Some(brief));
        for broken in ["", "x", "a\tb\tc\td\tc\t1\t\t", &format!("{line}\textra")] {
            assert_eq!(Brief::from_line(broken), None, "{broken:?}");
        }
        assert_eq!(unescape("\\q"), None);
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

//! How often each story was told, from the completed sessions that name it, and the lines
//! that show one story's practice under its cue card.

use std::collections::HashMap;
use std::time::Duration;

use chrono::NaiveDate;
use unicode_width::UnicodeWidthStr;

use super::tally::Tally;
use crate::domain::duration::format_clock;
use crate::domain::star::StarTotal;
use crate::paint::Paint;
use crate::session::brief::Brief;
use crate::story::card::LABEL_WIDTH;
use crate::story::{Story, title_key};
use crate::text::shown_line;

/// How often a story was told.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Practice {
    pub told: Tally,
    /// The newest tellings first, at most as many as asked for.
    pub recent: Vec<Told>,
}

/// One telling of a story.
#[derive(Debug, Clone, PartialEq)]
pub struct Told {
    pub date: NaiveDate,
    pub prompt_id: String,
    pub answer: Duration,
    pub total: Option<StarTotal>,
}

/// Gathers the practice of a set of stories, one session at a time (newest first).
#[derive(Debug, Clone, Default)]
pub struct StoryPractice {
    /// By lowercase title.
    by_title: HashMap<String, Practice>,
    recent: usize,
}

impl StoryPractice {
    /// The practice of `stories`, keeping up to `recent` of each one's newest tellings.
    pub fn new(stories: &[Story], recent: usize) -> StoryPractice {
        StoryPractice {
            by_title: stories
                .iter()
                .map(|story| (title_key(&story.title), Practice::default()))
                .collect(),
            recent,
        }
    }

    /// Counts a session for the story it names, if it is one of ours; sessions come newest
    /// first. Aborted answers do not count, as in `stats`.
    pub fn add(&mut self, brief: &Brief) {
        if !brief.completed {
            return;
        }
        let Some(entry) = brief
            .story
            .as_deref()
            .and_then(|story| self.by_title.get_mut(&title_key(story)))
        else {
            return;
        };
        let total = brief.star_total();
        let date = brief.day();
        entry.told.add(date, total);
        if entry.recent.len() < self.recent {
            entry.recent.push(Told {
                date,
                prompt_id: brief.prompt_id.clone(),
                answer: Duration::from_millis(brief.answer_ms),
                total,
            });
        }
    }

    /// The practice of the story titled `title`.
    pub fn of(&self, title: &str) -> Practice {
        self.by_title
            .get(&title_key(title))
            .cloned()
            .unwrap_or_default()
    }
}

/// An average STAR total as shown in lists: `6.5`, or `-`.
pub fn average_text(average: Option<f64>) -> String {
    average.map_or("-".to_string(), |average| format!("{average:.1}"))
}

/// The practice section of a story's card, ending with how to tell it when it never was.
pub fn practice_lines(practice: &Practice, slug: &str, paint: Paint) -> Vec<String> {
    let label_indent = " ".repeat(LABEL_WIDTH);
    let label = |name: &str| format!("  {}", paint.dim(&format!("{name:LABEL_WIDTH$}")));
    let mut lines = vec![paint.bold("Practice")];
    if practice.told.answers == 0 {
        lines.push(format!("  not told yet: rehearse drill --story {slug}"));
        return lines;
    }
    let times = if practice.told.answers == 1 {
        "time"
    } else {
        "times"
    };
    lines.push(format!(
        "{}{} {times}",
        label("used"),
        practice.told.answers
    ));
    if let Some(day) = practice.told.last {
        lines.push(format!("{}{day}", label("last used")));
    }
    lines.push(format!(
        "{}{}",
        label("STAR avg"),
        match practice.told.average_total() {
            Some(average) => StarTotal::average_text(average),
            None => "- (not scored)".to_string(),
        }
    ));
    let prompt_width = practice
        .recent
        .iter()
        .map(|told| told.prompt_id.width())
        .max()
        .unwrap_or(0);
    for (index, told) in practice.recent.iter().enumerate() {
        let head = if index == 0 {
            label("recent")
        } else {
            format!("  {label_indent}")
        };
        let total = told
            .total
            .map_or("-".to_string(), |total| total.to_string());
        lines.push(format!(
            "{head}{}  {:prompt_width$}  {:>5}  {total}",
            told.date,
            shown_line(&told.prompt_id),
            format_clock(told.answer),
        ));
    }
    lines
}

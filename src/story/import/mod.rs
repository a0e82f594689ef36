//! `stories import`: a person's free-form interview notes turned into STAR stories.
//!
//! Notes come in every shape: questions as headings, numbered lines, bold or quoted; labels
//! bold, lowercase, behind a dash or a list marker, in another language, or as role words
//! (`My role`, `Outcome`); stories under competency or leadership-principle headings; advice,
//! templates and "same as above" between them; or one long ramble. The import is a pure
//! function over the text, in three passes:
//!
//! 1. [`lines`]: what each line is on its own (a question, a label, a heading, text), fenced
//!    code always text;
//! 2. [`group`]: where each story starts and ends, and which lines are its parts and its
//!    follow-ups;
//! 3. [`finish`]: whether each one is a story at all, and its parts, title and categories.
//!
//! Whatever could have started a story and did not is said in a warning naming its line, and
//! whatever is left out is listed with the reason: nothing is folded into another story
//! silently.

mod finish;
mod group;
mod html;
mod labels;
mod lines;
mod questions;
#[cfg(test)]
mod tests;

use serde::Serialize;

use self::finish::Finished;
use super::categories::CategoryWords;
use super::{PartTexts, Section, Story, clean_line};
use crate::text::without_controls;

/// One story found in a notes file, as `stories import --dry-run --json` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportedStory {
    pub title: String,
    /// Prompt bank categories guessed from the question, the title and the headings above.
    pub categories: Vec<String>,
    /// Where the story starts in the notes.
    pub source: Source,
    /// The question that introduced the story, without its `Q:`-style key.
    pub question: Option<String>,
    /// Other wordings of the question written beside it.
    pub alternates: Vec<String>,
    pub parts: PartTexts,
    /// Interviewer's questions written inside the story, with the answers under them.
    pub follow_ups: Vec<FollowUp>,
    /// What the person should check before trusting the import, one sentence each.
    pub warnings: Vec<String>,
}

/// A place in the notes: the file as given to `import_notes` and a 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    pub file: String,
    pub line: usize,
}

/// A follow-up question inside a story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FollowUp {
    pub question: String,
    pub answer: Option<String>,
}

/// Something under a heading or a question that is not a story, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeftOut {
    pub line: usize,
    /// Its question or heading.
    pub text: String,
    pub why: String,
}

/// What a notes file holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Imported {
    pub stories: Vec<ImportedStory>,
    pub left_out: Vec<LeftOut>,
}

/// The section heading a story file keeps follow-ups under.
pub const FOLLOW_UPS: &str = "Follow-ups";
/// The section heading a story file keeps other wordings of its question under.
pub const ALSO_ASKED: &str = "Also asked as";

impl ImportedStory {
    /// The story file an imported story becomes: its question kept as metadata, its
    /// follow-ups and other wordings in sections of their own.
    pub fn to_story(&self) -> Story {
        let mut other_sections = Vec::new();
        if !self.alternates.is_empty() {
            other_sections.push(Section {
                heading: ALSO_ASKED.to_string(),
                text: self
                    .alternates
                    .iter()
                    .map(|alternate| format!("- {}", clean_line(alternate)))
                    .collect::<Vec<_>>()
                    .join("\n"),
            });
        }
        if !self.follow_ups.is_empty() {
            other_sections.push(Section {
                heading: FOLLOW_UPS.to_string(),
                text: self
                    .follow_ups
                    .iter()
                    .map(follow_up_text)
                    .collect::<Vec<_>>()
                    .join("\n"),
            });
        }
        Story {
            title: clean_line(&self.title),
            categories: self.categories.clone(),
            question: self.question.as_deref().map(clean_line),
            parts: self.parts.clone(),
            other_sections,
            ..Story::default()
        }
    }
}

/// `- question` with the answer's lines under it, indented to hang under the question.
fn follow_up_text(follow_up: &FollowUp) -> String {
    let mut text = format!("- {}", clean_line(&follow_up.question));
    if let Some(answer) = &follow_up.answer {
        for line in answer.lines() {
            text.push('\n');
            if !line.trim().is_empty() {
                text.push_str("  ");
                text.push_str(line.trim_end());
            }
        }
    }
    text
}

/// The stories in the notes `text` read from `file` (used only to fill in `source`), in the
/// order they appear, and what was left out; `words` guess each story's categories.
pub fn import_notes(file: &str, text: &str, words: &CategoryWords) -> Imported {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (text, controlled) = lines_without_controls(text);
    let items = lines::classify(&text);
    let mut drafts = group::group(&items);
    if drafts.is_empty() {
        drafts = group::unstructured(&items);
    }
    let mut imported = Imported::default();
    for draft in drafts {
        match finish::finish(draft, file, &|text: &str| words.guess(text), &controlled) {
            Finished::Story(story) => imported.stories.push(*story),
            Finished::LeftOut(left_out) => imported.left_out.push(left_out),
            Finished::Nothing => {}
        }
    }
    imported
}

/// `text` with the control characters and escape sequences taken out of every line, so that
/// a label or a question copied out of a terminal with its colours still reads as one and
/// no story keeps them; and the lines that had any, by number, as they read after.
/// The line ends (`\r\n` too) are kept, so the lines and their numbers stay the file's.
fn lines_without_controls(text: &str) -> (std::borrow::Cow<'_, str>, Vec<(usize, String)>) {
    if matches!(without_controls(text), std::borrow::Cow::Borrowed(_)) {
        return (text.into(), Vec::new());
    }
    let mut cleaned = String::with_capacity(text.len());
    let mut controlled = Vec::new();
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let unended = line.strip_suffix('\n').unwrap_or(line);
        let body = unended.strip_suffix('\r').unwrap_or(unended);
        let clean = without_controls(body);
        if matches!(clean, std::borrow::Cow::Owned(_)) {
            controlled.push((index + 1, clean.to_string()));
        }
        cleaned.push_str(&clean);
        cleaned.push_str(&line[body.len()..]);
    }
    (cleaned.into(), controlled)
}

/// Whether `text` tells of something done: a past-tense verb (`rolled`, `ran`, `wanted`).
pub(crate) fn has_past_tense(text: &str) -> bool {
    const IRREGULAR: &[&str] = &[
        "ran", "built", "wrote", "made", "took", "went", "spent", "told", "found", "got", "led",
        "sent", "met", "brought", "kept", "gave", "chose", "drew", "began", "did", "sat", "held",
        "left", "paid", "said", "taught", "won", "rose", "fell", "grew", "saw", "knew", "was",
        "were", "had", "came", "became", "broke", "shipped",
    ];
    text.to_lowercase()
        .split(|c: char| !c.is_alphabetic())
        .any(|word| (word.len() > 4 && word.ends_with("ed")) || IRREGULAR.contains(&word))
}

//! A story as a cue card for the moment before answering: one short line a part, the story's
//! spoken length against the answer window, and nothing to read aloud from.
//!
//! A part's line is the one its writer marked as the summary (a first line in bold, or a
//! first line quoted with `>`), else its first sentence.

use super::Story;
use super::spoken::Spoken;
use crate::domain::duration::format_clock;
use crate::domain::star::PartMap;
use crate::domain::window::{Window, Zone};
use crate::text::markdown::{prose_lines, strip_list_marker};

/// The few lines a person glances at before telling a story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CueCard {
    pub title: String,
    /// One short line for each part with text.
    pub lines: PartMap<Option<String>>,
    /// `4:19 spoken, over the 2:00-3:00 window`, when the story has words.
    pub length: Option<String>,
}

impl CueCard {
    /// The card of `story`, timed at `pace` words a minute against `window`.
    pub fn of(story: &Story, pace: u32, window: Window) -> CueCard {
        let lines = story
            .parts
            .map(|_, text| text.as_deref().and_then(summary_line));
        let spoken = Spoken::of(story, pace);
        let length = (spoken.words > 0).then(|| {
            let time = format_clock(spoken.time());
            let span = format!(
                "{}-{}",
                format_clock(window.min()),
                format_clock(window.max())
            );
            match window.zone(spoken.time()) {
                Zone::InWindow => format!("{time} spoken, inside the {span} window"),
                Zone::Over => format!("{time} spoken, over the {span} window: keep it short"),
                Zone::TooShort => format!("{time} spoken, under the {span} window: say more"),
            }
        });
        CueCard {
            title: story.title.clone(),
            lines,
            length,
        }
    }

    /// The card under its title, as lines of text: `S  first line` for each part, then the
    /// spoken length.
    pub fn body_lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        lines.extend(
            self.lines
                .present()
                .map(|(part, line)| format!("{}  {line}", part.letter())),
        );
        lines.extend(self.length.clone());
        lines
    }
}

/// The line a part is remembered by: its marked summary, else its first sentence, without
/// list markers and emphasis.
fn summary_line(text: &str) -> Option<String> {
    let first = prose_lines(text)
        .map(str::trim)
        .find(|line| !line.is_empty())?;
    if let Some(quoted) = first.strip_prefix('>') {
        return Some(clean(quoted));
    }
    if let Some(bold) = whole_bold(first) {
        return Some(clean(bold));
    }
    let item = strip_list_marker(first).unwrap_or(first);
    let sentence = [". ", "! ", "? ", "; "]
        .iter()
        .filter_map(|end| item.find(end).map(|at| at + 1))
        .min()
        .map_or(item, |end| &item[..end]);
    Some(clean(sentence))
}

/// The text inside `**...**` or `__...__` wrapped around all of `line`.
fn whole_bold(line: &str) -> Option<&str> {
    ["**", "__"].into_iter().find_map(|mark| {
        line.strip_prefix(mark)?
            .strip_suffix(mark)
            .filter(|inner| !inner.is_empty() && !inner.contains(mark))
    })
}

/// `text` on one line, without emphasis marks.
fn clean(text: &str) -> String {
    text.replace("**", "")
        .replace("__", "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::domain::star::Part;
    use crate::story::PartTexts;

    fn window() -> Window {
        Window::new(Duration::from_secs(120), Duration::from_secs(180)).unwrap()
    }

    #[test]
    fn each_part_is_remembered_by_its_summary_or_first_sentence() {
        let mut parts = PartTexts::default();
        parts[Part::Situation] =
            Some("Billing shipped with the monolith. Every deploy froze it.".into());
        parts[Part::Task] =
            Some("**Own the move, miss no invoice**\nThe details: seven months.".into());
        parts[Part::Action] = Some("> shadow mode for six weeks\n\n- I wrote a plan".into());
        parts[Part::Result] = Some("- No invoice missed; two teams copied the plan".into());
        parts[Part::Learning] = Some("```\ncode\n```\nRun both side by side.".into());
        let story = Story {
            title: "Billing moves out".into(),
            parts,
            ..Story::default()
        };
        let card = CueCard::of(&story, 150, window());
        assert_eq!(card.title, "Billing moves out");
        assert_eq!(
            card.body_lines(),
            [
                "S  Billing shipped with the monolith.",
                "T  Own the move, miss no invoice",
                "A  shadow mode for six weeks",
                "R  No invoice missed;",
                "L  Run both side by side.",
                "0:16 spoken, under the 2:00-3:00 window: say more",
            ]
        );
    }

    #[test]
    fn a_story_with_no_words_has_no_length() {
        let card = CueCard::of(&Story::bare("New one", &[]), 150, window());
        assert_eq!(card.title, "New one");
        assert!(card.body_lines().is_empty(), "{:?}", card.body_lines());
    }
}

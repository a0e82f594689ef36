//! Stories: prepared experiences told in STAR form, one markdown file each in
//! `<home>/stories/<slug>.md`.
//!
//! `format` reads and writes the file format, `files` finds, loads and creates story files,
//! `import` turns free-form notes into stories, and `categories` guesses what a story answers
//! from the words of its question. A person edits these files by hand: the program reads them
//! exactly as written and never rewrites one, it only creates new files.

pub mod card;
pub mod categories;
pub mod check;
pub mod coverage;
pub mod cue;
mod files;
mod format;
pub mod import;
pub mod link;
pub mod points;
pub mod slug;
pub mod spoken;

pub use files::{
    LoadedStories, StoryNames, create_story, create_story_named, find_story, find_title,
    load_stories, lock_stories, move_story_file, story_path, story_path_taken, with_title,
};
pub use format::{parse_story, render_story};

use crate::domain::star::{Part, PartMap};

/// The text of each part of a story, as written; a part with no text is `None`.
pub type PartTexts = PartMap<Option<String>>;

/// One story, as read from its file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Story {
    /// The file name without `.md`.
    pub slug: String,
    /// The `# Title`, or the slug when the file has none.
    pub title: String,
    /// The prompt categories the story can answer, lowercase, each once.
    pub categories: Vec<String>,
    /// The user's own labels, as written.
    pub tags: Vec<String>,
    /// A one-line reminder of the story.
    pub summary: Option<String>,
    /// The question the story was first written for (kept from imported notes).
    pub question: Option<String>,
    /// The text of each part, as written, with only blank lines around it trimmed.
    pub parts: PartTexts,
    /// `##` sections that are not a part (`## Follow-ups`), in file order: read and shown,
    /// never mistaken for a part.
    pub other_sections: Vec<Section>,
}

/// A `##` section of a story file that is not one of the parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub heading: String,
    pub text: String,
}

impl Story {
    /// A story with only a title and categories: what the drill starts for a new title.
    pub fn bare(title: &str, categories: &[String]) -> Story {
        Story {
            title: clean_line(title),
            categories: categories.iter().map(|c| normalise_category(c)).collect(),
            ..Story::default()
        }
    }

    /// The parts that have text.
    pub fn filled_parts(&self) -> Vec<Part> {
        self.parts.present().map(|(part, _)| part).collect()
    }

    /// `S T A R L`, with `-` for each part that has no text.
    pub fn parts_mark(&self) -> String {
        parts_mark(&self.parts)
    }

    /// Whether the story says it can answer `category`.
    pub fn answers(&self, category: &str) -> bool {
        self.categories.iter().any(|c| c == category)
    }

    /// Whether a session's `story` field names this story (case and spacing around it aside).
    pub fn is_named_by(&self, recorded: &str) -> bool {
        same_title(&self.title, recorded)
    }
}

/// `S T A R L`, with `-` for each part of `parts` that has no text.
pub fn parts_mark(parts: &PartTexts) -> String {
    parts
        .iter()
        .map(|(part, text)| match text {
            Some(_) => part.letter(),
            None => '-',
        })
        .map(String::from)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether two stories tell the same thing: each part's text the same once the blank lines
/// and spaces around it are trimmed. Metadata (categories, tags) is not the story's text.
pub fn same_text(a: &Story, b: &Story) -> bool {
    fn text(story: &Story) -> Vec<Option<&str>> {
        story
            .parts
            .iter()
            .map(|(_, text)| text.as_deref().map(str::trim).filter(|t| !t.is_empty()))
            .collect()
    }
    text(a) == text(b)
}

/// Whether two titles are the same story: equal once trimmed, in any case.
pub fn same_title(a: &str, b: &str) -> bool {
    title_key(a) == title_key(b)
}

/// A title as a key that two spellings of one story share: lowercase, with every run of
/// spaces as one (`Team  REORG` and `team reorg` are one story).
pub fn title_key(title: &str) -> String {
    clean_line(title).to_lowercase()
}

/// What is wrong with `typed` as a new title, if anything, worded to follow the name of
/// where it was typed (`--title is empty: ...`). A title is a line of words a person finds
/// the story by, so it needs a letter or a digit; a control character (a pasted escape
/// sequence, a tab) would be written into the file and shown on every list.
pub fn title_problem(typed: &str) -> Option<&'static str> {
    if typed.trim().is_empty() {
        Some("is empty: give the story a title")
    } else if typed.chars().any(char::is_control) {
        Some("has a control character in it: type the title as plain text")
    } else if !typed.chars().any(char::is_alphanumeric) {
        Some("has no letter or digit: give the story a title of words")
    } else {
        None
    }
}

/// A category as stories and the bank spell it: lowercase words joined by dashes
/// (`Hardest problem` is `hardest-problem`).
pub fn normalise_category(text: &str) -> String {
    text.to_lowercase()
        .split(|c: char| c.is_whitespace() || c == '_')
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// `text` as one line: every run of whitespace (newlines included) becomes one space.
pub fn clean_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The stories to offer for a prompt of `category`: those that can answer it first, then the
/// other story files, then titles used in past sessions that have no file (`past_titles`, most
/// recent first). Each title once, whatever its case.
pub fn story_choices(stories: &[Story], past_titles: &[String], category: &str) -> Vec<String> {
    let (matching, others): (Vec<&Story>, Vec<&Story>) =
        stories.iter().partition(|story| story.answers(category));
    let mut choices: Vec<String> = Vec::new();
    let candidates = matching
        .into_iter()
        .chain(others)
        .map(|story| story.title.clone())
        .chain(past_titles.iter().map(|title| title.trim().to_string()));
    for title in candidates {
        if !title.is_empty() && !choices.iter().any(|known| same_title(known, &title)) {
            choices.push(title);
        }
    }
    choices
}

#[cfg(test)]
mod tests {
    use super::*;

    fn story(title: &str, categories: &[&str]) -> Story {
        Story {
            slug: title.to_lowercase(),
            title: title.into(),
            categories: categories.iter().map(|c| c.to_string()).collect(),
            ..Story::default()
        }
    }

    #[test]
    fn stories_for_the_category_come_first_then_files_then_past_titles() {
        let stories = [
            story("Alpha", &["mistake"]),
            story("Beta", &["conflict"]),
            story("Gamma", &[]),
        ];
        let past = vec![
            "Old launch".to_string(),
            "beta".to_string(),
            " ".to_string(),
        ];
        assert_eq!(
            story_choices(&stories, &past, "conflict"),
            ["Beta", "Alpha", "Gamma", "Old launch"]
        );
    }

    #[test]
    fn the_parts_mark_shows_letters_for_filled_parts() {
        let mut story = story("A", &[]);
        assert_eq!(story.parts_mark(), "- - - - -");
        story.parts[Part::Situation] = Some("s".into());
        story.parts[Part::Result] = Some("r".into());
        assert_eq!(story.parts_mark(), "S - - R -");
        assert_eq!(story.filled_parts(), [Part::Situation, Part::Result]);
    }

    #[test]
    fn a_title_needs_a_letter_or_digit_and_no_control_character() {
        for fine in ["Team reorg", "2024", "Конфликт", " Ödön's  launch "] {
            assert_eq!(title_problem(fine), None, "{fine:?}");
        }
        for (typed, problem) in [
            (" ", "is empty"),
            ("---", "has no letter or digit"),
            ("?!", "has no letter or digit"),
            ("Team\u{1b}[2J", "has a control character"),
            ("Team\treorg", "has a control character"),
            ("Team\u{85}", "has a control character"),
        ] {
            let found = title_problem(typed).unwrap_or("none");
            assert!(found.starts_with(problem), "{typed:?}: {found}");
        }
    }

    #[test]
    fn categories_are_lowercase_dashed_words_and_titles_one_line() {
        assert_eq!(normalise_category(" Hardest problem "), "hardest-problem");
        assert_eq!(normalise_category("hardest_problem"), "hardest-problem");
        assert_eq!(clean_line(" A\n  title\t"), "A title");
        assert!(story("Audit flag", &[]).is_named_by(" audit FLAG "));
        assert!(!story("Audit flag", &[]).is_named_by("Audit"));
    }
}

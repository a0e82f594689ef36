//! Builders for the test suites: session records, prompt files and story files, written the
//! way the program writes them, so that a change of a format is one change in the tests too.
//!
//! Used by the unit tests and the end-to-end tests in `tests/`; not part of the tool.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use chrono::DateTime;

use crate::domain::star::{Part, Score, Scores};
use crate::domain::window::Window;
use crate::session::record::{FollowUp, Outcome, PartMark, PromptRef, Session};

/// A session record, built field by field from sensible defaults: a completed, unreviewed
/// 2:30 answer to `prompt_id` (category: the id's first word) in a 2 to 3 minute window, at
/// 2026-11-23 07:31:05 +01:00.
#[derive(Debug, Clone)]
pub struct SessionBuilder {
    session: Session,
    id_given: bool,
}

/// Tells apart the ids of records built in one test run.
static BUILT: AtomicU32 = AtomicU32::new(0);

impl SessionBuilder {
    /// A record of an answer to `prompt_id`; its category is the id's first word (give
    /// `category` for one of several words, like `hardest-problem`).
    pub fn new(prompt_id: &str) -> SessionBuilder {
        let category = prompt_id.split('-').next().unwrap_or(prompt_id);
        let started_at = DateTime::parse_from_rfc3339("2026-11-23T07:31:05+01:00").unwrap();
        let window = Window::new(Duration::from_secs(120), Duration::from_secs(180)).unwrap();
        let prompt = PromptRef::new(prompt_id, category, &format!("Question {prompt_id}?"));
        let mut session = Session::new(String::new(), started_at, prompt, window);
        session.answer_ms = 150_000;
        session.version = "0.1.0".into();
        SessionBuilder {
            session,
            id_given: false,
        }
    }

    /// The record's id (by default its start time and a tail unique in this run).
    pub fn id(mut self, id: &str) -> SessionBuilder {
        self.session.id = id.to_string();
        self.id_given = true;
        self
    }

    /// When the answer started, in RFC 3339.
    pub fn at(mut self, started_at: &str) -> SessionBuilder {
        self.session.started_at = DateTime::parse_from_rfc3339(started_at).unwrap();
        self
    }

    /// The prompt's category.
    pub fn category(mut self, category: &str) -> SessionBuilder {
        self.session.prompt.category = category.to_string();
        self
    }

    /// The question as it was asked.
    pub fn text(mut self, text: &str) -> SessionBuilder {
        self.session.prompt.text = text.to_string();
        self
    }

    /// The answer's length.
    pub fn answer_ms(mut self, ms: u64) -> SessionBuilder {
        self.session.answer_ms = ms;
        self
    }

    /// The time spent paused.
    pub fn paused_ms(mut self, ms: u64) -> SessionBuilder {
        self.session.paused_ms = ms;
        self
    }

    /// The window, in whole seconds.
    pub fn window(mut self, min_s: u64, max_s: u64) -> SessionBuilder {
        self.session.window =
            Window::new(Duration::from_secs(min_s), Duration::from_secs(max_s)).unwrap();
        self
    }

    /// The answer was given up.
    pub fn aborted(mut self) -> SessionBuilder {
        self.session.outcome = Outcome::Aborted;
        self
    }

    /// All scores, as typed at the review (`2122`).
    pub fn scores(mut self, typed: &str) -> SessionBuilder {
        self.session.scores = Some(Scores::parse(typed).unwrap());
        self
    }

    /// One scored part's rating, leaving the others as they are (unrated at first).
    pub fn score(mut self, part: Part, value: u8) -> SessionBuilder {
        let mut scores = self.session.scores.unwrap_or_default();
        scores.set(part, Some(Score::new(value).unwrap()));
        self.session.scores = Some(scores);
        self
    }

    /// The story told.
    pub fn story(mut self, story: &str) -> SessionBuilder {
        self.session.story = Some(story.to_string());
        self
    }

    /// The note to self.
    pub fn note(mut self, note: &str) -> SessionBuilder {
        self.session.note = Some(note.to_string());
        self
    }

    /// A mark of a scored part at `at_ms` of answer time.
    pub fn mark(mut self, part: Part, at_ms: u64) -> SessionBuilder {
        self.session.parts.push(PartMark { part, at_ms });
        self
    }

    /// A completed follow-up answer.
    pub fn follow_up(mut self, text: &str, answer_ms: u64) -> SessionBuilder {
        self.session.follow_up = Some(FollowUp {
            text: text.to_string(),
            answer_ms,
            outcome: Outcome::Completed,
            audio: None,
            speech: None,
            extra: Default::default(),
        });
        self
    }

    /// A field this version does not know.
    pub fn extra(mut self, key: &str, value: serde_json::Value) -> SessionBuilder {
        self.session.extra.insert(key.to_string(), value);
        self
    }

    /// A field of the prompt this version does not know.
    pub fn prompt_extra(mut self, key: &str, value: serde_json::Value) -> SessionBuilder {
        self.session.prompt.extra.insert(key.to_string(), value);
        self
    }

    /// The record.
    pub fn build(mut self) -> Session {
        if !self.id_given {
            let n = BUILT.fetch_add(1, Ordering::Relaxed);
            self.session.id = format!(
                "{}-{}",
                self.session.started_at.format("%Y%m%d-%H%M%S"),
                base36_tail(n)
            );
        }
        self.session
    }

    /// The record as a JSON value (its content as the store writes it; a `Value` keeps its
    /// keys in name order).
    pub fn json(self) -> serde_json::Value {
        serde_json::to_value(self.build()).unwrap()
    }
}

/// Four lowercase letters or digits for `n`.
fn base36_tail(mut n: u32) -> String {
    const ALPHABET: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut tail = [b'0'; 4];
    for slot in tail.iter_mut().rev() {
        *slot = ALPHABET[(n % 36) as usize];
        n /= 36;
    }
    String::from_utf8(tail.to_vec()).unwrap()
}

/// Where a record goes under a data home: `sessions/YYYY/MM/<id>.json`.
pub fn record_path(id: &str) -> String {
    format!("sessions/{}/{}/{id}.json", &id[0..4], &id[4..6])
}

/// A prompt of the bank, with a made-up question.
pub fn prompt(id: &str, category: &str) -> crate::bank::Prompt {
    crate::bank::Prompt {
        id: id.into(),
        category: category.into(),
        text: format!("Question {id}?"),
        alternates: vec![],
        follow_ups: vec![],
        origin: crate::bank::Origin::default(),
    }
}

/// The text of a prompt file with one category and these `(id, question)` prompts.
pub fn prompt_file(category: &str, prompts: &[(&str, &str)]) -> String {
    let mut text = format!("category = {}\n", toml_string(category));
    for (id, question) in prompts {
        text.push_str(&format!(
            "\n[[prompt]]\nid = {}\ntext = {}\n",
            toml_string(id),
            toml_string(question)
        ));
    }
    text
}

fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// The text of a story file, as `stories add` writes it, with these parts filled.
pub fn story_file(title: &str, categories: &[&str], parts: &[(Part, &str)]) -> String {
    let mut story = crate::story::Story::bare(
        title,
        &categories.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
    );
    for (part, text) in parts {
        story.parts[*part] = Some(text.to_string());
    }
    crate::story::render_story(&story)
}

/// The category words of the built-in prompt bank, as `stories import` guesses with them.
pub fn builtin_category_words() -> crate::story::categories::CategoryWords {
    let bank = crate::bank::load::load_bank(std::path::Path::new("/nonexistent/prompts")).bank;
    crate::story::categories::CategoryWords::new(bank.category_keywords())
}

/// Word error rate: the word-level edit distance between what was said and what was heard,
/// over the number of words said (the transcription tests and the transcript bench).
pub fn word_error_rate(said: &[String], heard: &[String]) -> f64 {
    let mut row: Vec<usize> = (0..=heard.len()).collect();
    for (i, said_word) in said.iter().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, heard_word) in heard.iter().enumerate() {
            let substitution = previous + usize::from(said_word != heard_word);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[heard.len()] as f64 / said.len().max(1) as f64
}

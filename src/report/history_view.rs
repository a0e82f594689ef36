//! The history as a table: one row a session, with texts shared between rows so a long
//! history costs little memory, and what to say when there are no rows.

use std::collections::HashSet;
use std::io::Write;
use std::rc::Rc;
use std::sync::LazyLock;
use std::time::Duration;

use crate::domain::duration::format_clock;
use crate::domain::star::{Part, Scores};
use crate::paint::Paint;
use crate::report::summary::{Verdict, follow_up_time};
use crate::session::record::Session;
use crate::table::{self, Align, Cell, Column};

/// What to say when there are no rows: how to start, or that the filters removed everything
/// (and that aborted answers were among them, since `--all` is easy to forget).
pub fn nothing_to_list(any_sessions: bool, aborted_left_out: usize) -> String {
    if !any_sessions {
        "no sessions yet: run `rehearse` to answer a question".to_string()
    } else if aborted_left_out == 0 {
        "no sessions match".to_string()
    } else {
        format!("no sessions match ({aborted_left_out} aborted left out: add --all to see them)")
    }
}

/// What a history row shows of a session. Long histories repeat the same few categories,
/// questions and stories, so those texts are shared rather than copied into every row.
struct Entry {
    started: String,
    category: Rc<str>,
    prompt: Rc<str>,
    prompt_id: Rc<str>,
    story: Option<Rc<str>>,
    answer_ms: u64,
    verdict: Verdict,
    scores: Option<Scores>,
    /// How long the follow-up's answer ran, when a probe was asked.
    follow_up: Option<Box<str>>,
    id_tail: Box<str>,
}

/// The rows of a history table, with their shared texts.
#[derive(Default)]
pub struct Entries {
    rows: Vec<Entry>,
    texts: HashSet<Rc<str>>,
    /// Whether some row's session asked a follow-up, and so the table has its column.
    probed: bool,
}

impl Entries {
    /// Adds a row for `session`.
    pub fn push(&mut self, session: &Session) {
        let story = session.story.as_deref().map(|story| self.shared(story));
        let entry = Entry {
            started: session.started_at.format("%Y-%m-%d %H:%M").to_string(),
            category: self.shared(&session.prompt.category),
            prompt: self.shared(&session.prompt.text),
            prompt_id: self.shared(&session.prompt.id),
            story,
            answer_ms: session.answer_ms,
            verdict: Verdict::of(session),
            scores: session.scores,
            follow_up: session
                .follow_up
                .as_ref()
                .map(|_| follow_up_time(session).into()),
            id_tail: short_id(&session.id).into(),
        };
        self.probed |= entry.follow_up.is_some();
        self.rows.push(entry);
    }

    fn shared(&mut self, text: &str) -> Rc<str> {
        if let Some(known) = self.texts.get(text) {
            return Rc::clone(known);
        }
        let text: Rc<str> = Rc::from(text);
        self.texts.insert(Rc::clone(&text));
        text
    }

    /// How many rows there are.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Writes the table, fitted to `width` when there is one (see [`columns`]).
    pub fn write_table(
        &self,
        out: &mut dyn Write,
        width: Option<usize>,
        paint: Paint,
    ) -> std::io::Result<()> {
        table::write_table(
            out,
            &columns(self.probed),
            self.rows.len(),
            |index| entry_row(&self.rows[index], self.probed),
            width,
            paint,
        )
    }
}

/// The heading of the per-part scores column: the scored parts' letters, `S T A R`.
static SCORES_HEADING: LazyLock<String> = LazyLock::new(|| {
    Part::SCORED
        .iter()
        .map(|part| part.letter().to_string())
        .collect::<Vec<_>>()
        .join(" ")
});

/// The history table's columns, in the order the contract lists them, and what each gives
/// up, in order, when the table is too wide for the terminal: first the part scores (the
/// STAR total stays), then the time of day, the category (the question says it), the question
/// for its prompt's id when the question can no longer be read, the follow-up's time, the
/// story, the verdict and the total. The date, the question or its id, the answer's length
/// and the session's id, which `show` and `edit` take, always stay. The follow-up's time,
/// after the answer's, is there when some session asked a follow-up (`probed`).
fn columns(probed: bool) -> Vec<Column> {
    let mut columns = vec![
        Column::new("date", Align::Left, false).short_at(2),
        Column::new("category", Align::Left, false).dropped_at(3),
        Column::new("prompt", Align::Left, true)
            .readable_at(QUESTION_READABLE)
            .short_at(4),
        Column::new("story", Align::Left, true)
            .readable_at(STORY_READABLE)
            .dropped_at(6),
        Column::new("time", Align::Right, false),
        Column::new("verdict", Align::Left, false).dropped_at(7),
        Column::new("STAR", Align::Right, false).dropped_at(8),
        Column::new(SCORES_HEADING.as_str(), Align::Left, false).dropped_at(1),
        Column::new("id", Align::Left, false),
    ];
    if probed {
        columns.insert(
            FOLLOW_UP_COLUMN,
            Column::new("follow-up", Align::Right, false).dropped_at(5),
        );
    }
    columns
}

/// Where the follow-up's column goes: after the answer's time.
const FOLLOW_UP_COLUMN: usize = 5;

/// The narrowest a question is cut to before the table shows prompt ids instead: below this
/// a question is its first few words, which many questions share (`Tell me about a...`).
const QUESTION_READABLE: usize = 32;

/// The narrowest a story title is cut to before the story column leaves the table.
const STORY_READABLE: usize = 16;

/// One entry's cells, matching [`columns`].
fn entry_row(entry: &Entry, probed: bool) -> Vec<Cell> {
    let mut cells = vec![
        Cell::plain(entry.started.as_str()).or_short(&entry.started[..DAY_LENGTH]),
        Cell::plain(&*entry.category),
        Cell::plain(&*entry.prompt).or_short(&*entry.prompt_id),
        Cell::plain(entry.story.as_deref().unwrap_or("-")),
        Cell::plain(format_clock(Duration::from_millis(entry.answer_ms))),
        Cell::colored(entry.verdict.word(), entry.verdict.color()),
        Cell::plain(star_total(entry.scores.as_ref())),
        Cell::plain(part_scores(entry.scores.as_ref())),
        Cell::plain(&*entry.id_tail),
    ];
    if probed {
        let follow_up = entry.follow_up.as_deref().unwrap_or("-");
        cells.insert(FOLLOW_UP_COLUMN, Cell::plain(follow_up));
    }
    cells
}

/// How long the day of `Entry::started` (`2026-11-24`) is.
const DAY_LENGTH: usize = "YYYY-MM-DD".len();

/// The random tail of an id (`k3f9`): short enough for a column, and enough for `show` and
/// `edit`, which accept it in place of the whole id.
fn short_id(id: &str) -> &str {
    id.rsplit('-').next().unwrap_or(id)
}

/// `7/8`, or `-` when nothing is rated.
fn star_total(scores: Option<&Scores>) -> String {
    match scores.and_then(Scores::total) {
        Some(total) => total.to_string(),
        None => "-".to_string(),
    }
}

/// `2 1 2 2`: each part's rating in STAR order, `-` for a part not rated.
fn part_scores(scores: Option<&Scores>) -> String {
    scores.map_or_else(|| Scores::default().spaced(), Scores::spaced)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The history as a table with a header row; `width` is the terminal's, when there is one.
    fn history_table(sessions: &[&Session], width: Option<usize>, paint: Paint) -> String {
        let mut entries = Entries::default();
        sessions.iter().for_each(|session| entries.push(session));
        let mut text = Vec::new();
        entries
            .write_table(&mut text, width, paint)
            .expect("writing to memory cannot fail");
        String::from_utf8(text).expect("cells are text")
    }

    use crate::domain::star::Score;
    use crate::session::record::Outcome;
    use crate::testkit::SessionBuilder;

    /// A record as the drill writes it, from the fields the table shows.
    fn session(
        id: &str,
        started_at: &str,
        (category, text): (&str, &str),
        story: Option<&str>,
        scores: Option<Scores>,
        answer_ms: u64,
        outcome: Outcome,
    ) -> Session {
        let mut session = SessionBuilder::new(&format!("{category}-x"))
            .id(id)
            .at(started_at)
            .category(category)
            .text(text)
            .answer_ms(answer_ms)
            .build();
        session.story = story.map(str::to_string);
        session.scores = scores;
        session.outcome = outcome;
        session
    }

    fn fixtures() -> Vec<Session> {
        let mut partly = Scores::default();
        partly.set(Part::Situation, Score::new(2));
        partly.set(Part::Action, Score::new(1));
        vec![
            session(
                "20261124-181502-zq7d",
                "2026-11-24T18:15:02.5+01:00",
                (
                    "mistake",
                    "Describe a time you made a mistake at work and what you did next.",
                ),
                Some("Wrong invoice batch"),
                Some(partly),
                185_400,
                Outcome::Completed,
            ),
            session(
                "20261123-073105-k3f9",
                "2026-11-23T07:31:05.120+01:00",
                (
                    "conflict",
                    "Tell me about a disagreement with your manager.",
                ),
                Some("Audit flag broke time entry"),
                Scores::of([2, 1, 2, 2]),
                161_234,
                Outcome::Completed,
            ),
            session(
                "20261122-210000-ab12",
                "2026-11-22T21:00:00-05:00",
                (
                    "leadership",
                    "Tell me about a time you led without authority.",
                ),
                None,
                None,
                37_000,
                Outcome::Aborted,
            ),
            session(
                "20261121-090000-cd34",
                "2026-11-21T09:00:00+09:00",
                ("customer", "Tell me about an unhappy customer."),
                None,
                None,
                107_700,
                Outcome::Completed,
            ),
        ]
    }

    #[test]
    fn the_table_at_a_fixed_width() {
        let sessions = fixtures();
        let chosen: Vec<&Session> = sessions.iter().collect();
        insta::assert_snapshot!(history_table(&chosen, Some(120), Paint { enabled: false }));
    }

    #[test]
    fn the_table_in_80_and_60_columns_gives_up_its_least_important_columns() {
        let sessions = fixtures();
        let chosen: Vec<&Session> = sessions.iter().collect();
        let plain = Paint { enabled: false };
        insta::assert_snapshot!(history_table(&chosen, Some(80), plain));
        insta::assert_snapshot!(history_table(&chosen, Some(60), plain));
    }

    #[test]
    fn piped_output_keeps_every_question_whole() {
        let sessions = fixtures();
        let chosen: Vec<&Session> = sessions.iter().collect();
        let table = history_table(&chosen, None, Paint { enabled: false });
        assert!(
            table.contains("Describe a time you made a mistake at work and what you did next.")
        );
        assert!(table.contains("Audit flag broke time entry"));
    }

    #[test]
    fn rows_read_in_the_records_own_local_time_with_verdicts_and_scores() {
        let sessions = fixtures();
        let mut entries = Entries::default();
        sessions.iter().for_each(|session| entries.push(session));
        let cells: Vec<Vec<String>> = entries
            .rows
            .iter()
            .map(|entry| {
                entry_row(entry, false)
                    .into_iter()
                    .map(|cell| cell.text)
                    .collect()
            })
            .collect();
        assert_eq!(cells[0][0], "2026-11-24 18:15");
        assert_eq!(cells[2][0], "2026-11-22 21:00");
        let verdicts: Vec<&str> = cells.iter().map(|row| row[5].as_str()).collect();
        assert_eq!(verdicts, ["over", "ok", "aborted", "short"]);
        assert_eq!(cells[0][4], "3:05");
        assert_eq!(
            (cells[0][6].as_str(), cells[0][7].as_str()),
            ("3/8", "2 - 1 -")
        );
        assert_eq!(
            (cells[1][6].as_str(), cells[1][7].as_str()),
            ("7/8", "2 1 2 2")
        );
        assert_eq!(
            (
                cells[3][3].as_str(),
                cells[3][6].as_str(),
                cells[3][7].as_str()
            ),
            ("-", "-", "- - - -")
        );
    }

    #[test]
    fn repeated_texts_are_shared_not_copied() {
        let sessions = fixtures();
        let mut entries = Entries::default();
        sessions
            .iter()
            .chain(&sessions)
            .for_each(|session| entries.push(session));
        assert_eq!(entries.rows.len(), 8);
        assert!(Rc::ptr_eq(&entries.rows[0].prompt, &entries.rows[4].prompt));
        assert!(
            entries.texts.len() < 16,
            "{} texts kept",
            entries.texts.len()
        );
    }

    #[test]
    fn the_empty_message_says_how_to_start_or_why_nothing_matched() {
        assert_eq!(
            nothing_to_list(false, 0),
            "no sessions yet: run `rehearse` to answer a question"
        );
        assert_eq!(
            nothing_to_list(true, 1),
            "no sessions match (1 aborted left out: add --all to see them)"
        );
        assert_eq!(nothing_to_list(true, 0), "no sessions match");
    }
}

//! `rehearse history`: one row a session, newest first, after the report filters.

use std::collections::{BTreeSet, HashSet};
use std::io::Write;
use std::ops::ControlFlow;
use std::rc::Rc;
use std::time::Duration;

use anyhow::Result;

use super::{bank_for, filter_for, local_today, terminal_width, visit_sessions};
use crate::cli::HistoryArgs;
use crate::config::Config;
use crate::duration::format_clock;
use crate::exit::{BadInput, Exit};
use crate::paint::Paint;
use crate::report::export::{Exporter, Format};
use crate::report::filter::Filter;
use crate::report::summary::Verdict;
use crate::report::table::{self, Align, Cell, Column};
use crate::session::record::{Scores, Session};
use crate::session::store::Order;
use crate::star::Part;

pub fn run(config: &Config, args: &HistoryArgs, out: &mut dyn Write) -> Result<Exit> {
    let filter = filter_for(&args.filter, local_today())?;
    let bank = bank_for(config);
    let limit = args.limit.unwrap_or(usize::MAX);
    // A category that is not in the bank may still be in old sessions; only then is a look
    // through all of them needed before anything is printed.
    if filter
        .categories
        .iter()
        .any(|name| !bank.categories().contains(&name.as_str()))
    {
        check_categories(
            &bank.categories(),
            &filter.categories,
            &categories_in_history(config),
        )?;
    }
    if args.json {
        let mut exporter = Exporter::new(Format::Json, out)?;
        let mut failure = None;
        let mut shown = 0;
        visit_sessions(config, Order::NewestFirst, |session| {
            if shown >= limit {
                return ControlFlow::Break(());
            }
            if filter.matches(&session) {
                shown += 1;
                if let Err(error) = exporter.write(&session) {
                    failure = Some(error);
                    return ControlFlow::Break(());
                }
            }
            ControlFlow::Continue(())
        });
        if let Some(error) = failure {
            return Err(error.into());
        }
        exporter.finish()?;
        return Ok(Exit::Success);
    }
    let mut entries = Entries::default();
    let mut seen_any = false;
    let mut aborted_left_out = 0;
    visit_sessions(config, Order::NewestFirst, |session| {
        seen_any = true;
        if entries.rows.len() >= limit {
            return ControlFlow::Break(());
        }
        if filter.matches(&session) {
            entries.push(&session);
        } else if !session.is_completed()
            && (Filter {
                include_aborted: true,
                ..filter.clone()
            })
            .matches(&session)
        {
            aborted_left_out += 1;
        }
        ControlFlow::Continue(())
    });
    if entries.rows.is_empty() {
        writeln!(out, "{}", nothing_to_list(seen_any, aborted_left_out))?;
    } else {
        let paint = Paint {
            enabled: config.color,
        };
        entries.write_table(out, terminal_width(), paint)?;
    }
    Ok(Exit::Success)
}

/// Every category named in the history (one pass, nothing kept but the names).
fn categories_in_history(config: &Config) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    visit_sessions(config, Order::NewestFirst, |session| {
        names.insert(session.prompt.category);
        ControlFlow::Continue(())
    });
    names
}

/// Refuses a `--category` that neither the bank nor any session knows: most likely a typo,
/// which would otherwise look like an empty history.
fn check_categories(
    bank: &[&str],
    wanted: &[String],
    in_history: &BTreeSet<String>,
) -> Result<(), BadInput> {
    let mut valid: Vec<&str> = bank.to_vec();
    valid.extend(in_history.iter().map(String::as_str));
    valid.sort_unstable();
    valid.dedup();
    match wanted.iter().find(|name| !valid.contains(&name.as_str())) {
        Some(unknown) => Err(BadInput::new(format!(
            "unknown category '{unknown}' (valid: {})",
            valid.join(", ")
        ))),
        None => Ok(()),
    }
}

/// What to say when there are no rows: how to start, or that the filters removed everything
/// (and that aborted answers were among them, since `--all` is easy to forget).
fn nothing_to_list(any_sessions: bool, aborted_left_out: usize) -> String {
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
    story: Option<Rc<str>>,
    answer_ms: u64,
    verdict: Verdict,
    scores: Option<Scores>,
    id_tail: Box<str>,
}

/// The rows of a history table, with their shared texts.
#[derive(Default)]
struct Entries {
    rows: Vec<Entry>,
    texts: HashSet<Rc<str>>,
}

impl Entries {
    fn push(&mut self, session: &Session) {
        let story = session.story.as_deref().map(|story| self.shared(story));
        let entry = Entry {
            started: session.started_at.format("%Y-%m-%d %H:%M").to_string(),
            category: self.shared(&session.prompt.category),
            prompt: self.shared(&session.prompt.text),
            story,
            answer_ms: session.answer_ms,
            verdict: Verdict::of(session),
            scores: session.scores,
            id_tail: short_id(&session.id).into(),
        };
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

    fn write_table(
        &self,
        out: &mut dyn Write,
        width: Option<usize>,
        paint: Paint,
    ) -> std::io::Result<()> {
        table::write_table(
            out,
            &COLUMNS,
            self.rows.len(),
            |index| entry_row(&self.rows[index]),
            width,
            paint,
        )
    }
}

/// The history table's columns, in the order the contract lists them.
const COLUMNS: [Column; 9] = [
    column("date", Align::Left, false),
    column("category", Align::Left, false),
    column("prompt", Align::Left, true),
    column("story", Align::Left, true),
    column("time", Align::Right, false),
    column("verdict", Align::Left, false),
    column("STAR", Align::Right, false),
    column("S T A R", Align::Left, false),
    column("id", Align::Left, false),
];

const fn column(heading: &'static str, align: Align, cuttable: bool) -> Column {
    Column {
        heading,
        align,
        cuttable,
    }
}

/// One entry's cells, matching `COLUMNS`.
fn entry_row(entry: &Entry) -> Vec<Cell> {
    vec![
        Cell::plain(entry.started.as_str()),
        Cell::plain(&*entry.category),
        Cell::plain(&*entry.prompt),
        Cell::plain(entry.story.as_deref().unwrap_or("-")),
        Cell::plain(format_clock(Duration::from_millis(entry.answer_ms))),
        Cell::colored(entry.verdict.word(), entry.verdict.color()),
        Cell::plain(star_total(entry.scores.as_ref())),
        Cell::plain(part_scores(entry.scores.as_ref())),
        Cell::plain(&*entry.id_tail),
    ]
}

/// The random tail of an id (`k3f9`): short enough for a column, and enough for `show` and
/// `edit`, which accept it in place of the whole id.
fn short_id(id: &str) -> &str {
    id.rsplit('-').next().unwrap_or(id)
}

/// `7/8`, or `-` when nothing is rated.
fn star_total(scores: Option<&Scores>) -> String {
    match scores.and_then(Scores::total) {
        Some(total) => format!("{total}/8"),
        None => "-".to_string(),
    }
}

/// `2 1 2 2`: each part's rating in STAR order, `-` for a part not rated.
fn part_scores(scores: Option<&Scores>) -> String {
    Part::ALL
        .iter()
        .map(|&part| match scores.and_then(|scores| scores.get(part)) {
            Some(score) => score.to_string(),
            None => "-".to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
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

    use crate::session::record::Outcome;

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
        let value = serde_json::json!({
            "schema": 1, "id": id, "started_at": started_at,
            "prompt": {"id": format!("{category}-x"), "category": category, "text": text},
            "window": {"min_s": 120, "max_s": 180},
            "outcome": outcome, "answer_ms": answer_ms, "paused_ms": 0, "parts": [],
            "story": story, "scores": scores, "note": null, "version": "0.1.0"
        });
        serde_json::from_value(value).unwrap()
    }

    fn fixtures() -> Vec<Session> {
        let partly = Scores {
            s: Some(2),
            t: None,
            a: Some(1),
            r: None,
        };
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
                Some(Scores::new(2, 1, 2, 2)),
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
            .map(|entry| entry_row(entry).into_iter().map(|cell| cell.text).collect())
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

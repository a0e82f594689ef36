//! `rehearse history`: one row a session, newest first, after the report filters.

use std::io::Write;

use anyhow::Result;

use super::{bank_for, filter_for, local_today, sessions_for, terminal_width, write_json};
use crate::cli::HistoryArgs;
use crate::config::Config;
use crate::duration::format_clock;
use crate::exit::{BadInput, Exit};
use crate::paint::Paint;
use crate::report::filter::Filter;
use crate::report::summary::Verdict;
use crate::report::table::{self, Align, Cell, Column};
use crate::session::record::{Scores, Session};
use crate::star::Part;

pub fn run(config: &Config, args: &HistoryArgs, out: &mut dyn Write) -> Result<Exit> {
    let filter = filter_for(&args.filter, local_today())?;
    let sessions = sessions_for(config);
    check_categories(config, &filter.categories, &sessions)?;
    let chosen = select(&sessions, &filter, args.limit);
    if args.json {
        write_json(out, &chosen)?;
    } else if chosen.is_empty() {
        writeln!(out, "{}", nothing_to_list(&sessions, &filter))?;
    } else {
        let paint = Paint {
            enabled: config.color,
        };
        write!(out, "{}", history_table(&chosen, terminal_width(), paint))?;
    }
    Ok(Exit::Success)
}

/// Refuses a `--category` that neither the bank nor any session knows: most likely a typo,
/// which would otherwise look like an empty history.
fn check_categories(
    config: &Config,
    wanted: &[String],
    sessions: &[Session],
) -> Result<(), BadInput> {
    let in_sessions = |name: &str| sessions.iter().any(|s| s.prompt.category == name);
    if wanted.iter().all(|name| in_sessions(name)) {
        return Ok(());
    }
    let bank = bank_for(config);
    let mut valid: Vec<&str> = bank.categories();
    valid.extend(sessions.iter().map(|s| s.prompt.category.as_str()));
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

/// The sessions the filter keeps, newest first, cut to the newest `limit`.
pub fn select<'a>(
    sessions: &'a [Session],
    filter: &Filter,
    limit: Option<usize>,
) -> Vec<&'a Session> {
    sessions
        .iter()
        .filter(|session| filter.matches(session))
        .take(limit.unwrap_or(usize::MAX))
        .collect()
}

/// What to say when there are no rows: how to start, or that the filters removed everything
/// (and that aborted answers were among them, since `--all` is easy to forget).
fn nothing_to_list(sessions: &[Session], filter: &Filter) -> String {
    if sessions.is_empty() {
        return "no sessions yet: run `rehearse` to answer a question".to_string();
    }
    let with_aborted = Filter {
        include_aborted: true,
        ..filter.clone()
    };
    let aborted = sessions
        .iter()
        .filter(|s| !s.is_completed() && with_aborted.matches(s))
        .count();
    if filter.include_aborted || aborted == 0 {
        "no sessions match".to_string()
    } else {
        format!("no sessions match ({aborted} aborted left out: add --all to see them)")
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

/// The history as a table with a header row; `width` is the terminal's, when there is one.
pub fn history_table(sessions: &[&Session], width: Option<usize>, paint: Paint) -> String {
    let rows: Vec<Vec<Cell>> = sessions
        .iter()
        .map(|session| history_row(session))
        .collect();
    table::render(&COLUMNS, &rows, width, paint)
}

/// One session's cells, matching `COLUMNS`.
fn history_row(session: &Session) -> Vec<Cell> {
    vec![
        Cell::plain(session.started_at.format("%Y-%m-%d %H:%M").to_string()),
        Cell::plain(&session.prompt.category),
        Cell::plain(&session.prompt.text),
        Cell::plain(session.story.as_deref().unwrap_or("-")),
        Cell::plain(format_clock(session.answer())),
        verdict(session),
        Cell::plain(star_total(session.scores.as_ref())),
        Cell::plain(part_scores(session.scores.as_ref())),
        Cell::plain(short_id(&session.id)),
    ]
}

/// `ok`, `short` or `over` against the session's window; `aborted` says more than either.
fn verdict(session: &Session) -> Cell {
    let verdict = Verdict::of(session);
    Cell::colored(verdict.word(), verdict.color())
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
        let cells: Vec<Vec<String>> = sessions
            .iter()
            .map(|s| history_row(s).into_iter().map(|cell| cell.text).collect())
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
    fn limit_keeps_the_newest_after_filtering() {
        let sessions = fixtures();
        let ids = |chosen: Vec<&Session>| chosen.iter().map(|s| s.id.clone()).collect::<Vec<_>>();
        let all = Filter {
            include_aborted: true,
            ..Filter::default()
        };
        assert_eq!(
            ids(select(&sessions, &all, Some(3))),
            [
                "20261124-181502-zq7d",
                "20261123-073105-k3f9",
                "20261122-210000-ab12"
            ]
        );
        assert_eq!(
            ids(select(&sessions, &Filter::default(), Some(3))),
            [
                "20261124-181502-zq7d",
                "20261123-073105-k3f9",
                "20261121-090000-cd34"
            ]
        );
    }

    #[test]
    fn the_empty_message_says_how_to_start_or_why_nothing_matched() {
        assert_eq!(
            nothing_to_list(&[], &Filter::default()),
            "no sessions yet: run `rehearse` to answer a question"
        );
        let sessions = fixtures();
        let leadership = Filter {
            categories: vec!["leadership".into()],
            ..Filter::default()
        };
        assert_eq!(
            nothing_to_list(&sessions, &leadership),
            "no sessions match (1 aborted left out: add --all to see them)"
        );
        let growth = Filter {
            categories: vec!["growth".into()],
            ..Filter::default()
        };
        assert_eq!(nothing_to_list(&sessions, &growth), "no sessions match");
    }
}

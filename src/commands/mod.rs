//! One module a command: each turns resolved settings into output, at the edge of the program.

mod config;
mod drill;
mod edit;
mod export;
mod history;
mod log;
mod pick;
mod prompts;
mod show;
mod stats;
mod stories;

use std::io::{self, IsTerminal, Write};

use anyhow::Result;

use crate::bank::Bank;
use crate::bank::load::load_bank;
use std::ops::ControlFlow;
use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, NaiveDate, Timelike};

use crate::cli::{Cli, Command, DayRangeArgs, DrillArgs, ReviewArgs, SessionFilterArgs};
use crate::config::Config;
use crate::drill::review::Review;
use crate::exit::{BadInput, Exit};
use crate::report::filter::{Filter, parse_day};
use crate::report::streak::{current_streak, practice_days};
use crate::report::summary::summary_line;
use crate::session::record::Session;
use crate::session::store::{Order, Store};

/// Runs the command the user asked for.
pub fn run(cli: Cli) -> Result<Exit> {
    let config = Config::resolve(
        &cli.global,
        |name| std::env::var_os(name),
        io::stdout().is_terminal(),
    )?;
    let mut out = io::stdout().lock();
    let exit = match cli.command {
        None => drill::run(&config, &DrillArgs::default(), &mut out)?,
        Some(Command::Drill(args)) => drill::run(&config, &args, &mut out)?,
        Some(Command::Pick(args)) => pick::run(&config, &args, &mut out)?,
        Some(Command::Prompts(args)) => prompts::run(&config, &args, &mut out)?,
        Some(Command::Completions { shell }) => {
            crate::cli::write_completions(shell, &mut out);
            Exit::Success
        }
        Some(Command::Log(args)) => log::run(&config, &args, &mut out)?,
        Some(Command::Edit(args)) => edit::run(&config, &args, &mut out)?,
        Some(Command::History(args)) => history::run(&config, &args, &mut out)?,
        Some(Command::Show(args)) => show::run(&config, &args, &mut out)?,
        Some(Command::Stats(args)) => stats::run(&config, &args, &mut out)?,
        Some(Command::Export(args)) => export::run(&config, &args, &mut out)?,
        Some(Command::Stories(args)) => stories::run(&config, &args, &mut out)?,
        Some(Command::Config) => config::run(&config, &mut out)?,
        Some(Command::Man) => {
            crate::cli::write_man_page(&mut out)?;
            Exit::Success
        }
    };
    out.flush()?;
    Ok(exit)
}

/// The bank for a command. User files with problems are reported on stderr and left out.
fn bank_for(config: &Config) -> Bank {
    let loaded = load_bank(&config.home.prompts_dir());
    for problem in &loaded.skipped {
        eprintln!("rehearse: warning: {problem} (file skipped)");
    }
    loaded.bank
}

/// Hands every readable session to `visitor` in `order`, one at a time; files that could not
/// be used are named on stderr afterwards.
fn visit_sessions(config: &Config, order: Order, visitor: impl FnMut(Session) -> ControlFlow<()>) {
    for skipped in Store::new(&config.home.path).visit(order, visitor) {
        eprintln!("rehearse: warning: {skipped}");
    }
}

/// Every readable session, newest first. Files that could not be used are named on stderr.
fn sessions_for(config: &Config) -> Vec<Session> {
    let scan = Store::new(&config.home.path).scan();
    for skipped in &scan.skipped {
        eprintln!("rehearse: warning: {skipped}");
    }
    scan.sessions
}

/// The report filter the user's flags ask for, with relative days counted back from `today`.
fn filter_for(args: &SessionFilterArgs, today: NaiveDate) -> Result<Filter> {
    let (since, until) = day_range(&args.days, today)?;
    Ok(Filter {
        since,
        until,
        categories: args.categories.clone(),
        story: args.story.clone(),
        include_aborted: args.all,
    })
}

/// `--since` and `--until` as days, with relative ones counted back from `today`.
fn day_range(
    args: &DayRangeArgs,
    today: NaiveDate,
) -> Result<(Option<NaiveDate>, Option<NaiveDate>)> {
    let day = |text: &Option<String>, flag| {
        text.as_deref()
            .map(|text| parse_day(text, flag, today))
            .transpose()
    };
    let (since, until) = (day(&args.since, "since")?, day(&args.until, "until")?);
    if let (Some(since), Some(until)) = (since, until)
        && since > until
    {
        return Err(BadInput::new(format!("--since {since} is after --until {until}")).into());
    }
    Ok((since, until))
}

/// Today in the user's time zone: the one place reports learn the date.
fn local_today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// Now, with the user's offset, to the millisecond: a new record's `started_at`.
fn local_now() -> DateTime<FixedOffset> {
    let now = chrono::Local::now().fixed_offset();
    now.with_nanosecond(now.nanosecond() / 1_000_000 * 1_000_000)
        .unwrap_or(now)
}

/// Saves a new record. When that fails (a read-only home, a full disk) the whole record is
/// printed on stdout so nothing is lost, the reason goes to stderr, and `None` comes back.
fn save_or_print(
    store: &Store,
    session: &mut Session,
    out: &mut dyn Write,
) -> Result<Option<PathBuf>> {
    match store.save_new(session) {
        Ok(path) => Ok(Some(path)),
        Err(error) => {
            writeln!(out, "{}", serde_json::to_string_pretty(session)?)?;
            eprintln!(
                "rehearse: could not save the session ({error}); the record is printed above"
            );
            Ok(None)
        }
    }
}

/// The review answers given as flags.
fn review_from(args: &ReviewArgs) -> Review {
    Review {
        story: args.story.clone(),
        scores: args.scores,
        note: args.note.clone(),
    }
}

/// Writes the one-line summary of `session`, with the streak of practice days to today in
/// `history` (every session, this one included).
fn write_summary(out: &mut dyn Write, session: &Session, history: &[Session]) -> Result<()> {
    let streak = current_streak(&practice_days(history), local_today());
    writeln!(out, "{}", summary_line(session, Some(streak)))?;
    Ok(())
}

/// The terminal's width when standard output is one; a pipe or a file gets lines whole.
fn terminal_width() -> Option<usize> {
    if !io::stdout().is_terminal() {
        return None;
    }
    crossterm::terminal::size()
        .ok()
        .map(|(columns, _)| usize::from(columns))
}

/// Writes `value` as pretty JSON and a newline. Serialised first, so that a closed pipe
/// surfaces as the plain I/O error `main` knows to ignore.
fn write_json(out: &mut dyn Write, value: &impl serde::Serialize) -> Result<()> {
    let mut text = serde_json::to_vec_pretty(value)?;
    text.push(b'\n');
    out.write_all(&text)?;
    Ok(())
}

//! One module a command (`stories/` one a subcommand): each gathers what its room needs from
//! the resolved settings, calls the room, and writes the result. The edge of the program:
//! what two commands share lives in a domain room, never here, and no command calls another.

mod attach;
mod config;
mod drill;
mod edit;
mod export;
mod history;
mod log;
mod man;
mod model;
mod pick;
mod plan;
mod play;
mod prompts;
mod prune;
mod restore;
mod rm;
mod show;
mod stats;
mod stories;
mod transcribe;
mod transcript;

use std::io::{self, IsTerminal, Write};
use std::path::Path;

use anyhow::Result;

use crate::bank::Bank;
use crate::bank::load::{load_bank, problems_by_file};
use crate::cli::{Cli, Command, DrillArgs};
use crate::config::{Config, SettingFlags, Source};
use crate::exit::Exit;
use crate::session::brief::Brief;
use crate::session::store::{Skipped, Store};
use crate::speech::coach::PaceRange;
use crate::story::{Story, load_stories};
use crate::text::{counted, shown_path};
use crate::ui::{self, Output};

/// Runs the command the user asked for.
pub fn run(cli: Cli) -> Result<Exit> {
    let mut stdout = io::stdout().lock();
    // These two need nothing from the home, so a broken config.toml cannot stop them.
    match &cli.command {
        Some(Command::Completions { shell }) => {
            crate::cli::write_completions(*shell, &mut stdout)?;
            stdout.flush()?;
            return Ok(Exit::Success);
        }
        Some(Command::Man(args)) => {
            let exit = man::run(args, &mut stdout)?;
            stdout.flush()?;
            return Ok(exit);
        }
        _ => {}
    }
    let mut out = Output::new(&mut stdout as &mut dyn Write);
    let config = Config::resolve(
        cli.global.home.as_deref(),
        cli.global.color,
        |name| std::env::var_os(name),
        io::stdout().is_terminal(),
    )?;
    let exit = match cli.command {
        None => drill::run(&config, &DrillArgs::default(), &mut out)?,
        Some(Command::Drill(args)) => drill::run(&config, &args, &mut out)?,
        Some(Command::Pick(args)) => pick::run(&config, &args, &mut out)?,
        Some(Command::Prompts(args)) => prompts::run(&config, &args, &mut out)?,
        Some(Command::Log(args)) => log::run(&config, &args, &mut out)?,
        Some(Command::Edit(args)) => edit::run(&config, &args, &mut out)?,
        Some(Command::History(args)) => history::run(&config, &args, &mut out)?,
        Some(Command::Show(args)) => show::run(&config, &args, &mut out)?,
        Some(Command::Stats(args)) => stats::run(&config, &args, &mut out)?,
        Some(Command::Export(args)) => export::run(&config, &args, &mut out)?,
        Some(Command::Stories(args)) => stories::run(&config, &args, &mut out)?,
        Some(Command::Plan(args)) => plan::run(&config, &args, &mut out)?,
        Some(Command::Config(args)) => config::run(&config, &args, &mut out)?,
        Some(Command::Rm(args)) => rm::run(&config, &args, &mut out)?,
        Some(Command::Restore(args)) => restore::run(&config, &args, &mut out)?,
        Some(Command::Prune(args)) => prune::run(&config, &args, &mut out)?,
        Some(Command::Attach(args)) => attach::run(&config, &args, &mut out)?,
        Some(Command::Play(args)) => play::run(&config, &args, &mut out)?,
        Some(Command::Transcribe(args)) => transcribe::run(&config, &args, &mut out)?,
        Some(Command::Transcript(args)) => transcript::run(&config, &args, &mut out)?,
        Some(Command::Model(args)) => model::run(&config, &args, &mut out)?,
        Some(Command::Completions { .. } | Command::Man(_)) => unreachable!("handled above"),
    };
    // Notes that could not reach stderr ("saved as ...") leave the person not knowing.
    let exit = if exit == Exit::Success && ui::stderr_failed() {
        Exit::Unreported
    } else {
        exit
    };
    match out.flush() {
        // Already said: the work is saved and its report is what failed.
        Err(_) if exit == Exit::Unreported => Ok(exit),
        flushed => flushed.map(|()| exit).map_err(Into::into),
    }
}

/// The bank for a command. User files with problems are left out, each named in one line on
/// stderr with how many problems it has: the problems themselves are `prompts check`'s to
/// list, and would bury a drill's question under them.
fn bank_for(config: &Config) -> Bank {
    let loaded = load_bank(&config.home.prompts_dir());
    let check = match config.home.source {
        // Another home than the usual: the check must be told it too.
        Source::Flag(_) => format!(
            "rehearse prompts check --home {}",
            shown_path(&config.home.path)
        ),
        _ => "rehearse prompts check".to_owned(),
    };
    for (path, problems) in problems_by_file(&loaded.skipped) {
        let shown = Path::new(path)
            .strip_prefix(&config.home.path)
            .map_or_else(|_| path.to_owned(), |inside| inside.display().to_string());
        let count = counted(problems, "problem", "problems");
        ui::warn(format!("{shown} skipped: {count}; see `{check}`"));
    }
    loaded.bank
}

/// The user's stories; files that could not be read are named on stderr and left out.
fn stories_for(config: &Config) -> Vec<Story> {
    let loaded = load_stories(&config.home.stories_dir());
    for problem in &loaded.skipped {
        ui::warn(problem);
    }
    loaded.stories
}

/// The pace the speech report aims at, from the settings (no flags: the commands that
/// report on speech take none).
fn pace_aim(config: &Config) -> PaceRange {
    let pace = config.settings(&SettingFlags::default()).pace.value;
    PaceRange {
        low: f64::from(pace.low),
        high: f64::from(pace.high),
    }
}

/// The store of the home's sessions.
fn store_for(config: &Config) -> Store {
    Store::new(&config.home.path)
}

/// Every session in brief, newest first; records that could not be used are named on stderr.
fn briefs_for(store: &Store) -> Vec<Brief> {
    let briefs = store.briefs();
    warn_skipped(&briefs.skipped);
    briefs.briefs
}

/// Names each record file a listing left out.
fn warn_skipped(skipped: &[Skipped]) {
    for skipped in skipped {
        ui::warn(skipped);
    }
}

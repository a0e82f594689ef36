//! One module a command: each turns resolved settings into output, at the edge of the program.

mod drill;
mod pick;
mod prompts;

use std::io::{self, IsTerminal, Write};

use anyhow::Result;

use crate::bank::Bank;
use crate::bank::load::load_bank;
use crate::cli::{Cli, Command, DrillArgs};
use crate::config::Config;
use crate::exit::Exit;

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

/// Writes `value` as pretty JSON and a newline.
fn write_json(out: &mut dyn Write, value: &impl serde::Serialize) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

//! `rehearse prompts`: the bank, one subcommand a file.

mod check;
mod list;

use anyhow::Result;

use crate::cli::{PromptsAction, PromptsArgs};
use crate::config::Config;
use crate::exit::Exit;
use crate::ui::Output;

pub fn run(config: &Config, args: &PromptsArgs, out: &mut Output<'_>) -> Result<Exit> {
    match &args.action {
        Some(PromptsAction::Check { files }) => check::run(config, files, out),
        None => list::run(config, args, out),
    }
}

//! `rehearse drill`: until the answer timer lands, shows the chosen question and its window.

use std::io::Write;

use anyhow::Result;

use super::bank_for;
use super::pick::{choose_prompt, write_prompt};
use crate::cli::DrillArgs;
use crate::config::{Config, checked_window};
use crate::duration::format_clock;
use crate::exit::Exit;
use crate::paint::Paint;

pub fn run(config: &Config, args: &DrillArgs, out: &mut dyn Write) -> Result<Exit> {
    let (min, max) = checked_window(args.min, args.max)?;
    let bank = bank_for(config);
    let prompt = match &args.prompt_id {
        Some(id) => bank.prompt(id)?,
        None => choose_prompt(&bank, &args.choice)?,
    };
    write_prompt(
        out,
        prompt,
        Paint {
            enabled: config.color,
        },
    )?;
    writeln!(
        out,
        "\nAim for {} to {}.",
        format_clock(min),
        format_clock(max)
    )?;
    eprintln!("rehearse: the answer timer is not built yet: nothing is timed or saved.");
    Ok(Exit::Success)
}

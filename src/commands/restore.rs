//! `rehearse restore ID`: a session `rm` moved to the trash, brought back with its files.

use std::io::Write;

use anyhow::Result;

use super::store_for;
use crate::cli::RestoreArgs;
use crate::config::Config;
use crate::exit::Exit;
use crate::text::shown_path;
use crate::ui::{self, Output};

pub fn run(config: &Config, args: &RestoreArgs, out: &mut Output<'_>) -> Result<Exit> {
    let restored = store_for(config).restore_from_trash(&args.id)?;
    let question = restored
        .question
        .map(|text| format!(": {text}"))
        .unwrap_or_default();
    ui::note(format!("restored {}{question}", restored.id));
    writeln!(out, "{}", shown_path(&restored.record))?;
    Ok(Exit::Success)
}

//! `rehearse show ID`: one session in full, found by any unique start of its id.

use std::io::Write;

use anyhow::Result;

use super::{store_for, warn_skipped};
use crate::cli::ShowArgs;
use crate::config::Config;
use crate::exit::Exit;
use crate::paint::Paint;
use crate::report::session_view::session_lines;
use crate::ui::Output;
use crate::ui::{terminal_width, write_json};

pub fn run(config: &Config, args: &ShowArgs, out: &mut Output<'_>) -> Result<Exit> {
    let store = store_for(config);
    warn_skipped(&store.layout_problems());
    let session = store.get(&args.id)?;
    if args.json {
        write_json(out.raw()?, &session)?;
    } else {
        let paint = Paint {
            enabled: config.colored(),
        };
        let path = store.location(&session.id);
        for line in session_lines(&session, &path, terminal_width(), paint) {
            writeln!(out, "{line}")?;
        }
    }
    Ok(Exit::Success)
}

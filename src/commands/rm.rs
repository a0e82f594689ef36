//! `rehearse rm ID...`: sessions moved, with their recordings and transcripts, into
//! `<home>/trash/sessions/`, never deleted; asked first on a terminal. `restore` brings one
//! back.

use std::io::Write;

use anyhow::{Context, Result};

use super::{store_for, warn_skipped};
use crate::cli::RmArgs;
use crate::config::Config;
use crate::domain::duration::format_clock;
use crate::exit::{BadInput, Exit};
use crate::session::record::Session;
use crate::text::shown_path;
use crate::ui::{self, Output};

pub fn run(config: &Config, args: &RmArgs, out: &mut Output<'_>) -> Result<Exit> {
    let store = store_for(config);
    warn_skipped(&store.layout_problems());
    // Every id is found before anything moves: one wrong id removes nothing.
    let mut sessions: Vec<Session> = Vec::new();
    for wanted in &args.ids {
        let session = store.get(wanted)?;
        if !sessions.iter().any(|known| known.id == session.id) {
            sessions.push(session);
        }
    }
    if !args.yes {
        if !ui::can_ask() {
            return Err(BadInput::new(
                "rm asks before it moves sessions to the trash; give --yes to move them without asking",
            )
            .into());
        }
        for session in &sessions {
            ui::note(describe(session));
        }
        let them = match sessions.len() {
            1 => "this session".to_string(),
            count => format!("these {count} sessions"),
        };
        if let Some(stop) =
            ui::confirm_or_stop(&format!("Move {them} to the trash?"), "nothing moved")?
        {
            return Ok(stop);
        }
    }
    for session in &sessions {
        let folder = store
            .move_to_trash(&session.id)
            .with_context(|| format!("moving session {} to the trash", session.id))?;
        ui::note(format!(
            "moved {} to the trash (`rehearse restore {}` brings it back)",
            session.id,
            trashed_name(&folder)
        ));
        writeln!(out, "{}", shown_path(&folder))?;
    }
    Ok(Exit::Success)
}

/// The name `restore` knows a trash folder by: the id, or the id and a number.
fn trashed_name(folder: &std::path::Path) -> String {
    folder
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// One line that tells a person which session an id is.
fn describe(session: &Session) -> String {
    let recorded = if session.audio.is_some() {
        ", recorded"
    } else {
        ""
    };
    format!(
        "{}  {}  {}{recorded}  {}",
        session.id,
        session.started_at.format("%Y-%m-%d %H:%M"),
        format_clock(session.answer()),
        session.prompt.text
    )
}

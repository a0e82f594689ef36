//! `rehearse show ID`: one session in full, found by any unique start of its id.

use std::io::Write;

use anyhow::Result;

use super::{pace_aim, store_for, stories_for, warn_skipped};
use crate::cli::ShowArgs;
use crate::config::Config;
use crate::exit::Exit;
use crate::paint::Paint;
use crate::report::session_view::session_lines;
use crate::report::speech::assess_saved;
use crate::report::speech_view::transcript_text;
use crate::session::record::Session;
use crate::session::store::Store;
use crate::ui::{self, Output, write_json};

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
        let transcript = marked_transcript(config, &store, &session);
        for line in session_lines(
            &session,
            &path,
            transcript.as_deref(),
            config.output_width(false),
            paint,
        ) {
            writeln!(out, "{line}")?;
        }
    }
    Ok(Exit::Success)
}

/// The session's transcript marked for reading, when it has one; one that cannot be read
/// is said, and the rest of the session still shown.
fn marked_transcript(config: &Config, store: &Store, session: &Session) -> Option<String> {
    let transcript = match store.transcript_of(&session.id) {
        Ok(transcript) => transcript?,
        Err(error) => {
            ui::warn(format!("the transcript cannot be read: {error}"));
            return None;
        }
    };
    let assessment = assess_saved(
        store,
        &stories_for(config),
        session,
        &transcript,
        pace_aim(config),
    );
    Some(transcript_text(&transcript, &assessment, session))
}

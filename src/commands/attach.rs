//! `rehearse attach ID FILE`: a recording made elsewhere (a phone's voice memo) converted to
//! the stored 16 kHz mono WAV and kept beside the session's record, measured like a drill's.

use anyhow::Result;

use super::{pace_aim, store_for, stories_for, warn_skipped};
use crate::cli::AttachArgs;
use crate::config::Config;
use crate::exit::{BadInput, Exit};
use crate::report::session_view::sound_summary;
use crate::report::speech::assess_and_keep;
use crate::session::audio::Take;
use crate::speech::decode::decode_file;
use crate::ui::{self, Output};

pub fn run(config: &Config, args: &AttachArgs, _out: &mut Output<'_>) -> Result<Exit> {
    let store = store_for(config);
    warn_skipped(&store.layout_problems());
    let session = store.get(&args.id)?;
    let take = if args.follow_up {
        if session.follow_up.is_none() {
            return Err(BadInput::new(format!(
                "session {} has no follow-up answer to attach a recording to",
                session.id
            ))
            .into());
        }
        Take::FollowUp
    } else {
        Take::Answer
    };
    if store.recording_of(&session.id, take).is_some() && !args.replace {
        return Err(BadInput::new(format!(
            "session {} already has a recording; give --replace to put this one in its place",
            session.id
        ))
        .into());
    }
    // Converted before anything is written: a file that is not audio changes nothing.
    let audio = decode_file(&args.file).map_err(|error| BadInput::new(error.to_string()))?;
    if audio.samples().is_empty() {
        return Err(BadInput::new(format!(
            "{} holds no sound to attach",
            crate::text::shown_path(&args.file)
        ))
        .into());
    }
    let from = args
        .file
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    store.check_writable()?;
    let saved = store.attach_recording(&session.id, take, &audio, Some(&from))?;
    ui::note(format!("attached {from} to {}", saved.id));
    if let Some(summary) = sound_summary(&saved, take) {
        ui::note(summary);
    }
    if take == Take::Answer
        && let Some(transcript) = store.transcript_of(&saved.id)?
    {
        if transcript.is_timed() {
            // Its times are the replaced recording's: they place nothing in this one.
            ui::warn(format!(
                "the transcript was heard from the recording this one replaced: `rehearse transcribe {}` hears this one",
                saved.id
            ));
        } else {
            // A typed transcript's rates a minute now have the recording's length to go by.
            assess_and_keep(
                &store,
                &stories_for(config),
                &saved.id,
                &transcript,
                pace_aim(config),
            )?;
        }
    }
    Ok(Exit::Success)
}

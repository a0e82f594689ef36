//! `rehearse transcript ID`: a session's transcript as a person reads it (fillers marked,
//! long pauses and where the parts begin in brackets) and what its words say; `--from FILE`
//! (or `-`) keeps a transcript the person typed, so everything that needs no timing works
//! without a recording or a speech model.

use std::io::{Read, Write};

use anyhow::{Context, Result};

use super::{pace_aim, store_for, stories_for, warn_skipped};
use crate::cli::TranscriptArgs;
use crate::config::Config;
use crate::exit::{BadInput, Exit};
use crate::files::{Links, STORY_CAP, read_regular_capped};
use crate::report::speech::{assess_and_keep, assess_saved};
use crate::report::speech_view::{transcript_text, word_lines};
use crate::speech::transcript::Transcript;
use crate::text::shown_path;
use crate::ui::{self, Output};

pub fn run(config: &Config, args: &TranscriptArgs, out: &mut Output<'_>) -> Result<Exit> {
    let store = store_for(config);
    warn_skipped(&store.layout_problems());
    let session = store.get(&args.id)?;
    let stories = stories_for(config);
    let (session, transcript, assessment) = match &args.from {
        Some(from) => {
            let text = typed_text(from)?;
            let transcript = Transcript::typed(&text);
            store.check_writable()?;
            store
                .save_transcript(&session.id, &transcript)
                .with_context(|| format!("keeping the transcript of {}", session.id))?;
            let (session, assessment) =
                assess_and_keep(&store, &stories, &session.id, &transcript, pace_aim(config))?;
            ui::note(format!(
                "kept {} words as the transcript of {}",
                transcript.words.len(),
                session.id
            ));
            (session, transcript, assessment)
        }
        None => {
            let Some(transcript) = store.transcript_of(&session.id)? else {
                return Err(BadInput::new(format!(
                    "session {} has no transcript: `rehearse transcribe {}` hears its recording, or give one with --from FILE",
                    session.id, session.id
                ))
                .into());
            };
            let assessment =
                assess_saved(&store, &stories, &session, &transcript, pace_aim(config));
            (session, transcript, assessment)
        }
    };
    let width = config.output_width(false).unwrap_or(usize::MAX).max(20);
    for line in textwrap::wrap(&transcript_text(&transcript, &assessment, &session), width) {
        writeln!(out, "{line}")?;
    }
    writeln!(out)?;
    for line in word_lines(&assessment.word_measures()) {
        writeln!(out, "{line}")?;
    }
    Ok(Exit::Success)
}

/// The text of `--from`: a file, or standard input for `-`; text with words in it.
fn typed_text(from: &std::path::Path) -> Result<String> {
    let bytes = if from.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .take(STORY_CAP.bytes + 1)
            .read_to_end(&mut bytes)
            .context("reading the transcript from standard input")?;
        if bytes.len() as u64 > STORY_CAP.bytes {
            return Err(BadInput::new("the transcript on standard input is over 4 MiB").into());
        }
        bytes
    } else {
        read_regular_capped(from, Links::Follow, STORY_CAP)
            .map_err(|error| BadInput::new(format!("{}: {error}", shown_path(from))))?
    };
    let what = if from.as_os_str() == "-" {
        "standard input".to_string()
    } else {
        shown_path(from).into_owned()
    };
    let text =
        String::from_utf8(bytes).map_err(|_| BadInput::new(format!("{what} is not UTF-8 text")))?;
    if text.split_whitespace().next().is_none() {
        return Err(BadInput::new(format!("{what} holds no words")).into());
    }
    Ok(text)
}

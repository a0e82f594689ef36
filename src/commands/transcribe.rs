//! `rehearse transcribe ID` (or `--all`): a session's recorded answer heard by the speech
//! model and kept as `<id>.transcript.json` beside its record, with a progress bar while the
//! model works.

use anyhow::Result;

use crate::cli::TranscribeArgs;
use crate::config::Config;
use crate::exit::{BadInput, Exit};
use crate::ui::Output;

#[cfg(not(feature = "transcribe"))]
pub fn run(_config: &Config, _args: &TranscribeArgs, _out: &mut Output<'_>) -> Result<Exit> {
    Err(BadInput::new(crate::speech::recognize::unavailable()).into())
}

#[cfg(feature = "transcribe")]
pub fn run(config: &Config, args: &TranscribeArgs, out: &mut Output<'_>) -> Result<Exit> {
    use std::io::Write;
    use std::ops::ControlFlow;

    use anyhow::Context;

    use super::model::model_file;
    use super::{pace_aim, store_for, stories_for, warn_skipped};
    use crate::report::speech::assess_and_keep;
    use crate::report::speech_view::word_lines;
    use crate::session::audio::Take;
    use crate::session::store::Order;
    use crate::speech::recognize::Recognizer;
    use crate::speech::wav::read_stored;
    use crate::text::shown_path;
    use crate::ui::{self, BarUnit, progress_bar};

    let store = store_for(config);
    warn_skipped(&store.layout_problems());
    // The sessions first, so a wrong id is told before the model takes its time to load.
    let ids: Vec<String> = match &args.id {
        Some(id) => {
            let session = store.get(id)?;
            if store.recording_of(&session.id, Take::Answer).is_none() {
                return Err(BadInput::new(format!(
                    "session {} has no recording to transcribe: record with `rehearse drill --record`, or attach one with `rehearse attach`",
                    session.id
                ))
                .into());
            }
            vec![session.id]
        }
        None => {
            let mut ids = Vec::new();
            let skipped = store.visit(Order::OldestFirst, |session| {
                if session.transcript.is_none()
                    && store.recording_of(&session.id, Take::Answer).is_some()
                {
                    ids.push(session.id);
                }
                Ok::<_, std::convert::Infallible>(ControlFlow::Continue(()))
            });
            warn_skipped(&skipped.unwrap_or_else(|never| match never {}));
            ids
        }
    };
    if ids.is_empty() {
        ui::note("every recorded session has a transcript");
        return Ok(Exit::Success);
    }
    let path = model_file(config)?;
    if !path.exists() {
        return Err(BadInput::new(format!(
            "no speech model at {}: rehearse model install",
            shown_path(&path)
        ))
        .into());
    }
    store.check_writable()?;
    let recognizer = Recognizer::load(&path).map_err(BadInput::new)?;
    let stories = stories_for(config);
    let pace = pace_aim(config);
    for id in &ids {
        let recording = store
            .recording_of(id, Take::Answer)
            .with_context(|| format!("session {id} lost its recording"))?;
        let audio = read_stored(&recording)
            .with_context(|| format!("reading {}", shown_path(&recording)))?;
        let bar = progress_bar(100, BarUnit::Percent, id);
        let heard = recognizer.transcribe(&audio, &mut |percent| bar.set_position(percent.into()));
        bar.finish_and_clear();
        let transcript = heard.map_err(|error| anyhow::anyhow!("session {id}: {error}"))?;
        // Saved after each session, so a failure later in `--all` loses none done before.
        store.save_transcript(id, &transcript)?;
        let (saved, assessment) = assess_and_keep(&store, &stories, id, &transcript, pace)?;
        ui::note(format!(
            "transcribed {}: {} words ({})",
            saved.id,
            transcript.words.len(),
            transcript.model
        ));
        if args.id.is_some() {
            for line in word_lines(&assessment.word_measures()) {
                writeln!(out, "{line}")?;
            }
        }
    }
    Ok(Exit::Success)
}

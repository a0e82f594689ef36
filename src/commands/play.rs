//! `rehearse play ID`: a session's recording played back, on a terminal with its STAR part
//! marks on a bar and keys to pause and seek.

use anyhow::{Context, Result};

use super::{store_for, warn_skipped};
use crate::cli::PlayArgs;
use crate::config::Config;
use crate::drill::playback::{PlayEnd, play_on_screen, play_plain};
use crate::exit::{BadInput, Exit};
use crate::session::audio::Take;
use crate::session::record::PartMark;
use crate::speech::playback::open_player;
use crate::speech::wav::read_stored;
use crate::ui::{self, Output};

pub fn run(config: &Config, args: &PlayArgs, _out: &mut Output<'_>) -> Result<Exit> {
    let store = store_for(config);
    warn_skipped(&store.layout_problems());
    let session = store.get(&args.id)?;
    let take = if args.follow_up {
        Take::FollowUp
    } else {
        Take::Answer
    };
    let audio = match take {
        Take::Answer => session.audio.as_ref(),
        Take::FollowUp => session.follow_up.as_ref().and_then(|f| f.audio.as_ref()),
    };
    let Some(path) = store.recording_of(&session.id, take) else {
        let why = match audio.and_then(|audio| audio.pruned_on) {
            Some(day) => format!("its recording was deleted by prune on {day}"),
            None => "it has no recording: record with `rehearse drill --record`, or attach one with `rehearse attach`".to_string(),
        };
        return Err(BadInput::new(format!("cannot play session {}: {why}", session.id)).into());
    };
    let recording = read_stored(&path).with_context(|| format!("reading {}", path.display()))?;
    let mut player = open_player(recording.samples().into()).map_err(BadInput::new)?;
    // The marks are in answer time, and a drill's recording leaves paused time out, so they
    // fall where the parts begin in it.
    let marks: Vec<PartMark> = match take {
        Take::Answer => session.part_marks().to_vec(),
        Take::FollowUp => Vec::new(),
    };
    let title = match take {
        Take::Answer => session.prompt.text.clone(),
        Take::FollowUp => session
            .follow_up
            .as_ref()
            .map(|follow_up| format!("Follow-up: {}", follow_up.text))
            .unwrap_or_default(),
    };
    let end = if ui::can_ask() && std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        play_on_screen(&title, recording.samples().len(), &marks, player.as_mut())?
    } else {
        play_plain(player.as_mut())?
    };
    Ok(match end {
        PlayEnd::Done => Exit::Success,
        PlayEnd::Interrupted => Exit::Interrupted,
        PlayEnd::Terminated => Exit::Terminated,
    })
}

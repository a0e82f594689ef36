//! `rehearse log`: record a practice done away from the timer.

use std::io::Write;

use anyhow::Result;
use chrono::Local;

use super::{bank_for, briefs_for, store_for, stories_for};
use crate::cli::LogArgs;
use crate::clock::{local_now, local_today};
use crate::config::Config;
use crate::domain::duration::millis;
use crate::domain::time::parse_at;
use crate::exit::{BadInput, Exit};
use crate::report::summary::summary_with_streak;
use crate::session::audio::Take;
use crate::session::brief::{Brief, story_titles};
use crate::session::record::Session;
use crate::session::review::Review;
use crate::session::store::new_session_id;
use crate::speech::decode::decode_file;
use crate::story::link::{StoryLink, StoryRequest};
use crate::ui;
use crate::ui::Output;

pub fn run(config: &Config, args: &LogArgs, out: &mut Output<'_>) -> Result<Exit> {
    let window = config.settings(&args.window.flags()).window()?;
    let bank = bank_for(config);
    let prompt = bank.prompt(&args.prompt_id)?;
    let now = local_now();
    let started_at = match &args.at {
        Some(text) => parse_at(text, &now.with_timezone(&Local))?,
        None => now,
    };
    let stories = stories_for(config);
    let store = store_for(config);
    store.check_writable()?;
    let request = args.review.story_request()?;
    // The history is read before saving only when --story must be checked against the
    // titles told before; otherwise once, after, for the streak.
    let mut history =
        matches!(request, Some(StoryRequest::Existing(_))).then(|| briefs_for(&store));
    let mut changes = args.review.changes();
    let link = StoryLink::link_changes(
        &stories,
        &story_titles(history.as_deref().unwrap_or_default()),
        request.as_ref(),
        &mut changes,
    )?;
    // Converted before anything is saved: a file that is not audio logs nothing.
    let audio = match &args.audio {
        Some(path) => {
            let audio = decode_file(path).map_err(|error| BadInput::new(error.to_string()))?;
            if audio.samples().is_empty() {
                let shown = crate::text::shown_path(path);
                return Err(BadInput::new(format!("{shown} holds no sound to keep")).into());
            }
            let name = path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned());
            Some((audio, name))
        }
        None => None,
    };
    let mut session = Session::new(
        new_session_id(&started_at),
        started_at,
        prompt.as_asked(),
        window,
    );
    session.answer_ms = millis(args.duration);
    session.set_review(Review::default().changed(&changes));
    if !store.save_or_print(&mut session, out.raw()?)? {
        return Ok(Exit::Failure);
    }
    if let Some((audio, name)) = &audio {
        match store.attach_recording(&session.id, Take::Answer, audio, name.as_deref()) {
            Ok(saved) => session = saved,
            Err(error) => ui::warn(format!(
                "the practice is saved but its recording is not ({error}); `rehearse attach {} FILE` tries again",
                session.id
            )),
        }
    }
    if let Some(link) = &link {
        link.start_if_new(&config.home.stories_dir(), &stories, &prompt.category);
    }
    let history = match history.take() {
        Some(mut history) => {
            history.insert(0, Brief::of(&session));
            history
        }
        None => briefs_for(&store),
    };
    let summary = summary_with_streak(&session, &history, local_today());
    let unreported = writeln!(out, "{summary}")
        .and_then(|()| out.flush())
        .is_err();
    ui::note(format!("saved as {}", session.id));
    if unreported {
        ui::note(
            "the practice is saved, but its summary could not be written: do not log it again",
        );
        return Ok(Exit::Unreported);
    }
    Ok(Exit::Success)
}

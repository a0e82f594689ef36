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
use crate::exit::Exit;
use crate::report::summary::summary_with_streak;
use crate::session::brief::{Brief, story_titles};
use crate::session::record::Session;
use crate::session::review::Review;
use crate::session::store::new_session_id;
use crate::story::link::{StoryLink, StoryRequest};
use crate::ui;
use crate::ui::Output;

pub fn run(config: &Config, args: &LogArgs, out: &mut Output<'_>) -> Result<Exit> {
    let window = config.settings(&args.window.flags()).window()?;
    let bank = bank_for(config);
    let prompt = bank.prompt(&args.prompt_id)?;
    let started_at = match &args.at {
        Some(text) => parse_at(text, &Local)?,
        None => local_now(),
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

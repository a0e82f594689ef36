//! `rehearse edit`: change the story, scores or note of a saved session.

use std::io::{IsTerminal, Write};

use anyhow::Result;

use super::{briefs_for, store_for, stories_for};
use crate::cli::EditArgs;
use crate::clock::local_today;
use crate::config::Config;
use crate::drill::review::{Ask, ReviewEnd, ask_review};
use crate::exit::{BadInput, Exit};
use crate::report::summary::summary_with_streak;
use crate::session::brief::story_titles;
use crate::session::review::{Review, ReviewChanges};
use crate::story::link::{StoryLink, start_story};
use crate::story::story_choices;
use crate::ui;
use crate::ui::Output;

pub fn run(config: &Config, args: &EditArgs, out: &mut Output<'_>) -> Result<Exit> {
    let store = store_for(config);
    let session = store.get(&args.id)?;
    let stories = stories_for(config);
    let history = briefs_for(&store);
    let past_titles = story_titles(&history);
    let mut changes = args.review.changes();
    // Checked before anything is asked or written; an empty --story clears the story.
    let link = StoryLink::link_changes(
        &stories,
        &past_titles,
        args.review.story_request()?.as_ref(),
        &mut changes,
    )?;
    let stories_dir = config.home.stories_dir();
    let category = session.prompt.category.clone();
    let changes = if !changes.is_empty() {
        changes
    } else if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
        let before = Review::of(&session);
        let mut review = before.clone();
        let choices = story_choices(&stories, &past_titles, &category);
        let asked = ask_review(&mut review, &choices, Ask::All, config.colored())?;
        match asked.end {
            ReviewEnd::Done => {}
            ReviewEnd::Cancelled => {
                ui::note("nothing changed");
                return Ok(Exit::Success);
            }
            ReviewEnd::Interrupted => return Ok(Exit::Interrupted),
            ReviewEnd::Terminated => return Ok(Exit::Terminated),
        }
        if asked.new_story
            && let Some(title) = &review.story
        {
            let started = start_story(&stories_dir, &stories, title, &category);
            started.tell();
            review.story = Some(started.title().to_string());
        }
        let changes = ReviewChanges::between(&before, &review);
        // Nothing to write: the record stays the file it was, byte for byte.
        if changes.is_empty() {
            ui::note("nothing changed");
            return Ok(Exit::Success);
        }
        changes
    } else {
        return Err(BadInput::new(
            "nothing to change: give --story, --score or --note (or run it on a terminal to be asked)",
        )
        .into());
    };
    // Applied under the records' lock to the record as it is now, so an edit made
    // meanwhile by another run keeps whatever this one did not change.
    let session = store.update(&session.id, |session| {
        let changed = Review::of(session).changed(&changes);
        session.set_review(changed);
    })?;
    if let Some(link) = &link {
        link.start_if_new(&stories_dir, &stories, &category);
    }
    // A change of review changes no day of practice: the streak is the one read above.
    let summary = summary_with_streak(&session, &history, local_today());
    let unreported = writeln!(out, "{summary}")
        .and_then(|()| out.flush())
        .is_err();
    ui::note(format!("updated {}", session.id));
    if unreported {
        ui::note("the change is saved, but the summary could not be written");
        return Ok(Exit::Unreported);
    }
    Ok(Exit::Success)
}

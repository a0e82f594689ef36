//! `rehearse edit`: change the story, scores or note of a saved session.

use std::io::{IsTerminal, Write};

use anyhow::Result;

use super::{sessions_for, write_summary};
use crate::cli::EditArgs;
use crate::config::Config;
use crate::drill::review::{Ask, Review, ReviewEnd, ask_review, non_empty};
use crate::exit::{BadInput, Exit};
use crate::session::store::Store;
use crate::story::{list_stories, story_choices};

pub fn run(config: &Config, args: &EditArgs, out: &mut dyn Write) -> Result<Exit> {
    let store = Store::new(&config.home.path);
    let (mut session, path) = store.find(&args.id)?;
    let history = sessions_for(config);
    let given = &args.review;
    let mut review = Review {
        story: session.story.clone(),
        scores: session.scores,
        note: session.note.clone(),
    };
    if given.story.is_some() || given.scores.is_some() || given.note.is_some() {
        // An empty --story or --note clears it.
        if let Some(story) = &given.story {
            review.story = non_empty(story);
        }
        if given.scores.is_some() {
            review.scores = given.scores;
        }
        if let Some(note) = &given.note {
            review.note = non_empty(note);
        }
    } else if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
        let past_titles: Vec<String> = history.iter().filter_map(|s| s.story.clone()).collect();
        let stories = story_choices(
            &list_stories(&config.home.stories_dir()),
            &past_titles,
            &session.prompt.category,
        );
        match ask_review(&mut review, &stories, Ask::All, config.color) {
            ReviewEnd::Done => {}
            ReviewEnd::Cancelled => {
                eprintln!("rehearse: nothing changed");
                return Ok(Exit::Success);
            }
            ReviewEnd::Interrupted => return Ok(Exit::Interrupted),
            ReviewEnd::Terminated => return Ok(Exit::Terminated),
        }
    } else {
        return Err(BadInput::new("nothing to change: give --story, --score or --note (or run it on a terminal to be asked)").into());
    }
    session.story = review.story;
    session.scores = review.scores;
    session.note = review.note;
    store.rewrite(&session, &path)?;
    write_summary(out, &session, &history)?;
    eprintln!("rehearse: updated {}", session.id);
    Ok(Exit::Success)
}

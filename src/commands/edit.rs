//! `rehearse edit`: change the story, scores or note of a saved session.

use std::io::{IsTerminal, Write};

use anyhow::Result;

use super::drill::story_link;
use super::stories::{StoryLink, start_story, stories_for};
use super::{sessions_for, write_summary};
use crate::cli::EditArgs;
use crate::config::Config;
use crate::drill::review::{Ask, Review, ReviewEnd, ask_review, non_empty};
use crate::exit::{BadInput, Exit};
use crate::session::store::Store;
use crate::story::story_choices;

pub fn run(config: &Config, args: &EditArgs, out: &mut dyn Write) -> Result<Exit> {
    let store = Store::new(&config.home.path);
    let (mut session, path) = store.find(&args.id)?;
    let given = &args.review;
    // Checked before anything is asked or written; an empty --story clears the story.
    let link = story_link(config, given.story.as_deref())?;
    let history = sessions_for(config);
    let mut review = Review {
        story: session.story.clone(),
        scores: session.scores,
        note: session.note.clone(),
    };
    if given.story.is_some() || given.scores.is_some() || given.note.is_some() {
        // An empty --story or --note clears it.
        if let Some(story) = &given.story {
            review.story = match &link {
                Some(link) => Some(link.title().to_string()),
                None => non_empty(story),
            };
        }
        if given.scores.is_some() {
            review.scores = given.scores;
        }
        if let Some(note) = &given.note {
            review.note = non_empty(note);
        }
    } else if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
        let past_titles: Vec<String> = history.iter().filter_map(|s| s.story.clone()).collect();
        let stories = story_choices(&stories_for(config), &past_titles, &session.prompt.category);
        let asked = ask_review(&mut review, &stories, Ask::All, config.color);
        if asked.new_story
            && asked.end == ReviewEnd::Done
            && let Some(title) = &review.story
        {
            review.story = Some(start_story(config, title, &session.prompt.category));
        }
        match asked.end {
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
    if let Some(StoryLink::New(title)) = &link {
        start_story(config, title, &session.prompt.category);
    }
    write_summary(out, &session, &history)?;
    eprintln!("rehearse: updated {}", session.id);
    Ok(Exit::Success)
}

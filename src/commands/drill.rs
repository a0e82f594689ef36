//! `rehearse drill`: choose a question, time the spoken answer, save it, review it, and print
//! how it went.

use std::io::{IsTerminal, Write};
use std::time::Duration;

use anyhow::{Context, Result};

use super::pick::choose_prompt;
use super::stories::{StoryLink, link_story, start_story, stories_for};
use super::{bank_for, local_now, review_from, save_or_print, sessions_for, write_summary};
use crate::cli::DrillArgs;
use crate::config::{Config, checked_window};
use crate::drill::driver::{Answer, Ending};
use crate::drill::review::{Ask, Review, ReviewEnd, ask_review};
use crate::drill::timer::{TimerSettings, Window};
use crate::drill::{DrillSettings, answer_prompt};
use crate::exit::Exit;
use crate::session::record::{Outcome, PartMark, Session};
use crate::session::store::{Store, new_session_id};
use crate::story::story_choices;

pub fn run(config: &Config, args: &DrillArgs, out: &mut dyn Write) -> Result<Exit> {
    let (min, max) = checked_window(args.min, args.max)?;
    let bank = bank_for(config);
    let prompt = match &args.prompt_id {
        Some(id) => bank.prompt(id)?,
        None => choose_prompt(&bank, &args.choice)?,
    };
    // Checked before the answer: an ambiguous --story must not cost a timed answer.
    let link = story_link(config, args.review.story.as_deref())?;
    let window = Window { min, max };
    let settings = DrillSettings {
        timer: TimerSettings {
            window,
            prep: args.prep.unwrap_or(Duration::ZERO),
            auto_stop: args.auto_stop,
        },
        plain: args.plain || !can_draw_full_screen(),
        bell: !args.no_bell,
        speak: args.speak,
        color: config.color,
    };
    let started_at = local_now();
    let answer = answer_prompt(prompt, &settings).context("timing the answer")?;

    let mut session = Session::new(new_session_id(&started_at), started_at, prompt, window);
    record_answer(&mut session, &answer);
    let mut given = review_from(&args.review);
    if let Some(link) = &link {
        given.story = Some(link.title().to_string());
    }
    apply_review(&mut session, &given);

    // Saved before anything is asked or printed: a review cut short never costs the answer.
    let store = Store::new(&config.home.path);
    let Some(path) = save_or_print(&store, &mut session, out)? else {
        return Ok(Exit::Failure);
    };
    if let Some(StoryLink::New(title)) = &link {
        start_story(config, title, &prompt.category);
    }
    let history = sessions_for(config);

    let wants_review = session.is_completed()
        && !settings.plain
        && !args.no_review
        && std::io::stdin().is_terminal()
        && std::io::stderr().is_terminal();
    let mut review_end = ReviewEnd::Done;
    if wants_review {
        let past_titles: Vec<String> = history.iter().filter_map(|s| s.story.clone()).collect();
        let choices = story_choices(&stories_for(config), &past_titles, &prompt.category);
        let mut review = given;
        let asked = ask_review(&mut review, &choices, Ask::Unanswered, config.color);
        review_end = asked.end;
        if asked.new_story
            && let Some(title) = &review.story
        {
            review.story = Some(start_story(config, title, &prompt.category));
        }
        apply_review(&mut session, &review);
        if let Err(error) = store.rewrite(&session, &path) {
            writeln!(out, "{}", serde_json::to_string_pretty(&session)?)?;
            eprintln!(
                "rehearse: the answer is saved but the review is not ({error}); it is printed above"
            );
            return Ok(Exit::Failure);
        }
    }

    write_summary(out, &session, &history)?;
    eprintln!("rehearse: saved as {}", session.id);
    if review_end != ReviewEnd::Done {
        eprintln!(
            "rehearse: review skipped; fill it in later with: rehearse edit {} --story TITLE --score 2,1,2,2",
            session.id
        );
    }
    Ok(match (answer.ending, review_end) {
        (Ending::Terminated, _) | (_, ReviewEnd::Terminated) => Exit::Terminated,
        (Ending::Interrupted, _) | (_, ReviewEnd::Interrupted) => Exit::Interrupted,
        _ => Exit::Success,
    })
}

/// What `--story TEXT` names, when it is given and not blank (a blank one is recorded as it
/// always was).
pub(super) fn story_link(
    config: &Config,
    text: Option<&str>,
) -> Result<Option<StoryLink>, crate::exit::BadInput> {
    match text {
        Some(text) if !text.trim().is_empty() => link_story(config, text).map(Some),
        _ => Ok(None),
    }
}

/// Full screen needs a terminal on both ends, and one that understands cursor movement.
fn can_draw_full_screen() -> bool {
    let dumb = std::env::var_os("TERM").is_some_and(|term| term == "dumb");
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal() && !dumb
}

/// Copies the timed answer into the record.
fn record_answer(session: &mut Session, answer: &Answer) {
    session.outcome = match answer.ending {
        Ending::Finished => Outcome::Completed,
        Ending::Quit | Ending::Interrupted | Ending::Terminated => Outcome::Aborted,
    };
    session.answer_ms = answer.answer.as_millis() as u64;
    session.paused_ms = answer.paused.as_millis() as u64;
    session.parts = answer
        .marks
        .iter()
        .map(|mark| PartMark {
            part: mark.part,
            at_ms: mark.at.as_millis() as u64,
        })
        .collect();
}

/// Fills the record's review fields with the answers given.
pub(super) fn apply_review(session: &mut Session, review: &Review) {
    if review.story.is_some() {
        session.story.clone_from(&review.story);
    }
    if review.scores.is_some() {
        session.scores = review.scores;
    }
    if review.note.is_some() {
        session.note.clone_from(&review.note);
    }
}

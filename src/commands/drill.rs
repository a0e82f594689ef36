//! `rehearse drill`: choose a question, time the spoken answer, save it, review it, and print
//! how it went.

use std::io::{IsTerminal, Write};
use std::time::Duration;

use anyhow::{Context, Result};

use super::pick::choose_prompts;
use super::stories::{StoryLink, link_story, start_story, stories_for};
use super::{
    bank_for, local_now, local_today, review_from, save_or_print, sessions_for, write_summary,
};
use crate::bank::Prompt;
use crate::cli::DrillArgs;
use crate::config::{Config, window_over};
use crate::drill::driver::{Answer, Ending};
use crate::drill::review::{Ask, Review, ReviewEnd, ask_review};
use crate::drill::timer::{TimerSettings, Window};
use crate::drill::{DrillSettings, Lines, Question, answer_question};
use crate::duration::format_tenths;
use crate::exit::{BadInput, Exit};
use crate::paint::Paint;
use crate::report::nudge::nudge;
use crate::report::summary::{Verdict, shown_answer};
use crate::report::table::{self, Align, Cell, Column};
use crate::session::record::{FollowUp, Outcome, PartMark, Session};
use crate::session::store::{Store, new_session_id};
use crate::story::story_choices;

pub fn run(config: &Config, args: &DrillArgs, out: &mut dyn Write) -> Result<Exit> {
    let defaults = &config.settings;
    let (min, max) = window_over(defaults, args.min, args.max)?;
    let bank = bank_for(config);
    let count = args.count.unwrap_or(defaults.count.value) as usize;
    // Read once: the pick, the review's story list, each summary's streak and the closing
    // nudge all work from it, and each answer is added as it is saved.
    let mut history = sessions_for(config);
    let prompts: Vec<&Prompt> = match &args.prompt_id {
        Some(_) if count > 1 => {
            return Err(BadInput::new(
                "--prompt asks one question; leave out --count, or --prompt",
            )
            .into());
        }
        Some(id) => vec![bank.prompt(id)?],
        None => choose_prompts(&bank, &args.choice, count, &history)?,
    };
    // Checked before the answer: an ambiguous --story must not cost a timed answer.
    let link = story_link(config, args.review.story.as_deref())?;
    let settings = DrillSettings {
        timer: TimerSettings {
            window: Window { min, max },
            prep: args.prep.unwrap_or(defaults.prep.value),
            auto_stop: args.auto_stop,
        },
        plain: args.plain || !can_draw_full_screen(),
        bell: !args.no_bell && defaults.bell.value,
        speak: args.speak || defaults.speak.value,
        color: config.color,
    };
    let drill = Drill {
        config,
        args,
        settings,
        link,
        store: Store::new(&config.home.path),
    };
    let mut lines = Lines::default();
    let mut answered: Vec<Session> = Vec::new();
    let mut exit = Exit::Success;
    for (index, prompt) in prompts.iter().enumerate() {
        if count > 1 {
            eprintln!("rehearse: question {} of {count}", index + 1);
        }
        let (session, ended) = drill.one_answer(prompt, &mut history, &mut lines, out)?;
        let stop = ended != Exit::Success || !session.as_ref().is_some_and(Session::is_completed);
        answered.extend(session);
        if stop {
            exit = ended;
            break;
        }
    }
    if count > 1 && !answered.is_empty() {
        write!(
            out,
            "\n{}",
            answers_table(
                &answered,
                Paint {
                    enabled: config.color
                }
            )
        )?;
    }
    if !answered.is_empty() && exit == Exit::Success {
        eprintln!(
            "rehearse: {}",
            nudge(&history, &bank.categories(), local_today())
        );
    }
    Ok(exit)
}

/// What every answer of one drill shares.
struct Drill<'a> {
    config: &'a Config,
    args: &'a DrillArgs,
    settings: DrillSettings,
    link: Option<StoryLink>,
    store: Store,
}

impl Drill<'_> {
    /// Times one answer (and its follow-up), saves it, reviews it and prints its summary.
    /// Returns the record, when it was saved, and how the program should end if it stops here.
    fn one_answer(
        &self,
        prompt: &Prompt,
        history: &mut Vec<Session>,
        lines: &mut Lines,
        out: &mut dyn Write,
    ) -> Result<(Option<Session>, Exit)> {
        let (config, args, settings) = (self.config, self.args, &self.settings);
        let started_at = local_now();
        let question = Question {
            text: &prompt.text,
            detail: format!("  category: {}   id: {}", prompt.category, prompt.id),
        };
        let answer = answer_question(&question, settings, lines).context("timing the answer")?;

        let mut session = Session::new(
            new_session_id(&started_at),
            started_at,
            prompt,
            settings.timer.window,
        );
        record_answer(&mut session, &answer);
        let mut given = review_from(&args.review);
        if let Some(link) = &self.link {
            given.story = Some(link.title().to_string());
        }
        apply_review(&mut session, &given);

        // Saved before anything is asked or printed: a review cut short never costs the answer.
        let Some(path) = save_or_print(&self.store, &mut session, out)? else {
            return Ok((None, Exit::Failure));
        };
        if let Some(StoryLink::New(title)) = &self.link {
            start_story(config, title, &prompt.category);
        }

        let mut follow_up_ending = Ending::Finished;
        if session.is_completed() && (args.follow_ups || config.settings.follow_ups.value) {
            match ask_follow_up(prompt, settings, lines)? {
                Some((follow_up, ending)) => {
                    follow_up_ending = ending;
                    session.follow_up = Some(follow_up);
                    if !self.rewrite(&session, &path, out, "follow-up")? {
                        return Ok((Some(session), Exit::Failure));
                    }
                }
                None => eprintln!("rehearse: {} has no follow-up probes", prompt.id),
            }
        }
        let wants_review = session.is_completed()
            && follow_up_ending == Ending::Finished
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
            if !self.rewrite(&session, &path, out, "review")? {
                return Ok((Some(session), Exit::Failure));
            }
        }

        // Newest first, like the rest of the history.
        history.insert(0, session.clone());
        write_summary(out, &session, history)?;
        eprintln!("rehearse: saved as {}", session.id);
        if review_end != ReviewEnd::Done {
            eprintln!(
                "rehearse: review skipped; fill it in later with: rehearse edit {} --story TITLE --score 2,1,2,2",
                session.id
            );
        }
        let exit = match (answer.ending, follow_up_ending, review_end) {
            (Ending::Terminated, ..) | (_, Ending::Terminated, _) | (.., ReviewEnd::Terminated) => {
                Exit::Terminated
            }
            (Ending::Interrupted, ..)
            | (_, Ending::Interrupted, _)
            | (.., ReviewEnd::Interrupted) => Exit::Interrupted,
            _ => Exit::Success,
        };
        Ok((Some(session), exit))
    }

    /// Writes the record back after `what` was added; on failure prints it so nothing is lost.
    fn rewrite(
        &self,
        session: &Session,
        path: &std::path::Path,
        out: &mut dyn Write,
        what: &str,
    ) -> Result<bool> {
        match self.store.rewrite(session, path) {
            Ok(()) => Ok(true),
            Err(error) => {
                writeln!(out, "{}", serde_json::to_string_pretty(session)?)?;
                eprintln!(
                    "rehearse: the answer is saved but its {what} is not ({error}); it is printed above"
                );
                Ok(false)
            }
        }
    }
}

/// The window a follow-up probe is answered in: shorter than the main answer's.
const FOLLOW_UP_WINDOW: Window = Window {
    min: Duration::from_secs(30),
    max: Duration::from_secs(60),
};

/// Asks one of the prompt's follow-up probes, timed like the main answer in a shorter window.
/// `None` when the prompt has none.
fn ask_follow_up(
    prompt: &Prompt,
    settings: &DrillSettings,
    lines: &mut Lines,
) -> Result<Option<(FollowUp, Ending)>> {
    if prompt.follow_ups.is_empty() {
        return Ok(None);
    }
    let probe = &prompt.follow_ups[rand::random_range(0..prompt.follow_ups.len())];
    let shown = format!("Follow-up: {probe}");
    let question = Question {
        text: &shown,
        detail: format!("  follow-up to: {}", prompt.id),
    };
    let follow_up_settings = DrillSettings {
        timer: TimerSettings {
            window: FOLLOW_UP_WINDOW,
            prep: Duration::ZERO,
            auto_stop: settings.timer.auto_stop,
        },
        speak: settings.speak,
        ..settings.clone()
    };
    let answer =
        answer_question(&question, &follow_up_settings, lines).context("timing the follow-up")?;
    let outcome = match answer.ending {
        Ending::Finished => Outcome::Completed,
        _ => Outcome::Aborted,
    };
    let follow_up = FollowUp {
        text: probe.clone(),
        answer_ms: answer.answer.as_millis() as u64,
        outcome,
        extra: Default::default(),
    };
    Ok(Some((follow_up, answer.ending)))
}

/// The table after several answers: the prompt, the time, the verdict and the STAR total.
fn answers_table(sessions: &[Session], paint: Paint) -> String {
    let columns = [
        Column {
            heading: "prompt",
            align: Align::Left,
            cuttable: true,
        },
        Column {
            heading: "time",
            align: Align::Right,
            cuttable: false,
        },
        Column {
            heading: "verdict",
            align: Align::Left,
            cuttable: false,
        },
        Column {
            heading: "STAR",
            align: Align::Right,
            cuttable: false,
        },
    ];
    let rows: Vec<Vec<Cell>> = sessions
        .iter()
        .map(|session| {
            let verdict = Verdict::of(session);
            vec![
                Cell::plain(&session.prompt.id),
                Cell::plain(format_tenths(shown_answer(session))),
                Cell::colored(verdict.to_string(), verdict.color()),
                Cell::plain(
                    session
                        .star_total()
                        .map_or("-".to_string(), |total| format!("{total}/8")),
                ),
            ]
        })
        .collect();
    table::render(&columns, &rows, None, paint)
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

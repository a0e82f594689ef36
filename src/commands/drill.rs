//! `rehearse drill`: the settings and the rooms a drill needs, handed to `drill::flow`.

use std::time::Duration;

use anyhow::Result;

use super::{bank_for, briefs_for, store_for, stories_for};
use crate::cli::DrillArgs;
use crate::clock::{local_now, local_today};
use crate::config::{Config, Source, Switch};
use crate::drill::DrillSettings;
use crate::drill::console::{TerminalConsole, can_draw_full_screen};
use crate::drill::flow::{Drill, Prompts, Stop};
use crate::drill::timer::TimerSettings;
use crate::exit::{BadInput, Exit};
use crate::report::plan::{DEFAULT_COUNT, Target, plan};
use crate::story::link::StoryRequest;
use crate::ui;
use crate::ui::Output;

pub fn run(config: &Config, args: &DrillArgs, out: &mut Output<'_>) -> Result<Exit> {
    let settings = config.settings(&args.settings.flags());
    let window = settings.window()?;
    let count = settings.count.value as usize;
    let count_given = settings.count.source != Source::Default;
    let stories_named = &args.review.story;
    // Flags that cannot go together are refused before anything is read.
    let refused = match &args.prompt_id {
        Some(_) if count > 1 => Some("--prompt asks one question; leave out --count, or --prompt"),
        Some(_) if stories_named.len() > 1 => {
            Some("--prompt asks one question, told with one story; give --story once")
        }
        None if stories_named.len() > 1 && count_given => {
            Some("several --story flags ask one question each; leave out --count")
        }
        _ => None,
    };
    if let Some(refused) = refused {
        return Err(BadInput::new(refused).into());
    }
    // With --plan, --count is the plan's length; the note after each answer counts the same.
    let plan_count = match (args.plan, count_given) {
        (true, true) => count,
        _ => usize::from(DEFAULT_COUNT),
    };
    let bank = bank_for(config);
    let store = store_for(config);
    let stories = stories_for(config);
    let history = briefs_for(&store);
    let today = local_today();
    let mut given = args.review.changes();
    let mut story = args.review.new_story.clone().map(StoryRequest::New);
    let prompts = match &args.prompt_id {
        Some(id) => {
            story = story.or_else(|| stories_named.first().cloned().map(StoryRequest::Existing));
            Prompts::Given {
                id: id.clone(),
                seed: args.choice.seed,
            }
        }
        None if args.plan => {
            let planned = plan(&stories, &history, &bank.categories(), today, plan_count);
            let targets: Vec<Target> = planned
                .into_iter()
                .filter(|item| !item.done)
                .map(|item| item.target)
                .collect();
            if targets.is_empty() {
                ui::note("today's plan is done; `rehearse drill` asks one more question");
                return Ok(Exit::Success);
            }
            Prompts::Planned {
                choice: args.choice.choice(),
                targets,
            }
        }
        // A blank --story records no story: the drill draws as it would without one.
        None if stories_named.iter().any(|name| !name.trim().is_empty()) => {
            // Recorded per question, from the story each was drawn for.
            given.story = None;
            let stories = match stories_named.as_slice() {
                [one] => vec![one.clone(); count],
                several => several.to_vec(),
            };
            Prompts::ForStories {
                choice: args.choice.choice(),
                stories,
            }
        }
        None => {
            story = story.or_else(|| stories_named.first().cloned().map(StoryRequest::Existing));
            Prompts::Drawn {
                choice: args.choice.choice(),
                count,
            }
        }
    };
    // Refused before a question is asked: an answer that could not be saved is lost effort.
    store.check_writable()?;
    let plain = args.plain || !can_draw_full_screen();
    let recorders = if settings.is_on(Switch::Record) {
        match recorders(plain)? {
            Recorders::Ready(recorders) => Some(recorders),
            Recorders::None => None,
            Recorders::Declined => return Ok(Exit::Success),
        }
    } else {
        None
    };
    let hearer = match recorders {
        Some(_) => hearer(config),
        None => None,
    };
    // Lines on a pipe are typed by a script or read from a file: no countdown unless one is
    // asked for. On the full screen a few seconds to read the question and choose a story.
    let prep = match settings.prep.source {
        Source::Default if plain => Duration::ZERO,
        _ => settings.prep.value,
    };
    let drill = Drill {
        bank: &bank,
        prompts,
        settings: DrillSettings {
            timer: TimerSettings {
                window,
                prep,
                auto_stop: settings.is_on(Switch::AutoStop),
            },
            plain,
            bell: settings.is_on(Switch::Bell),
            speak: settings.is_on(Switch::Speak),
            color: config.colored(),
        },
        follow_ups: settings.is_on(Switch::FollowUps),
        review: settings.is_on(Switch::Review),
        given,
        story,
        store: &store,
        stories,
        stories_dir: config.home.stories_dir(),
        history,
        today,
        now: &local_now,
        pace: settings.pace.value.words_a_minute(),
        pace_aim: super::pace_aim(config),
        plan_count,
        recorders,
        hearer,
    };
    let mut console = TerminalConsole::new(plain, config.colored());
    Ok(match drill.run(&mut console, out)? {
        Stop::Done => Exit::Success,
        Stop::Interrupted => Exit::Interrupted,
        Stop::Terminated => Exit::Terminated,
        Stop::Failed => Exit::Failure,
        Stop::Unreported => Exit::Unreported,
    })
}

/// What recording a drill does.
#[cfg_attr(not(feature = "record"), allow(dead_code))]
enum Recorders {
    Ready(Box<dyn crate::drill::recording::Recorders>),
    /// Asked to record, but there is no microphone and the person goes on without.
    None,
    /// No microphone, and the person would rather not drill unrecorded.
    Declined,
}

/// The recorders of a drill asked to record: a build without the feature refuses, and a
/// microphone that cannot be opened is said before the question is shown; on a terminal the
/// person chooses whether to go on without recording, elsewhere it goes on with a warning.
fn recorders(plain: bool) -> Result<Recorders> {
    #[cfg(not(feature = "record"))]
    {
        let _ = plain;
        Err(BadInput::new(crate::speech::capture::unavailable()).into())
    }
    #[cfg(feature = "record")]
    {
        use crate::drill::recording::MicrophoneRecorders;
        let reason = match MicrophoneRecorders::check() {
            Ok(recorders) => return Ok(Recorders::Ready(Box::new(recorders))),
            Err(reason) => reason,
        };
        if plain || !ui::can_ask() {
            ui::warn(format!("{reason}; the drill goes on without recording"));
            return Ok(Recorders::None);
        }
        ui::note(format!("cannot record: {reason}"));
        match ui::confirm("Drill without recording?", true)? {
            ui::Answer::Yes => Ok(Recorders::None),
            ui::Answer::No | ui::Answer::Interrupted => {
                ui::note("no drill: nothing asked, nothing saved");
                Ok(Recorders::Declined)
            }
        }
    }
}

/// What hears a recorded drill's answers while they are given: the speech model, loaded once
/// for the whole drill. Without the model, one line says how to get it and the answers are
/// only recorded; without the `transcribe` feature nothing is said.
fn hearer(config: &Config) -> Option<Box<dyn crate::speech::background::Hear>> {
    #[cfg(not(feature = "transcribe"))]
    {
        let _ = config;
        None
    }
    #[cfg(feature = "transcribe")]
    {
        use crate::speech::recognize::Recognizer;
        let path = match super::model::model_file(config) {
            Ok(path) => path,
            Err(error) => {
                ui::warn(format!("the answers will not be transcribed: {error}"));
                return None;
            }
        };
        if !path.exists() {
            ui::note("no speech model: `rehearse model install` to have answers transcribed");
            return None;
        }
        match Recognizer::load(&path).and_then(|recognizer| recognizer.hearer()) {
            Ok(hearer) => Some(Box::new(hearer)),
            Err(error) => {
                ui::warn(format!("the answers will not be transcribed: {error}"));
                None
            }
        }
    }
}

//! `rehearse drill`: the settings and the rooms a drill needs, handed to `drill::flow`.

use anyhow::Result;

use super::{bank_for, briefs_for, store_for, stories_for};
use crate::cli::DrillArgs;
use crate::clock::{local_now, local_today};
use crate::config::{Config, Switch};
use crate::drill::DrillSettings;
use crate::drill::console::{TerminalConsole, can_draw_full_screen};
use crate::drill::flow::{Drill, Prompts, Stop};
use crate::drill::timer::TimerSettings;
use crate::exit::{BadInput, Exit};
use crate::ui::Output;

pub fn run(config: &Config, args: &DrillArgs, out: &mut Output<'_>) -> Result<Exit> {
    let settings = config.settings(&args.settings.flags());
    let window = settings.window()?;
    let count = settings.count.value as usize;
    let prompts = match &args.prompt_id {
        Some(_) if count > 1 => {
            return Err(BadInput::new(
                "--prompt asks one question; leave out --count, or --prompt",
            )
            .into());
        }
        Some(id) => Prompts::Given {
            id: id.clone(),
            seed: args.choice.seed,
        },
        None => Prompts::Drawn {
            choice: args.choice.choice(),
            count,
        },
    };
    let bank = bank_for(config);
    let store = store_for(config);
    // Refused before a question is asked: an answer that could not be saved is lost effort.
    store.check_writable()?;
    let plain = args.plain || !can_draw_full_screen();
    let drill = Drill {
        bank: &bank,
        prompts,
        settings: DrillSettings {
            timer: TimerSettings {
                window,
                prep: settings.prep.value,
                auto_stop: settings.is_on(Switch::AutoStop),
            },
            plain,
            bell: settings.is_on(Switch::Bell),
            speak: settings.is_on(Switch::Speak),
            color: config.colored(),
        },
        follow_ups: settings.is_on(Switch::FollowUps),
        review: settings.is_on(Switch::Review),
        given: args.review.changes(),
        story: args.review.story_request(),
        store: &store,
        stories: stories_for(config),
        stories_dir: config.home.stories_dir(),
        history: briefs_for(&store),
        today: local_today(),
        now: &local_now,
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

//! `rehearse drill`: choose a question, time the spoken answer, print how it went.

use std::io::{IsTerminal, Write};
use std::time::Duration;

use anyhow::{Context, Result};

use super::bank_for;
use super::pick::choose_prompt;
use crate::cli::DrillArgs;
use crate::config::{Config, checked_window};
use crate::drill::driver::{Answer, Ending};
use crate::drill::timer::{TimerSettings, Window, Zone};
use crate::drill::{DrillSettings, answer_prompt};
use crate::duration::format_tenths;
use crate::exit::Exit;

pub fn run(config: &Config, args: &DrillArgs, out: &mut dyn Write) -> Result<Exit> {
    let (min, max) = checked_window(args.min, args.max)?;
    let bank = bank_for(config);
    let prompt = match &args.prompt_id {
        Some(id) => bank.prompt(id)?,
        None => choose_prompt(&bank, &args.choice)?,
    };
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
    let answer = answer_prompt(prompt, &settings).context("timing the answer")?;
    writeln!(out, "{}", summary_line(&prompt.id, &answer, window))?;
    eprintln!("rehearse: this version does not save sessions yet: nothing was recorded.");
    Ok(match answer.ending {
        Ending::Finished | Ending::Quit => Exit::Success,
        Ending::Interrupted => Exit::Interrupted,
        Ending::Terminated => Exit::Terminated,
    })
}

/// Full screen needs a terminal on both ends, and one that understands cursor movement.
fn can_draw_full_screen() -> bool {
    let dumb = std::env::var_os("TERM").is_some_and(|term| term == "dumb");
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal() && !dumb
}

/// `conflict-manager  2:41.2  in window`: the prompt, the answer time and the verdict.
pub fn summary_line(prompt_id: &str, answer: &Answer, window: Window) -> String {
    // The shortfall and excess are taken from the time as shown, so the two figures add up.
    let shown = Duration::from_millis(answer.answer.as_millis() as u64 / 100 * 100);
    let verdict = match answer.ending {
        Ending::Quit | Ending::Interrupted | Ending::Terminated => "aborted".to_string(),
        Ending::Finished => match window.zone(answer.answer) {
            Zone::TooShort => format!(
                "short by {}",
                format_tenths(window.min.saturating_sub(shown))
            ),
            Zone::InWindow => "in window".to_string(),
            Zone::Over => format!(
                "over by {}",
                format_tenths(shown.saturating_sub(window.max))
            ),
        },
    };
    format!("{prompt_id}  {}  {verdict}", format_tenths(shown))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(ms: u64, ending: Ending) -> Answer {
        Answer {
            ending,
            answer: Duration::from_millis(ms),
            paused: Duration::ZERO,
            marks: Vec::new(),
        }
    }

    #[test]
    fn the_summary_names_the_prompt_time_and_verdict() {
        let window = Window {
            min: Duration::from_secs(120),
            max: Duration::from_secs(180),
        };
        let line = |ms, ending| summary_line("conflict-manager", &answer(ms, ending), window);
        assert_eq!(
            line(161_234, Ending::Finished),
            "conflict-manager  2:41.2  in window"
        );
        assert_eq!(
            line(107_700, Ending::Finished),
            "conflict-manager  1:47.7  short by 0:12.3"
        );
        assert_eq!(
            line(185_400, Ending::Finished),
            "conflict-manager  3:05.4  over by 0:05.4"
        );
        assert_eq!(
            line(37_000, Ending::Quit),
            "conflict-manager  0:37.0  aborted"
        );
        assert_eq!(
            line(37_000, Ending::Interrupted),
            "conflict-manager  0:37.0  aborted"
        );
    }
}

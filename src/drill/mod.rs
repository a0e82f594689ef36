//! The drill: its flow from choosing the prompts to the closing nudge (`flow`), and the
//! terminal it runs on: the question shown (and spoken), an optional countdown, the spoken
//! answer timed on a full screen or, without a terminal, line by line, and the review.

pub mod console;
pub mod digits;
pub mod driver;
pub mod flow;
pub mod layout;
pub mod line_edit;
pub mod plain;
pub mod playback;
pub mod recording;
pub mod review;
pub mod screen;
pub mod signals;
pub mod speak;
pub mod timer;

use std::io::{self, Write};
use std::process::Child;
use std::time::Duration;

use driver::{Action, Answer, Ending, Input, Offer, SystemClock, Tape, View, time_taped_answer};
pub use layout::Card;
use layout::{Shown, Snapshot};
use timer::TimerSettings;

use crate::domain::duration::format_clock;
use crate::text::shown;
use crate::ui;

/// How a drill's answer is timed and shown.
#[derive(Debug, Clone)]
pub struct DrillSettings {
    pub timer: TimerSettings,
    /// Full screen, or lines on a pipe.
    pub plain: bool,
    pub bell: bool,
    pub speak: bool,
    /// Colour on the full screen.
    pub color: bool,
}

/// What the drill asks: the text shown (and spoken), a quieter line under it in plain mode,
/// where it stands (`conflict · question 2 of 3`), and the stories offered to answer it, best
/// first, with the one to start from.
#[derive(Debug, Clone)]
pub struct Question<'a> {
    pub text: &'a str,
    pub detail: String,
    pub header: String,
    pub cards: Vec<Card>,
    pub preferred: usize,
}

impl<'a> Question<'a> {
    /// A question with no stories offered.
    pub fn bare(text: &'a str, detail: String, header: String) -> Question<'a> {
        Question {
            text,
            detail,
            header,
            cards: Vec::new(),
            preferred: 0,
        }
    }

    pub(crate) fn offer(&self, enter_grace: Duration) -> Offer {
        Offer {
            cards: self.cards.len(),
            chosen: self.preferred,
            enter_grace,
        }
    }

    fn shown(&self) -> Shown<'_> {
        Shown {
            prompt: self.text,
            header: &self.header,
            cards: &self.cards,
        }
    }
}

/// Standard input for a whole drill. One thread reads it, started on first use, so each of
/// several answers ends at its own line.
#[derive(Default)]
pub struct Lines(Option<plain::LineInput>);

/// Shows `question` and times the answer to it.
pub fn answer_question(
    question: &Question,
    settings: &DrillSettings,
    lines: &mut Lines,
    tape: &mut dyn Tape,
) -> io::Result<Answer> {
    let prompt = question;
    let signals = signals::StopSignals::get()?;
    let _held = signals.hold();
    let speaker = settings
        .speak
        .then(|| speak::find_speaker(std::env::var_os("PATH").as_deref()))
        .flatten();
    if settings.speak && speaker.is_none() {
        ui::note(speak::no_speaker_warning());
    }
    let speak = |input: &mut dyn Input, view: &mut dyn View| -> io::Result<Option<Ending>> {
        match &speaker {
            Some(speaker) => wait_for_speech(speaker.speak(prompt.text)?, settings, input, view),
            None => Ok(None),
        }
    };
    if settings.plain {
        // A question that cannot be printed (a closed pipe) is still answered and saved.
        let mut out = io::stdout().lock();
        let _ = writeln!(out, "{}\n{}", shown(prompt.text), shown(&prompt.detail))
            .and_then(|()| out.flush());
        drop(out);
        let window = settings.timer.window;
        let how = if settings.timer.auto_stop {
            "press Enter to finish, or it stops at max"
        } else {
            "press Enter (or end the input) to finish"
        };
        let prep = match settings.timer.prep {
            prep if prep.is_zero() => String::new(),
            prep => format!(" after {} of prep (Enter starts now)", format_clock(prep)),
        };
        // With time to prepare, the story to tell is shown here as on the full screen.
        if !settings.timer.prep.is_zero()
            && let Some(card) = prompt.cards.get(prompt.preferred)
        {
            let mut err = io::stderr().lock();
            let _ = writeln!(
                err,
                "story: {} ({})",
                shown(&card.title),
                shown(&card.reason)
            );
            for line in &card.lines {
                let _ = writeln!(err, "  {}", shown(line));
            }
        }
        let _ = writeln!(
            io::stderr(),
            "Answer out loud{prep}; aim for {} to {}; {how}.",
            format_clock(window.min()),
            format_clock(window.max())
        );
        let input = lines
            .0
            .get_or_insert_with(|| plain::LineInput::start(signals.clone()));
        let mut view = plain::ProgressLines::new(
            io::stderr(),
            settings.bell && io::IsTerminal::is_terminal(&io::stderr()),
        );
        if settings.speak && speaker.is_some() {
            let _ = writeln!(io::stderr(), "Reading the question aloud (Enter skips)...");
        }
        if let Some(ending) = speak(input, &mut view)? {
            return Ok(unanswered(ending));
        }
        time_taped_answer(
            settings.timer,
            prompt.offer(Duration::ZERO),
            &SystemClock,
            input,
            &mut view,
            tape,
        )
    } else {
        let _guard = screen::TerminalGuard::take()?;
        let mut input = screen::KeyInput::new(signals);
        let mut view = screen::ScreenView::new(prompt.shown(), settings.color, settings.bell);
        if let Some(ending) = speak(&mut input, &mut view)? {
            return Ok(unanswered(ending));
        }
        time_taped_answer(
            settings.timer,
            prompt.offer(driver::ENTER_GRACE),
            &SystemClock,
            &mut input,
            &mut view,
            tape,
        )
    }
}

/// How often a speech program is checked for having finished.
const SPEECH_CHECK: Duration = Duration::from_millis(100);

/// Waits while the question is spoken. Enter cuts it short; `Some(ending)` when the user
/// gave up before answering.
fn wait_for_speech(
    mut child: Child,
    settings: &DrillSettings,
    input: &mut dyn Input,
    view: &mut dyn View,
) -> io::Result<Option<Ending>> {
    let snapshot = Snapshot::speaking(settings.timer.window);
    let mut full = true;
    let ending = loop {
        view.show(&snapshot, full)?;
        full = false;
        if child.try_wait()?.is_some() {
            break None;
        }
        match input.wait(Some(SPEECH_CHECK))? {
            Some(Action::Enter) => break None,
            Some(Action::Quit) => break Some(Ending::Quit),
            Some(Action::Interrupt) => break Some(Ending::Interrupted),
            Some(Action::Terminate) => break Some(Ending::Terminated),
            Some(Action::Resize) => full = true,
            _ => {}
        }
    };
    // Already finished, or cut short: either way make sure it is silent and reaped.
    let _ = child.kill();
    let _ = child.wait();
    Ok(ending)
}

fn unanswered(ending: Ending) -> Answer {
    Answer {
        ending,
        answer: Duration::ZERO,
        paused: Duration::ZERO,
        marks: Vec::new(),
        started: false,
        chosen: None,
        card_shown: Duration::ZERO,
        input_ended: false,
    }
}

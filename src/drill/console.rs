//! The drill's [`Console`] on a real terminal, or on standard input and output when there is
//! none: answers timed on the full screen or line by line, the review asked with dialoguer.

use std::io::{self, IsTerminal, Write};

use super::driver::{Answer, Tape};
use super::flow::Console;
use super::playback::{PlayEnd, play_on_screen};
use super::review::{Ask, Asked, ask_review};
use super::{DrillSettings, Lines, Question, answer_question};
use crate::session::record::Session;
use crate::session::review::Review;
use crate::speech::playback::open_player;
use crate::speech::wav::read_stored;
use crate::text::shown_line;
use crate::ui;

/// The person at this terminal.
#[derive(Default)]
pub struct TerminalConsole {
    lines: Lines,
    /// Whether the review may be asked: not in plain mode, and only with a terminal to ask on.
    can_ask: bool,
    color: bool,
}

impl TerminalConsole {
    /// A console for a drill in `plain` mode or not, coloured or not.
    pub fn new(plain: bool, color: bool) -> TerminalConsole {
        TerminalConsole {
            lines: Lines::default(),
            can_ask: !plain && io::stdin().is_terminal() && io::stderr().is_terminal(),
            color,
        }
    }
}

impl Console for TerminalConsole {
    fn answer(
        &mut self,
        question: &Question,
        settings: &DrillSettings,
        tape: &mut dyn Tape,
    ) -> io::Result<Answer> {
        answer_question(question, settings, &mut self.lines, tape)
    }

    fn can_ask(&self) -> bool {
        self.can_ask
    }

    fn offer_playback(&mut self, path: &std::path::Path, session: &Session) -> bool {
        if !self.can_ask {
            return true;
        }
        match ui::confirm("Play it back before scoring?", false) {
            Ok(ui::Answer::Yes) => {}
            Ok(ui::Answer::No) | Err(_) => return true,
            Ok(ui::Answer::Interrupted) => return false,
        }
        let recording = match read_stored(path) {
            Ok(recording) => recording,
            Err(error) => {
                ui::warn(format!("the recording cannot be played: {error}"));
                return true;
            }
        };
        let mut player = match open_player(recording.samples().into()) {
            Ok(player) => player,
            Err(reason) => {
                ui::note(reason);
                return true;
            }
        };
        let played = play_on_screen(
            &session.prompt.text,
            recording.samples().len(),
            session.part_marks(),
            player.as_mut(),
        );
        match played {
            Ok(PlayEnd::Done) => true,
            Ok(PlayEnd::Interrupted | PlayEnd::Terminated) => false,
            Err(error) => {
                ui::warn(format!("playing back failed: {error}"));
                true
            }
        }
    }

    fn show_before_review(&mut self, text: &str) {
        // On the terminal the review is asked on, above its first question; a failed write
        // loses only this view, never the answer.
        let mut err = io::stderr().lock();
        let _ = writeln!(err);
        for line in text.lines() {
            let _ = writeln!(err, "{}", shown_line(line));
        }
    }

    fn ask_review(
        &mut self,
        review: &mut Review,
        stories: &[String],
        ask: Ask,
    ) -> io::Result<Asked> {
        ask_review(review, stories, ask, self.color)
    }
}

/// Full screen needs a terminal on both ends, and one that understands cursor movement.
pub fn can_draw_full_screen() -> bool {
    let dumb = std::env::var_os("TERM").is_some_and(|term| term == "dumb");
    io::stdin().is_terminal() && io::stdout().is_terminal() && !dumb
}

//! The line-by-line mode, for when there is no terminal to draw on (a pipe, a script) or the
//! user asked for `--plain`: the answer ends at a line on stdin or at end of input, and
//! progress goes to stderr as lines.

use std::io::{self, BufRead, Write};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

use super::driver::{Action, Input, View};
use super::layout::{Snapshot, Stage};
use super::signals::{StopSignals, wait_watching_signals};
use super::timer::Cue;
use crate::domain::duration::format_clock;
use crate::domain::window::Zone;

/// A line or the end of standard input, read on a thread of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Line {
    Read,
    End,
}

/// Lines from standard input, and the stopping signals.
pub struct LineInput {
    lines: Receiver<Line>,
    ended: bool,
    signals: StopSignals,
}

impl LineInput {
    /// Starts reading standard input on a thread. The thread lives as long as the process:
    /// a read cannot be cancelled, and later answers of the same drill use the same lines.
    pub fn start(signals: StopSignals) -> LineInput {
        let (sender, lines) = mpsc::channel();
        std::thread::spawn(move || {
            let stdin = io::stdin();
            let mut buffer = String::new();
            loop {
                buffer.clear();
                let line = match stdin.lock().read_line(&mut buffer) {
                    Ok(0) | Err(_) => Line::End,
                    Ok(_) => Line::Read,
                };
                if sender.send(line).is_err() || line == Line::End {
                    return;
                }
            }
        });
        LineInput {
            lines,
            ended: false,
            signals,
        }
    }
}

impl Input for LineInput {
    fn wait(&mut self, timeout: Option<Duration>) -> io::Result<Option<Action>> {
        wait_watching_signals(&self.signals, timeout, |slice| {
            // After the end of input every wait ends the answer at once.
            if self.ended {
                return Ok(Some(Action::EndOfInput));
            }
            match self.lines.recv_timeout(slice) {
                Ok(Line::Read) => Ok(Some(Action::Enter)),
                Ok(Line::End) | Err(RecvTimeoutError::Disconnected) => {
                    self.ended = true;
                    Ok(Some(Action::EndOfInput))
                }
                Err(RecvTimeoutError::Timeout) => Ok(None),
            }
        })
    }
}

/// How often a progress line is written while answering.
const PROGRESS_EVERY: u64 = 30;

/// Progress as lines: at min, at max and every 30 seconds of answer time. A line that cannot
/// be written (stderr full or closed) is given up on quietly: the answer goes on.
pub struct ProgressLines<W: Write> {
    out: W,
    /// Set once a write failed; nothing more is written.
    failed: bool,
    bell: bool,
    /// The answer second of the last line written, so min, max and the 30-second lines never
    /// say the same moment twice.
    last_line_at: Option<u64>,
}

impl<W: Write> ProgressLines<W> {
    /// Progress written to `out`; `bell` rings the terminal bell at min and max.
    pub fn new(out: W, bell: bool) -> ProgressLines<W> {
        ProgressLines {
            out,
            failed: false,
            bell,
            last_line_at: Some(0),
        }
    }

    fn line(&mut self, snapshot: &Snapshot, text: &str) -> io::Result<()> {
        let second = snapshot.answer.as_secs();
        self.last_line_at = Some(second);
        let written = writeln!(self.out, "  {}  {text}", format_clock(snapshot.answer))
            .and_then(|()| self.out.flush());
        self.failed |= written.is_err();
        Ok(())
    }
}

impl<W: Write> View for ProgressLines<W> {
    fn show(&mut self, snapshot: &Snapshot, _full: bool) -> io::Result<()> {
        if self.failed || snapshot.stage != Stage::Answering {
            return Ok(());
        }
        let second = snapshot.answer.as_secs();
        let step = second - second % PROGRESS_EVERY;
        if step > 0 && self.last_line_at.is_none_or(|last| last < step) {
            // Said as of the step's own second, which the loop may notice a moment late.
            let window = snapshot.window;
            let at = Duration::from_secs(step);
            let text = match window.zone(at) {
                Zone::TooShort => {
                    format!(
                        "too short: {} to the window",
                        format_clock(window.min() - at)
                    )
                }
                Zone::InWindow => {
                    format!("in the window: {} left", format_clock(window.max() - at))
                }
                Zone::Over => format!("over by {}", format_clock(at - window.max())),
            };
            let mut at_step = snapshot.clone();
            at_step.answer = at;
            self.line(&at_step, &text)?;
        }
        Ok(())
    }

    fn cue(&mut self, cue: Cue, snapshot: &Snapshot) -> io::Result<()> {
        let text = match cue {
            Cue::AnswerStarted => "prep over: answer now",
            Cue::MinReached => "min reached: you are in the window",
            Cue::MaxReached => "max reached: time to wrap up",
            Cue::AutoStopped => return Ok(()),
        };
        if self.failed {
            return Ok(());
        }
        if self.bell && matches!(cue, Cue::MinReached | Cue::MaxReached) {
            self.failed |= write!(self.out, "\x07").is_err();
        }
        let mut at_cue = snapshot.clone();
        // The cue happened at its boundary, even if the loop noticed it a moment later.
        at_cue.answer = match cue {
            Cue::MinReached => snapshot.window.min(),
            Cue::MaxReached => snapshot.window.max(),
            _ => snapshot.answer,
        };
        self.line(&at_cue, text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::drill::driver::testing::{FakeClock, ScriptedInput};
    use crate::drill::driver::time_answer;
    use crate::drill::timer::{TimerSettings, Window};

    fn progress_for(min_s: u64, max_s: u64, prep_s: u64, script: &[(u64, Action)]) -> String {
        let clock = FakeClock::new();
        let mut input = ScriptedInput::new(&clock, script);
        let mut out = Vec::new();
        let settings = TimerSettings {
            window: Window::new(Duration::from_secs(min_s), Duration::from_secs(max_s)).unwrap(),
            prep: Duration::from_secs(prep_s),
            auto_stop: false,
        };
        time_answer(
            settings,
            crate::drill::driver::Offer::NONE,
            &clock,
            &mut input,
            &mut ProgressLines::new(&mut out, false),
        )
        .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn lines_come_at_min_at_max_and_every_thirty_seconds_once_each() {
        let text = progress_for(120, 180, 0, &[(200_000, Action::Enter)]);
        let expected = "  0:30  too short: 1:30 to the window
  1:00  too short: 1:00 to the window
  1:30  too short: 0:30 to the window
  2:00  min reached: you are in the window
  2:30  in the window: 0:30 left
  3:00  max reached: time to wrap up
";
        assert_eq!(text, expected);
    }

    #[test]
    fn a_short_window_gets_its_cues_at_their_own_seconds() {
        let text = progress_for(1, 3, 0, &[(2_000, Action::Enter)]);
        assert_eq!(text, "  0:01  min reached: you are in the window\n");
    }

    #[test]
    fn the_end_of_prep_is_announced() {
        let text = progress_for(60, 90, 5, &[(10_000, Action::Enter)]);
        assert_eq!(text, "  0:00  prep over: answer now\n");
    }
}

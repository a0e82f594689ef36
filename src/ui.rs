//! What the program tells a person on standard error, in one voice: notes (`rehearse: saved
//! as ...`), warnings (`rehearse: warning: ...`) and hints (`rehearse: hint: ...`), each
//! exactly one line. A full or closed
//! stderr never stops the work it reports on.

use std::fmt::Display;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::text::shown_line;

/// Set when a line for stderr could not be written, so the program can say so by its exit
/// status (it cannot say it on stderr).
static STDERR_FAILED: AtomicBool = AtomicBool::new(false);

/// A line about what happened or what to do next. Names of files and titles in it are
/// made harmless like every text for a person, and a line break in one is shown as `^J`:
/// every line on stderr that starts `rehearse:` is one the program wrote.
pub fn note(message: impl Display) {
    say("", &message.to_string());
}

/// A line saying what to type instead, after a line saying what was wrong.
pub fn hint(message: impl Display) {
    say("hint: ", &message.to_string());
}

/// A line about something that was wrong and was worked around.
pub fn warn(message: impl Display) {
    say("warning: ", &message.to_string());
}

fn say(kind: &str, message: &str) {
    if writeln!(std::io::stderr(), "{}", line_of(kind, message)).is_err() {
        STDERR_FAILED.store(true, Ordering::Relaxed);
    }
}

/// The one line a note or warning is, without its newline.
fn line_of(kind: &str, message: &str) -> String {
    format!("rehearse: {kind}{}", shown_line(message))
}

/// Whether some note or warning could not be written.
pub fn stderr_failed() -> bool {
    STDERR_FAILED.load(Ordering::Relaxed)
}

/// The terminal's width when standard output is one; a pipe or a file gets lines whole.
pub fn terminal_width() -> Option<usize> {
    if !std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        return None;
    }
    crossterm::terminal::size()
        .ok()
        .map(|(columns, _)| usize::from(columns))
}

/// Writes `value` as pretty JSON and a newline. Serialised first, so that a closed pipe
/// surfaces as the plain I/O error `main` knows to ignore.
pub fn write_json(out: &mut dyn Write, value: &impl serde::Serialize) -> std::io::Result<()> {
    let mut text = serde_json::to_vec_pretty(value).map_err(std::io::Error::other)?;
    text.push(b'\n');
    out.write_all(&text)
}

/// Standard output as commands write it: text for a person passes the sanitiser on the way
/// out (`text::shown`); data that must be exact (JSON, CSV, a record printed to save it)
/// goes through [`ShownWriter::raw`].
pub type Output<'a> = crate::text::shown::ShownWriter<&'a mut dyn Write>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_break_in_a_message_cannot_start_a_line_of_its_own() {
        let name = "x\nrehearse: all 12 records fine\ny.json";
        let line = line_of("warning: ", &format!("skipped {name}: not valid JSON"));
        assert_eq!(
            line,
            "rehearse: warning: skipped x^Jrehearse: all 12 records fine^Jy.json: not valid JSON"
        );
        assert_eq!(
            line_of("", "tab\there\r\u{1b}[2J"),
            "rehearse: tab^Ihere^M^[[2J"
        );
    }
}

/// What a person said to a yes-or-no question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Yes,
    No,
    /// Ctrl-C: the command stops.
    Interrupted,
}

/// Whether a yes-or-no question can be asked here: a person at a terminal to answer it.
pub fn can_ask() -> bool {
    std::io::IsTerminal::is_terminal(&std::io::stdin())
        && std::io::IsTerminal::is_terminal(&std::io::stderr())
}

/// Asks a yes-or-no question on the terminal, `default` on Enter; Esc or q is no. Ask only
/// where [`can_ask`].
pub fn confirm(question: &str, default: bool) -> std::io::Result<Answer> {
    let answer = dialoguer::Confirm::new()
        .with_prompt(shown_line(question))
        .default(default)
        .interact_opt();
    // dialoguer hides the cursor while it asks and may leave it so when cut short.
    let _ = crossterm::execute!(std::io::stderr(), crossterm::cursor::Show);
    match answer {
        Ok(Some(true)) => Ok(Answer::Yes),
        Ok(Some(false) | None) => Ok(Answer::No),
        Err(dialoguer::Error::IO(error)) if error.kind() == std::io::ErrorKind::Interrupted => {
            Ok(Answer::Interrupted)
        }
        Err(dialoguer::Error::IO(error)) => Err(error),
    }
}

/// Asks `question` (Enter is no) before something that cannot be taken back: `None` to go
/// on, or, when the person said no or pressed Ctrl-C, the exit to stop with, after saying
/// `nothing_done`.
pub fn confirm_or_stop(
    question: &str,
    nothing_done: &str,
) -> std::io::Result<Option<crate::exit::Exit>> {
    let stop = match confirm(question, false)? {
        Answer::Yes => return Ok(None),
        Answer::No => crate::exit::Exit::Success,
        Answer::Interrupted => crate::exit::Exit::Interrupted,
    };
    note(nothing_done);
    Ok(Some(stop))
}

/// The one progress bar (a download, a transcription), on stderr: `unit` says what `length`
/// counts, bytes or percent. indicatif hides it when stderr is not a terminal, so scripts
/// and tests only see the lines before and after.
#[cfg(feature = "transcribe")]
pub fn progress_bar(length: u64, unit: BarUnit, message: &str) -> indicatif::ProgressBar {
    let template = match unit {
        BarUnit::Bytes => "{msg} [{bar:30}] {bytes}/{total_bytes} ({eta} left)",
        BarUnit::Percent => "{msg} [{bar:30}] {pos}% ({elapsed})",
    };
    let style = indicatif::ProgressStyle::with_template(template)
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("=> ");
    indicatif::ProgressBar::new(length)
        .with_style(style)
        .with_message(shown_line(message).to_string())
}

/// A spinner on stderr while the program waits for work it cannot show the progress of (an
/// answer's last stretch being heard). Like the bars, hidden when stderr is not a terminal;
/// without the `transcribe` feature, which brings indicatif, there is nothing to wait for and
/// it shows nothing.
pub struct Spinner {
    #[cfg(feature = "transcribe")]
    bar: indicatif::ProgressBar,
}

impl Spinner {
    pub fn start(message: &str) -> Spinner {
        #[cfg(feature = "transcribe")]
        {
            let bar =
                indicatif::ProgressBar::new_spinner().with_message(shown_line(message).to_string());
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
            Spinner { bar }
        }
        #[cfg(not(feature = "transcribe"))]
        {
            let _ = message;
            Spinner {}
        }
    }

    /// Takes the spinner off the screen.
    pub fn finish(self) {
        #[cfg(feature = "transcribe")]
        self.bar.finish_and_clear();
    }
}

/// What a progress bar counts.
#[cfg(feature = "transcribe")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BarUnit {
    Bytes,
    Percent,
}

//! What the program tells a person on standard error, in one voice: notes (`rehearse: saved
//! as ...`) and warnings (`rehearse: warning: ...`). A full or closed stderr never stops the
//! work it reports on.

use std::fmt::Display;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::text::shown;

/// Set when a line for stderr could not be written, so the program can say so by its exit
/// status (it cannot say it on stderr).
static STDERR_FAILED: AtomicBool = AtomicBool::new(false);

/// A line about what happened or what to do next. Names of files and titles in it are
/// made harmless like every text for a person.
pub fn note(message: impl Display) {
    say("", &message.to_string());
}

/// A line about something that was wrong and was worked around.
pub fn warn(message: impl Display) {
    say("warning: ", &message.to_string());
}

fn say(kind: &str, message: &str) {
    if writeln!(std::io::stderr(), "rehearse: {kind}{}", shown(message)).is_err() {
        STDERR_FAILED.store(true, Ordering::Relaxed);
    }
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

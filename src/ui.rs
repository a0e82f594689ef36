//! What the program tells a person on standard error, in one voice: notes (`rehearse: saved
//! as ...`) and warnings (`rehearse: warning: ...`). A full or closed stderr never stops the
//! work it reports on.

use std::fmt::Display;
use std::io::Write;

use crate::text::shown;

/// A line about what happened or what to do next. Names of files and titles in it are
/// made harmless like every text for a person.
pub fn note(message: impl Display) {
    let message = message.to_string();
    let _ = writeln!(std::io::stderr(), "rehearse: {}", shown(&message));
}

/// A line about something that was wrong and was worked around.
pub fn warn(message: impl Display) {
    let message = message.to_string();
    let _ = writeln!(std::io::stderr(), "rehearse: warning: {}", shown(&message));
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

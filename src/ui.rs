//! What the program tells a person on standard error, in one voice: notes (`rehearse: saved
//! as ...`) and warnings (`rehearse: warning: ...`). A full or closed stderr never stops the
//! work it reports on.

use std::fmt::Display;
use std::io::Write;

/// A line about what happened or what to do next.
pub fn note(message: impl Display) {
    let _ = writeln!(std::io::stderr(), "rehearse: {message}");
}

/// A line about something that was wrong and was worked around.
pub fn warn(message: impl Display) {
    let _ = writeln!(std::io::stderr(), "rehearse: warning: {message}");
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

//! The person's own editor, for `stories add` and `stories edit`.

use std::io;
use std::path::Path;
use std::process::{Command, ExitStatus};

/// `$VISUAL`, else `$EDITOR`, when set and not empty.
pub fn editor() -> Option<String> {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(std::env::var_os)
        .map(|value| value.to_string_lossy().trim().to_string())
        .find(|value| !value.is_empty())
}

/// Runs `editor` on `path` through the shell, so `EDITOR="code --wait"` works, on this
/// terminal.
pub fn open_editor(editor: &str, path: &Path) -> io::Result<ExitStatus> {
    Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(path)
        .status()
}

//! Reading the question aloud with whichever speech program is installed.

use std::ffi::OsStr;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// Speech programs in the order they are tried, with the arguments that make each one speak
/// the text and exit only when it has finished (`spd-say` returns at once without `--wait`).
const PROGRAMS: [(&str, &[&str]); 3] = [("espeak-ng", &[]), ("spd-say", &["--wait"]), ("say", &[])];

/// An installed speech program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    pub program: PathBuf,
    args: &'static [&'static str],
}

/// The first speech program found on `path` (the value of `PATH`), if any.
pub fn find_speaker(path: Option<&OsStr>) -> Option<Speaker> {
    let dirs: Vec<PathBuf> = std::env::split_paths(path?).collect();
    PROGRAMS.iter().find_map(|(name, args)| {
        dirs.iter()
            .map(|dir| dir.join(name))
            .find(|candidate| is_executable(candidate))
            .map(|program| Speaker { program, args })
    })
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .is_ok_and(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0)
}

impl Speaker {
    /// Starts speaking `text`; the child exits when speech ends.
    pub fn speak(&self, text: &str) -> io::Result<Child> {
        Command::new(&self.program)
            .args(self.args)
            .arg(text)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
    }
}

/// The one-line warning when no speech program is installed.
pub fn no_speaker_warning() -> String {
    let names: Vec<&str> = PROGRAMS.iter().map(|(name, _)| *name).collect();
    format!(
        "warning: --speak found no speech program ({}) on PATH; showing the question only",
        names.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn install(dir: &Path, name: &str, mode: u32) {
        let path = dir.join(name);
        std::fs::write(&path, "#!/bin/sh\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
    }

    #[test]
    fn the_first_program_in_preference_order_wins() {
        let first = tempfile::tempdir().unwrap();
        let second = tempfile::tempdir().unwrap();
        install(first.path(), "say", 0o755);
        install(second.path(), "spd-say", 0o755);
        let path = std::env::join_paths([first.path(), second.path()]).unwrap();
        let speaker = find_speaker(Some(&path)).unwrap();
        assert_eq!(speaker.program, second.path().join("spd-say"));
        assert_eq!(speaker.args, ["--wait"]);
    }

    #[test]
    fn files_that_cannot_run_do_not_count() {
        let dir = tempfile::tempdir().unwrap();
        install(dir.path(), "espeak-ng", 0o644);
        assert_eq!(find_speaker(Some(dir.path().as_os_str())), None);
        assert_eq!(find_speaker(None), None);
    }
}

//! A hermetic way to run the binary: a temporary data home, a cleared environment.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use rehearse::testkit::record_path;
use serde_json::Value;
use tempfile::TempDir;

/// A temporary user: an empty data home that is removed afterwards.
pub struct Sandbox {
    root: TempDir,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        Sandbox {
            root: tempfile::tempdir().unwrap(),
        }
    }

    /// The data home the commands use (it does not exist until something is written).
    pub fn home(&self) -> PathBuf {
        self.root.path().join("home")
    }

    /// The binary with only the variables a run needs, pointed at this sandbox.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("rehearse").unwrap();
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.root.path())
            .env("REHEARSE_HOME", self.home());
        cmd
    }

    /// Writes a file under the data home, creating folders as needed.
    pub fn write(&self, relative: &str, text: &str) -> PathBuf {
        let path = self.home().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    pub fn root(&self) -> &Path {
        self.root.path()
    }

    /// Every file under the sandbox's sessions folder but the store's own dot files (the
    /// derived briefs, unfinished writes), sorted.
    pub fn record_files(&self) -> Vec<PathBuf> {
        let mut files = Vec::new();
        let mut folders = vec![self.home().join("sessions")];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
                if entry.file_name().to_string_lossy().starts_with('.') {
                    continue;
                }
                if entry.path().is_dir() {
                    folders.push(entry.path());
                } else {
                    files.push(entry.path());
                }
            }
        }
        files.sort();
        files
    }
}

/// Writes `record` where the store keeps it (`sessions/YYYY/MM/<id>.json`), pretty-printed.
pub fn save(sandbox: &Sandbox, record: &Value) -> PathBuf {
    let id = record["id"].as_str().unwrap();
    sandbox.write(
        &record_path(id),
        &serde_json::to_string_pretty(record).unwrap(),
    )
}

/// A file's permission bits (`0o600`).
pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// Standard output of a successful run, as text.
pub fn stdout_of(cmd: &mut Command) -> String {
    let output = cmd.output().unwrap();
    assert!(
        output.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Asserts a bad-input failure: status 2, one line on stderr containing `needle`, nothing on
/// stdout.
pub fn assert_bad_input(cmd: &mut Command, needle: &str) {
    let output = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "stderr: {stderr}");
    assert_eq!(
        stderr.lines().count(),
        1,
        "expected one line, got: {stderr}"
    );
    assert!(stderr.contains(needle), "expected {needle:?} in: {stderr}");
    assert!(
        output.stdout.is_empty(),
        "stdout: {}",
        String::from_utf8_lossy(&output.stdout)
    );
}

/// Asserts a usage error: status 2, nothing on stdout, and on stderr exactly the line
/// `rehearse: <problem>` and, when `hint` is given, the line `rehearse: hint: <hint>`.
pub fn assert_usage_error(cmd: &mut Command, problem: &str, hint: Option<&str>) {
    let output = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "stderr: {stderr}");
    let mut expected = vec![format!("rehearse: {problem}")];
    expected.extend(hint.map(|hint| format!("rehearse: hint: {hint}")));
    assert_eq!(stderr.lines().collect::<Vec<_>>(), expected);
    assert!(
        output.stdout.is_empty(),
        "stdout: {}",
        String::from_utf8_lossy(&output.stdout)
    );
}

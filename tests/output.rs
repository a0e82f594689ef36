//! A measured answer is never lost to an output problem: a closed pipe or a full disk on
//! standard output or standard error still saves the record, says what it could, and ends
//! with exit status 3 ("saved, but not all was reported").

mod common;

use std::io::{Read, Write};
use std::process::{Command, Stdio};

use common::Sandbox;

fn command(sandbox: &Sandbox, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rehearse"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", sandbox.root())
        .env("REHEARSE_HOME", sandbox.home())
        .args(args);
    cmd
}

fn full() -> std::fs::File {
    std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap()
}

#[test]
fn a_drill_whose_stdout_closes_after_the_question_still_saves() {
    let sandbox = Sandbox::new();
    let mut child = command(&sandbox, &["drill", "--plain", "--min", "0", "--max", "5s"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read the question's first line, then close the pipe, as `head -1` does.
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 1];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    child.stdin.take().unwrap().write_all(b"\n").unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("rehearse: saved as "), "{stderr}");
    assert_eq!(sandbox.record_files().len(), 1);
}

#[test]
fn a_drill_with_stderr_full_saves_and_says_so_by_its_status() {
    let sandbox = Sandbox::new();
    // One line: an answer ended by the person (input that ends at once is no answer).
    let line = sandbox.root().join("one-line.txt");
    std::fs::write(&line, "\n").unwrap();
    let output = command(&sandbox, &["drill", "--plain", "--min", "0", "--max", "5s"])
        .stdin(std::fs::File::open(&line).unwrap())
        .stderr(full())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3));
    assert_eq!(sandbox.record_files().len(), 1);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("streak 1 day"), "{stdout}");
}

#[test]
fn a_log_whose_summary_cannot_be_written_is_saved_once_and_says_so() {
    let sandbox = Sandbox::new();
    let output = command(
        &sandbox,
        &["log", "--prompt", "conflict-manager", "--duration", "2m"],
    )
    .stdout(full())
    .output()
    .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    let id = stderr
        .lines()
        .find_map(|line| line.strip_prefix("rehearse: saved as "))
        .unwrap_or_else(|| panic!("no id in {stderr}"));
    assert!(stderr.contains("do not log it again"), "{stderr}");
    let files = sandbox.record_files();
    assert_eq!(files.len(), 1);
    assert!(files[0].ends_with(format!("{id}.json")));
}

//! End-to-end: usage, bad input on the command line, completions and the man page.

mod common;

use common::{Sandbox, assert_bad_input, stdout_of};

#[test]
fn bad_durations_are_one_line_errors_with_status_two() {
    let sandbox = Sandbox::new();
    assert_bad_input(
        sandbox.cmd().args(["drill", "--min", "2x"]),
        "bad duration '2x'",
    );
    assert_bad_input(
        sandbox.cmd().args(["drill", "--max", "1:99"]),
        "bad duration '1:99'",
    );
    assert!(!sandbox.home().exists());
}

#[test]
fn min_above_max_is_refused() {
    let sandbox = Sandbox::new();
    assert_bad_input(
        sandbox.cmd().args(["drill", "--min", "3m", "--max", "2m"]),
        "--min 3m is above --max 2m",
    );
    assert_bad_input(
        sandbox.cmd().args(["drill", "--min", "4m"]),
        "--min 4m is above the default --max 3m",
    );
}

#[test]
fn an_unknown_prompt_id_is_refused() {
    let sandbox = Sandbox::new();
    assert_bad_input(
        sandbox.cmd().args(["drill", "--prompt", "conflict-managr"]),
        "unknown prompt 'conflict-managr'",
    );
}

#[test]
fn every_duration_form_is_accepted() {
    let sandbox = Sandbox::new();
    for (min, max) in [
        ("90", "100"),
        ("90s", "2m"),
        ("2m", "2m30s"),
        ("1:30", "1:45"),
    ] {
        sandbox
            .cmd()
            .args(["drill", "--seed", "1", "--min", min, "--max", max])
            .write_stdin("\n")
            .assert()
            .success();
    }
}

#[test]
fn completions_and_man_page_come_from_the_same_definition() {
    let sandbox = Sandbox::new();
    let bash = stdout_of(sandbox.cmd().args(["completions", "bash"]));
    assert!(
        bash.contains("rehearse") && bash.contains("--category"),
        "bash completion lacks options"
    );
    let zsh = stdout_of(sandbox.cmd().args(["completions", "zsh"]));
    assert!(zsh.starts_with("#compdef rehearse"));
    let man = stdout_of(sandbox.cmd().arg("man"));
    assert!(man.contains(".TH rehearse"), "not a man page");
    assert_bad_input(
        sandbox.cmd().args(["completions", "tcsh"]),
        "invalid value 'tcsh'",
    );
}

#[test]
fn help_and_version_succeed() {
    let sandbox = Sandbox::new();
    let help = stdout_of(sandbox.cmd().arg("--help"));
    for command in ["drill", "pick", "prompts", "completions", "man"] {
        assert!(help.contains(command), "help lacks {command}");
    }
    let version = stdout_of(sandbox.cmd().arg("--version"));
    assert!(version.starts_with("rehearse "));
}

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
    // The registration calls the binary back, which completes from the same definition.
    assert!(
        bash.contains("COMPLETE=\"bash\"") && bash.contains("_clap_complete_rehearse rehearse"),
        "{bash}"
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

#[test]
fn usage_errors_show_typed_control_characters_made_visible() {
    let sandbox = Sandbox::new();
    let output = sandbox.cmd().arg("\u{1b}]2;HACKED\u{7}").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("'^[]2;HACKED^G'"), "{stderr}");
    assert!(!stderr.contains(['\u{1b}', '\u{7}']), "{stderr:?}");
    assert_bad_input(
        sandbox.cmd().args([
            "log",
            "--prompt",
            "conflict-manager",
            "--duration",
            "\u{9b}31m\nrehearse: saved",
        ]),
        "bad duration 'M-^[31m^Jrehearse: saved'",
    );
    assert!(!sandbox.home().exists());
}

#[test]
fn a_usage_error_with_stderr_full_still_ends_with_status_two() {
    let sandbox = Sandbox::new();
    let full = || {
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    for args in [&["log", "--duration", "2x"][..], &["no-such-command"]] {
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_rehearse"))
            .env_clear()
            .env("REHEARSE_HOME", sandbox.home())
            .args(args)
            .stderr(full())
            .status()
            .unwrap();
        assert_eq!(status.code(), Some(2), "{args:?}");
    }
}

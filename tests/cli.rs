//! End-to-end: usage, bad input on the command line, completions and the man page.

mod common;

use clap::ValueEnum;
use common::{Sandbox, assert_bad_input, assert_usage_error, stdout_of};
use rehearse::config::ColorChoice;
use rehearse::report::export::Format;

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
    assert_usage_error(
        sandbox.cmd().args(["completions", "tcsh"]),
        &format!(
            "invalid value 'tcsh' for '<SHELL>': valid values are {}",
            names_of::<clap_complete::Shell>()
        ),
        Some("did you mean 'zsh'?"),
    );
}

/// The names a closed choice takes on the command line, as its own definition gives them.
fn names_of<T: ValueEnum>() -> String {
    T::value_variants()
        .iter()
        .filter_map(|variant| variant.to_possible_value())
        .map(|value| value.get_name().to_owned())
        .collect::<Vec<_>>()
        .join(", ")
}

#[test]
fn a_bad_value_of_a_closed_choice_lists_the_valid_ones() {
    let sandbox = Sandbox::new();
    assert_usage_error(
        sandbox.cmd().args(["export", "--format", "xml"]),
        &format!(
            "invalid value 'xml' for '--format <FORMAT>': valid values are {}",
            names_of::<Format>()
        ),
        None,
    );
    assert_usage_error(
        sandbox.cmd().args(["--color", "sometimes", "history"]),
        &format!(
            "invalid value 'sometimes' for '--color <WHEN>': valid values are {}",
            names_of::<ColorChoice>()
        ),
        None,
    );
    assert_usage_error(
        sandbox.cmd().args(["completions", "nushell"]),
        &format!(
            "invalid value 'nushell' for '<SHELL>': valid values are {}",
            names_of::<clap_complete::Shell>()
        ),
        None,
    );
    // A near miss is named as well.
    assert_usage_error(
        sandbox.cmd().args(["export", "--format", "jsn"]),
        &format!(
            "invalid value 'jsn' for '--format <FORMAT>': valid values are {}",
            names_of::<Format>()
        ),
        Some("did you mean 'json'?"),
    );
    assert!(!sandbox.home().exists());
}

#[test]
fn usage_errors_are_one_line_and_one_hint() {
    let sandbox = Sandbox::new();
    for (typed, meant) in [
        (&["stoires"][..], "stories"),
        (&["restroe"], "restore"),
        (&["exprot"], "export"),
        (&["stories", "renmae"], "rename"),
    ] {
        assert_usage_error(
            sandbox.cmd().args(typed),
            &format!("unknown command '{}'", typed[typed.len() - 1]),
            Some(&format!("did you mean '{meant}'?")),
        );
    }
    assert_usage_error(
        sandbox.cmd().args(["--min", "3s"]),
        "unexpected argument '--min'",
        Some("drill options go after `drill`: rehearse drill --min 3s"),
    );
    assert_usage_error(
        sandbox
            .cmd()
            .args(["--home", "/tmp/x y", "--no-bell", "--plain"]),
        "unexpected argument '--no-bell'",
        Some("drill options go after `drill`: rehearse drill --home '/tmp/x y' --no-bell --plain"),
    );
    assert_usage_error(
        sandbox.cmd().args(["pick", "--nope"]),
        "unexpected argument '--nope'",
        Some("see `rehearse pick --help`"),
    );
    assert_usage_error(
        sandbox.cmd().args(["histroy"]),
        "unknown command 'histroy'",
        Some("did you mean 'history'?"),
    );
    assert_usage_error(
        sandbox.cmd().args(["stories", "frob"]),
        "unknown command 'frob'",
        Some("commands: show, add, edit, rename, rm, coverage, import"),
    );
    assert_usage_error(
        sandbox.cmd().args(["show"]),
        "the required argument was not given: <ID>",
        Some("usage: rehearse show <ID>"),
    );
    assert_usage_error(
        sandbox.cmd().arg("log"),
        "the required arguments were not given: --prompt <ID>, --duration <DURATION>",
        Some("usage: rehearse log --prompt <ID> --duration <DURATION>"),
    );
    assert_usage_error(
        sandbox
            .cmd()
            .args(["drill", "--prompt", "conflict-manager", "--category", "x"]),
        "'--prompt <ID>' cannot be used with '--category <CAT>'",
        Some("usage: rehearse drill --prompt <ID>"),
    );
    assert_usage_error(
        sandbox.cmd().args(["stories", "--json", "show", "x"]),
        "'show' cannot be used with '--json'",
        Some("usage: rehearse stories [OPTIONS]"),
    );
    assert_usage_error(
        sandbox.cmd().args(["drill", "--count", "0"]),
        "invalid value '0' for '--count <N>': 0 is not between 1 and 50",
        None,
    );
    assert_usage_error(
        sandbox.cmd().args(["history", "--limit", "abc"]),
        "invalid value 'abc' for '--limit <N>': not a whole number",
        None,
    );
    assert_usage_error(
        sandbox.cmd().args(["--json", "history"]),
        "unexpected argument '--json'",
        Some("history options go after `history`: rehearse history --json"),
    );
    assert!(!sandbox.home().exists());
}

#[test]
fn help_and_version_succeed() {
    let sandbox = Sandbox::new();
    let help = stdout_of(sandbox.cmd().arg("--help"));
    assert!(stdout_of(sandbox.cmd().arg("-h")).starts_with("Practise"));
    let drill_help = stdout_of(sandbox.cmd().args(["drill", "--help"]));
    assert!(drill_help.contains("--min <DURATION>"), "{drill_help}");
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

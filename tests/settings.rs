//! Settings end to end: every switch both ways over `config.toml`, as `rehearse config`
//! shows them; limits judged on the values in effect; what a broken file does and does not
//! stop.

mod common;

use common::{Sandbox, assert_bad_input, stdout_of};

/// The value and source `rehearse config` shows for `name`.
fn shown(output: &str, name: &str) -> (String, String) {
    let line = output
        .lines()
        .find(|line| {
            line.strip_prefix(name)
                .is_some_and(|rest| rest.starts_with(' '))
        })
        .unwrap_or_else(|| panic!("no {name} line in:\n{output}"));
    let rest = line[name.len()..].trim();
    let open = rest.rfind('(').unwrap();
    (
        rest[..open].trim().to_string(),
        rest[open + 1..].trim_end_matches(')').to_string(),
    )
}

/// Every switch: (config key, flag that turns it on, flag that turns it off).
const SWITCHES: [(&str, &str, &str); 5] = [
    ("bell", "--bell", "--no-bell"),
    ("speak", "--speak", "--no-speak"),
    ("follow_ups", "--follow-ups", "--no-follow-ups"),
    ("auto_stop", "--auto-stop", "--no-auto-stop"),
    ("review", "--review", "--no-review"),
];

#[test]
fn every_switch_is_turned_both_ways_by_a_flag_over_the_file() {
    let sandbox = Sandbox::new();
    for (key, on, off) in SWITCHES {
        for (file_value, flag, expected) in [("true", off, "off"), ("false", on, "on")] {
            sandbox.write("config.toml", &format!("{key} = {file_value}\n"));
            let output = stdout_of(sandbox.cmd().args(["config", flag]));
            assert_eq!(
                shown(&output, key),
                (expected.to_string(), format!("flag: {flag}")),
                "{key} = {file_value} with {flag}"
            );
            let output = stdout_of(sandbox.cmd().arg("config"));
            let from_file = if file_value == "true" { "on" } else { "off" };
            assert_eq!(
                shown(&output, key),
                (from_file.to_string(), "file".to_string())
            );
            // The later of the two flags wins.
            let output = stdout_of(sandbox.cmd().args(["config", on, off, on, off]));
            assert_eq!(shown(&output, key).0, "off");
        }
    }
}

#[test]
fn duration_flags_show_as_flags() {
    let sandbox = Sandbox::new();
    sandbox.write("config.toml", "min = \"1m\"\nprep = 5\ncount = 3\n");
    let output = stdout_of(
        sandbox
            .cmd()
            .args(["config", "--min", "90s", "--count", "2"]),
    );
    assert_eq!(
        shown(&output, "min"),
        ("1m30s".into(), "flag: --min".into())
    );
    assert_eq!(shown(&output, "prep"), ("5s".into(), "file".into()));
    assert_eq!(
        shown(&output, "count"),
        ("2".into(), "flag: --count".into())
    );
}

#[test]
fn a_file_min_above_the_default_max_is_mended_by_a_max_flag() {
    let sandbox = Sandbox::new();
    let path = sandbox.write("config.toml", "min = \"4m\"\n");
    assert_bad_input(
        sandbox
            .cmd()
            .args(["drill", "--plain", "--prompt", "conflict-manager"])
            .write_stdin("\n"),
        &format!(
            "{}:1: min 4m is above the default max 3m: set max too",
            path.display()
        ),
    );
    assert!(sandbox.record_files().is_empty());
    let out = stdout_of(
        sandbox
            .cmd()
            .args([
                "drill",
                "--plain",
                "--prompt",
                "conflict-manager",
                "--max",
                "5m",
            ])
            .write_stdin("\n"),
    );
    assert!(out.contains("short by 4:00.0"), "{out}");
    // Commands that need no window are not stopped by it.
    stdout_of(sandbox.cmd().arg("history"));
}

#[test]
fn every_problem_in_the_file_is_named_and_nothing_runs() {
    let sandbox = Sandbox::new();
    let path = sandbox.write(
        "config.toml",
        "bell = 3\nmn = \"2m\"\ncount = 99\n[guide]\nS = 50\nT = 10\nA = 20\nR = 10\n",
    );
    let output = sandbox.cmd().arg("pick").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    let shown = path.display().to_string();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 4, "{stderr}");
    for (line, number) in lines.iter().zip(["1", "2", "3", "4"]) {
        assert_eq!(
            line.strip_prefix(&format!("rehearse: {shown}:{number}: "))
                .map(|_| ()),
            Some(()),
            "{line} is not line {number}"
        );
    }
}

#[test]
fn a_broken_file_does_not_stop_completions_or_the_man_page() {
    let sandbox = Sandbox::new();
    sandbox.write("config.toml", "this is = not toml = at all\n");
    let completions = stdout_of(sandbox.cmd().args(["completions", "bash"]));
    assert!(completions.contains("rehearse"), "{completions}");
    let man = stdout_of(sandbox.cmd().arg("man"));
    assert!(man.contains(".TH"), "{man}");
    assert_eq!(
        sandbox.cmd().arg("history").output().unwrap().status.code(),
        Some(2)
    );
}

#[test]
fn help_gives_the_built_in_default_not_a_claim_the_file_can_break() {
    let sandbox = Sandbox::new();
    let help = stdout_of(sandbox.cmd().args(["drill", "--help"]));
    let help = help.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(help.contains("built-in: 2m; config.toml: min"), "{help}");
    assert!(help.contains("--no-bell"), "{help}");
    assert!(!help.contains("[default: 2m]"), "{help}");
}

#[test]
fn durations_no_one_answers_for_are_refused() {
    let sandbox = Sandbox::new();
    for args in [
        &[
            "log",
            "--prompt",
            "conflict-manager",
            "--duration",
            "99999999h",
        ][..],
        &[
            "log",
            "--prompt",
            "conflict-manager",
            "--duration",
            "18446744073709551615ms",
        ],
        &["drill", "--plain", "--min", "1s", "--max", "25h"],
    ] {
        assert_bad_input(sandbox.cmd().args(args).write_stdin("\n"), "at most 24h");
    }
    // A negative duration is a bad duration, not an unknown flag.
    assert_bad_input(
        sandbox
            .cmd()
            .args(["log", "--prompt", "conflict-manager", "--duration", "-1s"]),
        "bad duration '-1s'",
    );
    assert!(!sandbox.home().exists());
}

//! `rehearse config` and the settings file `<home>/config.toml`, run as the binary.

mod common;

use common::{Sandbox, assert_bad_input, stdout_of};

/// The line of `output` that starts with `name`, split into its value and its source.
fn line<'a>(output: &'a str, name: &str) -> (&'a str, &'a str) {
    let line = output
        .lines()
        .find(|line| {
            line.strip_prefix(name)
                .is_some_and(|rest| rest.starts_with(' '))
        })
        .unwrap_or_else(|| panic!("no {name} line in:\n{output}"));
    let rest = line[name.len()..].trim();
    let open = rest.rfind('(').unwrap();
    (rest[..open].trim(), rest[open + 1..].trim_end_matches(')'))
}

#[test]
fn without_a_file_everything_is_default_and_nothing_is_created() {
    let sandbox = Sandbox::new();
    let output = stdout_of(sandbox.cmd().arg("config"));
    let home = sandbox.home().display().to_string();
    assert_eq!(
        line(&output, "home"),
        (home.as_str(), "environment: REHEARSE_HOME")
    );
    let file = sandbox.home().join("config.toml").display().to_string();
    assert_eq!(
        line(&output, "config file"),
        (file.as_str(), "not there: defaults in use")
    );
    assert_eq!(line(&output, "color"), ("auto: off", "default"));
    assert_eq!(line(&output, "width"), ("no limit", "default"));
    assert_eq!(line(&output, "min"), ("2m", "default"));
    assert_eq!(line(&output, "max"), ("3m", "default"));
    assert_eq!(line(&output, "prep"), ("10s", "default"));
    assert_eq!(line(&output, "bell"), ("on", "default"));
    assert_eq!(line(&output, "speak"), ("off", "default"));
    assert_eq!(line(&output, "follow_ups"), ("off", "default"));
    assert_eq!(line(&output, "count"), ("1", "default"));
    assert_eq!(
        line(&output, "guide"),
        ("S 15%  T 10%  A 55%  R 20%", "default")
    );
    assert!(!sandbox.home().exists(), "rehearse config created the home");
}

#[test]
fn values_from_the_file_say_so() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "config.toml",
        "# mine\nmax = \"2m30s\"\nprep = 10\nspeak = true\ncount = 3\n\n[guide]\nS = 20\nT = 10\nA = 50\nR = 20\n",
    );
    let output = stdout_of(sandbox.cmd().arg("config"));
    assert_eq!(line(&output, "config file").1, "read");
    assert_eq!(line(&output, "min"), ("2m", "default"));
    assert_eq!(line(&output, "max"), ("2m30s", "file"));
    assert_eq!(line(&output, "prep"), ("10s", "file"));
    assert_eq!(line(&output, "bell"), ("on", "default"));
    assert_eq!(line(&output, "speak"), ("on", "file"));
    assert_eq!(line(&output, "count"), ("3", "file"));
    assert_eq!(
        line(&output, "guide"),
        ("S 20%  T 10%  A 50%  R 20%", "file")
    );
}

#[test]
fn home_and_color_flags_show_as_flags() {
    let sandbox = Sandbox::new();
    let other = sandbox.root().join("elsewhere");
    let output = stdout_of(
        sandbox
            .cmd()
            .args(["config", "--color", "never", "--home"])
            .arg(&other),
    );
    let shown = other.display().to_string();
    assert_eq!(line(&output, "home"), (shown.as_str(), "flag: --home"));
    assert_eq!(line(&output, "color"), ("never", "flag: --color"));
    assert!(!other.exists());
}

#[test]
fn no_color_shows_as_the_environment() {
    let sandbox = Sandbox::new();
    let output = stdout_of(sandbox.cmd().env("NO_COLOR", "1").arg("config"));
    assert_eq!(
        line(&output, "color"),
        ("auto: off", "environment: NO_COLOR")
    );
}

#[test]
fn a_bad_file_stops_other_commands_with_its_line() {
    let sandbox = Sandbox::new();
    let path = sandbox.write("config.toml", "min = \"1m\"\nbell = false\ncont = 3\n");
    assert_bad_input(
        sandbox.cmd().arg("pick"),
        &format!(
            "{}:3: unknown key 'cont' (did you mean 'count'?)",
            path.display()
        ),
    );
    sandbox.write("config.toml", "[guide]\nS = 15\nT = 10\nA = 55\nR = 25\n");
    assert_bad_input(
        sandbox.cmd().arg("config"),
        "config.toml:1: guide adds up to 105%, not 100%",
    );
}

#[test]
fn drill_and_log_both_judge_against_the_window_in_the_file() {
    let sandbox = Sandbox::new();
    sandbox.write("config.toml", "min = \"1m\"\nmax = \"2m\"\n");
    let out =
        stdout_of(
            sandbox
                .cmd()
                .args(["log", "--prompt", "conflict-manager", "--duration", "90"]),
        );
    assert!(out.contains("1:30.0  in window"), "{out}");
    let out = stdout_of(
        sandbox
            .cmd()
            .args(["drill", "--plain", "--prompt", "mistake-biggest-failure"])
            .write_stdin("\n"),
    );
    assert!(out.contains("short by 1:00.0"), "{out}");
    for path in sandbox.record_files() {
        let record: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        assert_eq!(
            record["window"],
            serde_json::json!({"min_s": 60, "max_s": 120})
        );
    }
}

#[test]
fn the_width_lists_are_fitted_to_comes_from_columns() {
    let sandbox = Sandbox::new();
    let output = stdout_of(sandbox.cmd().env("COLUMNS", "72").arg("config"));
    assert_eq!(
        line(&output, "width"),
        ("72 columns", "environment: COLUMNS")
    );
}

//! End-to-end: how long a story takes to say, in `stories`, `stories show` and their JSON,
//! at the built-in pace, the settings file's and `--pace`.

mod common;

use common::{Sandbox, assert_bad_input, stdout_of};
use serde_json::Value;

const MIGRATION: &str = include_str!("fixtures/stories/billing-migration.md");

fn with_migration() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.write("stories/billing-migration.md", MIGRATION);
    sandbox
}

fn json_of(cmd: &mut assert_cmd::Command) -> Value {
    serde_json::from_str(&stdout_of(cmd)).unwrap()
}

#[test]
fn a_long_story_says_its_length_per_part_and_where_to_cut() {
    let sandbox = with_migration();
    let out = stdout_of(sandbox.cmd().args(["stories", "show", "moving"]));
    for expected in [
        "\nSituation  122 words, about 0:49\n",
        "\nTask  58 words, about 0:23\n",
        "\nAction  271 words, about 1:48\n",
        "\nResult  148 words, about 0:59\n",
        "\nLearning  48 words, about 0:19\n",
        "\nLength\n  about 4:19 spoken; the window is 2:00-3:00: cut about a third, \
         most of it from Situation (122 words, guide 15%)\n",
    ] {
        assert!(out.contains(expected), "{expected:?} in\n{out}");
    }
    let table = stdout_of(sandbox.cmd().arg("stories"));
    let header = table.lines().next().unwrap();
    let row = table.lines().nth(1).unwrap();
    let column = header.find("spoken").unwrap();
    assert_eq!(
        row[..column + "spoken".len()].trim_end().rsplit(' ').next(),
        Some("4:19"),
        "{table}"
    );
}

#[test]
fn the_pace_comes_from_the_flag_over_the_settings_file() {
    let sandbox = with_migration();
    sandbox.write("config.toml", "pace = 120\nmax = \"6m\"\n");
    let length = |args: &[&str]| {
        let out = stdout_of(sandbox.cmd().args(args));
        let at = out.find("\nLength\n").unwrap();
        out[at..].lines().nth(2).unwrap().trim().to_string()
    };
    assert_eq!(
        length(&["stories", "show", "moving"]),
        "about 5:24 spoken: within the window 2:00-6:00"
    );
    let fast = json_of(
        sandbox
            .cmd()
            .args(["stories", "show", "moving", "--json", "--pace", "300"]),
    );
    assert_eq!(fast["pace"], 300);
    assert_eq!(fast["spoken_s"], 129);
    assert_eq!(
        fast["length"],
        "about 2:09 spoken: within the window 2:00-6:00"
    );
    let listed = json_of(sandbox.cmd().args(["stories", "--json", "--pace", "60"]));
    assert_eq!(listed[0]["words"], 647);
    assert_eq!(listed[0]["spoken_s"], 647);
}

#[test]
fn the_json_gives_words_and_seconds_for_the_story_and_each_part() {
    let sandbox = with_migration();
    let story = json_of(sandbox.cmd().args(["stories", "show", "billing", "--json"]));
    assert_eq!(story["words"], 647);
    assert_eq!(story["spoken_s"], 259);
    assert_eq!(story["pace"], 150);
    let parts = story["parts"].as_object().unwrap();
    let mut letters: Vec<&str> = parts.keys().map(String::as_str).collect();
    letters.sort_unstable();
    assert_eq!(letters, ["A", "L", "R", "S", "T"]);
    let words: u64 = parts
        .values()
        .map(|part| part["words"].as_u64().unwrap())
        .sum();
    assert_eq!(words, 647, "the parts add up to the story");
    assert_eq!(parts["A"]["words"], 271);
    assert_eq!(parts["A"]["spoken_s"], 108);
    assert!(
        parts["R"]["text"]
            .as_str()
            .unwrap()
            .starts_with("We moved all four")
    );
    assert_eq!(story["used"], 0);
    assert_eq!(story["recent"], Value::Array(Vec::new()));
}

#[test]
fn a_story_with_no_words_yet_has_no_length_to_show() {
    let sandbox = Sandbox::new();
    sandbox.write("stories/empty.md", "# Empty one\n\nCategories: conflict\n");
    let out = stdout_of(sandbox.cmd().args(["stories", "show", "empty"]));
    assert!(!out.contains("Length"), "{out}");
    assert!(!out.contains("words"), "{out}");
    let table = stdout_of(sandbox.cmd().arg("stories"));
    assert!(
        table.lines().nth(1).unwrap().contains("- - - - -       -"),
        "{table}"
    );
    let story = json_of(sandbox.cmd().args(["stories", "show", "empty", "--json"]));
    assert_eq!(
        (story["words"].as_u64(), story["spoken_s"].as_u64()),
        (Some(0), Some(0))
    );
    assert_eq!(story["length"], Value::Null);
}

#[test]
fn a_pace_no_one_speaks_at_is_refused() {
    let sandbox = with_migration();
    assert_bad_input(
        sandbox
            .cmd()
            .args(["stories", "show", "moving", "--pace", "20"]),
        "--pace",
    );
    sandbox.write("config.toml", "pace = 900\n");
    assert_bad_input(
        sandbox.cmd().args(["stories", "show", "moving"]),
        "config.toml:1: pace must be the words a minute you speak at, from 60 to 300, or the range to aim at as [low, high]",
    );
    for range in ["[170, 130]", "[120]", "[50, 160]", "[\"120\", 160]"] {
        sandbox.write("config.toml", &format!("pace = {range}\n"));
        assert_bad_input(
            sandbox.cmd().args(["stories", "show", "moving"]),
            "config.toml:1: pace must be",
        );
    }
}

#[test]
fn a_pace_range_is_the_aim_and_its_middle_the_pace_a_story_is_timed_at() {
    let sandbox = with_migration();
    let config_line = |sandbox: &Sandbox| {
        let out = stdout_of(sandbox.cmd().arg("config"));
        out.lines()
            .find(|line| line.starts_with("pace"))
            .unwrap()
            .to_string()
    };
    assert!(
        config_line(&sandbox).contains("150 words a minute (aim 130 to 170)"),
        "{}",
        config_line(&sandbox)
    );
    let at_140 = {
        sandbox.write("config.toml", "pace = 140\n");
        length_line(&sandbox)
    };
    sandbox.write("config.toml", "pace = [120, 160]\n");
    assert!(
        config_line(&sandbox).contains("140 words a minute (aim 120 to 160)"),
        "{}",
        config_line(&sandbox)
    );
    assert_eq!(length_line(&sandbox), at_140);
}

/// The line under `Length` in `stories show moving`.
fn length_line(sandbox: &Sandbox) -> String {
    let out = stdout_of(sandbox.cmd().args(["stories", "show", "moving"]));
    let at = out.find("\nLength\n").unwrap();
    out[at..].lines().nth(2).unwrap().trim().to_string()
}

#[test]
fn a_cut_beyond_three_quarters_is_a_percentage_and_a_small_one_is_seconds() {
    let sandbox = with_migration();
    for (settings, cut) in [
        ("min = \"30s\"\nmax = \"1m\"\n", "0:30-1:00: cut about 77%,"),
        ("max = \"4m10s\"\n", "2:00-4:10: cut about 9 seconds,"),
    ] {
        sandbox.write("config.toml", settings);
        let length = length_line(&sandbox);
        let expected = format!("about 4:19 spoken; the window is {cut} most of it from");
        assert!(length.starts_with(&expected), "{length}");
    }
}

#[test]
fn a_window_with_min_above_max_is_named_once_and_the_length_still_shown() {
    let sandbox = with_migration();
    sandbox.write("config.toml", "min = \"4m\"\nmax = \"3m\"\n");
    let warning =
        "config.toml:1: min 4m is above max 3m (story lengths are shown without the answer window";
    for args in [
        &["stories", "show", "moving"][..],
        &["stories", "show", "moving", "--json"],
        &["stories"],
    ] {
        let output = sandbox.cmd().args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
        assert_eq!(stderr.matches(warning).count(), 1, "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
    }
    assert_eq!(length_line(&sandbox), "about 4:19 spoken");
    let json = json_of(sandbox.cmd().args(["stories", "show", "moving", "--json"]));
    assert_eq!(json["length"], "about 4:19 spoken");
}

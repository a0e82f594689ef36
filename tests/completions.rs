//! Completions that know the person's data, end to end: the binary is asked for candidates
//! the way each shell's registered script asks (`COMPLETE=<shell>` and the variables
//! clap_complete's scripts set), in a sample home with prompts, stories, sessions and trash.

mod common;

use common::{Sandbox, save, stdout_of};
use rehearse::testkit::{SessionBuilder, prompt_file, story_file};

const SESSION: &str = "20261123-073105-k3f9";
const TRASHED: &str = "20261124-073105-zz01";

fn sample_home() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.write(
        "prompts/sales.toml",
        &prompt_file(
            "negotiation",
            &[("negotiation-price", "How did you hold your price?")],
        ),
    );
    sandbox.write(
        "stories/audit-flag.md",
        &story_file("Audit flag broke time entry", &["mistake"], &[]),
    );
    sandbox.write(
        "stories/team-reorg.md",
        &story_file("Team reorg", &["conflict"], &[]),
    );
    for (id, at) in [
        (SESSION, "2026-11-23T07:31:05+01:00"),
        (TRASHED, "2026-11-24T07:31:05+01:00"),
    ] {
        save(
            &sandbox,
            &SessionBuilder::new("conflict-manager")
                .at(at)
                .id(id)
                .story("Team reorg")
                .json(),
        );
    }
    stdout_of(sandbox.cmd().args(["rm", TRASHED, "--yes"]));
    sandbox
}

/// What a shell's script would get back for the line `words`, its last word being the one
/// completed: bash's lines (values only), zsh's `value:description`, fish's
/// `value<TAB>description`.
fn ask(sandbox: &Sandbox, shell: &str, words: &[&str]) -> Vec<String> {
    let mut cmd = sandbox.cmd();
    cmd.env("COMPLETE", shell)
        // The index of the word completed, counting the program's name as 0.
        .env("_CLAP_COMPLETE_INDEX", words.len().to_string())
        .env("_CLAP_IFS", "\n")
        .arg("--")
        .arg("rehearse")
        .args(words);
    stdout_of(&mut cmd)
        .lines()
        .map(str::to_string)
        .filter(|line| !line.is_empty())
        .collect()
}

#[test]
fn prompt_ids_come_with_their_question_where_the_shell_shows_one() {
    let sandbox = sample_home();
    let line = ["drill", "--prompt", "negotiation-"];
    assert_eq!(ask(&sandbox, "bash", &line), ["negotiation-price"]);
    assert_eq!(
        ask(&sandbox, "zsh", &line),
        ["negotiation-price:How did you hold your price?"]
    );
    assert_eq!(
        ask(&sandbox, "fish", &line),
        ["negotiation-price\tHow did you hold your price?"]
    );
    // The built-in bank is there too, for `log` as for `drill`.
    let built_in = ask(&sandbox, "bash", &["log", "--prompt", "conflict-man"]);
    assert_eq!(built_in, ["conflict-manager"]);
}

#[test]
fn categories_are_the_banks_own_and_the_persons() {
    let sandbox = sample_home();
    for line in [
        &["pick", "--category", ""][..],
        &["drill", "--category", ""],
        &["history", "--category", ""],
        &["prompts", "--category", ""],
        &["stories", "add", "--category", ""],
    ] {
        let got = ask(&sandbox, "bash", line);
        for category in ["conflict", "customer", "hardest-problem", "negotiation"] {
            assert!(
                got.iter().any(|value| value == category),
                "{line:?}: {got:?}"
            );
        }
        assert!(!got.iter().any(|value| value.contains('/')), "{got:?}");
    }
    assert_eq!(
        ask(&sandbox, "bash", &["pick", "--category", "neg"]),
        ["negotiation"]
    );
}

#[test]
fn stories_complete_by_file_name_with_their_title() {
    let sandbox = sample_home();
    assert_eq!(
        ask(&sandbox, "fish", &["drill", "--story", ""]),
        [
            "audit-flag\tAudit flag broke time entry",
            "team-reorg\tTeam reorg"
        ]
    );
    for line in [
        &["stories", "show", "te"][..],
        &["stories", "rm", "te"],
        &["log", "--story", "te"],
        &["history", "--story", "te"],
    ] {
        assert_eq!(ask(&sandbox, "bash", line), ["team-reorg"], "{line:?}");
    }
    // What history completes, history finds.
    let found = stdout_of(
        sandbox
            .cmd()
            .args(["history", "--json", "--story", "team-reorg"]),
    );
    assert!(found.contains(SESSION), "{found}");
}

#[test]
fn session_ids_are_the_saved_ones_and_restore_offers_the_trash() {
    let sandbox = sample_home();
    for command in [
        "show",
        "edit",
        "rm",
        "play",
        "attach",
        "transcript",
        "transcribe",
    ] {
        assert_eq!(
            ask(&sandbox, "bash", &[command, "2026"]),
            [SESSION],
            "{command}"
        );
    }
    assert_eq!(
        ask(&sandbox, "zsh", &["show", "2026"]),
        [format!(
            "{SESSION}:2026-11-23 07:31 conflict-manager, Team reorg"
        )]
    );
    assert_eq!(ask(&sandbox, "bash", &["restore", "2026"]), [TRASHED]);
}

#[test]
fn the_home_named_on_the_line_is_the_one_completed_from() {
    let sandbox = sample_home();
    let other = Sandbox::new();
    other.write(
        "stories/elsewhere.md",
        &story_file("Elsewhere", &["mistake"], &[]),
    );
    let home = other.home().display().to_string();
    assert_eq!(
        ask(&sandbox, "bash", &["--home", &home, "drill", "--story", ""]),
        ["elsewhere"]
    );
    let flag = format!("--home={home}");
    assert_eq!(
        ask(&sandbox, "bash", &["show", &flag, ""])
            .iter()
            .filter(|value| !value.starts_with('-'))
            .count(),
        0
    );
    // A home that is not there gives no candidates and no noise.
    let output = sandbox
        .cmd()
        .env("COMPLETE", "bash")
        .env("_CLAP_COMPLETE_INDEX", "5")
        .args([
            "--",
            "rehearse",
            "--home",
            "/nowhere/at/all",
            "drill",
            "--story",
            "",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(output.stderr.is_empty(), "{:?}", output.stderr);
}

#[test]
fn completions_shell_prints_the_registration_that_calls_the_binary_back() {
    let sandbox = Sandbox::new();
    let bash = stdout_of(sandbox.cmd().args(["completions", "bash"]));
    assert!(bash.contains("COMPLETE=\"bash\""), "{bash}");
    assert!(
        bash.contains("-F _clap_complete_rehearse rehearse"),
        "{bash}"
    );
    let zsh = stdout_of(sandbox.cmd().args(["completions", "zsh"]));
    assert!(zsh.starts_with("#compdef rehearse"), "{zsh}");
    assert!(zsh.contains("COMPLETE=\"zsh\""), "{zsh}");
    let fish = stdout_of(sandbox.cmd().args(["completions", "fish"]));
    assert!(fish.contains("--command rehearse"), "{fish}");
    assert!(fish.contains("COMPLETE=fish rehearse"), "{fish}");
    // The variable alone prints the same registration.
    let by_variable = stdout_of(sandbox.cmd().env("COMPLETE", "fish"));
    assert_eq!(by_variable, fish);
}

//! End-to-end: looking after the story bank: `stories edit`, `rm`, `rename`, unique titles,
//! and `--story` finding an exact title first.

mod common;

use std::path::{Path, PathBuf};

use common::{Sandbox, assert_bad_input, save, stdout_of};
use rehearse::domain::star::Part;
use rehearse::testkit::{SessionBuilder, story_file};
use serde_json::Value;

const REORG: &str = "# Team reorg\n\
                     \n\
                     Categories: conflict\n\
                     Tags: people\n\
                     \n\
                     ## Situation\n\
                     Two teams were merged under me.\n\
                     \n\
                     <!-- my own note, kept as written -->\n\
                     ## Action\n\
                     Met each engineer one to one.\n";

fn with_reorg() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.write("stories/team-reorg.md", REORG);
    sandbox.write(
        "stories/auth-outage.md",
        &story_file(
            "Auth outage",
            &["ownership"],
            &[(Part::Situation, "Logins failed.")],
        ),
    );
    sandbox
}

/// Saves `count` sessions telling `story`.
fn told(sandbox: &Sandbox, story: &str, count: usize) {
    for n in 0..count {
        let record = SessionBuilder::new("conflict-code-review")
            .id(&format!("20261120-0800{n:02}-r{n:03}"))
            .at(&format!("2026-11-20T08:00:{n:02}+00:00"))
            .text("A question?")
            .answer_ms(150_000)
            .story(story);
        save(sandbox, &record.json());
    }
}

/// The story each session names, by id order.
fn session_stories(sandbox: &Sandbox) -> Vec<String> {
    let out = stdout_of(sandbox.cmd().args(["history", "--json", "--all"]));
    let rows: Value = serde_json::from_str(&out).unwrap();
    let mut named: Vec<String> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["story"].as_str().unwrap_or("-").to_string())
        .collect();
    named.sort();
    named
}

/// The files of `folder`, editing copies left behind too, but not the bank's lock file.
fn story_files(sandbox: &Sandbox, folder: &str) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(sandbox.home().join(folder)) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != ".lock")
        .collect();
    names.sort();
    names
}

/// A stand-in editor: a shell script in the sandbox with `body` (the file is `$1`).
fn editor(sandbox: &Sandbox, body: &str) -> PathBuf {
    let path = sandbox.root().join("editor.sh");
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    path
}

fn edit_with(sandbox: &Sandbox, script: &Path, name: &str) -> std::process::Output {
    sandbox
        .cmd()
        .env("EDITOR", format!("sh {}", script.display()))
        .args(["stories", "edit", name])
        .output()
        .unwrap()
}

/// Edits `team` with an editor running `body`: the exit status and the one line on stderr.
fn edit_once(sandbox: &Sandbox, body: &str) -> (Option<i32>, String) {
    let output = edit_with(sandbox, &editor(sandbox, body), "team");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    (output.status.code(), stderr)
}

fn read(sandbox: &Sandbox, relative: &str) -> String {
    std::fs::read_to_string(sandbox.home().join(relative)).unwrap()
}

#[test]
fn edit_saves_what_the_editor_wrote_and_reads_it_back() {
    let sandbox = with_reorg();
    let replacement = sandbox.root().join("new.md");
    std::fs::write(
        &replacement,
        REORG.replace(
            "Met each engineer one to one.",
            "Met each engineer, then the leads.",
        ),
    )
    .unwrap();
    let script = editor(&sandbox, &format!("cp {} \"$1\"", replacement.display()));
    let output = edit_with(&sandbox, &script, "team");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("saved "), "{stderr}");
    assert_eq!(
        read(&sandbox, "stories/team-reorg.md"),
        std::fs::read_to_string(&replacement).unwrap()
    );
    let shown = stdout_of(sandbox.cmd().args(["stories", "show", "team", "--json"]));
    let shown: Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(
        shown["parts"]["A"]["text"],
        "Met each engineer, then the leads."
    );
    assert_eq!(
        story_files(&sandbox, "stories"),
        ["auth-outage.md", "team-reorg.md"]
    );
}

#[test]
fn edit_names_each_slip_by_line_and_keeps_the_text_as_saved() {
    let sandbox = with_reorg();
    let slipped = "# Team reorg\n\nCatgories: conflict\n\n## Situaton\nTwo teams.\n\n## Action\n```\nnever closed\n";
    let replacement = sandbox.root().join("new.md");
    std::fs::write(&replacement, slipped).unwrap();
    let script = editor(&sandbox, &format!("cp {} \"$1\"", replacement.display()));
    let output = edit_with(&sandbox, &script, "team reorg");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    for expected in [
        "team-reorg.md:3: 'Catgories:' is not a key (did you mean 'Categories:'?)",
        "team-reorg.md:5: '## Situaton' is not a part (did you mean '## Situation'?)",
        "team-reorg.md:9: this code fence is never closed",
    ] {
        assert!(stderr.contains(expected), "{expected} in {stderr}");
    }
    assert_eq!(read(&sandbox, "stories/team-reorg.md"), slipped);
}

#[test]
fn an_unchanged_failed_or_missing_editor_changes_nothing() {
    let sandbox = with_reorg();
    let unchanged = editor(&sandbox, "true");
    let output = edit_with(&sandbox, &unchanged, "team");
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stderr).contains("is unchanged"));

    let failing = editor(&sandbox, "exit 7");
    let output = edit_with(&sandbox, &failing, "team");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("ended with exit status: 7"), "{stderr}");
    assert_eq!(read(&sandbox, "stories/team-reorg.md"), REORG);

    assert_bad_input(
        sandbox.cmd().args(["stories", "edit", "team"]),
        "set $VISUAL or $EDITOR to the editor to use",
    );
    assert_bad_input(
        sandbox
            .cmd()
            .env("EDITOR", "true")
            .args(["stories", "edit", "nothing"]),
        "no story matches 'nothing'",
    );
    assert_eq!(
        story_files(&sandbox, "stories"),
        ["auth-outage.md", "team-reorg.md"]
    );
}

#[test]
fn a_story_changed_during_the_edit_is_not_overwritten() {
    let sandbox = with_reorg();
    let story = sandbox.home().join("stories/team-reorg.md");
    let script = editor(
        &sandbox,
        &format!(
            "echo '# Team reorg, by another program' > {}\necho '# Team reorg, mine' > \"$1\"",
            story.display()
        ),
    );
    let output = edit_with(&sandbox, &script, "team");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("changed while you edited it"), "{stderr}");
    assert_eq!(
        read(&sandbox, "stories/team-reorg.md"),
        "# Team reorg, by another program\n"
    );
    assert_eq!(
        read(&sandbox, "stories/.editing-team-reorg.md"),
        "# Team reorg, mine\n"
    );
    // The copy left behind holds the next edit back until the person deals with it.
    let again = edit_with(&sandbox, &editor(&sandbox, "true"), "team");
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains(".editing-team-reorg.md"));
}

#[test]
fn a_title_changed_in_the_editor_offers_the_sessions_the_new_title() {
    let sandbox = with_reorg();
    told(&sandbox, "Team reorg", 2);
    let script = editor(
        &sandbox,
        "sed -i 's/^# Team reorg$/# Merging two teams/' \"$1\"",
    );
    let output = edit_with(&sandbox, &script, "team");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("2 sessions still name 'Team reorg': `rehearse stories rename \"Team reorg\" \"Merging two teams\" --sessions` changes them"),
        "{stderr}"
    );
    assert_eq!(session_stories(&sandbox), ["Team reorg", "Team reorg"]);
    // That command changes the sessions only: the story has its new title already.
    let output = sandbox
        .cmd()
        .args([
            "stories",
            "rename",
            "Team reorg",
            "Merging two teams",
            "--sessions",
        ])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        session_stories(&sandbox),
        ["Merging two teams", "Merging two teams"]
    );
    assert_eq!(
        story_files(&sandbox, "stories"),
        ["auth-outage.md", "team-reorg.md"]
    );
}

#[test]
fn rename_changes_the_title_the_file_name_and_with_sessions_the_sessions() {
    let sandbox = with_reorg();
    told(&sandbox, "team REORG", 3);
    let output = sandbox
        .cmd()
        .args(["stories", "rename", "team", "Merging two teams"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let moved = sandbox.home().join("stories/merging-two-teams.md");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        moved.display().to_string()
    );
    assert_eq!(
        story_files(&sandbox, "stories"),
        ["auth-outage.md", "merging-two-teams.md"]
    );
    // Only the title line changed; the person's own lines stay as written.
    assert_eq!(
        std::fs::read_to_string(&moved).unwrap(),
        REORG.replace("# Team reorg", "# Merging two teams")
    );
    // Without a terminal or --sessions the sessions keep their title, and say how.
    assert!(
        stderr.contains("3 sessions still name 'Team reorg'"),
        "{stderr}"
    );
    assert_eq!(session_stories(&sandbox), ["team REORG"; 3]);

    let output = sandbox
        .cmd()
        .args([
            "stories",
            "rename",
            "merging",
            "Two teams, one roadmap",
            "--sessions",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        session_stories(&sandbox),
        ["team REORG"; 3],
        "they named the old title"
    );
    stdout_of(sandbox.cmd().args([
        "stories",
        "rename",
        "team reorg",
        "Two teams, one roadmap",
        "--sessions",
    ]));
    assert_eq!(session_stories(&sandbox), ["Two teams, one roadmap"; 3]);
    let listed = stdout_of(sandbox.cmd().args(["stories", "--json"]));
    let listed: Value = serde_json::from_str(&listed).unwrap();
    let story = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["slug"] == "two-teams-one-roadmap")
        .unwrap();
    assert_eq!(story["used"], 3);
}

#[test]
fn rename_refuses_a_title_another_story_has_and_an_empty_one() {
    let sandbox = with_reorg();
    assert_bad_input(
        sandbox
            .cmd()
            .args(["stories", "rename", "team", "  AUTH   outage "]),
        "'Auth outage' is the title of auth-outage.md already",
    );
    assert_bad_input(
        sandbox.cmd().args(["stories", "rename", "team", "  "]),
        "the new title is empty",
    );
    assert_bad_input(
        sandbox.cmd().args(["stories", "rename", "zebra", "Zebras"]),
        "no story matches 'zebra'",
    );
    assert_eq!(read(&sandbox, "stories/team-reorg.md"), REORG);
    // A change of case only keeps the file name.
    stdout_of(
        sandbox
            .cmd()
            .args(["stories", "rename", "team", "Team Reorg"]),
    );
    assert_eq!(
        story_files(&sandbox, "stories"),
        ["auth-outage.md", "team-reorg.md"]
    );
    assert!(read(&sandbox, "stories/team-reorg.md").starts_with("# Team Reorg\n"));
}

#[test]
fn rm_moves_the_file_to_the_trash_and_never_replaces_one_there() {
    let sandbox = with_reorg();
    told(&sandbox, "Team reorg", 1);
    sandbox.write("trash/stories/team-reorg.md", "# An older team reorg\n");
    let output = sandbox
        .cmd()
        .args(["stories", "rm", "team"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("1 session still names 'Team reorg'"),
        "{stderr}"
    );
    let trashed = sandbox.home().join("trash/stories/team-reorg-2.md");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        trashed.display().to_string()
    );
    assert_eq!(std::fs::read_to_string(&trashed).unwrap(), REORG);
    assert_eq!(
        read(&sandbox, "trash/stories/team-reorg.md"),
        "# An older team reorg\n"
    );
    assert_eq!(story_files(&sandbox, "stories"), ["auth-outage.md"]);
    assert_eq!(session_stories(&sandbox), ["Team reorg"]);
    assert_bad_input(
        sandbox.cmd().args(["stories", "rm", "team"]),
        "no story matches 'team'",
    );
}

#[test]
fn titles_are_unique_ignoring_case_and_spacing() {
    let sandbox = with_reorg();
    assert_bad_input(
        sandbox
            .cmd()
            .args(["stories", "add", "--title", "team   REORG"]),
        "a story titled 'Team reorg' is in team-reorg.md already: change it with `rehearse stories edit team-reorg`",
    );
    assert_eq!(
        story_files(&sandbox, "stories"),
        ["auth-outage.md", "team-reorg.md"]
    );
}

#[test]
fn story_finds_an_exact_title_before_any_prefix() {
    let sandbox = with_reorg();
    sandbox.write(
        "stories/team-reorg-at-acme.md",
        &story_file("Team reorg at Acme", &["conflict"], &[]),
    );
    let log = |story: &str| {
        stdout_of(sandbox.cmd().args([
            "log",
            "--prompt",
            "conflict-code-review",
            "--duration",
            "2m",
            "--story",
            story,
        ]))
    };
    log("TEAM   reorg");
    log("team reorg at");
    let mut named = session_stories(&sandbox);
    named.sort();
    assert_eq!(named, ["Team reorg", "Team reorg at Acme"]);
    assert_bad_input(
        sandbox.cmd().args([
            "log",
            "--prompt",
            "conflict-code-review",
            "--duration",
            "2m",
            "--story",
            "team re",
        ]),
        "could be any of 2 stories",
    );
}

#[test]
fn a_file_name_picks_one_of_two_stories_that_share_a_title() {
    let sandbox = Sandbox::new();
    for (file, title, situation) in [
        ("mistake.md", "Mistake", "The first one."),
        ("mistake-2.md", "Mistake", "The second one."),
        ("slip.md", "Small slip", "A slip."),
        ("slip-2.md", "Small slip", "Another."),
    ] {
        let text = story_file(title, &[], &[(Part::Situation, situation)]);
        sandbox.write(&format!("stories/{file}"), &text);
    }
    let situation = |name: &str| {
        let out = stdout_of(sandbox.cmd().args(["stories", "show", name, "--json"]));
        let shown: Value = serde_json::from_str(&out).unwrap();
        shown["parts"]["S"]["text"].as_str().unwrap().to_string()
    };
    assert_eq!(situation("mistake"), "The first one.");
    assert_eq!(situation("MISTAKE.md"), "The first one.");
    assert_eq!(situation("mistake-2.md"), "The second one.");
    // A title no file is named after still has two stories to choose from.
    assert_bad_input(
        sandbox.cmd().args(["stories", "show", "small slip"]),
        "Small slip (slip.md), Small slip (slip-2.md)",
    );
}

#[test]
fn a_title_without_a_letter_or_with_a_control_character_is_refused() {
    let sandbox = with_reorg();
    for (title, problem) in [
        ("...", "has no letter or digit"),
        ("?! …", "has no letter or digit"),
        ("Team\u{1b}]0;owned\u{7}", "has a control character in it"),
        ("Team\treorg", "has a control character in it"),
    ] {
        assert_bad_input(
            sandbox.cmd().args(["stories", "add", "--title", title]),
            &format!("--title {problem}"),
        );
        assert_bad_input(
            sandbox.cmd().args(["stories", "rename", "team", title]),
            &format!("the new title {problem}"),
        );
    }
    assert_eq!(read(&sandbox, "stories/team-reorg.md"), REORG);
    assert_eq!(
        story_files(&sandbox, "stories"),
        ["auth-outage.md", "team-reorg.md"]
    );
}

#[test]
fn every_change_to_the_bank_waits_for_its_lock_and_writes_nothing_without_it() {
    let sandbox = with_reorg();
    let script = editor(&sandbox, "echo '# Team reorg, mine' > \"$1\"");
    // Another command holds the bank for longer than a writer waits.
    let held = rehearse::story::lock_stories(&sandbox.home().join("stories")).unwrap();
    let outputs: Vec<std::process::Output> = std::thread::scope(|scope| {
        let runs = [
            vec!["stories", "add", "--title", "Launch"],
            vec!["stories", "rename", "team", "Merging two teams"],
            vec!["stories", "rm", "auth"],
            vec!["stories", "edit", "team"],
        ]
        .map(|args| {
            let mut cmd = sandbox.cmd();
            cmd.env("EDITOR", format!("sh {}", script.display()))
                .args(args);
            scope.spawn(move || cmd.output().unwrap())
        });
        runs.map(|run| run.join().unwrap()).into()
    });
    drop(held);
    for output in &outputs {
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        assert!(
            stderr.contains("another rehearse is changing stories"),
            "{stderr}"
        );
    }
    let edit = String::from_utf8_lossy(&outputs[3].stderr);
    assert!(edit.contains("your version is kept in"), "{edit}");
    assert_eq!(read(&sandbox, "stories/team-reorg.md"), REORG);
    assert_eq!(
        read(&sandbox, "stories/.editing-team-reorg.md"),
        "# Team reorg, mine\n"
    );
    assert_eq!(
        story_files(&sandbox, "stories"),
        [".editing-team-reorg.md", "auth-outage.md", "team-reorg.md"]
    );
    assert!(story_files(&sandbox, "trash/stories").is_empty());
}

#[test]
fn an_editor_that_fails_after_saving_leaves_the_changes_in_the_copy() {
    let sandbox = with_reorg();
    let (status, stderr) = edit_once(&sandbox, "echo '# Team reorg, half done' > \"$1\"; exit 7");
    assert_eq!(status, Some(1), "{stderr}");
    let copy = sandbox.home().join("stories/.editing-team-reorg.md");
    assert!(
        stderr.contains(&format!(
            "ended with exit status: 7, so {} is left as it was; your changes are kept in {}: move that file over the story to keep them, or remove it",
            sandbox.home().join("stories/team-reorg.md").display(),
            copy.display()
        )),
        "{stderr}"
    );
    assert_eq!(read(&sandbox, "stories/team-reorg.md"), REORG);
    assert_eq!(
        std::fs::read_to_string(&copy).unwrap(),
        "# Team reorg, half done\n"
    );
}

#[test]
fn a_copy_saved_as_other_than_utf8_is_kept_and_not_saved() {
    let sandbox = with_reorg();
    let (status, stderr) = edit_once(&sandbox, "printf '# Caf\\351 reorg\\n' > \"$1\"");
    assert_eq!(status, Some(2), "{stderr}");
    assert!(
        stderr.contains("is not UTF-8 text, so it is not saved"),
        "{stderr}"
    );
    assert_eq!(read(&sandbox, "stories/team-reorg.md"), REORG);
    assert_eq!(
        std::fs::read(sandbox.home().join("stories/.editing-team-reorg.md")).unwrap(),
        b"# Caf\xe9 reorg\n"
    );
}

#[test]
fn an_editor_that_removes_its_copy_changes_nothing_and_says_so() {
    let sandbox = with_reorg();
    let (status, stderr) = edit_once(&sandbox, "rm \"$1\"");
    assert_eq!(status, Some(0), "{stderr}");
    assert!(
        stderr.contains("the copy being edited (")
            && stderr.contains("is gone, so nothing is saved"),
        "{stderr}"
    );
    assert!(!stderr.contains("kept in"), "{stderr}");
    assert_eq!(read(&sandbox, "stories/team-reorg.md"), REORG);
    assert_eq!(
        story_files(&sandbox, "stories"),
        ["auth-outage.md", "team-reorg.md"]
    );
}

//! Text from notes, titles, prompt files and file names never reaches the terminal as
//! control characters or escape sequences: every command for a person shows them made
//! visible, while JSON stays exact.

mod common;

use common::{Sandbox, save};
use rehearse::testkit::{SessionBuilder, prompt_file, record_path, story_file};

/// Sequences that would take over a terminal: rename its title, write the clipboard, clear
/// the screen, hide the cursor, leave the alternate screen, a C1 introducer, a bell.
const HOSTILE: &str =
    "\u{1b}]2;pwned\u{7} \u{1b}]52;c;aGk=\u{7} \u{1b}[2J \u{1b}[?25l \u{1b}[?1049l \u{9b}31m \u{7}";

/// A home where every kind of text holds the hostile sequences.
fn hostile_home() -> Sandbox {
    let sandbox = Sandbox::new();
    let session = SessionBuilder::new("conflict-manager")
        .id("20261120-080000-evil")
        .at("2026-11-20T08:00:00+01:00")
        .story(&format!("Story {HOSTILE}"))
        .note(&format!("Note {HOSTILE}"))
        .scores("2122")
        .text(&format!("Question {HOSTILE}"));
    save(&sandbox, &session.json());
    sandbox.write(
        "stories/evil.md",
        &story_file(&format!("Story {HOSTILE}"), &["conflict"], &[]),
    );
    // A damaged record whose file name holds an escape: the warning names it.
    sandbox.write(&record_path("20261121-080000-bad\u{1b}[2J"), "{ not json");
    sandbox
}

/// Asserts that `bytes` hold no control character but line breaks and tabs.
fn assert_harmless(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let bad: Vec<char> = text
        .chars()
        .filter(|&c| {
            (c.is_control() && c != '\n' && c != '\t') || ('\u{80}'..='\u{9f}').contains(&c)
        })
        .collect();
    assert!(bad.is_empty(), "{what} let through {bad:?}:\n{text}");
}

#[test]
fn no_command_for_a_person_lets_a_sequence_through() {
    let sandbox = hostile_home();
    for args in [
        &["history"][..],
        &["history", "--all"],
        &["show", "evil"],
        &["stats"],
        &["stories"],
        &["stories", "show", "story"],
        &["stories", "coverage"],
        &["pick"],
        &["config"],
    ] {
        let output = sandbox.cmd().args(args).output().unwrap();
        assert!(
            output.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_harmless(&format!("{args:?} stdout"), &output.stdout);
        assert_harmless(&format!("{args:?} stderr"), &output.stderr);
    }
    let shown = String::from_utf8(
        sandbox
            .cmd()
            .args(["show", "evil"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(shown.contains("Note ^[]2;pwned^G"), "{shown}");
}

#[test]
fn colour_still_works_and_only_the_programs_own_styles_pass() {
    let sandbox = hostile_home();
    let output = sandbox
        .cmd()
        .args(["--color", "always", "show", "evil"])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("\u{1b}[1m"), "no styling at all:\n{text}");
    // Every escape left is a style sequence: ESC [ digits and semicolons m.
    for (at, _) in text.match_indices('\u{1b}') {
        let rest = &text[at + 1..];
        let body: String = rest
            .chars()
            .skip(1)
            .take_while(|c| c.is_ascii_digit() || *c == ';')
            .collect();
        assert!(
            rest.starts_with('[') && rest[1 + body.len()..].starts_with('m'),
            "a sequence that is not a style at {at}: {:?}",
            &rest[..rest.len().min(12)]
        );
    }
}

#[test]
fn json_keeps_the_text_exactly() {
    let sandbox = hostile_home();
    let output = sandbox
        .cmd()
        .args(["show", "evil", "--json"])
        .output()
        .unwrap();
    let record: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(record["note"], format!("Note {HOSTILE}"));
}

#[test]
fn a_prompt_file_with_a_sequence_is_a_problem_and_is_left_out() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "prompts/evil.toml",
        &prompt_file("evil", &[("evil-one", &format!("Question {HOSTILE}"))]),
    );
    let output = sandbox.cmd().args(["prompts", "check"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stdout = String::from_utf8(output.stdout.clone()).unwrap();
    assert!(stdout.contains("has a control character"), "{stdout}");
    assert_harmless("prompts check", &output.stdout);
    let output = sandbox
        .cmd()
        .args(["pick", "--category", "evil"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(2),
        "the file is left out of the bank"
    );
    assert_harmless("pick stderr", &output.stderr);
}

#[test]
fn importing_notes_with_sequences_takes_them_out_and_warns() {
    let sandbox = Sandbox::new();
    let notes = sandbox.root().join("notes.md");
    std::fs::write(
        &notes,
        format!("Q: Tell me about a conflict\nS: it was {HOSTILE}\nR: fixed\n"),
    )
    .unwrap();
    for args in [&["--dry-run"][..], &[]] {
        let output = sandbox
            .cmd()
            .args(["stories", "import"])
            .args(args)
            .arg(&notes)
            .output()
            .unwrap();
        assert!(output.status.success());
        assert_harmless("import stdout", &output.stdout);
        assert_harmless("import stderr", &output.stderr);
        let all = String::from_utf8_lossy(&output.stdout).to_string()
            + &String::from_utf8_lossy(&output.stderr);
        assert!(all.contains("control characters"), "{all}");
    }
    let stories = sandbox.home().join("stories");
    let written: Vec<_> = std::fs::read_dir(&stories).unwrap().collect();
    assert!(!written.is_empty(), "the story was written");
    for entry in written {
        let written = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        assert!(
            !written.contains(['\u{1b}', '\u{7}', '\u{9b}']),
            "the story file keeps no sequence: {written:?}"
        );
    }
}

#[test]
fn a_line_break_in_a_file_name_cannot_fake_a_line_of_ours() {
    let sandbox = Sandbox::new();
    sandbox.write(
        &record_path("20261121-080000-x\nrehearse: all 12 records fine\ny"),
        "{ not json",
    );
    for args in [&["history"][..], &["stats"], &["pick"]] {
        let output = sandbox.cmd().args(args).output().unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(lines.len(), 1, "{args:?}: {stderr}");
        assert!(
            lines[0].starts_with("rehearse: warning: skipped ")
                && lines[0].contains("x^Jrehearse: all 12 records fine^Jy.json: not valid JSON"),
            "{args:?}: {stderr}"
        );
    }
}

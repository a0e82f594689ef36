//! Sessions in the trash, end to end: `rm` moves a session out of every report, `restore`
//! brings it back into all of them, and a restore that cannot be done moves nothing.

mod common;

use common::{Sandbox, assert_bad_input, save, stdout_of};
use rehearse::testkit::SessionBuilder;
use serde_json::Value;

const REMOVED: &str = "20261110-080000-aaaa";
const KEPT: &str = "20261111-080000-bbbb";

fn sandbox_with_two_sessions() -> Sandbox {
    let sandbox = Sandbox::new();
    save(
        &sandbox,
        &SessionBuilder::new("conflict-manager")
            .at("2026-11-10T08:00:00+01:00")
            .id(REMOVED)
            .story("Reorg")
            .scores("2,1,2,2")
            .json(),
    );
    save(
        &sandbox,
        &SessionBuilder::new("customer-unhappy")
            .at("2026-11-11T08:00:00+01:00")
            .id(KEPT)
            .json(),
    );
    sandbox
}

/// What each report says of the sessions it covers.
#[derive(Debug, PartialEq)]
struct Reports {
    history: Vec<String>,
    history_of_the_story: usize,
    stats_completed: u64,
    exported: Vec<String>,
    shown: bool,
    manager_never_answered: bool,
}

fn json_of(sandbox: &Sandbox, args: &[&str]) -> Value {
    serde_json::from_str(&stdout_of(sandbox.cmd().args(args))).unwrap()
}

fn ids_in(value: &Value) -> Vec<String> {
    let mut ids: Vec<String> = value
        .as_array()
        .unwrap()
        .iter()
        .map(|record| record["id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids
}

fn reports(sandbox: &Sandbox) -> Reports {
    let history = ids_in(&json_of(sandbox, &["history", "--json", "--all"]));
    let of_story = json_of(sandbox, &["history", "--json", "--story", "reorg"]);
    let stats = json_of(sandbox, &["stats", "--json"]);
    let exported = ids_in(&json_of(sandbox, &["export", "--format", "json", "--all"]));
    let shown = sandbox
        .cmd()
        .args(["show", REMOVED])
        .output()
        .unwrap()
        .status
        .success();
    let pick = json_of(
        sandbox,
        &[
            "pick",
            "--json",
            "--explain",
            "--category",
            "conflict",
            "--seed",
            "1",
        ],
    );
    let manager = pick["explain"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["id"] == "conflict-manager")
        .unwrap()
        .clone();
    Reports {
        history,
        history_of_the_story: of_story.as_array().unwrap().len(),
        stats_completed: stats["practice"]["completed"].as_u64().unwrap(),
        exported,
        shown,
        manager_never_answered: manager["reasons"].to_string().contains("never answered"),
    }
}

#[test]
fn every_report_leaves_out_the_trash_and_sees_a_restored_session_again() {
    let sandbox = sandbox_with_two_sessions();
    let before = reports(&sandbox);
    assert_eq!(
        before,
        Reports {
            history: vec![REMOVED.into(), KEPT.into()],
            history_of_the_story: 1,
            stats_completed: 2,
            exported: vec![REMOVED.into(), KEPT.into()],
            shown: true,
            manager_never_answered: false,
        }
    );
    let files_before = sandbox.record_files();

    let removed = sandbox
        .cmd()
        .args(["rm", REMOVED, "--yes"])
        .output()
        .unwrap();
    assert!(removed.status.success());
    let said = String::from_utf8(removed.stderr).unwrap();
    assert!(
        said.contains(&format!("`rehearse restore {REMOVED}` brings it back")),
        "{said}"
    );
    assert_eq!(
        reports(&sandbox),
        Reports {
            history: vec![KEPT.into()],
            history_of_the_story: 0,
            stats_completed: 1,
            exported: vec![KEPT.into()],
            shown: false,
            manager_never_answered: true,
        }
    );

    let output = sandbox.cmd().args(["restore", "aaaa"]).output().unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        stdout.trim(),
        sandbox
            .home()
            .join(format!("sessions/2026/11/{REMOVED}.json"))
            .display()
            .to_string()
    );
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(&format!("restored {REMOVED}: Question conflict-manager?")),
        "{stderr}"
    );
    assert_eq!(reports(&sandbox), before);
    assert_eq!(sandbox.record_files(), files_before);
    assert!(!sandbox.home().join("trash/sessions").join(REMOVED).exists());
}

#[test]
fn restore_refuses_what_is_not_in_the_trash_and_a_session_saved_again_losing_nothing() {
    let sandbox = sandbox_with_two_sessions();
    assert_bad_input(
        sandbox.cmd().args(["restore", KEPT]),
        &format!("no session with an id starting '{KEPT}' in the trash"),
    );
    stdout_of(sandbox.cmd().args(["rm", REMOVED, "--yes"]));
    assert_bad_input(
        sandbox.cmd().args(["show", REMOVED]),
        &format!("it is in the trash: `rehearse restore {REMOVED}` brings it back"),
    );
    let trashed = sandbox
        .home()
        .join("trash/sessions")
        .join(REMOVED)
        .join(format!("{REMOVED}.json"));
    let in_the_trash = std::fs::read(&trashed).unwrap();
    // The same id saved again since: its record is not overwritten, and the trash keeps its own.
    let again = SessionBuilder::new("conflict-manager")
        .at("2026-11-10T08:00:00+01:00")
        .id(REMOVED)
        .note("typed again")
        .json();
    let saved = save(&sandbox, &again);
    let saved_text = std::fs::read(&saved).unwrap();
    assert_bad_input(
        sandbox.cmd().args(["restore", REMOVED]),
        &format!("a session {REMOVED} is saved already"),
    );
    assert_eq!(std::fs::read(&saved).unwrap(), saved_text);
    assert_eq!(std::fs::read(&trashed).unwrap(), in_the_trash);
    assert_bad_input(sandbox.cmd().args(["restore", ""]), "give the id");
}

#[test]
fn restore_on_a_new_home_refuses_and_makes_no_home() {
    let sandbox = Sandbox::new();
    assert!(!sandbox.home().exists());
    assert_bad_input(
        sandbox.cmd().args(["restore", "abcd"]),
        "no session with an id starting 'abcd' in the trash",
    );
    assert!(!sandbox.home().exists(), "a refused restore wrote nothing");
}

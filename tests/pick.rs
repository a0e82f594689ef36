//! End-to-end: `pick` leaning toward weak spots, `--explain`, `--uniform` and `--seed`, over
//! session files written straight into a sandbox home.

mod common;

use chrono::{Duration, Local};
use common::{Sandbox, save, stdout_of};
use rehearse::testkit::SessionBuilder;
use serde_json::Value;

/// Saves a completed answer to `prompt_id` (in `category`) from `days_ago` days back, scored
/// as typed at the review (`2122`: S, T, A, R).
fn answered(sandbox: &Sandbox, prompt_id: &str, category: &str, days_ago: i64, scores: &str) {
    let started = Local::now().fixed_offset() - Duration::days(days_ago);
    let record = SessionBuilder::new(prompt_id)
        .id(&format!(
            "{}-{:04}",
            started.format("%Y%m%d-%H%M%S"),
            days_ago
        ))
        .at(&started.to_rfc3339())
        .category(category)
        .text("A question?")
        .scores(scores);
    save(sandbox, &record.json());
}

/// A home where `conflict-manager` was answered yesterday, scoring 3/8, and `mistake` was
/// practised well three weeks ago.
fn sandbox_with_history() -> Sandbox {
    let sandbox = Sandbox::new();
    answered(&sandbox, "conflict-manager", "conflict", 1, "1101");
    answered(&sandbox, "mistake-bad-decision", "mistake", 21, "2222");
    sandbox
}

/// The id `pick --json` chooses with these extra arguments.
fn picked_id(sandbox: &Sandbox, args: &[&str]) -> String {
    let out = stdout_of(sandbox.cmd().args(["pick", "--json"]).args(args));
    let value: Value = serde_json::from_str(&out).unwrap();
    value["id"].as_str().unwrap().to_string()
}

#[test]
fn a_seed_repeats_the_weighted_pick_for_the_same_history() {
    let sandbox = sandbox_with_history();
    for seed in ["1", "7", "42"] {
        let first = stdout_of(sandbox.cmd().args(["pick", "--seed", seed]));
        let again = stdout_of(sandbox.cmd().args(["pick", "--seed", seed]));
        assert_eq!(first, again, "seed {seed}");
    }
}

#[test]
fn a_prompt_answered_yesterday_is_not_picked_while_fresh_ones_remain() {
    let sandbox = sandbox_with_history();
    for seed in 0..30 {
        let seed = seed.to_string();
        let id = picked_id(&sandbox, &["--category", "conflict", "--seed", &seed]);
        assert_ne!(id, "conflict-manager", "seed {seed}");
    }
}

#[test]
fn explain_shows_the_shares_and_the_reasons_behind_the_choice() {
    let sandbox = sandbox_with_history();
    let out = stdout_of(sandbox.cmd().args([
        "pick",
        "--explain",
        "--seed",
        "3",
        "--category",
        "conflict",
        "--category",
        "mistake",
    ]));
    let mut lines = out.lines();
    let question = lines.next().unwrap();
    assert!(!question.is_empty());
    assert!(lines.next().unwrap().contains("id: "), "{out}");
    assert!(out.contains("candidates, weighted"), "{out}");
    assert!(out.contains("never answered (x3)"), "{out}");
    assert!(
        out.contains("conflict averages 3.0/8 lately"),
        "the low conflict score is a reason: {out}"
    );
    assert!(out.contains("mistake not practised for 21 days"), "{out}");
    // The chosen prompt is marked, and its row shows a share.
    let chosen: Vec<&str> = out.lines().filter(|line| line.contains(" * ")).collect();
    assert_eq!(chosen.len(), 1, "{out}");
    assert!(
        chosen[0].trim_start().starts_with(char::is_numeric),
        "{out}"
    );
    assert!(chosen[0].contains('%'), "{out}");
}

#[test]
fn explain_json_adds_an_explain_array_and_keeps_the_prompt_fields() {
    let sandbox = sandbox_with_history();
    let args = ["--category", "conflict", "--seed", "9"];
    let plain: Value = serde_json::from_str(&stdout_of(
        sandbox.cmd().args(["pick", "--json"]).args(args),
    ))
    .unwrap();
    let explained: Value = serde_json::from_str(&stdout_of(
        sandbox
            .cmd()
            .args(["pick", "--json", "--explain"])
            .args(args),
    ))
    .unwrap();
    for field in ["id", "category", "text", "alternates", "follow_ups"] {
        assert_eq!(explained[field], plain[field], "{field}");
    }
    let rows = explained["explain"].as_array().unwrap();
    // Ten conflict prompts: all shown, the one answered yesterday at 0%.
    assert_eq!(rows.len(), 10, "{rows:?}");
    let chosen: Vec<&Value> = rows.iter().filter(|row| row["chosen"] == true).collect();
    assert_eq!(chosen.len(), 1);
    assert_eq!(chosen[0]["id"], plain["id"]);
    let total: f64 = rows
        .iter()
        .map(|row| row["share_percent"].as_f64().unwrap())
        .sum();
    assert!((99.0..=101.0).contains(&total), "{total}");
    let held = rows
        .iter()
        .find(|row| row["id"] == "conflict-manager")
        .unwrap();
    assert_eq!(held["share_percent"], 0.0);
    let reasons: Vec<&str> = held["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|reason| reason.as_str().unwrap())
        .collect();
    assert!(
        reasons.contains(&"answered yesterday: held back this week"),
        "{reasons:?}"
    );
}

#[test]
fn uniform_ignores_the_history() {
    let with_history = sandbox_with_history();
    let empty = Sandbox::new();
    let mut reached_the_recent_one = false;
    for seed in 0..40 {
        let seed = seed.to_string();
        let args = ["--uniform", "--category", "conflict", "--seed", &seed];
        let id = picked_id(&with_history, &args);
        assert_eq!(id, picked_id(&empty, &args), "seed {seed}");
        reached_the_recent_one |= id == "conflict-manager";
    }
    assert!(
        reached_the_recent_one,
        "a plain draw does not hold anything back"
    );
}

#[test]
fn uniform_explain_says_every_prompt_weighs_the_same() {
    let sandbox = sandbox_with_history();
    let out = stdout_of(sandbox.cmd().args([
        "pick",
        "--uniform",
        "--explain",
        "--category",
        "conflict",
        "--seed",
        "2",
    ]));
    assert!(out.contains("plain random draw"), "{out}");
    assert_eq!(out.matches("10.0%").count(), 10, "{out}");
}

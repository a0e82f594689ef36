//! End-to-end: `rehearse stats` over a small history written into a temporary home.

mod common;

use chrono::{Days, Local, NaiveDate};
use common::{Sandbox, assert_bad_input, save, stdout_of};
use rehearse::domain::star::Part;
use rehearse::testkit::SessionBuilder;
use serde_json::Value;

/// The `n`th answer, to `<category>-one`, `days_ago` days before today at 08:00 local time, with
/// a Situation mark at the start and an Action mark halfway.
fn answer(n: usize, days_ago: u64, category: &str, answer_ms: u64) -> SessionBuilder {
    let day: NaiveDate = Local::now().date_naive() - Days::new(days_ago);
    let offset = Local::now().format("%:z").to_string();
    SessionBuilder::new(&format!("{category}-one"))
        .id(&format!("{}-0800{n:02}-t{n:03}", day.format("%Y%m%d")))
        .at(&format!("{day}T08:00:{n:02}{offset}"))
        .text("A question?")
        .answer_ms(answer_ms)
        .mark(Part::Situation, 0)
        .mark(Part::Action, answer_ms / 2)
}

/// Three days in a row up to today, one day with a gap before them.
fn history(sandbox: &Sandbox) {
    for record in [
        answer(1, 0, "conflict", 150_000)
            .story("Team reorg")
            .scores("2220"),
        answer(2, 1, "conflict", 100_000)
            .story("Team reorg")
            .scores("2120"),
        answer(3, 2, "mistake", 200_000)
            .story("Team reorg")
            .scores("2221"),
        answer(4, 5, "customer", 160_000),
    ] {
        save(sandbox, &record.json());
    }
}

#[test]
fn the_report_names_streaks_timing_weak_part_and_gaps() {
    let sandbox = Sandbox::new();
    history(&sandbox);
    let out = stdout_of(sandbox.cmd().arg("stats"));
    for expected in [
        "4 answers on 4 days\n",
        "streak 3 days (longest 3 days)",
        "Mon ",
        "Sun ",
        "less · ░ ▒ ▓ █ more",
        "short 25%   in window 50%   over 25%",
        "Weakest part: Result",
        "Situation takes 50% of your answers; aim for about 15%.",
        "Never practised: ",
        "Practised with no story behind them: customer",
    ] {
        assert!(out.contains(expected), "{expected:?} missing from:\n{out}");
    }
    assert!(!sandbox.home().join("stats").exists());
}

#[test]
fn json_has_the_documented_figures() {
    let sandbox = Sandbox::new();
    history(&sandbox);
    let stats: Value =
        serde_json::from_str(&stdout_of(sandbox.cmd().args(["stats", "--json"]))).unwrap();
    assert_eq!(stats["practice"]["completed"], 4);
    assert_eq!(stats["practice"]["current_streak"], 3);
    assert_eq!(stats["practice"]["last_7_days"], 4);
    assert_eq!(
        stats["practice"]["heatmap"]
            .as_array()
            .unwrap()
            .last()
            .unwrap()["answers"],
        1
    );
    assert_eq!(stats["timing"]["median_s"], 155.0);
    assert_eq!(stats["star"]["weakest"], "R");
    assert_eq!(stats["star"]["parts"][3]["zeros"], 2);
    assert_eq!(stats["stories"][0]["story"], "Team reorg");
    assert_eq!(stats["stories"][0]["used"], 3);
    assert!(
        stats["story_overused"].is_null(),
        "fewer than five answers name a story"
    );
    let never: Vec<&str> = stats["categories_never_practised"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(
        never.contains(&"hardest-problem") && !never.contains(&"conflict"),
        "{never:?}"
    );
}

#[test]
fn since_limits_the_figures_to_recent_days() {
    let sandbox = Sandbox::new();
    history(&sandbox);
    let stats: Value = serde_json::from_str(&stdout_of(
        sandbox.cmd().args(["stats", "--json", "--since", "1d"]),
    ))
    .unwrap();
    assert_eq!(stats["practice"]["completed"], 2);
    assert_bad_input(
        sandbox.cmd().args(["stats", "--since", "someday"]),
        "bad day 'someday' for --since",
    );
}

#[test]
fn an_empty_history_says_how_to_begin() {
    let sandbox = Sandbox::new();
    let out = stdout_of(sandbox.cmd().arg("stats"));
    assert!(out.starts_with("no sessions yet"), "{out}");
    assert!(!sandbox.home().exists());
}

#[test]
fn the_answer_count_says_it_leaves_the_aborted_ones_out() {
    let sandbox = Sandbox::new();
    history(&sandbox);
    save(&sandbox, &answer(9, 0, "conflict", 20_000).aborted().json());
    save(&sandbox, &answer(8, 3, "conflict", 20_000).aborted().json());
    let out = stdout_of(sandbox.cmd().arg("stats"));
    assert!(
        out.contains("  4 answers on 4 days, not counting 2 aborted\n"),
        "{out}"
    );
    let stats: Value =
        serde_json::from_str(&stdout_of(sandbox.cmd().args(["stats", "--json"]))).unwrap();
    assert_eq!(stats["practice"]["completed"], 4);
    assert_eq!(stats["practice"]["aborted"], 2);
    assert_eq!(stats["practice"]["days_practised"], 4);
}

#[test]
fn until_in_the_past_counts_the_streak_and_the_last_days_back_from_it() {
    let sandbox = Sandbox::new();
    history(&sandbox);
    save(&sandbox, &answer(5, 9, "mistake", 150_000).json());
    let until = Local::now().date_naive() - Days::new(5);
    let args = ["stats", "--until", &until.to_string()];
    let stats: Value =
        serde_json::from_str(&stdout_of(sandbox.cmd().args(args).arg("--json"))).unwrap();
    // Counted to five days ago: that day's answer is a streak of one, and the answers five
    // and nine days ago are both within the seven days that end then.
    assert_eq!(stats["today"], until.to_string());
    assert_eq!(stats["practice"]["completed"], 2);
    assert_eq!(stats["practice"]["current_streak"], 1);
    assert_eq!(stats["practice"]["last_7_days"], 2);
    assert_eq!(stats["practice"]["last_30_days"], 2);
    let heatmap = stats["practice"]["heatmap"].as_array().unwrap();
    assert_eq!(heatmap.last().unwrap()["date"], until.to_string());
    let out = stdout_of(sandbox.cmd().args(args));
    assert!(
        out.contains(&format!(
            "  to {until}: streak 1 day (longest 1 day)   last 7 days: 2   last 30 days: 2"
        )),
        "{out}"
    );
    // Up to today the figures are today's, and the line does not say to when.
    let now: Value = serde_json::from_str(&stdout_of(
        sandbox.cmd().args(["stats", "--json", "--until", "today"]),
    ))
    .unwrap();
    assert_eq!(now["practice"]["current_streak"], 3);
    let out = stdout_of(sandbox.cmd().args(["stats", "--until", "today"]));
    assert!(out.contains("  streak 3 days"), "{out}");
}

#[test]
fn story_titles_are_whole_where_there_is_room_and_cut_to_fit_where_not() {
    let sandbox = Sandbox::new();
    let rollout = "Disagreed with a senior engineer about the rollout plan";
    let review = "Disagreed with a senior engineer about the review scope";
    for (n, story) in [(1, rollout), (2, review)] {
        save(
            &sandbox,
            &answer(n, 0, "conflict", 90_000).story(story).json(),
        );
    }
    let stories = |out: &str| -> Vec<String> {
        out.lines()
            .skip_while(|line| !line.starts_with("Stories"))
            .skip(1)
            .take_while(|line| line.starts_with("  "))
            .map(str::to_owned)
            .collect()
    };
    // A pipe, and a wide terminal: both titles whole, so they can be told apart.
    for out in [
        stdout_of(sandbox.cmd().arg("stats")),
        stdout_of(sandbox.cmd().env("COLUMNS", "120").arg("stats")),
    ] {
        let rows = stories(&out).join("\n");
        assert!(rows.contains(rollout) && rows.contains(review), "{out}");
    }
    // Sixty columns: every row of the table fits, each title cut.
    let narrow = stories(&stdout_of(sandbox.cmd().env("COLUMNS", "60").arg("stats")));
    assert_eq!(narrow.len(), 3, "{narrow:?}");
    for row in &narrow {
        assert!(
            row.chars().count() <= 60,
            "{} columns: {row}",
            row.chars().count()
        );
    }
    assert!(narrow[1].contains("..."), "{narrow:?}");
}

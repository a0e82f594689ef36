//! End-to-end: `pick`, `prompts`, `prompts check`, and bad input around them.

mod common;

use common::{Sandbox, assert_bad_input, stdout_of};
use predicates::prelude::*;

const GOOD_FILE: &str = "category = \"negotiation\"\nabout = \"Deals and offers.\"\n\n[[prompt]]\nid = \"negotiation-salary\"\ntext = \"Tell me about a negotiation you led.\"\nfollow_ups = [\"What did you give up?\"]\n";

#[test]
fn pick_prints_a_prompt_and_its_category_without_creating_the_home() {
    let sandbox = Sandbox::new();
    let out = stdout_of(sandbox.cmd().arg("pick"));
    assert!(out.contains("category: "), "{out}");
    assert!(out.contains("id: "), "{out}");
    assert!(
        !sandbox.home().exists(),
        "a read-only command created the data home"
    );
}

#[test]
fn pick_with_a_seed_is_repeatable_and_seeds_differ() {
    let sandbox = Sandbox::new();
    let first = stdout_of(sandbox.cmd().args(["pick", "--seed", "7"]));
    let again = stdout_of(sandbox.cmd().args(["pick", "--seed", "7"]));
    assert_eq!(first, again);
    let distinct: std::collections::HashSet<String> = (0..12)
        .map(|seed| stdout_of(sandbox.cmd().args(["pick", "--seed", &seed.to_string()])))
        .collect();
    assert!(
        distinct.len() > 3,
        "seeds 0..12 gave only {} prompts",
        distinct.len()
    );
}

#[test]
fn pick_json_has_the_documented_fields() {
    let sandbox = Sandbox::new();
    let out =
        stdout_of(
            sandbox
                .cmd()
                .args(["pick", "--json", "--category", "mistake", "--seed", "1"]),
        );
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    let object = value.as_object().unwrap();
    let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(keys, ["alternates", "category", "follow_ups", "id", "text"]);
    assert_eq!(object["category"], "mistake");
    assert!(!object["follow_ups"].as_array().unwrap().is_empty());
}

#[test]
fn repeated_category_flags_restrict_the_choice() {
    let sandbox = Sandbox::new();
    for seed in 0..20 {
        let out = stdout_of(sandbox.cmd().args([
            "pick",
            "--json",
            "--category",
            "conflict",
            "--category",
            "customer",
            "--seed",
            &seed.to_string(),
        ]));
        let value: serde_json::Value = serde_json::from_str(&out).unwrap();
        let category = value["category"].as_str().unwrap();
        assert!(["conflict", "customer"].contains(&category), "{category}");
    }
}

#[test]
fn an_unknown_category_lists_the_valid_ones() {
    let sandbox = Sandbox::new();
    assert_bad_input(
        sandbox.cmd().args(["pick", "--category", "conflit"]),
        "unknown category 'conflit' (valid: ",
    );
    assert_bad_input(
        sandbox.cmd().args(["prompts", "--category", "nope"]),
        "hardest-problem",
    );
}

#[test]
fn prompts_lists_the_bank_grouped_with_counts() {
    let sandbox = Sandbox::new();
    let out = stdout_of(sandbox.cmd().arg("prompts"));
    for heading in ["hardest-problem (", "mistake (", "conflict (", "customer ("] {
        assert!(out.contains(heading), "no {heading} in listing");
    }
    let total_line = out.lines().last().unwrap();
    let total: usize = total_line
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(total >= 100, "{total_line}");
    assert!(total_line.ends_with("categories"), "{total_line}");
}

#[test]
fn prompts_json_is_an_array_of_prompt_objects_for_the_category() {
    let sandbox = Sandbox::new();
    let out = stdout_of(
        sandbox
            .cmd()
            .args(["prompts", "--json", "--category", "customer"]),
    );
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    let prompts = value.as_array().unwrap();
    assert!(prompts.len() >= 5);
    assert!(
        prompts
            .iter()
            .all(|p| p["category"] == "customer" && p["id"].is_string() && p["text"].is_string())
    );
}

#[test]
fn user_prompt_files_add_categories_and_replace_builtin_ids() {
    let sandbox = Sandbox::new();
    sandbox.write("prompts/mine.toml", GOOD_FILE);
    sandbox.write(
        "prompts/override.toml",
        "[[prompt]]\nid = \"conflict-manager\"\ncategory = \"conflict\"\ntext = \"My own wording of it.\"\n",
    );
    let out = stdout_of(sandbox.cmd().args(["prompts", "--category", "negotiation"]));
    assert!(out.contains("negotiation-salary"), "{out}");
    let out = stdout_of(
        sandbox
            .cmd()
            .args(["prompts", "--json", "--category", "conflict"]),
    );
    assert!(out.contains("My own wording of it."), "{out}");
    let count = |category: &str| {
        let out = stdout_of(
            sandbox
                .cmd()
                .args(["prompts", "--json", "--category", category]),
        );
        serde_json::from_str::<serde_json::Value>(&out)
            .unwrap()
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!(count("negotiation"), 1);
}

/// A file of three problems: a key misspelt, a prompt without text, an id not kebab-case.
const THREE_PROBLEMS: &str = "category = \"x\"\n[[prompt]]\nid = \"x-one\"\ntxt = \"q?\"\n\n[[prompt]]\nid = \"X Two\"\ntext = \"r?\"\n";

#[test]
fn a_bad_user_file_is_one_line_before_every_command_that_uses_the_bank() {
    let sandbox = Sandbox::new();
    sandbox.write("prompts/bad.toml", THREE_PROBLEMS);
    sandbox.write(
        "prompts/broken.toml",
        "category = \"x\"\n[[prompt]]\nid = \"x-one\"\ntext = \"unclosed\n",
    );
    sandbox.write("prompts/mine.toml", GOOD_FILE);
    let expected = [
        "rehearse: warning: prompts/bad.toml skipped: 3 problems; see `rehearse prompts check`",
        "rehearse: warning: prompts/broken.toml skipped: 1 problem; see `rehearse prompts check`",
    ];
    for args in [
        &["pick", "--category", "negotiation"][..],
        &["prompts"],
        &[
            "drill",
            "--plain",
            "--prompt",
            "negotiation-salary",
            "--prep",
            "0",
            "--no-review",
        ],
    ] {
        let output = sandbox.cmd().args(args).write_stdin("\n").output().unwrap();
        assert!(output.status.success(), "{args:?}: {output:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        let about_prompts: Vec<&str> = stderr
            .lines()
            .filter(|line| line.contains(".toml"))
            .collect();
        assert_eq!(about_prompts, expected, "{args:?}: {stderr}");
        assert!(String::from_utf8_lossy(&output.stdout).contains("negotiat"));
    }
    // Given another home than the usual, the check to run says so.
    let output = sandbox
        .cmd()
        .env_remove("REHEARSE_HOME")
        .args(["pick", "--home"])
        .arg(sandbox.home())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "prompts/bad.toml skipped: 3 problems; see `rehearse prompts check --home {}`",
            sandbox.home().display()
        )),
        "{stderr}"
    );
    // The check lists them all.
    let output = sandbox.cmd().args(["prompts", "check"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(stdout.matches("bad.toml:").count(), 3, "{stdout}");
    assert!(stdout.contains("broken.toml:4: not valid TOML"), "{stdout}");
}

#[test]
fn check_reports_a_wrong_category_once_and_still_finds_the_twin_id() {
    let sandbox = Sandbox::new();
    let bad = sandbox.write(
        "prompts/bad.toml",
        "category = \"Team Work\"\n\n[[prompt]]\nid = \"team-one\"\ntext = \"q?\"\n\n[[prompt]]\nid = \"team-two\"\ntext = \"r?\"\n\n[[prompt]]\nid = \"team-one\"\ntext = \"s?\"\n",
    );
    let path = bad.display().to_string();
    let output = sandbox.cmd().args(["prompts", "check"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(output.stdout)
            .unwrap()
            .lines()
            .collect::<Vec<_>>(),
        [
            format!("{path}:1: category 'Team Work' is not kebab-case (like hardest-problem)"),
            format!("{path}:11: id 'team-one' is used twice (first at line 3)"),
            "2 problems in 1 file".to_string(),
        ]
    );
    // One problem, in one of two files: each count in its own number.
    sandbox.write(
        "prompts/bad.toml",
        "category = \"team\"\n[[prompt]]\nid = \"team-one\"\n",
    );
    sandbox.write("prompts/mine.toml", GOOD_FILE);
    let output = sandbox.cmd().args(["prompts", "check"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout
            .lines()
            .any(|line| line == "1 problem in 1 of 2 files"),
        "{stdout}"
    );
    let output = sandbox
        .cmd()
        .args(["prompts", "check"])
        .arg(&bad)
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        stdout.lines().last(),
        Some("1 problem in 1 file"),
        "{stdout}"
    );
}

#[test]
fn check_accepts_valid_files() {
    let sandbox = Sandbox::new();
    sandbox.write("prompts/mine.toml", GOOD_FILE);
    sandbox
        .cmd()
        .args(["prompts", "check"])
        .assert()
        .success()
        .stdout(predicate::str::contains("1 file, 1 prompt: all valid"));
}

#[test]
fn check_says_which_categories_have_no_keywords_to_guess_them_by() {
    let sandbox = Sandbox::new();
    sandbox.write("prompts/mine.toml", GOOD_FILE);
    let out = stdout_of(sandbox.cmd().args(["prompts", "check"]));
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            "1 file, 1 prompt: all valid",
            "no keywords for negotiation: stories import will not guess it (add keywords = [...] beside its category)",
        ]
    );
}

const KEYWORDS_FILE: &str = "category = \"negotiation\"\nabout = \"Deals and offers.\"\nkeywords = [\"negotiat*\", \"bargain*\", \"salary offer\", \"counter-offer*\"]\n\n[[prompt]]\nid = \"negotiation-salary\"\ntext = \"Tell me about a negotiation you led.\"\n";

#[test]
fn check_accepts_a_new_category_with_its_keywords() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "prompts/mine.toml",
        &KEYWORDS_FILE.replace("\"negotiat*\", ", ""),
    );
    let out = stdout_of(sandbox.cmd().args(["prompts", "check"]));
    assert_eq!(out, "1 file, 1 prompt: all valid\n");
}

#[test]
fn check_warns_about_a_keyword_another_category_lists_but_passes() {
    let sandbox = Sandbox::new();
    let file = sandbox.write("prompts/mine.toml", KEYWORDS_FILE);
    sandbox.write(
        "prompts/pay.toml",
        "category = \"salary\"\nkeywords = [\n  \"pay\",\n  \"Bargain*\",\n]\n[[prompt]]\nid = \"salary-raise\"\ntext = \"Have you asked for a raise?\"\n",
    );
    let path = file.display().to_string();
    let pay = sandbox
        .home()
        .join("prompts/pay.toml")
        .display()
        .to_string();
    let out = stdout_of(sandbox.cmd().args(["prompts", "check"]));
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            format!(
                "{path}:3: warning: 'negotiat*' is also a keyword of the built-in category 'influence': stories that say it are guessed as both influence and negotiation"
            ),
            format!(
                "{pay}:4: warning: 'bargain*' is also a keyword of 'negotiation' ({path}:3): stories that say it are guessed as both negotiation and salary"
            ),
            "2 files, 2 prompts: all valid (2 warnings)".to_string(),
        ]
    );
}

#[test]
fn check_reports_every_bad_keyword_on_its_line_and_fails() {
    let sandbox = Sandbox::new();
    let file = sandbox.write(
        "prompts/bad.toml",
        "category = \"negotiation\"\nkeywords = [\n  \"deal*\",\n  \"win/win\",\n  \"*\",\n  \"Deal*\",\n  \"\",\n  3,\n  \"a*b\",\n  \"this keyword is far too long to be one at all\",\n]\n\n[[prompt]]\nid = \"negotiation-salary\"\ntext = \"Tell me about a negotiation you led.\"\n",
    );
    let orphan = sandbox.write(
        "prompts/orphan.toml",
        "keywords = [\"deal*\"]\n\n[[prompt]]\nid = \"deal-a\"\ncategory = \"negotiation\"\ntext = \"q?\"\n",
    );
    let (path, orphan) = (file.display().to_string(), orphan.display().to_string());
    let output = sandbox.cmd().args(["prompts", "check"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let expected = [
        format!(
            "{path}:4: keyword 'win/win' has '/': use letters, digits, spaces, - and ' (and a * at the end)"
        ),
        format!(
            "{path}:5: keyword '*' would match every word: put the start of a word before the *"
        ),
        format!("{path}:6: keyword 'Deal*' is listed twice (first at line 3)"),
        format!("{path}:7: keywords has an empty entry"),
        format!("{path}:8: keywords must be a list of strings"),
        format!("{path}:9: keyword 'a*b' has a * before its end: a * may only end a keyword"),
        format!(
            "{path}:10: keyword 'this keyword is far too long to be one at all' is longer than 40 characters: use a word or a short phrase"
        ),
        format!(
            "{orphan}:1: keywords need a category: set category = \"...\" at the top of the file for the category they point to"
        ),
        "8 problems in 2 files".to_string(),
    ];
    assert_eq!(stdout.lines().collect::<Vec<_>>(), expected);
    // A file with a problem is left out of the bank, its keywords with it.
    let out = stdout_of(sandbox.cmd().args(["prompts", "--json"]));
    assert!(!out.contains("negotiation-salary"), "{out}");
}

#[test]
fn check_reports_every_problem_with_path_and_line() {
    let sandbox = Sandbox::new();
    let file = sandbox.write(
        "elsewhere/bad.toml",
        "category = \"x\"\n\n[[prompt]]\nid = \"x-a\"\n\n[[prompt]]\nid = \"x-b\"\ntext = \"\"\n\n[[prompt]]\nid = \"x-c\"\ntxt = \"q?\"\ntext = \"q?\"\n\n[[prompt]]\nid = \"x-c\"\ntext = \"again\"\n",
    );
    let path = file.display().to_string();
    let output = sandbox
        .cmd()
        .args(["prompts", "check"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let expected = [
        format!("{path}:3: prompt 'x-a' has no text"),
        format!("{path}:8: prompt 'x-b' has an empty text"),
        format!("{path}:12: unknown key 'txt' in a prompt (did you mean 'text'?)"),
        format!("{path}:15: id 'x-c' is used twice (first at line 10)"),
        "4 problems in 1 file".to_string(),
    ];
    assert_eq!(stdout.lines().collect::<Vec<_>>(), expected);
}

#[test]
fn check_reports_an_id_used_in_two_files_and_invalid_toml() {
    let sandbox = Sandbox::new();
    sandbox.write("prompts/a.toml", GOOD_FILE);
    sandbox.write("prompts/b.toml", GOOD_FILE);
    sandbox.write("prompts/c.toml", "category = = 1\n");
    let output = sandbox.cmd().args(["prompts", "check"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains("b.toml:4: id 'negotiation-salary' is already used at "),
        "{stdout}"
    );
    assert!(stdout.contains("c.toml:1: not valid TOML"), "{stdout}");
    assert!(stdout.contains("2 problems in 2 of 3 files"), "{stdout}");
}

#[test]
fn check_with_no_user_files_says_so_and_creates_nothing() {
    let sandbox = Sandbox::new();
    sandbox
        .cmd()
        .args(["prompts", "check"])
        .assert()
        .success()
        .stdout(predicate::str::contains("no prompt files in"));
    assert!(!sandbox.home().exists());
}

#[test]
fn the_home_flag_beats_the_variable() {
    let sandbox = Sandbox::new();
    let other = sandbox.root().join("other");
    std::fs::create_dir_all(other.join("prompts")).unwrap();
    std::fs::write(other.join("prompts/mine.toml"), GOOD_FILE).unwrap();
    let out = stdout_of(sandbox.cmd().arg("--home").arg(&other).args([
        "prompts",
        "--category",
        "negotiation",
    ]));
    assert!(out.contains("negotiation-salary"));
}

#[test]
fn check_names_a_keywords_line_given_twice_once_with_both_lines() {
    let sandbox = Sandbox::new();
    let twice = KEYWORDS_FILE.replace(
        "about = \"Deals and offers.\"\n",
        "about = \"Deals and offers.\"\nkeywords = [\"deal*\"]\n",
    );
    let path = sandbox.write("prompts/deals.toml", &twice);
    let output = sandbox.cmd().args(["prompts", "check"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        [
            format!(
                "{}:4: 'keywords' is given twice (first at line 3): keep one",
                path.display()
            ),
            "1 problem in 1 file".to_string(),
        ]
    );
}

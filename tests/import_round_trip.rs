//! End-to-end: what `stories import` reports is what its story files read back as, for every
//! notes fixture: the same parts, question, other wordings and follow-ups.

mod common;

use std::path::{Path, PathBuf};

use common::{Sandbox, stdout_of};
use serde_json::Value;

/// Every notes file under `tests/fixtures/notes`, in every folder.
fn notes_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/notes");
    let mut found = Vec::new();
    let mut folders = vec![root];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if path.is_dir() {
                folders.push(path);
            } else if (name.ends_with(".md") || name.ends_with(".txt") || name.ends_with(".html"))
                && name != "README.md"
            {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn section<'a>(shown: &'a Value, heading: &str) -> Option<&'a str> {
    shown["other_sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|section| section["heading"] == heading)
        .and_then(|section| section["text"].as_str())
}

#[test]
fn every_imported_story_reads_back_as_reported() {
    let files = notes_files();
    assert!(files.len() >= 30, "the fixtures are there: {}", files.len());
    let mut stories = 0;
    for notes in &files {
        let sandbox = Sandbox::new();
        let output = sandbox
            .cmd()
            .args(["stories", "import", "--json"])
            .arg(notes)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", notes.display());
        let written: Value = serde_json::from_slice(&output.stdout).unwrap();
        for story in written.as_array().unwrap() {
            stories += 1;
            let path = Path::new(story["path"].as_str().unwrap());
            let slug = path.file_stem().unwrap().to_string_lossy().to_string();
            let shown: Value = serde_json::from_str(&stdout_of(
                sandbox.cmd().args(["stories", "show", &slug, "--json"]),
            ))
            .unwrap();
            let place = format!("{}:{} ({slug})", notes.display(), story["source"]["line"]);
            for letter in ["S", "T", "A", "R", "L"] {
                assert_eq!(
                    shown["parts"][letter]["text"].as_str(),
                    story["parts"][letter].as_str(),
                    "{place}: part {letter}"
                );
            }
            assert_eq!(shown["title"], story["title"], "{place}");
            assert_eq!(
                shown["question"]
                    .as_str()
                    .map(|q| q.split_whitespace().collect::<Vec<_>>()),
                story["question"]
                    .as_str()
                    .map(|q| q.split_whitespace().collect::<Vec<_>>()),
                "{place}: question"
            );
            for alternate in story["alternates"].as_array().unwrap() {
                let alternates = section(&shown, "Also asked as").unwrap_or_default();
                assert!(
                    alternates.contains(alternate.as_str().unwrap()),
                    "{place}: {alternate}"
                );
            }
            for follow_up in story["follow_ups"].as_array().unwrap() {
                let kept = section(&shown, "Follow-ups").unwrap_or_default();
                let question = follow_up["question"].as_str().unwrap();
                assert!(kept.contains(question), "{place}: {question} in {kept}");
                if let Some(answer) = follow_up["answer"].as_str() {
                    for line in answer.lines().filter(|line| !line.trim().is_empty()) {
                        assert!(kept.contains(line.trim()), "{place}: {line} in {kept}");
                    }
                }
            }
        }
    }
    assert!(stories >= 150, "{stories} stories read back");
}

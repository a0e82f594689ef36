//! What the shell completes from the person's own data: the categories and prompt ids of
//! their bank, their story files, their session ids and what is in the trash. The shell asks
//! the binary itself (`COMPLETE=bash rehearse -- rehearse drill --prompt ...`, see
//! `clap_complete::CompleteEnv`), so the candidates are read from the data home the line being
//! completed names: its `--home`, else `$REHEARSE_HOME`, else the platform's folder.
//!
//! Nothing here writes to stderr: a shell shows what a completer prints in the middle of the
//! line being typed. A home that cannot be read gives no candidates.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use clap_complete::engine::{ArgValueCandidates, CompletionCandidate};

use crate::bank::load::load_bank;
use crate::config::{DataHome, HOME_VARIABLE};
use crate::session::store::Store;
use crate::story::load_stories;

/// What a value on the command line names, and so where its candidates come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Completes {
    /// A category of the bank (built-in and the person's own), with what it is about.
    Category,
    /// A prompt id, with the question.
    Prompt,
    /// A story, by its file name (free of spaces, which bash would split), with its title.
    Story,
    /// A saved session's id, with when it was and what it answered.
    Session,
    /// A session in the trash, by its folder's name.
    Trashed,
}

impl Completes {
    /// The clap extension that completes values of this kind.
    pub fn candidates(self) -> ArgValueCandidates {
        ArgValueCandidates::new(move || {
            let Some(home) = home_of_this_line() else {
                return Vec::new();
            };
            candidates_in(&home, self)
                .into_iter()
                .map(|(value, help)| {
                    CompletionCandidate::new(value).help(help.map(|help| one_line(&help).into()))
                })
                .collect()
        })
    }
}

/// The values of `kind` found in the data home at `home`, each with what a shell may show
/// beside it.
pub fn candidates_in(home: &Path, kind: Completes) -> Vec<(String, Option<String>)> {
    let Ok(home) = DataHome::resolve(Some(home), None) else {
        return Vec::new();
    };
    match kind {
        Completes::Category => {
            let bank = load_bank(&home.prompts_dir()).bank;
            bank.categories()
                .into_iter()
                .map(|category| {
                    (
                        category.to_string(),
                        bank.about(category).map(str::to_string),
                    )
                })
                .collect()
        }
        Completes::Prompt => load_bank(&home.prompts_dir())
            .bank
            .prompts()
            .iter()
            .map(|prompt| (prompt.id.clone(), Some(prompt.text.clone())))
            .collect(),
        Completes::Story => load_stories(&home.stories_dir())
            .stories
            .into_iter()
            .map(|story| (story.slug, Some(story.title)))
            .collect(),
        Completes::Session => Store::new(&home.path)
            .briefs()
            .briefs
            .into_iter()
            .map(|brief| {
                let when = brief.started_at.format("%Y-%m-%d %H:%M");
                let story = brief
                    .story
                    .map(|story| format!(", {story}"))
                    .unwrap_or_default();
                (brief.id, Some(format!("{when} {}{story}", brief.prompt_id)))
            })
            .collect(),
        Completes::Trashed => Store::new(&home.path)
            .trashed()
            .into_iter()
            .map(|trashed| (trashed.name, None))
            .collect(),
    }
}

/// The data home of the command line being completed.
fn home_of_this_line() -> Option<PathBuf> {
    let words: Vec<OsString> = std::env::args_os().collect();
    let flag = home_named_on(&words);
    DataHome::resolve(flag.as_deref(), std::env::var_os(HOME_VARIABLE))
        .ok()
        .map(|home| home.path)
}

/// The last `--home DIR` (or `--home=DIR`) among the words of the line being completed,
/// which follow the `--` the shell's script puts after the completer's own name. A `~/` the
/// shell has not expanded yet is the person's home folder.
fn home_named_on(words: &[OsString]) -> Option<PathBuf> {
    let typed = words.iter().skip_while(|word| *word != "--").skip(1);
    let mut found = None;
    let mut next_is_home = false;
    for word in typed {
        let text = word.to_string_lossy();
        if next_is_home {
            found = Some(text.into_owned());
            next_is_home = false;
        } else if text == "--home" {
            next_is_home = true;
        } else if let Some(value) = text.strip_prefix("--home=") {
            found = Some(value.to_string());
        }
    }
    let found = found.filter(|text| !text.is_empty())?;
    match (found.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => Some(PathBuf::from(home).join(rest)),
        _ => Some(PathBuf::from(found)),
    }
}

/// The first line of a description, without control characters: fish and zsh show one line.
fn one_line(text: &str) -> String {
    crate::text::shown_line(text.lines().next().unwrap_or_default()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{prompt_file, record_path, story_file};

    fn words(line: &[&str]) -> Vec<OsString> {
        line.iter().map(OsString::from).collect()
    }

    #[test]
    fn the_home_is_the_last_one_the_completed_line_names() {
        let line = words(&[
            "rehearse",
            "--",
            "rehearse",
            "--home",
            "/a",
            "drill",
            "--home=/b",
        ]);
        assert_eq!(home_named_on(&line), Some(PathBuf::from("/b")));
        let line = words(&[
            "rehearse",
            "--",
            "rehearse",
            "pick",
            "--home",
            "/a",
            "--category",
        ]);
        assert_eq!(home_named_on(&line), Some(PathBuf::from("/a")));
        // Before the `--` are the completer's own words, not the line's.
        let line = words(&["rehearse", "--home", "/x", "--", "rehearse", "pick"]);
        assert_eq!(home_named_on(&line), None);
        // `--home` being typed has no value yet.
        let line = words(&["rehearse", "--", "rehearse", "--home"]);
        assert_eq!(home_named_on(&line), None);
    }

    #[test]
    fn candidates_come_from_the_bank_the_stories_and_the_sessions_of_the_home() {
        let home = tempfile::tempdir().unwrap();
        let write = |relative: &str, text: &str| {
            let path = home.path().join(relative);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write(
            "prompts/sales.toml",
            &prompt_file(
                "negotiation",
                &[("negotiation-price", "How did you hold a price?")],
            ),
        );
        write(
            "stories/audit-flag.md",
            &story_file("Audit flag broke time entry", &["mistake"], &[]),
        );
        let session = crate::testkit::SessionBuilder::new("conflict-manager")
            .at("2026-11-23T07:31:05+01:00")
            .id("20261123-073105-k3f9")
            .story("Reorg")
            .json();
        write(&record_path("20261123-073105-k3f9"), &session.to_string());

        let categories = candidates_in(home.path(), Completes::Category);
        let names: Vec<&str> = categories.iter().map(|(name, _)| name.as_str()).collect();
        assert!(
            names.contains(&"negotiation") && names.contains(&"conflict"),
            "{names:?}"
        );
        let prompts = candidates_in(home.path(), Completes::Prompt);
        assert!(prompts.contains(&(
            "negotiation-price".to_string(),
            Some("How did you hold a price?".to_string())
        )));
        assert_eq!(
            candidates_in(home.path(), Completes::Story),
            [(
                "audit-flag".to_string(),
                Some("Audit flag broke time entry".to_string())
            )]
        );
        assert_eq!(
            candidates_in(home.path(), Completes::Session),
            [(
                "20261123-073105-k3f9".to_string(),
                Some("2026-11-23 07:31 conflict-manager, Reorg".to_string())
            )]
        );
        assert!(candidates_in(home.path(), Completes::Trashed).is_empty());
        Store::new(home.path())
            .move_to_trash("20261123-073105-k3f9")
            .unwrap();
        assert!(candidates_in(home.path(), Completes::Session).is_empty());
        assert_eq!(
            candidates_in(home.path(), Completes::Trashed),
            [("20261123-073105-k3f9".to_string(), None)]
        );
    }
}

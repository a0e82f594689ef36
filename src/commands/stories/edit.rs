//! `rehearse stories edit NAME`: the story opened in the person's editor, on a copy that
//! replaces the file in one step when the editor closes, then checked.
//!
//! Editing a copy means a crashed editor or a story changed meanwhile by another command
//! never leaves the file half-saved or overwritten; the person's text is kept either way.

use std::io;
use std::path::Path;

use anyhow::{Context, Result};

use super::super::{bank_for, briefs_for, store_for, stories_for};
use super::editor::{editor, open_editor};
use super::rename::{Ask, retitle_sessions};
use super::{lock_bank, story_named};
use crate::atomic::{Existing, write_atomic};
use crate::config::Config;
use crate::exit::{BadInput, Exit};
use crate::files::{Links, read_regular};
use crate::story::check::story_problems;
use crate::story::{parse_story, same_title, story_path};
use crate::ui;

pub fn run(config: &Config, name: &str) -> Result<Exit> {
    let stories = stories_for(config);
    let story = story_named(&stories, name)?;
    let dir = config.home.stories_dir();
    let path = story_path(&dir, &story.slug);
    let Some(editor) = editor() else {
        return Err(BadInput::new(format!(
            "set $VISUAL or $EDITOR to the editor to use (the story is {})",
            path.display()
        ))
        .into());
    };
    let before = read_regular(&path, Links::Refuse)
        .with_context(|| format!("reading {}", path.display()))?;
    let copy = dir.join(format!(".editing-{}.md", story.slug));
    match write_atomic(&copy, &before, Existing::Keep) {
        Ok(()) => {}
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {
            return Err(BadInput::new(format!(
                "{} is being edited already, or an edit was left there: finish it, or remove that file",
                copy.display()
            ))
            .into());
        }
        Err(error) => {
            return Err(error).with_context(|| format!("copying {} to edit", path.display()));
        }
    }
    let after = match edit_copy(&editor, &copy, &path, &before) {
        Edited::Changed(after) => after,
        Edited::Nothing { said, exit } => {
            let _ = std::fs::remove_file(&copy);
            ui::note(said);
            return Ok(exit);
        }
        Edited::Kept(problem) => {
            ui::warn(problem);
            return Ok(Exit::Failure);
        }
    };
    // Saved as it is, a story that is not UTF-8 text would drop out of every list.
    let Ok(text) = String::from_utf8(after) else {
        return Err(BadInput::new(format!(
            "your version in {} is not UTF-8 text, so it is not saved and {} is as it was: \
             save it as UTF-8 and move it over the story, or remove it",
            copy.display(),
            path.display()
        ))
        .into());
    };
    if let Err(problem) = save_edit(&dir, &path, &before, text.as_bytes()) {
        ui::warn(format!(
            "{problem}: your version is kept in {}; bring your changes over to the story, then remove that file",
            copy.display()
        ));
        return Ok(Exit::Failure);
    }
    let _ = std::fs::remove_file(&copy);
    ui::note(format!("saved {}", path.display()));

    let edited = parse_story(&story.slug, &text);
    let bank = bank_for(config);
    let problems = story_problems(&text, &edited, &stories, &bank.categories());
    for problem in &problems {
        match problem.line {
            Some(line) => ui::warn(format!("{}:{line}: {}", path.display(), problem.text)),
            None => ui::warn(format!("{}: {}", path.display(), problem.text)),
        }
    }
    let mut exit = if problems.is_empty() {
        Exit::Success
    } else {
        Exit::Failure
    };
    if !same_title(&story.title, &edited.title) {
        let briefs = briefs_for(&store_for(config));
        let sessions = retitle_sessions(config, &briefs, &story.title, &edited.title, Ask::Ask)?;
        if sessions != Exit::Success {
            exit = sessions;
        }
    }
    Ok(exit)
}

/// What the editor left in the copy of the story.
enum Edited {
    /// Other bytes than the story's: the person's new version, to save.
    Changed(Vec<u8>),
    /// Nothing of the person's to save or keep: the copy goes, and `said` says why.
    Nothing { said: String, exit: Exit },
    /// Not to be saved, but the copy holds the person's changes and stays: why, and where.
    Kept(String),
}

/// Runs the editor on `copy` of the story at `path` (which held `before`) and says what it
/// left there.
fn edit_copy(editor: &str, copy: &Path, path: &Path, before: &[u8]) -> Edited {
    let failed = match open_editor(editor, copy) {
        Ok(status) if status.success() => None,
        Ok(status) => Some(format!("the editor ({editor}) ended with {status}")),
        Err(error) => {
            return Edited::Nothing {
                said: format!(
                    "could not run the editor ({editor}): {error}: {} is left as it was",
                    path.display()
                ),
                exit: Exit::Failure,
            };
        }
    };
    let after = match read_regular(copy, Links::Refuse) {
        Ok(after) => after,
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            let gone = format!(
                "the copy being edited ({}) is gone, so nothing is saved: {} is left as it was",
                copy.display(),
                path.display()
            );
            return match failed {
                None => Edited::Nothing {
                    said: gone,
                    exit: Exit::Success,
                },
                Some(failed) => Edited::Nothing {
                    said: format!("{failed} and {gone}"),
                    exit: Exit::Failure,
                },
            };
        }
        Err(error) => {
            return Edited::Kept(format!(
                "cannot read the edited copy {}: {error}; {} is left as it was",
                copy.display(),
                path.display()
            ));
        }
    };
    match (after == before, failed) {
        (true, None) => Edited::Nothing {
            said: format!("{} is unchanged", path.display()),
            exit: Exit::Success,
        },
        (true, Some(failed)) => Edited::Nothing {
            said: format!("{failed}: {} is left as it was", path.display()),
            exit: Exit::Failure,
        },
        // What the editor saved before it failed may be all the person's work.
        (false, Some(failed)) => Edited::Kept(format!(
            "{failed}, so {} is left as it was; your changes are kept in {}: move that file over \
             the story to keep them, or remove it to let them go",
            path.display(),
            copy.display()
        )),
        (false, None) => Edited::Changed(after),
    }
}

/// Puts the edited text `after` in place of the story at `path`, if the file is still what
/// the edit began from (`before`). The look and the write are one step under the bank's
/// lock, so a change another command makes meanwhile is never overwritten; the lock is not
/// held while the editor is open, which may be for hours. Says why when nothing was saved.
fn save_edit(dir: &Path, path: &Path, before: &[u8], after: &[u8]) -> Result<(), String> {
    let _lock = lock_bank(dir).map_err(|error| format!("{error:#}"))?;
    let now = read_regular(path, Links::Refuse).ok();
    if now.as_deref() != Some(before) {
        return Err(format!(
            "{} changed while you edited it, so it is left as it is now",
            path.display()
        ));
    }
    write_atomic(path, after, Existing::Replace)
        .map_err(|error| format!("cannot save {}: {error}", path.display()))
}

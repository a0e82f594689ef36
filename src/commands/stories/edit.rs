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
    let edited = edit_copy(&editor, &copy, &path, &before);
    let after = match edited {
        Ok(Some(after)) => after,
        Ok(None) => {
            let _ = std::fs::remove_file(&copy);
            ui::note(format!("{} is unchanged", path.display()));
            return Ok(Exit::Success);
        }
        Err(Kept::Removed(problem)) => {
            let _ = std::fs::remove_file(&copy);
            ui::note(problem);
            return Ok(Exit::Failure);
        }
        Err(Kept::InCopy(problem)) => {
            ui::warn(format!(
                "{problem}: your version is kept in {}",
                copy.display()
            ));
            return Ok(Exit::Failure);
        }
    };
    if let Err(problem) = save_edit(&dir, &path, &before, &after) {
        ui::warn(format!(
            "{problem}: your version is kept in {}; bring your changes over to the story, then remove that file",
            copy.display()
        ));
        return Ok(Exit::Failure);
    }
    let _ = std::fs::remove_file(&copy);
    ui::note(format!("saved {}", path.display()));

    let Ok(text) = String::from_utf8(after) else {
        ui::warn(format!(
            "{}: not UTF-8 text: the story is left out of every list until it is",
            path.display()
        ));
        return Ok(Exit::Failure);
    };
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

/// Why an edit was not saved, and where the person's text is.
enum Kept {
    /// Nothing of theirs to keep (the editor failed or was quit).
    Removed(String),
    /// Their text is in the copy.
    InCopy(String),
}

/// Runs the editor on `copy` and gives back its new text: `None` when it is as it was,
/// an error when the editor failed.
fn edit_copy(
    editor: &str,
    copy: &Path,
    path: &Path,
    before: &[u8],
) -> Result<Option<Vec<u8>>, Kept> {
    match open_editor(editor, copy) {
        Ok(status) if status.success() => {}
        Ok(status) => {
            return Err(Kept::Removed(format!(
                "the editor ({editor}) ended with {status}: {} is left as it was",
                path.display()
            )));
        }
        Err(error) => {
            return Err(Kept::Removed(format!(
                "could not run the editor ({editor}): {error}"
            )));
        }
    }
    let after = read_regular(copy, Links::Refuse)
        .map_err(|error| Kept::InCopy(format!("cannot read the edited copy: {error}")))?;
    if after == before {
        return Ok(None);
    }
    Ok(Some(after))
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

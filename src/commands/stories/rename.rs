//! `rehearse stories rename NAME NEW`: a story's new title, in its file, its file name and
//! (asked, or with `--sessions`) the sessions that name it.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};

use super::super::{briefs_for, store_for, stories_for};
use super::{lock_bank_if_any, story_named};
use crate::config::Config;
use crate::exit::{BadInput, Exit};
use crate::files::{Links, read_regular};
use crate::session::brief::Brief;
use crate::story::slug::slug_for;
use crate::story::{
    Story, clean_line, find_story, move_story_file, same_title, story_path, title_problem,
    with_title,
};
use crate::ui;
use crate::ui::Output;

pub fn run(
    config: &Config,
    name: &str,
    new: &str,
    sessions: bool,
    out: &mut Output<'_>,
) -> Result<Exit> {
    if let Some(problem) = title_problem(new) {
        return Err(BadInput::new(format!("the new title {problem}")).into());
    }
    let new = clean_line(new);
    let briefs = briefs_for(&store_for(config));
    let old = match rename_story(config, &briefs, name, &new)? {
        Renamed::File { old, path } => {
            ui::note(format!("'{old}' is now '{new}'"));
            writeln!(out, "{}", path.display())?;
            old
        }
        Renamed::SessionsOnly { old } => old,
    };
    retitle_sessions(config, &briefs, &old, &new, Ask::from_flag(sessions))
}

/// What renaming did to the story bank; the sessions naming `old` are to follow.
enum Renamed {
    /// The story titled `old` has the new title now, in the file at `path`.
    File { old: String, path: PathBuf },
    /// No file changed: the story has the new title already, or no file has the old one.
    SessionsOnly { old: String },
}

/// Gives the story `name` means the title `new`, under the bank's lock from the look to the
/// write: another command changing the stories meanwhile waits, so the new title is still
/// free and the file still the one found when it is written.
fn rename_story(config: &Config, briefs: &[Brief], name: &str, new: &str) -> Result<Renamed> {
    let _lock = lock_bank_if_any(&config.home.stories_dir())?;
    let stories = stories_for(config);
    // Sessions may name a title no story file has any more (a story renamed by hand, or
    // renamed here without its sessions): renaming that title changes only the sessions.
    let story = match find_story(&stories, name)? {
        Some(story) => story,
        None if told(briefs, name) > 0 => {
            return Ok(Renamed::SessionsOnly {
                old: clean_line(name),
            });
        }
        None => return Err(story_named(&stories, name).unwrap_err().into()),
    };
    if let Some(other) = stories
        .iter()
        .find(|other| other.slug != story.slug && same_title(&other.title, new))
    {
        return Err(BadInput::new(format!(
            "'{}' is the title of {}.md already: titles are unique, so choose another",
            other.title, other.slug
        ))
        .into());
    }
    if story.title == new {
        // Renamed before without its sessions: the story is right, the sessions follow.
        if told(briefs, name) == 0 {
            return Err(BadInput::new(format!("the story is titled '{new}' already")).into());
        }
        return Ok(Renamed::SessionsOnly {
            old: clean_line(name),
        });
    }
    let path = retitle_file(config, story, new)?;
    Ok(Renamed::File {
        old: story.title.clone(),
        path,
    })
}

/// Writes `new` as the title of `story`'s file and moves the file to the name of the new
/// title; gives back where it is.
fn retitle_file(config: &Config, story: &Story, new: &str) -> Result<PathBuf> {
    let dir = config.home.stories_dir();
    let path = story_path(&dir, &story.slug);
    let bytes = read_regular(&path, Links::Refuse)
        .with_context(|| format!("reading {}", path.display()))?;
    let Ok(text) = String::from_utf8(bytes) else {
        return Err(BadInput::new(format!("{}: not UTF-8 text", path.display())).into());
    };
    crate::atomic::write_atomic(
        &path,
        with_title(&text, new).as_bytes(),
        crate::atomic::Existing::Replace,
    )
    .with_context(|| format!("writing {}", path.display()))?;
    let slug = slug_for(new, &|_| false);
    if slug == story.slug {
        return Ok(path);
    }
    // The title is written already: a failed move leaves the right story under its old name.
    move_story_file(&path, &dir, &slug)
        .with_context(|| format!("renaming {} for its new title", path.display()))
}

/// How many sessions name `title`.
pub fn told(briefs: &[Brief], title: &str) -> usize {
    briefs
        .iter()
        .filter(|brief| {
            brief
                .story
                .as_deref()
                .is_some_and(|told| same_title(told, title))
        })
        .count()
}

/// Whether to change the sessions of a renamed story.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    /// `--sessions`: change them.
    Change,
    /// Ask on a terminal; without one, say how.
    Ask,
}

impl Ask {
    pub fn from_flag(sessions: bool) -> Ask {
        if sessions { Ask::Change } else { Ask::Ask }
    }
}

/// Changes the story of every session naming `old` to `new`, when asked to or when the
/// person agrees. A record that cannot be changed is named and the rest still change.
pub fn retitle_sessions(
    config: &Config,
    briefs: &[Brief],
    old: &str,
    new: &str,
    ask: Ask,
) -> Result<Exit> {
    let ids: Vec<&str> = briefs
        .iter()
        .filter(|brief| {
            brief
                .story
                .as_deref()
                .is_some_and(|told| same_title(told, old) && told != new)
        })
        .map(|brief| brief.id.as_str())
        .collect();
    if ids.is_empty() {
        return Ok(Exit::Success);
    }
    let (count, name) = sessions_naming(ids.len());
    let change = match ask {
        Ask::Change => true,
        Ask::Ask if io::stdin().is_terminal() && io::stderr().is_terminal() => {
            // The titles go in a note of their own: a prompt wider than the terminal is
            // drawn again on every key.
            ui::note(format!("{count} {name} '{old}'"));
            let them = if ids.len() == 1 { "it" } else { "them" };
            let answer = dialoguer::Confirm::new()
                .with_prompt(format!("Change {them} to the new title?"))
                .default(true)
                .interact_opt();
            let _ = crossterm::execute!(io::stderr(), crossterm::cursor::Show);
            match answer {
                Ok(answer) => answer.unwrap_or(false),
                Err(dialoguer::Error::IO(error)) if error.kind() == io::ErrorKind::Interrupted => {
                    ui::note(format!("the {count} still {name} '{old}'"));
                    return Ok(Exit::Interrupted);
                }
                Err(error) => return Err(error).context("asking about the sessions"),
            }
        }
        Ask::Ask => false,
    };
    if !change {
        ui::note(format!(
            "{count} still {name} '{old}': `rehearse stories rename \"{old}\" \"{new}\" --sessions` changes them"
        ));
        return Ok(Exit::Success);
    }
    let store = store_for(config);
    let mut failed = 0;
    for id in &ids {
        let changed = store.update(id, |session| session.story = Some(new.to_string()));
        if let Err(error) = changed {
            ui::warn(format!("session {id} still names '{old}': {error}"));
            failed += 1;
        }
    }
    let (changed, name) = sessions_naming(ids.len() - failed);
    ui::note(format!("{changed} now {name} '{new}'"));
    Ok(if failed == 0 {
        Exit::Success
    } else {
        Exit::Failure
    })
}

/// `1 session`, `names`; `3 sessions`, `name`.
pub fn sessions_naming(count: usize) -> (String, &'static str) {
    if count == 1 {
        ("1 session".to_string(), "names")
    } else {
        (format!("{count} sessions"), "name")
    }
}

//! `rehearse stories`: the story bank, one subcommand a file.

mod add;
mod coverage;
mod edit;
mod editor;
mod import;
mod list;
mod rename;
mod rm;
mod show;

use std::io;
use std::path::Path;

use anyhow::{Context, Result};

use crate::cli::{StoriesAction, StoriesArgs};
use crate::config::{Config, Settings};
use crate::domain::window::Window;
use crate::exit::{BadInput, Exit};
use crate::session::lock::RecordLock;
use crate::story::{Story, find_story, lock_stories};
use crate::ui::{self, Output};

pub fn run(config: &Config, args: &StoriesArgs, out: &mut Output<'_>) -> Result<Exit> {
    let settings = config.settings(&args.pace.flags());
    match &args.action {
        None => list::run(config, &settings, args.json, args.wide, out),
        Some(StoriesAction::Show { name, json }) => show::run(config, &settings, name, *json, out),
        Some(StoriesAction::Add { title, categories }) => {
            add::run(config, title.as_deref(), categories, out)
        }
        Some(StoriesAction::Edit { name }) => edit::run(config, name),
        Some(StoriesAction::Rename {
            name,
            new,
            sessions,
        }) => rename::run(config, name, new, *sessions, out),
        Some(StoriesAction::Rm { name }) => rm::run(config, name, out),
        Some(StoriesAction::Coverage { json }) => coverage::run(config, *json, out),
        Some(StoriesAction::Import {
            files,
            dry_run,
            json,
        }) => import::run(config, files, *dry_run, *json, out),
    }
}

/// The one story `name` means among `stories`, or bad input saying why there is none.
fn story_named<'a>(stories: &'a [Story], name: &str) -> Result<&'a Story, BadInput> {
    if name.trim().is_empty() {
        return Err(BadInput::new(
            "give the start of a story's title or file name",
        ));
    }
    find_story(stories, name)?.ok_or_else(|| {
        let hint = if stories.is_empty() {
            "you have no stories yet (add one with `rehearse stories add`)"
        } else {
            "see `rehearse stories` for the titles"
        };
        BadInput::new(format!("no story matches '{}': {hint}", name.trim()))
    })
}

/// The story bank's lock, for a command that changes a story already there: taken before
/// the stories are read, so what it finds is still so when it writes. `None` when there is
/// no stories folder, and so no story to change: a command that then finds nothing must
/// not have made the folder.
fn lock_bank_if_any(dir: &Path) -> Result<Option<RecordLock>> {
    match dir.symlink_metadata() {
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
        _ => lock_bank(dir).map(Some),
    }
}

/// The story bank's lock, held by a command for its look-then-write.
fn lock_bank(dir: &Path) -> Result<RecordLock> {
    lock_stories(dir).with_context(|| format!("locking {}", dir.display()))
}

/// The answer window story lengths are held against. One the settings cannot make (min above
/// max) is named once and lengths are shown without it: the drill refuses that window, but
/// a story's length is still worth knowing while mending it.
fn window_for_lengths(settings: &Settings) -> Option<Window> {
    match settings.window() {
        Ok(window) => Some(window),
        Err(problem) => {
            ui::warn(format!(
                "{problem} (story lengths are shown without the answer window until it is mended)"
            ));
            None
        }
    }
}

//! `rehearse stories rm NAME`: the story file moved to `<home>/trash/stories/`, never deleted.

use std::io::Write;

use anyhow::{Context, Result};

use super::super::{briefs_for, store_for, stories_for};
use super::rename::{sessions_naming, told};
use super::{lock_bank_if_any, story_named};
use crate::config::Config;
use crate::exit::Exit;
use crate::story::{move_story_file, story_path};
use crate::ui;
use crate::ui::Output;

pub fn run(config: &Config, name: &str, out: &mut Output<'_>) -> Result<Exit> {
    let dir = config.home.stories_dir();
    let lock = lock_bank_if_any(&dir)?;
    let stories = stories_for(config);
    let story = story_named(&stories, name)?;
    let path = story_path(&dir, &story.slug);
    let trash = config.home.story_trash_dir();
    let moved = move_story_file(&path, &trash, &story.slug)
        .with_context(|| format!("moving {} to {}", path.display(), trash.display()))?;
    drop(lock);
    ui::note(format!("moved '{}' to the trash", story.title));
    let briefs = briefs_for(&store_for(config));
    let sessions = told(&briefs, &story.title);
    if sessions > 0 {
        let (count, name) = sessions_naming(sessions);
        ui::note(format!(
            "{count} still {name} '{}'; move the file back to link them again",
            story.title
        ));
    }
    writeln!(out, "{}", moved.display())?;
    Ok(Exit::Success)
}

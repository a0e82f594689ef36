//! `rehearse stories`: the story bank, one subcommand a file.

mod add;
mod coverage;
mod import;
mod list;
mod show;

use anyhow::Result;

use crate::cli::{StoriesAction, StoriesArgs};
use crate::config::Config;
use crate::exit::Exit;
use crate::ui::Output;

pub fn run(config: &Config, args: &StoriesArgs, out: &mut Output<'_>) -> Result<Exit> {
    let settings = config.settings(&args.pace.flags());
    match &args.action {
        None => list::run(config, &settings, args.json, out),
        Some(StoriesAction::Show { name, json }) => show::run(config, &settings, name, *json, out),
        Some(StoriesAction::Add { title, categories }) => {
            add::run(config, title.as_deref(), categories, out)
        }
        Some(StoriesAction::Coverage { json }) => coverage::run(config, *json, out),
        Some(StoriesAction::Import {
            files,
            dry_run,
            json,
        }) => import::run(config, files, *dry_run, *json, out),
    }
}

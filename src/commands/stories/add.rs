//! `rehearse stories add`: a new story file, from flags or asked on the terminal.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};

use super::super::{bank_for, stories_for};
use super::editor::{editor, open_editor};
use super::lock_bank;
use crate::bank::Bank;
use crate::config::Config;
use crate::domain::star::Part;
use crate::exit::{BadInput, Exit};
use crate::session::review::non_empty;
use crate::story::{
    Story, create_story, load_stories, normalise_category, same_title, title_problem,
};
use crate::ui;
use crate::ui::Output;

pub fn run(
    config: &Config,
    title: Option<&str>,
    categories: &[String],
    out: &mut Output<'_>,
) -> Result<Exit> {
    let bank = bank_for(config);
    let categories = known_categories(&bank, categories)?;
    if let Some(title) = title {
        if let Some(problem) = title_problem(title) {
            return Err(BadInput::new(format!("--title {problem}")).into());
        }
        let path = save_new_story(config, &Story::bare(title, &categories))?;
        writeln!(out, "{}", path.display())?;
        return Ok(Exit::Success);
    }
    if !(io::stdin().is_terminal() && io::stderr().is_terminal()) {
        return Err(BadInput::new(
            "give --title (and --category) to add a story without a terminal",
        )
        .into());
    }
    // Read quietly: the read under the lock, when saving, names any file it cannot use.
    let stories = load_stories(&config.home.stories_dir()).stories;
    let asked = ask_new_story(&bank, &stories, categories, config.colored());
    // dialoguer hides the cursor while it draws a list; an interrupted list leaves it hidden.
    let _ = crossterm::execute!(io::stderr(), crossterm::cursor::Show);
    let story = match asked {
        Ok(Some(story)) => story,
        Ok(None) => {
            ui::note("nothing written");
            return Ok(Exit::Success);
        }
        Err(dialoguer::Error::IO(error)) if error.kind() == io::ErrorKind::Interrupted => {
            ui::note("nothing written");
            return Ok(Exit::Interrupted);
        }
        Err(error) => return Err(error).context("asking for the story"),
    };
    let path = save_new_story(config, &story)?;
    let mut exit = Exit::Success;
    if let Some(editor) = editor() {
        // The file is saved already, so a failing editor loses nothing.
        match open_editor(&editor, &path) {
            Ok(status) if status.success() => {}
            Ok(status) => {
                ui::note(format!(
                    "the editor ({editor}) ended with {status}; the story is saved as it was"
                ));
                exit = Exit::Failure;
            }
            Err(error) => {
                ui::note(format!(
                    "could not run the editor ({editor}): {error}; the story is saved, edit it later"
                ));
                exit = Exit::Failure;
            }
        }
    }
    writeln!(out, "{}", path.display())?;
    Ok(exit)
}

/// The categories given, lowercase, each checked against the bank: an unknown one is bad
/// input listing the valid ones.
fn known_categories(bank: &Bank, given: &[String]) -> Result<Vec<String>, BadInput> {
    let mut categories: Vec<String> = Vec::new();
    for category in given.iter().map(|c| normalise_category(c)) {
        if !categories.contains(&category) {
            categories.push(category);
        }
    }
    bank.in_categories(&categories)?;
    Ok(categories)
}

/// Writes `story` to a new file, under the bank's lock and only when no story has its title
/// now: another command may have added one since the stories were read to ask.
fn save_new_story(config: &Config, story: &Story) -> Result<PathBuf> {
    let dir = config.home.stories_dir();
    let _lock = lock_bank(&dir)?;
    if let Some(taken) = taken_by(&stories_for(config), &story.title) {
        return Err(BadInput::new(taken).into());
    }
    create_story(&dir, story).with_context(|| format!("writing a story file in {}", dir.display()))
}

/// Why `title` cannot be a new story's: another story has it, in some case or spacing.
fn taken_by(stories: &[Story], title: &str) -> Option<String> {
    let story = stories
        .iter()
        .find(|story| same_title(&story.title, title))?;
    Some(format!(
        "a story titled '{}' is in {}.md already: change it with `rehearse stories edit {}`",
        story.title, story.slug, story.slug
    ))
}

/// Asks for the title and categories; then, without an editor to open, for each part.
/// `None` when the user backed out with Esc.
fn ask_new_story(
    bank: &Bank,
    stories: &[Story],
    given: Vec<String>,
    color: bool,
) -> dialoguer::Result<Option<Story>> {
    use dialoguer::theme::{ColorfulTheme, SimpleTheme, Theme};
    use dialoguer::{Input, MultiSelect};
    let colorful = ColorfulTheme::default();
    let theme: &dyn Theme = if color { &colorful } else { &SimpleTheme };
    let title: String = Input::with_theme(theme)
        .with_prompt("Title of the story")
        .validate_with(|text: &String| -> Result<(), String> {
            if let Some(problem) = title_problem(text) {
                Err(format!("the title {problem}"))
            } else {
                taken_by(stories, text).map_or(Ok(()), Err)
            }
        })
        .interact_text()?;
    let categories = if given.is_empty() {
        let items = bank.categories();
        let Some(chosen) = MultiSelect::with_theme(theme)
            .with_prompt("Which categories can it answer? (space ticks, Enter confirms)")
            .items(&items)
            .interact_opt()?
        else {
            return Ok(None);
        };
        chosen.into_iter().map(|i| items[i].to_string()).collect()
    } else {
        given
    };
    let mut story = Story::bare(&title, &categories);
    if editor().is_none() {
        for part in Part::ALL {
            let text: String = Input::with_theme(theme)
                .with_prompt(format!("{} (Enter skips)", part.name()))
                .allow_empty(true)
                .interact_text()?;
            story.parts[part] = non_empty(text);
        }
    }
    Ok(Some(story))
}

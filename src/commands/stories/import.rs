//! `rehearse stories import`: free-form notes turned into story files.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Serialize;

use super::super::bank_for;
use crate::config::Config;
use crate::exit::{BadInput, Exit};
use crate::files::{Links, read_regular};
use crate::story::card::or_dash;
use crate::story::categories::CategoryWords;
use crate::story::import::{ImportedStory, LeftOut, import_notes};
use crate::story::{
    Story, StoryNames, create_story_named, load_stories, lock_stories, same_text, story_path,
    title_key,
};
use crate::text::shown;
use crate::ui::Output;
use crate::ui::{self, write_json};

/// A story of `stories import --json`: the story as found, its file, and whether the file
/// is new or the story was there already, unchanged.
#[derive(Debug, Serialize)]
struct Written {
    /// As found, but for a title made unique.
    #[serde(flatten)]
    story: ImportedStory,
    path: String,
    status: Status,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
enum Status {
    Written,
    Unchanged,
}

pub fn run(
    config: &Config,
    files: &[PathBuf],
    dry_run: bool,
    json: bool,
    out: &mut Output<'_>,
) -> Result<Exit> {
    // Every file is read before anything is written: a bad name writes nothing.
    let mut found: Vec<ImportedStory> = Vec::new();
    let mut empty_files = Vec::new();
    let mut left_out = Vec::new();
    let words = CategoryWords::new(bank_for(config).category_keywords());
    for file in files {
        let text = read_notes(file)?;
        let name = file.display().to_string();
        let imported = import_notes(&name, &text, &words);
        if imported.stories.is_empty() {
            empty_files.push(name.clone());
        }
        found.extend(imported.stories);
        left_out.extend(
            imported
                .left_out
                .into_iter()
                .map(|left| (name.clone(), left)),
        );
    }
    if !dry_run || json {
        for (file, left) in &left_out {
            ui::note(left_out_line(file, left));
        }
    }
    for file in &empty_files {
        ui::warn(format!("{file}: no stories found"));
    }
    let dir = config.home.stories_dir();
    if dry_run {
        if json {
            write_json(out.raw()?, &found)?;
        } else {
            let existing = Existing::of(load_stories(&dir).stories);
            write!(
                out,
                "{}",
                dry_run_text(&found, &dir, &existing, files.len())
            )?;
            for (file, left) in &left_out {
                writeln!(out, "left out {}", shown(&left_out_line(file, left)))?;
            }
        }
        return Ok(Exit::Success);
    }
    // Under the lock: a second import at once waits, then finds these stories unchanged.
    let _lock = lock_stories(&dir).with_context(|| format!("locking {}", dir.display()))?;
    let mut existing = Existing::of(load_stories(&dir).stories);
    let mut names = StoryNames::list(&dir);
    let mut written = Vec::new();
    // A list of paths that cannot be printed (a closed pipe) stops no story being written.
    let mut reported = true;
    for story in &found {
        let mut file = story.to_story();
        let mut reported_story = story.clone();
        let (path, status) = match existing.look(&file) {
            Look::Unchanged(slug) => {
                ui::note(format!(
                    "'{}' is in {slug}.md already, unchanged: skipped",
                    story.title
                ));
                (story_path(&dir, &slug), Status::Unchanged)
            }
            look => {
                for warning in &story.warnings {
                    ui::warn(format!(
                        "{}:{} ({}): {warning}",
                        story.source.file, story.source.line, story.title
                    ));
                }
                if let Look::Changed(slug) = look {
                    // Titles stay unique: this version is named apart from the other.
                    file.title = existing.free_title(&file.title);
                    ui::warn(format!(
                        "'{}' is in {slug}.md already with other text; this version is '{}', in a file of its own",
                        story.title, file.title
                    ));
                    reported_story.title = file.title.clone();
                }
                let path = create_story_named(&mut names, &file)
                    .with_context(|| format!("writing a story file in {}", dir.display()))?;
                if !json && reported {
                    reported = writeln!(out, "{}", path.display()).is_ok();
                }
                existing.add(story_slug_of(&path), file);
                (path, Status::Written)
            }
        };
        written.push(Written {
            story: reported_story,
            path: path.display().to_string(),
            status,
        });
    }
    if json && reported {
        reported = out
            .raw()
            .ok()
            .is_some_and(|raw| write_json(raw, &written).is_ok());
    }
    if !reported {
        ui::note("every story is written, but their list could not be printed");
        return Ok(Exit::Unreported);
    }
    Ok(Exit::Success)
}

/// The stories of the folder by title, to tell a story imported before from a new one.
struct Existing {
    /// By [`title_key`]: the slug and story of every file with that title.
    by_title: HashMap<String, Vec<(String, Story)>>,
}

/// What the folder holds of an imported story.
enum Look {
    New,
    /// A file with the title and the same text: the slug.
    Unchanged(String),
    /// Files with the title but other text: the first one's slug.
    Changed(String),
}

impl Existing {
    fn of(stories: Vec<Story>) -> Existing {
        let mut existing = Existing {
            by_title: HashMap::new(),
        };
        for story in stories {
            existing.add(story.slug.clone(), story);
        }
        existing
    }

    fn add(&mut self, slug: String, story: Story) {
        self.by_title
            .entry(title_key(&story.title))
            .or_default()
            .push((slug, story));
    }

    /// `title`, or `title (2)`, `title (3)`... the first no story has.
    fn free_title(&self, title: &str) -> String {
        (2..)
            .map(|n| format!("{title} ({n})"))
            .find(|candidate| !self.by_title.contains_key(&title_key(candidate)))
            .unwrap_or_else(|| title.to_string())
    }

    fn look(&self, story: &Story) -> Look {
        let Some(files) = self.by_title.get(&title_key(&story.title)) else {
            return Look::New;
        };
        match files.iter().find(|(_, file)| same_text(file, story)) {
            Some((slug, _)) => Look::Unchanged(slug.clone()),
            None => Look::Changed(files[0].0.clone()),
        }
    }
}

/// The slug of a story file just written.
fn story_slug_of(path: &Path) -> String {
    path.file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// `notes.md:29: "Tell me about ..." (an unanswered question)`.
fn left_out_line(file: &str, left: &LeftOut) -> String {
    let text = if left.text.is_empty() {
        String::new()
    } else {
        format!(" \"{}\"", crate::text::shown_line(&left.text))
    };
    format!("{file}:{}:{text} left out: {}", left.line, left.why)
}

/// The text of a notes file, or bad input naming it.
fn read_notes(file: &Path) -> Result<String, BadInput> {
    let bytes = read_regular(file, Links::Follow).map_err(|error| {
        let reason = match error.kind() {
            io::ErrorKind::NotFound => "no such file".to_string(),
            _ => error.to_string(),
        };
        BadInput::new(format!("cannot read notes {}: {reason}", file.display()))
    })?;
    String::from_utf8(bytes).map_err(|_| {
        BadInput::new(format!(
            "cannot read notes {}: not UTF-8 text (save it as UTF-8 and try again)",
            file.display()
        ))
    })
}

/// What `import --dry-run` would write, story by story.
fn dry_run_text(found: &[ImportedStory], dir: &Path, existing: &Existing, files: usize) -> String {
    let mut names = StoryNames::list(dir);
    let mut text = String::new();
    let label = |name: &str| format!("  {name:12}");
    for story in found {
        let parts = story.to_story();
        let look = existing.look(&parts);
        text.push_str(&format!("{}\n", story.title));
        text.push_str(&format!(
            "{}{}\n",
            label("categories"),
            or_dash(&story.categories.join(", "))
        ));
        text.push_str(&format!(
            "{}{}:{}\n",
            label("from"),
            story.source.file,
            story.source.line
        ));
        if let Some(question) = &story.question {
            text.push_str(&format!("{}{question}\n", label("question")));
        }
        text.push_str(&format!("{}{}\n", label("parts"), parts.parts_mark()));
        match look {
            Look::Unchanged(slug) => text.push_str(&format!(
                "{}{} (unchanged)\n",
                label("would skip"),
                story_path(dir, &slug).display()
            )),
            look => {
                let slug = names.reserve(&story.title);
                text.push_str(&format!(
                    "{}{}\n",
                    label("would add"),
                    story_path(dir, &slug).display()
                ));
                if let Look::Changed(slug) = look {
                    text.push_str(&format!(
                        "{}{slug}.md has this title with other text\n",
                        label("warning")
                    ));
                }
            }
        }
        for warning in &story.warnings {
            text.push_str(&format!("{}{warning}\n", label("warning")));
        }
        text.push('\n');
    }
    let stories = if found.len() == 1 { "story" } else { "stories" };
    let notes = if files == 1 { "file" } else { "files" };
    text.push_str(&format!(
        "{} {stories} found in {files} {notes}; nothing written (dry run)\n",
        found.len()
    ));
    // Every title, question and file name above came from the notes.
    shown(&text).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dry_run_names_the_files_it_would_write_without_clashes() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a-conflict.md"), "# A conflict\n").unwrap();
        let stories = import_notes(
            "n.md",
            "Q: Tell me about a conflict\nS: I argued\n\n---\n\nQ: Tell me about a conflict\nR: we agreed\n",
            &CategoryWords::default(),
        )
        .stories;
        assert_eq!(stories.len(), 2);
        let text = dry_run_text(&stories, dir.path(), &Existing::of(Vec::new()), 1);
        let paths: Vec<&str> = text
            .lines()
            .filter_map(|line| line.trim().strip_prefix("would add"))
            .map(str::trim)
            .collect();
        assert_eq!(paths.len(), 2, "{text}");
        assert!(paths[0].ends_with("a-conflict-2.md"), "{text}");
        assert!(paths[1].ends_with("a-conflict-3.md"), "{text}");
        assert!(text.ends_with("2 stories found in 1 file; nothing written (dry run)\n"));
    }
}

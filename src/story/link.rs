//! Linking a session to a story: what a `--story` value names, and the bare story file
//! started for a title told for the first time.

use std::io;
use std::path::{Path, PathBuf};

use super::{Story, clean_line, create_story, find_title, same_title};
use crate::exit::BadInput;
use crate::session::review::ReviewChanges;
use crate::ui;

/// What a `--story` value names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoryLink {
    /// A story file's title, found by a unique start of its title or file name.
    Known(String),
    /// A title no story file has yet (one line, as given).
    New(String),
}

/// What the command line asks of the story told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoryRequest {
    /// `--story TEXT`: a story there is, by a unique start of its title or file name, or a
    /// title told before.
    Existing(String),
    /// `--new-story TITLE`: a story told for the first time (its file is started).
    New(String),
}

impl StoryLink {
    /// What `request` names among `stories` and the titles told before (`past_titles`):
    /// `None` when it is blank. A `--story` that names nothing there is bad input that
    /// offers the nearest title and `--new-story`, so a typo never starts a story.
    pub fn resolve(
        stories: &[Story],
        past_titles: &[String],
        request: &StoryRequest,
    ) -> Result<Option<StoryLink>, BadInput> {
        let text = match request {
            StoryRequest::Existing(text) | StoryRequest::New(text) => text,
        };
        if text.trim().is_empty() {
            return Ok(None);
        }
        let told = || {
            past_titles
                .iter()
                .find(|title| same_title(title, text))
                .cloned()
        };
        Ok(Some(match request {
            StoryRequest::New(_) => {
                match stories.iter().find(|story| same_title(&story.title, text)) {
                    Some(story) => StoryLink::Known(story.title.clone()),
                    None => StoryLink::New(clean_line(text)),
                }
            }
            StoryRequest::Existing(_) => match find_title(stories, text)?.or_else(told) {
                Some(title) => StoryLink::Known(title),
                None => return Err(no_such_story(stories, past_titles, text)),
            },
        }))
    }

    /// What the story request names, with that story's title put in `changes` (the story
    /// file's own spelling, or the new title on one line).
    pub fn link_changes(
        stories: &[Story],
        past_titles: &[String],
        request: Option<&StoryRequest>,
        changes: &mut ReviewChanges,
    ) -> Result<Option<StoryLink>, BadInput> {
        let link = match request {
            Some(request) => StoryLink::resolve(stories, past_titles, request)?,
            None => None,
        };
        if let Some(link) = &link {
            changes.story = Some(link.title().to_string());
        }
        Ok(link)
    }

    /// The title to record in the session.
    pub fn title(&self) -> &str {
        match self {
            StoryLink::Known(title) | StoryLink::New(title) => title,
        }
    }

    /// For a title told for the first time, starts its story file in `dir` and says so.
    pub fn start_if_new(&self, dir: &Path, stories: &[Story], category: &str) {
        if let StoryLink::New(title) = self {
            start_story(dir, stories, title, category).tell();
        }
    }
}

/// `no story 'zzz' (did you mean 'Audit flag'?); start one with --new-story TITLE`.
fn no_such_story(stories: &[Story], past_titles: &[String], text: &str) -> BadInput {
    let titles: Vec<&str> = stories
        .iter()
        .map(|story| story.title.as_str())
        .chain(past_titles.iter().map(String::as_str))
        .collect();
    let wanted = clean_line(text);
    let near = crate::text::closest(&wanted, titles.iter().copied())
        .map(|near| format!(" (did you mean '{near}'?)"))
        .unwrap_or_default();
    BadInput::new(format!(
        "no story '{wanted}'{near}; to start a new one, give --new-story TITLE"
    ))
}

/// What starting a story file for a new title came to.
#[derive(Debug)]
pub enum Started {
    /// A story has that title already: record its title, as the file spells it.
    Existing(String),
    /// A new bare story file.
    Created { title: String, path: PathBuf },
    /// The file could not be written; the session keeps the title anyway.
    Failed { title: String, error: io::Error },
}

impl Started {
    /// The title the session records.
    pub fn title(&self) -> &str {
        match self {
            Started::Existing(title) => title,
            Started::Created { title, .. } | Started::Failed { title, .. } => title,
        }
    }

    /// Tells the person what happened: a new file, or why there is none.
    pub fn tell(&self) {
        match self {
            Started::Existing(_) => {}
            Started::Created { path, .. } => ui::note(format!("new story file {}", path.display())),
            Started::Failed { title, error } => ui::warn(format!(
                "could not start a story file for '{title}': {error}"
            )),
        }
    }
}

/// Starts a bare story file in `dir` (the title and `category`) for a title told for the
/// first time, unless one of `stories` has that title.
pub fn start_story(dir: &Path, stories: &[Story], title: &str, category: &str) -> Started {
    if let Some(story) = stories.iter().find(|story| same_title(&story.title, title)) {
        return Started::Existing(story.title.clone());
    }
    let story = Story::bare(title, &[category.to_string()]);
    match create_story(dir, &story) {
        Ok(path) => Started::Created {
            title: story.title,
            path,
        },
        Err(error) => Started::Failed {
            title: story.title,
            error,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn story(title: &str) -> Story {
        Story {
            slug: title.to_lowercase().replace(' ', "-"),
            title: title.into(),
            ..Story::default()
        }
    }

    #[test]
    fn a_story_value_names_a_known_story_a_title_told_before_or_nothing() {
        let stories = [story("Audit flag broke time entry"), story("Team reorg")];
        let past = ["Launch day".to_string()];
        let existing = |text: &str| StoryRequest::Existing(text.into());
        assert_eq!(
            StoryLink::resolve(&stories, &past, &existing("audit")).unwrap(),
            Some(StoryLink::Known("Audit flag broke time entry".into()))
        );
        assert_eq!(
            StoryLink::resolve(&stories, &past, &existing("launch DAY")).unwrap(),
            Some(StoryLink::Known("Launch day".into()))
        );
        assert_eq!(
            StoryLink::resolve(&stories, &past, &existing("  ")).unwrap(),
            None
        );
        let typo = StoryLink::resolve(&stories, &past, &existing("Team reorgg")).unwrap_err();
        assert_eq!(
            typo.to_string(),
            "no story 'Team reorgg' (did you mean 'Team reorg'?); to start a new one, give --new-story TITLE"
        );
    }

    #[test]
    fn a_new_story_is_new_unless_a_file_has_its_title() {
        let stories = [story("Team reorg")];
        let new = |text: &str| StoryRequest::New(text.into());
        assert_eq!(
            StoryLink::resolve(&stories, &[], &new(" Launch \n day ")).unwrap(),
            Some(StoryLink::New("Launch day".into()))
        );
        assert_eq!(
            StoryLink::resolve(&stories, &[], &new("team REORG")).unwrap(),
            Some(StoryLink::Known("Team reorg".into()))
        );
    }

    #[test]
    fn a_new_title_starts_a_file_once() {
        let dir = tempfile::tempdir().unwrap();
        let started = start_story(dir.path(), &[], "Launch day", "conflict");
        let Started::Created { path, .. } = &started else {
            panic!("{started:?}");
        };
        assert!(path.is_file());
        let known = [story("Launch Day")];
        let again = start_story(dir.path(), &known, "launch day", "conflict");
        assert_eq!(again.title(), "Launch Day");
        assert!(matches!(again, Started::Existing(_)));
    }
}

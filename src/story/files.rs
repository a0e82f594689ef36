//! The story files in `<home>/stories`: loading them, finding one by name, and creating new
//! ones without ever replacing another.

use std::collections::{HashMap, HashSet};
use std::ffi::OsStr;
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use super::slug::{numbered, slug_for};
use super::{Story, parse_story, render_story, same_title, title_key};
use crate::atomic::{Existing, write_atomic};
use crate::exit::BadInput;
use crate::files::{Links, NO_LINKS, STORY_CAP, check_real_folders, read_regular_capped};
use crate::text::markdown::{Fence, heading as markdown_heading};
use crate::text::shown_path;

/// The readable stories of a folder, and what could not be read.
#[derive(Debug, Default)]
pub struct LoadedStories {
    /// Sorted by title (any case), then slug.
    pub stories: Vec<Story>,
    /// One line a file left out: its path and why, for the caller to warn about.
    pub skipped: Vec<String>,
}

/// Every `*.md` story in `dir` (`.MD` and any other case too). A missing folder means no
/// stories; files starting with a dot are left out (an unfinished write, an editor's swap
/// file). What cannot be read is named in `skipped`: a file, a folder inside (none is read:
/// stories are the files of the folder itself), a name that is not UTF-8 text.
pub fn load_stories(dir: &Path) -> LoadedStories {
    let mut loaded = LoadedStories::default();
    // The folder itself is looked at first: read_dir would follow a link.
    match dir.symlink_metadata() {
        Ok(metadata) if metadata.file_type().is_symlink() => {
            loaded.skipped.push(format!(
                "{}: a symbolic link ({NO_LINKS}): no story in it is read",
                shown_path(dir)
            ));
            return loaded;
        }
        Ok(metadata) if !metadata.is_dir() => {
            loaded.skipped.push(format!(
                "{}: a file where the stories folder belongs: no story can be read or saved",
                shown_path(dir)
            ));
            return loaded;
        }
        _ => {}
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return loaded,
        Err(error) => {
            loaded
                .skipped
                .push(format!("cannot read {}: {error}", shown_path(dir)));
            return loaded;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if name.as_bytes().starts_with(b".") {
            continue;
        }
        if entry.file_type().is_ok_and(|kind| kind.is_dir()) {
            loaded.skipped.push(format!(
                "{}: a folder inside the stories folder is not read (a story is a .md file \
                 of the folder itself)",
                shown_path(&path)
            ));
            continue;
        }
        if !has_story_extension(&name) {
            continue;
        }
        let Some(slug) = story_slug(&path) else {
            loaded.skipped.push(format!(
                "{}: a file name that is not UTF-8 text is not read: rename it",
                shown_path(&path)
            ));
            continue;
        };
        match read_regular_capped(&path, Links::Refuse, STORY_CAP) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => loaded.stories.push(parse_story(&slug, &text)),
                Err(_) => loaded.skipped.push(format!(
                    "{}: not UTF-8 text (file skipped)",
                    shown_path(&path)
                )),
            },
            Err(error) => loaded
                .skipped
                .push(format!("{}: {error} (file skipped)", shown_path(&path))),
        }
    }
    loaded
        .stories
        .sort_by(|a, b| (a.title.to_lowercase(), &a.slug).cmp(&(b.title.to_lowercase(), &b.slug)));
    loaded
}

/// Whether a file name, UTF-8 or not, ends in `.md` in any case.
fn has_story_extension(name: &OsStr) -> bool {
    let name = name.as_bytes();
    name.len() > STORY_EXTENSION.len()
        && name[name.len() - STORY_EXTENSION.len()..].eq_ignore_ascii_case(STORY_EXTENSION)
}

/// What a story file's name ends with (in any case, when read).
const STORY_EXTENSION: &[u8] = b".md";

/// The slug of a story file's path: its name without `.md` (in any case), for names that
/// are UTF-8 text not starting with a dot.
fn story_slug(path: &Path) -> Option<String> {
    if !path.extension()?.eq_ignore_ascii_case("md") {
        return None;
    }
    let stem = path.file_stem()?.to_str()?;
    (!stem.is_empty() && !stem.starts_with('.')).then(|| stem.to_string())
}

/// The story `name` means: the file named `name` (with or without `.md`, any case) first;
/// else a story titled `name` (any case and spacing); else the one story whose title or file
/// name starts with it. `None` when nothing matches; bad input naming the candidates when
/// several do.
pub fn find_story<'a>(stories: &'a [Story], name: &str) -> Result<Option<&'a Story>, BadInput> {
    let candidates = candidates(stories, name);
    match candidates[..] {
        [] => Ok(None),
        [story] => Ok(Some(story)),
        _ => Err(ambiguous(name, &candidates)),
    }
}

/// The title `name` means, as `find_story` finds it, except that stories sharing one title
/// (two files for one story) are no choice at all: a session records only the title.
pub fn find_title(stories: &[Story], name: &str) -> Result<Option<String>, BadInput> {
    let candidates = candidates(stories, name);
    match candidates.split_first() {
        None => Ok(None),
        Some((first, rest)) if rest.iter().all(|s| same_title(&s.title, &first.title)) => {
            Ok(Some(first.title.clone()))
        }
        Some(_) => Err(ambiguous(name, &candidates)),
    }
}

/// The stories `name` could mean, in the order [`find_story`] tries them: those whose file
/// name is `name`, else those whose title is, else those whose title or file name starts
/// with it. The file name comes first because it is the one name two stories never share:
/// it is how a person picks one of two files that carry the same title.
fn candidates<'a>(stories: &'a [Story], name: &str) -> Vec<&'a Story> {
    let wanted = title_key(name);
    if wanted.is_empty() {
        return Vec::new();
    }
    let file_name = file_name_key(name);
    let by_file: Vec<&Story> = stories
        .iter()
        .filter(|story| story.slug.to_lowercase() == file_name)
        .collect();
    if !by_file.is_empty() {
        return by_file;
    }
    let by_title: Vec<&Story> = stories
        .iter()
        .filter(|story| title_key(&story.title) == wanted)
        .collect();
    if !by_title.is_empty() {
        return by_title;
    }
    stories
        .iter()
        .filter(|story| {
            title_key(&story.title).starts_with(&wanted)
                || story.slug.to_lowercase().starts_with(&wanted)
        })
        .collect()
}

/// `name` as a story's file name is compared: trimmed, lowercase, without `.md` in any case.
fn file_name_key(name: &str) -> String {
    let name = name.trim().to_lowercase();
    match name.strip_suffix(".md") {
        Some(stem) => stem.to_string(),
        None => name,
    }
}

fn ambiguous(name: &str, candidates: &[&Story]) -> BadInput {
    BadInput::new(format!(
        "'{}' could be any of {} stories: {} (give more of the title, or the file name)",
        name.trim(),
        candidates.len(),
        candidate_list(candidates)
    ))
}

/// The candidates' titles, with the file name where two share a title, the first few only.
fn candidate_list(candidates: &[&Story]) -> String {
    const SHOWN: usize = 6;
    let mut names: Vec<String> = candidates
        .iter()
        .take(SHOWN)
        .map(|story| {
            let shared = candidates
                .iter()
                .filter(|other| same_title(&other.title, &story.title))
                .count()
                > 1;
            if shared {
                format!("{} ({}.md)", story.title, story.slug)
            } else {
                story.title.clone()
            }
        })
        .collect();
    if candidates.len() > SHOWN {
        names.push(format!("and {} more", candidates.len() - SHOWN));
    }
    names.join(", ")
}

/// Whether a story file for `slug` is already in `dir` (a dangling link counts).
pub fn story_path_taken(dir: &Path, slug: &str) -> bool {
    dir.join(format!("{slug}.md")).symlink_metadata().is_ok()
}

/// The file names of a story folder, listed once, and the names handed out since: many new
/// stories of one title get their `-2`, `-3`, ... without a file check each.
#[derive(Debug)]
pub struct StoryNames {
    dir: PathBuf,
    /// Every name in the folder that a story file could clash with, without `.md`.
    taken: HashSet<String>,
    /// For a slug already taken, the first numbered variant that may still be free.
    next_number: HashMap<String, usize>,
}

impl StoryNames {
    /// The names now in `dir` (none when it does not exist yet).
    pub fn list(dir: &Path) -> StoryNames {
        let taken = std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .flatten()
                    .filter_map(|entry| {
                        let name = entry.file_name().into_string().ok()?;
                        name.strip_suffix(".md").map(str::to_string)
                    })
                    .collect()
            })
            .unwrap_or_default();
        StoryNames {
            dir: dir.to_path_buf(),
            taken,
            next_number: HashMap::new(),
        }
    }

    /// A free slug for `title`, taken from now on: its slug, or the first free numbered one.
    pub fn reserve(&mut self, title: &str) -> String {
        let base = slug_for(title, &|_| false);
        if self.taken.insert(base.clone()) {
            return base;
        }
        let mut number = self.next_number.get(&base).copied().unwrap_or(2);
        loop {
            let slug = numbered(&base, number);
            number += 1;
            if self.taken.insert(slug.clone()) {
                self.next_number.insert(base, number);
                return slug;
            }
        }
    }

    /// The file a reserved slug names.
    pub fn path(&self, slug: &str) -> PathBuf {
        self.dir.join(format!("{slug}.md"))
    }
}

/// Writes `story` (its slug ignored) to a new file in `dir`, named from its title by
/// `slug_for`, and gives back the path. An existing file is never replaced: a taken slug
/// gets a `-2`, `-3`... suffix, also when another program takes it between the check and the
/// write.
pub fn create_story(dir: &Path, story: &Story) -> io::Result<PathBuf> {
    create_story_named(&mut StoryNames::list(dir), story)
}

/// [`create_story`] with the folder's names listed already (for writing many stories).
pub fn create_story_named(names: &mut StoryNames, story: &Story) -> io::Result<PathBuf> {
    check_real_folders([names.dir.as_path()])?;
    let text = render_story(story);
    for _ in 0..100 {
        let slug = names.reserve(&story.title);
        // slug_for promises a plain kebab-case name; a path outside the folder is never written.
        if !crate::text::is_kebab_case(&slug) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("unsafe story file name '{slug}'"),
            ));
        }
        let path = names.path(&slug);
        match write_atomic(&path, text.as_bytes(), Existing::Keep) {
            Ok(()) => return Ok(path),
            // Another program took the name since the listing; it is reserved now.
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {}
            Err(error) => return Err(error),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!("no free file name for the story '{}'", story.title),
    ))
}

/// The lock every change to the story bank holds for its look-then-write (is the title
/// taken? is the file as it was?), so two commands at once never write one story twice.
pub fn lock_stories(dir: &Path) -> io::Result<crate::session::lock::RecordLock> {
    check_real_folders([dir])?;
    crate::session::lock::lock_folder(dir, "stories", crate::session::lock::PATIENCE)
}

/// The path of `slug`'s story file in `dir`: `<slug>.md`, or, when only a file of the slug
/// with `.md` in another case is there (`UP.MD`, read as the story `UP`), that one.
pub fn story_path(dir: &Path, slug: &str) -> PathBuf {
    let usual = dir.join(format!("{slug}.md"));
    if usual.symlink_metadata().is_ok() {
        return usual;
    }
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .find(|path| {
            path.file_stem().is_some_and(|stem| stem == slug) && story_slug(path).is_some()
        })
        .unwrap_or(usual)
}

/// Moves the story file `from` into `to_dir` as `<slug>.md`, or the first free numbered name
/// there, and gives back where it went. No file is ever replaced: the file is linked under
/// its new name first (which fails on a taken name) and only then unlinked from the old one.
pub fn move_story_file(from: &Path, to_dir: &Path, slug: &str) -> io::Result<PathBuf> {
    crate::atomic::create_private_dirs(to_dir)?;
    check_real_folders([to_dir])?;
    for number in 1..=1000 {
        let name = if number == 1 {
            slug.to_string()
        } else {
            numbered(slug, number)
        };
        let to = story_path(to_dir, &name);
        if to == from {
            return Ok(to);
        }
        match std::fs::hard_link(from, &to) {
            Ok(()) => {
                std::fs::remove_file(from)?;
                for folder in [Some(to_dir), from.parent()].into_iter().flatten() {
                    std::fs::File::open(folder)?.sync_all()?;
                }
                return Ok(to);
            }
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {}
            Err(error) => return Err(error),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!("no free file name for '{slug}' in {}", to_dir.display()),
    ))
}

/// `text`, a story file, with its title changed to `title`: the `# Title` line (outside code
/// fences) rewritten, or one put first when there is none. Every other line stays as it was.
pub fn with_title(text: &str, title: &str) -> String {
    let bom = if text.starts_with('\u{feff}') {
        "\u{feff}"
    } else {
        ""
    };
    let body = &text[bom.len()..];
    let heading = format!("# {}", super::clean_line(title));
    let mut fence: Option<Fence> = None;
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\n', '\r']);
        match fence {
            Some(open) if open.is_closed_by(bare) => fence = None,
            Some(_) => {}
            None => {
                fence = Fence::opened_by(bare);
                if fence.is_none()
                    && let Some((1, found)) = markdown_heading(bare)
                    && !found.is_empty()
                {
                    let ending = &line[bare.len()..];
                    return format!(
                        "{bom}{}{heading}{ending}{}",
                        &body[..offset],
                        &body[offset + line.len()..]
                    );
                }
                // The title is in the preamble: a part heading means there is none.
                if matches!(markdown_heading(bare), Some((2, _))) {
                    break;
                }
            }
        }
        offset += line.len();
    }
    format!("{bom}{heading}\n\n{body}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn story(slug: &str, title: &str) -> Story {
        Story {
            slug: slug.into(),
            title: title.into(),
            ..Story::default()
        }
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn loads_story_files_sorted_and_reports_unreadable_ones() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, bytes: &[u8]| std::fs::write(dir.path().join(name), bytes);
        write("b.md", b"# Zed story\nCategories: conflict\n").unwrap();
        write("a.md", b"# alpha story\n").unwrap();
        write("notes.txt", b"# not a story\n").unwrap();
        write(".swap.md", b"# hidden\n").unwrap();
        write("bad.md", b"# \xff\xfe broken\n").unwrap();
        let loaded = load_stories(dir.path());
        let titles: Vec<&str> = loaded.stories.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, ["alpha story", "Zed story"]);
        assert_eq!(loaded.stories[1].categories, ["conflict"]);
        assert_eq!(loaded.skipped.len(), 1, "{:?}", loaded.skipped);
        assert!(loaded.skipped[0].contains("bad.md: not UTF-8 text"));
        assert!(load_stories(&dir.path().join("missing")).stories.is_empty());
    }

    #[test]
    fn folders_and_names_that_are_not_text_are_named_and_any_case_of_md_is_read() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("UP.MD"), "# Shouting story\n").unwrap();
        std::fs::create_dir(dir.path().join("folder.md")).unwrap();
        std::fs::create_dir(dir.path().join("archive")).unwrap();
        std::fs::write(dir.path().join("archive/old.md"), "# Archived\n").unwrap();
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        let odd = OsStr::from_bytes(b"caf\xe9.md");
        std::fs::write(dir.path().join(odd), "# Latin-1 name\n").unwrap();
        let loaded = load_stories(dir.path());
        let titles: Vec<&str> = loaded.stories.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, ["Shouting story"]);
        assert_eq!(story_path(dir.path(), "UP"), dir.path().join("UP.MD"));
        let mut skipped = loaded.skipped.clone();
        skipped.sort();
        assert_eq!(skipped.len(), 3, "{skipped:?}");
        let shown = dir.path().display();
        assert_eq!(
            skipped,
            [
                format!(
                    "{shown}/archive: a folder inside the stories folder is not read (a story is a .md file of the folder itself)"
                ),
                format!(
                    "{shown}/caf\\xe9.md: a file name that is not UTF-8 text is not read: rename it"
                ),
                format!(
                    "{shown}/folder.md: a folder inside the stories folder is not read (a story is a .md file of the folder itself)"
                ),
            ]
        );
    }

    #[test]
    fn finds_by_exact_name_or_unique_prefix_of_title_or_slug() {
        let stories = [
            story("audit-flag", "Audit flag broke time entry"),
            story("auth-outage", "Auth outage"),
            story("team", "Team"),
            story("team-reorg", "Team reorg"),
        ];
        let found = |name: &str| find_story(&stories, name).unwrap().map(|s| s.slug.as_str());
        assert_eq!(found("audit"), Some("audit-flag"));
        assert_eq!(found("AUTH"), Some("auth-outage"));
        assert_eq!(found("audit-fl"), Some("audit-flag"));
        assert_eq!(
            found("team"),
            Some("team"),
            "an exact title wins over prefixes"
        );
        assert_eq!(found(" Team Reorg "), Some("team-reorg"));
        assert_eq!(found("zebra"), None);
        let named_apart = [story("team", "Old team"), story("new-team", "Team")];
        let found_apart = |name: &str| {
            find_story(&named_apart, name)
                .unwrap()
                .unwrap()
                .slug
                .as_str()
        };
        assert_eq!(found_apart("team"), "team", "a file name wins over a title");
        assert_eq!(found_apart("team.md"), "team");
        assert_eq!(found("  "), None);
        let error = find_story(&stories, "au").unwrap_err();
        assert_eq!(
            error.to_string(),
            "'au' could be any of 2 stories: Audit flag broke time entry, Auth outage (give more of the title, or the file name)"
        );
    }

    #[test]
    fn two_files_with_one_title_are_told_apart_by_file_name() {
        let stories = [story("mistake", "Mistake"), story("mistake-2", "Mistake")];
        let found = |name: &str| find_story(&stories, name).unwrap().map(|s| s.slug.as_str());
        assert_eq!(
            found("mistake"),
            Some("mistake"),
            "the file name comes first"
        );
        assert_eq!(found(" Mistake.MD "), Some("mistake"));
        assert_eq!(found("mistake-2.md"), Some("mistake-2"));
        let shared = [
            story("big-mistake", "Mistake"),
            story("mistake-2", "Mistake"),
        ];
        let error = find_story(&shared, "mistake").unwrap_err();
        assert!(
            error
                .to_string()
                .contains("Mistake (big-mistake.md), Mistake (mistake-2.md)"),
            "{error}"
        );
        // For a session's story only the title counts, and both files share it.
        assert_eq!(
            find_title(&stories, "mist").unwrap().as_deref(),
            Some("Mistake")
        );
        assert!(find_title(&stories, "mistake").is_ok());
        let mixed = [story("mistake", "Mistake"), story("misc", "Misc")];
        assert!(find_title(&mixed, "mis").is_err());
        assert_eq!(find_title(&mixed, "nothing").unwrap(), None);
    }

    #[test]
    fn creates_private_files_and_never_overwrites() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("stories");
        let first = create_story(&dir, &Story::bare("Team reorg", &["leadership".into()])).unwrap();
        assert_eq!(first, dir.join("team-reorg.md"));
        let mode = std::fs::metadata(&first).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let written = std::fs::read_to_string(&first).unwrap();
        assert!(
            written.starts_with("# Team reorg\n\nCategories: leadership\n"),
            "{written}"
        );
        let second = create_story(&dir, &Story::bare("Team Reorg", &[])).unwrap();
        assert_eq!(second, dir.join("team-reorg-2.md"));
        assert_eq!(std::fs::read_to_string(&first).unwrap(), written);
        // A dangling link holds its name too.
        std::os::unix::fs::symlink(root.path().join("nowhere"), dir.join("ghost.md")).unwrap();
        assert_eq!(
            create_story(&dir, &Story::bare("Ghost", &[])).unwrap(),
            dir.join("ghost-2.md")
        );
    }

    #[test]
    fn slugs_from_hostile_titles_stay_inside_the_folder() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("home/stories");
        let long = "A very long title ".repeat(17);
        assert!(long.len() >= 300);
        for title in ["../../etc/passwd", ".hidden", "/", "..", long.as_str()] {
            let path = create_story(&dir, &Story::bare(title, &[])).unwrap();
            assert_eq!(path.parent(), Some(dir.as_path()), "{title}");
            let name = path.file_name().unwrap().to_str().unwrap();
            assert!(!name.starts_with('.'), "{name}");
            assert!(name.len() <= 63, "{name}");
            let slug = name.strip_suffix(".md").unwrap();
            assert!(crate::text::is_kebab_case(slug), "{slug}");
        }
        assert_eq!(
            names(&dir),
            [
                "a-very-long-title-a-very-long-title-a-very-long-title-a-very.md",
                "etc-passwd.md",
                "hidden.md",
                "story-2.md",
                "story.md",
            ]
        );
        assert_eq!(names(root.path()), ["home"]);
        assert_eq!(names(&root.path().join("home")), ["stories"]);
        let long_story = load_stories(&dir)
            .stories
            .into_iter()
            .find(|story| story.title.starts_with("A very"))
            .unwrap();
        assert_eq!(
            long_story.title,
            long.trim(),
            "the title itself is kept whole"
        );
    }

    #[test]
    fn many_stories_of_one_title_take_the_next_numbers_in_order() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("stories");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("a-conflict.md"), "# A conflict\n").unwrap();
        std::fs::write(dir.join("a-conflict-3.md"), "# A conflict\n").unwrap();
        let mut names = StoryNames::list(&dir);
        let story = Story::bare("A conflict", &[]);
        let written: Vec<String> = (0..4)
            .map(|_| {
                let path = create_story_named(&mut names, &story).unwrap();
                path.file_name().unwrap().to_string_lossy().into_owned()
            })
            .collect();
        assert_eq!(
            written,
            [
                "a-conflict-2.md",
                "a-conflict-4.md",
                "a-conflict-5.md",
                "a-conflict-6.md"
            ]
        );
        assert_eq!(names.reserve("Another"), "another");
    }

    #[test]
    fn a_new_title_changes_only_the_title_line() {
        assert_eq!(
            with_title(
                "# Old\r\n\nTags: x\n## Situation\n# not a title\n",
                "New  one"
            ),
            "# New one\r\n\nTags: x\n## Situation\n# not a title\n"
        );
        assert_eq!(
            with_title("```\n# code\n```\n\n# Real\n", "New"),
            "```\n# code\n```\n\n# New\n"
        );
        assert_eq!(
            with_title("\u{feff}Tags: x\n\n## Situation\n# late\n", "New"),
            "\u{feff}# New\n\nTags: x\n\n## Situation\n# late\n"
        );
        let renamed = with_title("Title: Old\n\n## Action\nDid it.\n", "New");
        assert_eq!(parse_story("x", &renamed).title, "New");
    }

    #[test]
    fn moving_a_story_never_replaces_a_file() {
        let root = tempfile::tempdir().unwrap();
        let (stories, trash) = (root.path().join("stories"), root.path().join("trash"));
        std::fs::create_dir_all(&stories).unwrap();
        std::fs::create_dir_all(&trash).unwrap();
        std::fs::write(stories.join("reorg.md"), "# Reorg, the second\n").unwrap();
        std::fs::write(trash.join("reorg.md"), "# Reorg, the first\n").unwrap();
        let moved = move_story_file(&stories.join("reorg.md"), &trash, "reorg").unwrap();
        assert_eq!(moved, trash.join("reorg-2.md"));
        assert!(!stories.join("reorg.md").exists());
        assert_eq!(
            std::fs::read_to_string(trash.join("reorg.md")).unwrap(),
            "# Reorg, the first\n"
        );
        assert_eq!(
            std::fs::read_to_string(moved).unwrap(),
            "# Reorg, the second\n"
        );
    }
}

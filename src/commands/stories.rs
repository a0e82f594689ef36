//! `rehearse stories`: the story bank. Lists the stories with how often each was told, shows
//! one as a cue card, adds new ones, maps them against the prompt categories, and imports
//! free-form notes. Also the story lookups `drill`, `log` and `edit` share for `--story`.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::{self, IsTerminal, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use super::{bank_for, terminal_width, visit_sessions, write_json};
use crate::bank::Bank;
use crate::cli::{StoriesAction, StoriesArgs};
use crate::config::Config;
use crate::duration::format_clock;
use crate::exit::{BadInput, Exit};
use crate::paint::Paint;
use crate::report::stats::Tally;
use crate::report::table::{self, Align, Cell, Column};
use crate::session::store::Order;
use crate::story::import::{ImportedStory, import_notes, slug_for};
use crate::story::{
    Story, StoryPart, clean_line, create_story, find_story, find_title, load_stories,
    normalise_category, same_title, story_path_taken,
};

pub fn run(config: &Config, args: &StoriesArgs, out: &mut dyn Write) -> Result<Exit> {
    match &args.action {
        None => list(config, args.json, out),
        Some(StoriesAction::Show { name }) => show(config, name, out),
        Some(StoriesAction::Add { title, categories }) => {
            add(config, title.as_deref(), categories, out)
        }
        Some(StoriesAction::Coverage { json }) => coverage(config, *json, out),
        Some(StoriesAction::Import {
            files,
            dry_run,
            json,
        }) => import(config, files, *dry_run, *json, out),
    }
}

// ---------------------------------------------------------------------------------------------
// Shared with drill, log and edit
// ---------------------------------------------------------------------------------------------

/// The user's stories; files that could not be read are named on stderr and left out.
pub(super) fn stories_for(config: &Config) -> Vec<Story> {
    let loaded = load_stories(&config.home.stories_dir());
    for problem in &loaded.skipped {
        eprintln!("rehearse: warning: {problem}");
    }
    loaded.stories
}

/// What a `--story` value names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum StoryLink {
    /// A story file's title, found by a unique start of its title or file name.
    Known(String),
    /// A title no story file has yet (one line, as given).
    New(String),
}

impl StoryLink {
    /// The title to record in the session.
    pub(super) fn title(&self) -> &str {
        match self {
            StoryLink::Known(title) | StoryLink::New(title) => title,
        }
    }
}

/// Resolves `--story TEXT` against the story files: bad input when it could mean several.
pub(super) fn link_story(config: &Config, text: &str) -> Result<StoryLink, BadInput> {
    let stories = stories_for(config);
    Ok(match find_title(&stories, text)? {
        Some(title) => StoryLink::Known(title),
        None => StoryLink::New(clean_line(text)),
    })
}

/// Starts a bare story file (the title and `category`) for a title told for the first time,
/// unless a story has that title by now, and gives back the title to record: the story
/// file's own, or `title`. A file that cannot be written is only warned about: the session
/// it came with is saved already.
pub(super) fn start_story(config: &Config, title: &str, category: &str) -> String {
    let stories = load_stories(&config.home.stories_dir()).stories;
    if let Some(story) = stories.iter().find(|story| same_title(&story.title, title)) {
        return story.title.clone();
    }
    let story = Story::bare(title, &[category.to_string()]);
    match create_story(&config.home.stories_dir(), &story) {
        Ok(path) => eprintln!("rehearse: new story file {}", path.display()),
        Err(error) => eprintln!(
            "rehearse: warning: could not start a story file for '{}': {error}",
            story.title
        ),
    }
    story.title
}

// ---------------------------------------------------------------------------------------------
// Practice: the sessions that told each story
// ---------------------------------------------------------------------------------------------

/// How often a story was told, from the completed sessions whose `story` is its title.
#[derive(Debug, Clone, Default, PartialEq)]
struct Practice {
    told: Tally,
    /// The newest sessions first, at most as many as asked for.
    recent: Vec<Told>,
}

/// One telling of a story, as `stories show` lists it.
#[derive(Debug, Clone, PartialEq)]
struct Told {
    date: NaiveDate,
    prompt_id: String,
    answer: Duration,
    total: Option<u8>,
}

/// The practice of each of `stories`, keyed by lowercase title, keeping up to `recent` of
/// the newest sessions for each. Aborted answers do not count, as in `stats`.
fn practice_of(config: &Config, stories: &[Story], recent: usize) -> HashMap<String, Practice> {
    let mut practice: HashMap<String, Practice> = stories
        .iter()
        .map(|story| (title_key(&story.title), Practice::default()))
        .collect();
    visit_sessions(config, Order::NewestFirst, |session| {
        if !session.is_completed() {
            return ControlFlow::Continue(());
        }
        let Some(entry) = session
            .story
            .as_deref()
            .and_then(|story| practice.get_mut(&title_key(story)))
        else {
            return ControlFlow::Continue(());
        };
        let total = session.star_total();
        let date = session.started_at.date_naive();
        entry.told.add(date, total);
        if entry.recent.len() < recent {
            entry.recent.push(Told {
                date,
                prompt_id: session.prompt.id.clone(),
                answer: session.answer(),
                total,
            });
        }
        ControlFlow::Continue(())
    });
    practice
}

fn title_key(title: &str) -> String {
    title.trim().to_lowercase()
}

fn average_text(average: Option<f64>) -> String {
    average.map_or("-".to_string(), |average| format!("{average:.1}"))
}

// ---------------------------------------------------------------------------------------------
// stories (the list)
// ---------------------------------------------------------------------------------------------

/// One story in `stories --json`. The names are a contract.
#[derive(Debug, Serialize)]
struct StoryRow<'a> {
    slug: &'a str,
    title: &'a str,
    categories: &'a [String],
    tags: &'a [String],
    summary: Option<&'a str>,
    /// The letters of the parts with text, in order (`S`, `T`, `A`, `R`, `L`).
    parts_filled: Vec<&'static str>,
    used: usize,
    last_used: Option<NaiveDate>,
    average_total: Option<f64>,
}

const NO_STORIES: &str = "no stories yet: add one with `rehearse stories add --title TITLE`, \
                          or bring in your notes with `rehearse stories import FILE`";

fn list(config: &Config, json: bool, out: &mut dyn Write) -> Result<Exit> {
    let stories = stories_for(config);
    let practice = practice_of(config, &stories, 0);
    let none = Practice::default();
    let rows: Vec<StoryRow> = stories
        .iter()
        .map(|story| {
            let practice = practice.get(&title_key(&story.title)).unwrap_or(&none);
            StoryRow {
                slug: &story.slug,
                title: &story.title,
                categories: &story.categories,
                tags: &story.tags,
                summary: story.summary.as_deref(),
                parts_filled: story
                    .filled_parts()
                    .into_iter()
                    .map(StoryPart::letter)
                    .collect(),
                used: practice.told.answers,
                last_used: practice.told.last,
                average_total: practice.told.average_total(),
            }
        })
        .collect();
    if json {
        write_json(out, &rows)?;
    } else if rows.is_empty() {
        writeln!(out, "{NO_STORIES}")?;
    } else {
        let paint = Paint {
            enabled: config.color,
        };
        write!(
            out,
            "{}",
            list_table(&stories, &rows, terminal_width(), paint)
        )?;
    }
    Ok(Exit::Success)
}

const LIST_COLUMNS: [Column; 6] = [
    column("title", Align::Left, true),
    column("categories", Align::Left, true),
    column("parts", Align::Left, false),
    column("used", Align::Right, false),
    column("last used", Align::Left, false),
    column("avg STAR", Align::Right, false),
];

const fn column(heading: &'static str, align: Align, cuttable: bool) -> Column {
    Column {
        heading,
        align,
        cuttable,
    }
}

fn list_table(stories: &[Story], rows: &[StoryRow], width: Option<usize>, paint: Paint) -> String {
    let cells: Vec<Vec<Cell>> = stories
        .iter()
        .zip(rows)
        .map(|(story, row)| {
            vec![
                Cell::plain(row.title),
                Cell::plain(or_dash(&row.categories.join(", "))),
                Cell::plain(story.parts_mark()),
                Cell::plain(row.used.to_string()),
                Cell::plain(row.last_used.map_or("-".to_string(), |day| day.to_string())),
                Cell::plain(average_text(row.average_total)),
            ]
        })
        .collect();
    table::render(&LIST_COLUMNS, &cells, width, paint)
}

fn or_dash(text: &str) -> String {
    if text.is_empty() {
        "-".to_string()
    } else {
        text.to_string()
    }
}

// ---------------------------------------------------------------------------------------------
// stories show
// ---------------------------------------------------------------------------------------------

/// How many of a story's latest sessions `show` lists.
const RECENT: usize = 5;
/// Labels are padded to this width so the values form a column.
const LABEL_WIDTH: usize = 12;

fn show(config: &Config, name: &str, out: &mut dyn Write) -> Result<Exit> {
    if name.trim().is_empty() {
        return Err(BadInput::new("give the start of a story's title or file name").into());
    }
    let stories = stories_for(config);
    let Some(story) = find_story(&stories, name)? else {
        let hint = if stories.is_empty() {
            "you have no stories yet (add one with `rehearse stories add`)"
        } else {
            "see `rehearse stories` for the titles"
        };
        return Err(BadInput::new(format!("no story matches '{}': {hint}", name.trim())).into());
    };
    let practice = practice_of(config, std::slice::from_ref(story), RECENT)
        .remove(&title_key(&story.title))
        .unwrap_or_default();
    let path = config.home.stories_dir().join(format!("{}.md", story.slug));
    let paint = Paint {
        enabled: config.color,
    };
    for line in cue_card(story, &path, &practice, terminal_width(), paint) {
        writeln!(out, "{line}")?;
    }
    Ok(Exit::Success)
}

/// The story as a cue card: title, metadata, each part under its name, then its practice.
fn cue_card(
    story: &Story,
    path: &Path,
    practice: &Practice,
    width: Option<usize>,
    paint: Paint,
) -> Vec<String> {
    let label = |name: &str| paint.dim(&format!("{name:LABEL_WIDTH$}"));
    let label_indent = " ".repeat(LABEL_WIDTH);
    let mut lines = vec![paint.bold(&story.title)];
    let field = |lines: &mut Vec<String>, name: &str, value: &str| {
        let wrapped = wrap_block(value, width.map(|w| w.saturating_sub(LABEL_WIDTH)), "");
        for (index, line) in wrapped.into_iter().enumerate() {
            let head = if index == 0 {
                label(name)
            } else {
                label_indent.clone()
            };
            lines.push(format!("{head}{line}"));
        }
    };
    field(
        &mut lines,
        "categories",
        &or_dash(&story.categories.join(", ")),
    );
    if !story.tags.is_empty() {
        field(&mut lines, "tags", &story.tags.join(", "));
    }
    if let Some(summary) = &story.summary {
        field(&mut lines, "summary", summary);
    }
    if let Some(question) = &story.question {
        field(&mut lines, "question", question);
    }
    field(&mut lines, "file", &path.display().to_string());

    let sections = StoryPart::ALL
        .iter()
        .filter(|part| **part != StoryPart::Learning || part.of(&story.parts).is_some())
        .map(|part| (part.name(), part.of(&story.parts)))
        .chain(
            story
                .other_sections
                .iter()
                .filter(|section| !section.text.is_empty())
                .map(|section| (section.heading.as_str(), Some(section.text.as_str()))),
        );
    for (heading, text) in sections {
        lines.push(String::new());
        lines.push(paint.bold(heading));
        match text {
            Some(text) => lines.extend(wrap_block(text, width, "  ")),
            None => lines.push(format!("  {}", paint.dim("(not written yet)"))),
        }
    }

    lines.push(String::new());
    lines.push(paint.bold("Practice"));
    if practice.told.answers == 0 {
        lines.push(format!(
            "  not told yet: rehearse drill --story {}",
            story.slug
        ));
        return lines;
    }
    let label = |name: &str| format!("  {}", label(name));
    let times = if practice.told.answers == 1 {
        "time"
    } else {
        "times"
    };
    lines.push(format!(
        "{}{} {times}",
        label("used"),
        practice.told.answers
    ));
    if let Some(day) = practice.told.last {
        lines.push(format!("{}{day}", label("last used")));
    }
    lines.push(format!(
        "{}{}",
        label("STAR avg"),
        match practice.told.average_total() {
            Some(average) => format!("{average:.1}/8"),
            None => "- (not scored)".to_string(),
        }
    ));
    let prompt_width = practice
        .recent
        .iter()
        .map(|told| told.prompt_id.width())
        .max()
        .unwrap_or(0);
    for (index, told) in practice.recent.iter().enumerate() {
        let head = if index == 0 {
            label("recent")
        } else {
            format!("  {label_indent}")
        };
        let total = told
            .total
            .map_or("-".to_string(), |total| format!("{total}/8"));
        lines.push(format!(
            "{head}{}  {:prompt_width$}  {:>5}  {total}",
            told.date,
            told.prompt_id,
            format_clock(told.answer),
        ));
    }
    lines
}

/// `text` line by line behind `indent`; with a width, long lines wrap, and the wrapped rest of
/// a list item hangs under its text rather than its marker.
fn wrap_block(text: &str, width: Option<usize>, indent: &str) -> Vec<String> {
    let mut lines = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            lines.push(String::new());
            continue;
        }
        let Some(width) = width else {
            lines.push(format!("{indent}{line}"));
            continue;
        };
        let lead = line.len() - after_list_marker(line).len();
        let (marker, rest) = line.split_at(lead);
        let hang: String = marker
            .chars()
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let room = width
            .saturating_sub(indent.width() + marker.width())
            .max(20);
        for (index, piece) in textwrap::wrap(rest, room).into_iter().enumerate() {
            let head = if index == 0 { marker } else { hang.as_str() };
            lines.push(format!("{indent}{head}{piece}"));
        }
    }
    lines
}

/// `line` after its indentation and any list marker (`- `, `* `, `+ `, `1. `, `2) `).
fn after_list_marker(line: &str) -> &str {
    let text = line.trim_start();
    for bullet in ["- ", "* ", "+ "] {
        if let Some(rest) = text.strip_prefix(bullet) {
            return rest.trim_start();
        }
    }
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    if (1..=3).contains(&digits)
        && let Some(rest) = text[digits..]
            .strip_prefix(". ")
            .or_else(|| text[digits..].strip_prefix(") "))
    {
        return rest.trim_start();
    }
    text
}

// ---------------------------------------------------------------------------------------------
// stories add
// ---------------------------------------------------------------------------------------------

fn add(
    config: &Config,
    title: Option<&str>,
    categories: &[String],
    out: &mut dyn Write,
) -> Result<Exit> {
    let bank = bank_for(config);
    let categories = known_categories(&bank, categories)?;
    let dir = config.home.stories_dir();
    if let Some(title) = title {
        let title = clean_line(title);
        if title.is_empty() {
            return Err(BadInput::new("--title is empty: give the story a title").into());
        }
        let path = create_story(&dir, &Story::bare(&title, &categories))
            .with_context(|| format!("writing a story file in {}", dir.display()))?;
        writeln!(out, "{}", path.display())?;
        return Ok(Exit::Success);
    }
    if !(io::stdin().is_terminal() && io::stderr().is_terminal()) {
        return Err(BadInput::new(
            "give --title (and --category) to add a story without a terminal",
        )
        .into());
    }
    let asked = ask_new_story(&bank, categories, config.color);
    // dialoguer hides the cursor while it draws a list; an interrupted list leaves it hidden.
    let _ = crossterm::execute!(io::stderr(), crossterm::cursor::Show);
    let story = match asked {
        Ok(Some(story)) => story,
        Ok(None) => {
            eprintln!("rehearse: nothing written");
            return Ok(Exit::Success);
        }
        Err(dialoguer::Error::IO(error)) if error.kind() == io::ErrorKind::Interrupted => {
            eprintln!("rehearse: nothing written");
            return Ok(Exit::Interrupted);
        }
        Err(error) => return Err(error).context("asking for the story"),
    };
    let path = create_story(&dir, &story)
        .with_context(|| format!("writing a story file in {}", dir.display()))?;
    let mut exit = Exit::Success;
    if let Some(editor) = editor() {
        // The file is saved already, so a failing editor loses nothing.
        match open_editor(&editor, &path) {
            Ok(status) if status.success() => {}
            Ok(status) => {
                eprintln!(
                    "rehearse: the editor ({editor}) ended with {status}; the story is saved as it was"
                );
                exit = Exit::Failure;
            }
            Err(error) => {
                eprintln!(
                    "rehearse: could not run the editor ({editor}): {error}; the story is saved, edit it later"
                );
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

/// `$VISUAL`, else `$EDITOR`, when set and not empty.
fn editor() -> Option<String> {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(std::env::var_os)
        .map(|value| value.to_string_lossy().trim().to_string())
        .find(|value| !value.is_empty())
}

/// Runs the editor on `path` through the shell, so `EDITOR="code --wait"` works, on this
/// terminal.
fn open_editor(editor: &str, path: &Path) -> io::Result<std::process::ExitStatus> {
    std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(path)
        .status()
}

/// Asks for the title and categories; then, without an editor to open, for each part.
/// `None` when the user backed out with Esc.
fn ask_new_story(bank: &Bank, given: Vec<String>, color: bool) -> dialoguer::Result<Option<Story>> {
    use dialoguer::theme::{ColorfulTheme, SimpleTheme, Theme};
    use dialoguer::{Input, MultiSelect};
    let colorful = ColorfulTheme::default();
    let theme: &dyn Theme = if color { &colorful } else { &SimpleTheme };
    let title: String = Input::with_theme(theme)
        .with_prompt("Title of the story")
        .validate_with(|text: &String| -> Result<(), &str> {
            if text.trim().is_empty() {
                Err("give it a title")
            } else {
                Ok(())
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
        for part in StoryPart::ALL {
            let text: String = Input::with_theme(theme)
                .with_prompt(format!("{} (Enter skips)", part.name()))
                .allow_empty(true)
                .interact_text()?;
            *part.slot(&mut story.parts) = Some(text.trim().to_string()).filter(|t| !t.is_empty());
        }
    }
    Ok(Some(story))
}

// ---------------------------------------------------------------------------------------------
// stories coverage
// ---------------------------------------------------------------------------------------------

/// `stories coverage --json`. The names are a contract.
#[derive(Debug, Serialize)]
struct Coverage<'a> {
    categories: Vec<CategoryCoverage<'a>>,
    /// Categories no story can answer: the ones to prepare.
    gaps: Vec<&'a str>,
    /// Stories that name no category, so no question is matched to them.
    uncategorised: Vec<StoryName<'a>>,
}

#[derive(Debug, Serialize)]
struct CategoryCoverage<'a> {
    category: &'a str,
    /// Whether the prompt bank has questions in it (a story may name any category).
    in_bank: bool,
    stories: Vec<StoryName<'a>>,
}

#[derive(Debug, Serialize)]
struct StoryName<'a> {
    slug: &'a str,
    title: &'a str,
}

impl<'a> StoryName<'a> {
    fn of(story: &'a Story) -> StoryName<'a> {
        StoryName {
            slug: &story.slug,
            title: &story.title,
        }
    }
}

fn coverage(config: &Config, json: bool, out: &mut dyn Write) -> Result<Exit> {
    let bank = bank_for(config);
    let stories = stories_for(config);
    let bank_categories = bank.categories();
    let coverage = coverage_of(&bank_categories, &stories);
    if json {
        write_json(out, &coverage)?;
        return Ok(Exit::Success);
    }
    let paint = Paint {
        enabled: config.color,
    };
    write!(out, "{}", coverage_text(&coverage, terminal_width(), paint))?;
    Ok(Exit::Success)
}

/// The bank's categories and any a story names, sorted, each with the stories for it.
fn coverage_of<'a>(bank: &[&'a str], stories: &'a [Story]) -> Coverage<'a> {
    let mut names: BTreeSet<&'a str> = bank.iter().copied().collect();
    names.extend(
        stories
            .iter()
            .flat_map(|story| story.categories.iter().map(String::as_str)),
    );
    let categories: Vec<CategoryCoverage> = names
        .into_iter()
        .map(|category| CategoryCoverage {
            category,
            in_bank: bank.contains(&category),
            stories: stories
                .iter()
                .filter(|story| story.answers(category))
                .map(StoryName::of)
                .collect(),
        })
        .collect();
    let gaps = categories
        .iter()
        .filter(|row| row.stories.is_empty())
        .map(|row| row.category)
        .collect();
    Coverage {
        categories,
        gaps,
        uncategorised: stories
            .iter()
            .filter(|story| story.categories.is_empty())
            .map(StoryName::of)
            .collect(),
    }
}

const COVERAGE_COLUMNS: [Column; 3] = [
    column("category", Align::Left, false),
    column("stories", Align::Right, false),
    column("which", Align::Left, true),
];

fn coverage_text(coverage: &Coverage, width: Option<usize>, paint: Paint) -> String {
    let rows: Vec<Vec<Cell>> = coverage
        .categories
        .iter()
        .map(|row| {
            let name = if row.in_bank {
                Cell::plain(row.category)
            } else {
                Cell::colored(
                    format!("{} (not in the bank)", row.category),
                    crossterm::style::Color::Yellow,
                )
            };
            let count = if row.stories.is_empty() {
                Cell::colored("0", crossterm::style::Color::Red)
            } else {
                Cell::plain(row.stories.len().to_string())
            };
            let titles: Vec<&str> = row.stories.iter().map(|story| story.title).collect();
            vec![name, count, Cell::plain(or_dash(&titles.join(", ")))]
        })
        .collect();
    let mut text = table::render(&COVERAGE_COLUMNS, &rows, width, paint);
    text.push('\n');
    if coverage.gaps.is_empty() {
        text.push_str("every category has a story\n");
    } else {
        text.push_str(&format!(
            "{} {}\n",
            paint.bold("no story yet for:"),
            coverage.gaps.join(", ")
        ));
    }
    if !coverage.uncategorised.is_empty() {
        let titles: Vec<&str> = coverage
            .uncategorised
            .iter()
            .map(|story| story.title)
            .collect();
        text.push_str(&format!(
            "no categories given (add a Categories: line) in: {}\n",
            titles.join(", ")
        ));
    }
    text
}

// ---------------------------------------------------------------------------------------------
// stories import
// ---------------------------------------------------------------------------------------------

/// A story written by `stories import --json`: the story as found, and its new file.
#[derive(Debug, Serialize)]
struct Written<'a> {
    #[serde(flatten)]
    story: &'a ImportedStory,
    path: String,
}

fn import(
    config: &Config,
    files: &[PathBuf],
    dry_run: bool,
    json: bool,
    out: &mut dyn Write,
) -> Result<Exit> {
    // Every file is read before anything is written: a bad name writes nothing.
    let mut found: Vec<ImportedStory> = Vec::new();
    let mut empty_files = Vec::new();
    for file in files {
        let text = read_notes(file)?;
        let stories = import_notes(&file.display().to_string(), &text);
        if stories.is_empty() {
            empty_files.push(file.display().to_string());
        }
        found.extend(stories);
    }
    for file in &empty_files {
        eprintln!("rehearse: warning: {file}: no stories found");
    }
    let dir = config.home.stories_dir();
    if dry_run {
        if json {
            write_json(out, &found)?;
        } else {
            write!(out, "{}", dry_run_text(&found, &dir, files.len()))?;
        }
        return Ok(Exit::Success);
    }
    let existing = load_stories(&dir).stories;
    let mut written = Vec::new();
    for story in &found {
        for warning in &story.warnings {
            eprintln!(
                "rehearse: warning: {}:{} ({}): {warning}",
                story.source.file, story.source.line, story.title
            );
        }
        if let Some(same) = existing
            .iter()
            .find(|other| same_title(&other.title, &story.title))
        {
            eprintln!(
                "rehearse: warning: a story titled '{}' is already in {}.md; this one gets a file of its own",
                story.title, same.slug
            );
        }
        let path = create_story(&dir, &story_from_import(story))
            .with_context(|| format!("writing a story file in {}", dir.display()))?;
        if !json {
            writeln!(out, "{}", path.display())?;
        }
        written.push(Written {
            story,
            path: path.display().to_string(),
        });
    }
    if json {
        write_json(out, &written)?;
    }
    Ok(Exit::Success)
}

/// The text of a notes file, or bad input naming it.
fn read_notes(file: &Path) -> Result<String, BadInput> {
    let bytes = std::fs::read(file).map_err(|error| {
        let reason = match error.kind() {
            io::ErrorKind::NotFound => "no such file".to_string(),
            _ if file.is_dir() => "a folder, not a file".to_string(),
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

/// The story file an imported story becomes: its question kept as metadata.
fn story_from_import(imported: &ImportedStory) -> Story {
    Story {
        title: clean_line(&imported.title),
        categories: imported.categories.clone(),
        question: imported.question.as_deref().map(clean_line),
        parts: imported.parts.clone(),
        ..Story::default()
    }
}

/// What `import --dry-run` would write, story by story.
fn dry_run_text(found: &[ImportedStory], dir: &Path, files: usize) -> String {
    let mut planned: HashSet<String> = HashSet::new();
    let mut text = String::new();
    let label = |name: &str| format!("  {name:12}");
    for story in found {
        let slug = slug_for(&story.title, &|slug| {
            planned.contains(slug) || story_path_taken(dir, slug)
        });
        planned.insert(slug.clone());
        let parts = story_from_import(story);
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
        text.push_str(&format!(
            "{}{}\n",
            label("would add"),
            dir.join(format!("{slug}.md")).display()
        ));
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
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::story::{Parts, Section};

    const PLAIN: Paint = Paint { enabled: false };

    fn sample() -> Story {
        Story {
            slug: "audit-flag".into(),
            title: "Audit flag broke time entry".into(),
            categories: vec!["mistake".into(), "customer".into()],
            tags: vec!["billing".into()],
            summary: Some("A flag I shipped broke time entry for 2,000 users.".into()),
            question: None,
            parts: Parts {
                situation: Some(
                    "We moved time entry behind a flag.\n\n- 2,000 users on the EU cluster".into(),
                ),
                action: Some("1. Rolled the flag back within ten minutes of the first ticket, then wrote the incident report.".into()),
                result: Some("Nobody lost a timesheet.".into()),
                ..Parts::default()
            },
            other_sections: vec![Section {
                heading: "Follow-ups".into(),
                text: "- Why Friday?".into(),
            }],
        }
    }

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn the_cue_card_shows_every_part_and_the_practice() {
        let mut told = Tally::default();
        told.add(day("2026-11-24"), Some(7));
        told.add(day("2026-11-20"), Some(6));
        let practice = Practice {
            told,
            recent: vec![
                Told {
                    date: day("2026-11-24"),
                    prompt_id: "mistake-biggest-failure".into(),
                    answer: Duration::from_millis(161_200),
                    total: Some(7),
                },
                Told {
                    date: day("2026-11-20"),
                    prompt_id: "customer-unhappy".into(),
                    answer: Duration::from_secs(95),
                    total: Some(6),
                },
            ],
        };
        let lines = cue_card(
            &sample(),
            Path::new("/h/stories/audit-flag.md"),
            &practice,
            None,
            PLAIN,
        );
        assert_eq!(
            lines.join("\n"),
            "Audit flag broke time entry\n\
             categories  mistake, customer\n\
             tags        billing\n\
             summary     A flag I shipped broke time entry for 2,000 users.\n\
             file        /h/stories/audit-flag.md\n\
             \n\
             Situation\n  \
             We moved time entry behind a flag.\n\
             \n  \
             - 2,000 users on the EU cluster\n\
             \n\
             Task\n  \
             (not written yet)\n\
             \n\
             Action\n  \
             1. Rolled the flag back within ten minutes of the first ticket, then wrote the incident report.\n\
             \n\
             Result\n  \
             Nobody lost a timesheet.\n\
             \n\
             Follow-ups\n  \
             - Why Friday?\n\
             \n\
             Practice\n  \
             used        2 times\n  \
             last used   2026-11-24\n  \
             STAR avg    6.5/8\n  \
             recent      2026-11-24  mistake-biggest-failure   2:41  7/8\n              \
             2026-11-20  customer-unhappy          1:35  6/8"
        );
    }

    #[test]
    fn on_a_terminal_long_lines_wrap_and_list_items_hang() {
        let lines = cue_card(
            &sample(),
            Path::new("/h/stories/audit-flag.md"),
            &Practice::default(),
            Some(40),
            PLAIN,
        );
        let action = lines.iter().position(|line| line == "Action").unwrap();
        assert_eq!(
            lines[action + 1..action + 4],
            [
                "  1. Rolled the flag back within ten",
                "     minutes of the first ticket, then",
                "     wrote the incident report.",
            ]
        );
        let (hint, card) = lines.split_last().unwrap();
        assert!(card.iter().all(|line| line.width() <= 40), "{lines:#?}");
        assert_eq!(hint, "  not told yet: rehearse drill --story audit-flag");
    }

    #[test]
    fn coverage_lists_every_category_and_calls_out_the_gaps() {
        let mut other = sample();
        other.title = "Team reorg".into();
        other.slug = "team-reorg".into();
        other.categories = vec!["leadership".into(), "teamwrk".into(), "mistake".into()];
        let mut loose = sample();
        loose.title = "Loose story".into();
        loose.categories.clear();
        let stories = [sample(), other, loose];
        let coverage = coverage_of(&["conflict", "customer", "leadership", "mistake"], &stories);
        assert_eq!(coverage.gaps, ["conflict"]);
        let text = coverage_text(&coverage, None, PLAIN);
        assert_eq!(
            text,
            "category                   stories  which\n\
             conflict                         0  -\n\
             customer                         1  Audit flag broke time entry\n\
             leadership                       1  Team reorg\n\
             mistake                          2  Audit flag broke time entry, Team reorg\n\
             teamwrk (not in the bank)        1  Team reorg\n\
             \n\
             no story yet for: conflict\n\
             no categories given (add a Categories: line) in: Loose story\n"
        );
    }

    #[test]
    fn a_dry_run_names_the_files_it_would_write_without_clashes() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a-conflict.md"), "# A conflict\n").unwrap();
        let stories = import_notes(
            "n.md",
            "Q: Tell me about a conflict\nS: one\n\n---\n\nQ: Tell me about a conflict\nR: two\n",
        );
        assert_eq!(stories.len(), 2);
        let text = dry_run_text(&stories, dir.path(), 1);
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

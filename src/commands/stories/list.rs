//! `rehearse stories`: every story with how often it was told.

use std::io::Write;

use anyhow::Result;
use chrono::NaiveDate;
use serde::Serialize;

use super::super::{briefs_for, store_for, stories_for};
use super::window_for_lengths;
use crate::config::{Config, Settings};
use crate::domain::duration::format_clock;
use crate::exit::Exit;
use crate::paint::Paint;
use crate::report::practice::{StoryPractice, average_text};
use crate::story::Story;
use crate::story::card::or_dash;
use crate::story::spoken::Spoken;
use crate::table::{self, Align, Cell, Column, Layout};
use crate::ui::Output;
use crate::ui::write_json;

/// One story in `stories --json`. The names are a contract.
#[derive(Debug, Serialize)]
struct StoryRow<'a> {
    slug: &'a str,
    title: &'a str,
    categories: &'a [String],
    tags: &'a [String],
    summary: Option<&'a str>,
    /// The letters of the parts with text, in order (`S`, `T`, `A`, `R`, `L`).
    parts_filled: Vec<char>,
    /// The words of the story's parts, and the seconds they take at the pace.
    words: usize,
    spoken_s: u64,
    used: usize,
    last_used: Option<NaiveDate>,
    average_total: Option<f64>,
}

const NO_STORIES: &str = "no stories yet: add one with `rehearse stories add --title TITLE`, \
                          or bring in your notes with `rehearse stories import FILE`";

pub fn run(
    config: &Config,
    settings: &Settings,
    json: bool,
    wide: bool,
    out: &mut Output<'_>,
) -> Result<Exit> {
    let stories = stories_for(config);
    // The list holds no length against the window, but one the drill would refuse is worth
    // a word while the lengths are on the screen.
    window_for_lengths(settings);
    let mut practice = StoryPractice::new(&stories, 0);
    briefs_for(&store_for(config))
        .iter()
        .for_each(|brief| practice.add(brief));
    let rows: Vec<StoryRow> = stories
        .iter()
        .map(|story| {
            let told = practice.of(&story.title).told;
            let spoken = Spoken::of(story, settings.pace.value.words_a_minute());
            StoryRow {
                slug: &story.slug,
                title: &story.title,
                categories: &story.categories,
                tags: &story.tags,
                summary: story.summary.as_deref(),
                parts_filled: story
                    .filled_parts()
                    .into_iter()
                    .map(|p| p.letter())
                    .collect(),
                words: spoken.words,
                spoken_s: spoken.spoken_s,
                used: told.answers,
                last_used: told.last,
                average_total: told.average_total(),
            }
        })
        .collect();
    if json {
        write_json(out.raw()?, &rows)?;
    } else if rows.is_empty() {
        writeln!(out, "{NO_STORIES}")?;
    } else {
        let paint = Paint {
            enabled: config.colored(),
        };
        write!(
            out,
            "{}",
            list_table(&stories, &rows, config.output_width(wide), paint)
        )?;
    }
    Ok(Exit::Success)
}

/// The list's columns, and what each gives up, in order, when the list is too wide for the
/// terminal: the average score, the day last told, the categories, the spoken length and the
/// parts written. The title and how often it was told always stay.
const LIST_COLUMNS: [Column; 7] = [
    Column::new("title", Align::Left, true).readable_at(TITLE_READABLE),
    Column::new("categories", Align::Left, true)
        .readable_at(16)
        .dropped_at(3),
    Column::new("parts", Align::Left, false).dropped_at(5),
    Column::new("spoken", Align::Right, false).dropped_at(4),
    Column::new("used", Align::Right, false),
    Column::new("last used", Align::Left, false).dropped_at(2),
    Column::new("avg STAR", Align::Right, false).dropped_at(1),
];

/// The narrowest a title is cut to before the list gives up a column for it.
const TITLE_READABLE: usize = 20;

/// The file name, shown after the title when two titles read the same as shown (cut to the
/// same words, or the same whole): it tells them apart, and `stories show` takes it. Never
/// cut, for a cut one could collide too.
const FILE_COLUMN: Column = Column::new("file", Align::Left, false);

/// A story's spoken length in the list: `5:30`, or `-` for a story with no words yet.
fn spoken_text(words: usize, spoken_s: u64) -> String {
    if words == 0 {
        "-".to_string()
    } else {
        format_clock(std::time::Duration::from_secs(spoken_s))
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
                Cell::plain(spoken_text(row.words, row.spoken_s)),
                Cell::plain(row.used.to_string()),
                Cell::plain(row.last_used.map_or("-".to_string(), |day| day.to_string())),
                Cell::plain(average_text(row.average_total)),
            ]
        })
        .collect();
    let layout = Layout::of(
        &LIST_COLUMNS,
        cells.len(),
        &|index| cells[index].clone(),
        width,
    );
    if !titles_collide(&layout, &cells) {
        return table::render(&LIST_COLUMNS, &cells, width, paint);
    }
    let mut columns = LIST_COLUMNS.to_vec();
    // With the file names shown, the cut titles are the first thing to go once every other
    // column has: a file name says which story it is, and `stories show` takes it.
    columns[0] = columns[0].dropped_at(6);
    columns.insert(1, FILE_COLUMN);
    let cells: Vec<Vec<Cell>> = cells
        .into_iter()
        .zip(rows)
        .map(|(mut row_cells, row)| {
            row_cells.insert(1, Cell::plain(row.slug));
            row_cells
        })
        .collect();
    table::render(&columns, &cells, width, paint)
}

/// Whether two rows show the same title in `layout`, any case.
fn titles_collide(layout: &Layout, cells: &[Vec<Cell>]) -> bool {
    let mut seen = std::collections::HashSet::new();
    cells.iter().any(|row| {
        let title = layout.shown_text(0, &row[0]).unwrap_or_default();
        !seen.insert(title.to_lowercase())
    })
}

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
use crate::table::{self, Align, Cell, Column};
use crate::ui::Output;
use crate::ui::{terminal_width, write_json};

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

pub fn run(config: &Config, settings: &Settings, json: bool, out: &mut Output<'_>) -> Result<Exit> {
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
            list_table(&stories, &rows, terminal_width(), paint)
        )?;
    }
    Ok(Exit::Success)
}

const LIST_COLUMNS: [Column; 7] = [
    Column::new("title", Align::Left, true),
    Column::new("categories", Align::Left, true),
    Column::new("parts", Align::Left, false),
    Column::new("spoken", Align::Right, false),
    Column::new("used", Align::Right, false),
    Column::new("last used", Align::Left, false),
    Column::new("avg STAR", Align::Right, false),
];

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
    table::render(&LIST_COLUMNS, &cells, width, paint)
}

//! `rehearse stories show NAME`: one story as a cue card, with its practice record.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use chrono::NaiveDate;
use serde::Serialize;

use super::super::{briefs_for, store_for, stories_for};
use super::{story_named, window_for_lengths};
use crate::config::{Config, Settings};
use crate::domain::star::{PartMap, StarTotal};
use crate::exit::Exit;
use crate::paint::Paint;
use crate::report::practice::{Practice, StoryPractice, practice_lines};
use crate::story::Story;
use crate::story::card::{card_lines, wrap_block};
use crate::story::spoken::{PartSpoken, Spoken};
use crate::ui::Output;
use crate::ui::write_json;

/// How many of a story's latest sessions `show` lists.
const RECENT: usize = 5;

/// `stories show --json`. The names are a contract.
#[derive(Debug, Serialize)]
struct StoryJson<'a> {
    slug: &'a str,
    title: &'a str,
    path: String,
    categories: &'a [String],
    tags: &'a [String],
    summary: Option<&'a str>,
    question: Option<&'a str>,
    /// Each part with text, keyed by letter.
    parts: PartMap<Option<PartJson<'a>>>,
    other_sections: Vec<SectionJson<'a>>,
    words: usize,
    spoken_s: u64,
    pace: u32,
    /// The spoken length against the window, as `stories show` says it.
    length: Option<String>,
    used: usize,
    last_used: Option<NaiveDate>,
    average_total: Option<f64>,
    recent: Vec<ToldJson<'a>>,
}

#[derive(Debug, Serialize)]
struct PartJson<'a> {
    text: &'a str,
    #[serde(flatten)]
    spoken: PartSpoken,
}

#[derive(Debug, Serialize)]
struct SectionJson<'a> {
    heading: &'a str,
    text: &'a str,
}

#[derive(Debug, Serialize)]
struct ToldJson<'a> {
    date: NaiveDate,
    prompt_id: &'a str,
    answer_ms: u64,
    total: Option<StarTotal>,
}

pub fn run(
    config: &Config,
    settings: &Settings,
    name: &str,
    json: bool,
    out: &mut Output<'_>,
) -> Result<Exit> {
    let stories = stories_for(config);
    let story = story_named(&stories, name)?;
    let mut practice = StoryPractice::new(std::slice::from_ref(story), RECENT);
    briefs_for(&store_for(config))
        .iter()
        .for_each(|brief| practice.add(brief));
    let path = config.home.stories_dir().join(format!("{}.md", story.slug));
    let pace = settings.pace.value.words_a_minute();
    let spoken = Spoken::of(story, pace);
    let length = match window_for_lengths(settings) {
        Some(window) => spoken.advice(window, &settings.guide.value),
        None => spoken.length(),
    };
    let practice = practice.of(&story.title);
    if json {
        let row = story_json(story, &path, &spoken, pace, length, &practice);
        write_json(out.raw()?, &row)?;
        return Ok(Exit::Success);
    }
    let paint = Paint {
        enabled: config.colored(),
    };
    let card = Card {
        story,
        path: &path,
        spoken: &spoken,
        length: length.as_deref(),
    };
    for line in shown(&card, &practice, config.output_width(false), paint) {
        writeln!(out, "{line}")?;
    }
    Ok(Exit::Success)
}

fn story_json<'a>(
    story: &'a Story,
    path: &Path,
    spoken: &Spoken,
    pace: u32,
    length: Option<String>,
    practice: &'a Practice,
) -> StoryJson<'a> {
    StoryJson {
        slug: &story.slug,
        title: &story.title,
        path: path.display().to_string(),
        categories: &story.categories,
        tags: &story.tags,
        summary: story.summary.as_deref(),
        question: story.question.as_deref(),
        parts: PartMap::from_fn(|part| {
            let text = story.parts[part].as_deref()?;
            Some(PartJson {
                text,
                spoken: spoken.parts[part]?,
            })
        }),
        other_sections: story
            .other_sections
            .iter()
            .map(|section| SectionJson {
                heading: &section.heading,
                text: &section.text,
            })
            .collect(),
        words: spoken.words,
        spoken_s: spoken.spoken_s,
        pace,
        length,
        used: practice.told.answers,
        last_used: practice.told.last,
        average_total: practice.told.average_total(),
        recent: practice
            .recent
            .iter()
            .map(|told| ToldJson {
                date: told.date,
                prompt_id: &told.prompt_id,
                answer_ms: u64::try_from(told.answer.as_millis()).unwrap_or(u64::MAX),
                total: told.total,
            })
            .collect(),
    }
}

/// What the card shows of a story.
struct Card<'a> {
    story: &'a Story,
    path: &'a Path,
    spoken: &'a Spoken,
    length: Option<&'a str>,
}

/// The card, its spoken length, a blank line, and the practice.
fn shown(card: &Card<'_>, practice: &Practice, width: Option<usize>, paint: Paint) -> Vec<String> {
    let story = card.story;
    let mut lines = card_lines(story, card.path, Some(card.spoken), width, paint);
    if let Some(length) = card.length {
        lines.push(String::new());
        lines.push(paint.bold("Length"));
        lines.extend(wrap_block(length, width, "  "));
    }
    lines.push(String::new());
    lines.extend(practice_lines(practice, &story.slug, paint));
    lines
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use chrono::NaiveDate;
    use unicode_width::UnicodeWidthStr;

    use super::*;
    use crate::domain::star::{Part, Scores};
    use crate::report::practice::Told;
    use crate::report::tally::Tally;
    use crate::story::{PartTexts, Section};

    const PLAIN: Paint = Paint { enabled: false };

    fn sample() -> Story {
        let mut parts = PartTexts::default();
        parts[Part::Situation] =
            Some("We moved time entry behind a flag.\n\n- 2,000 users on the EU cluster".into());
        parts[Part::Action] = Some("1. Rolled the flag back within ten minutes of the first ticket, then wrote the incident report.".into());
        parts[Part::Result] = Some("Nobody lost a timesheet.".into());
        Story {
            slug: "audit-flag".into(),
            title: "Audit flag broke time entry".into(),
            categories: vec!["mistake".into(), "customer".into()],
            tags: vec!["billing".into()],
            summary: Some("A flag I shipped broke time entry for 2,000 users.".into()),
            question: None,
            parts,
            other_sections: vec![Section {
                heading: "Follow-ups".into(),
                text: "- Why Friday?".into(),
            }],
        }
    }

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn total(typed: &str) -> Option<crate::domain::star::StarTotal> {
        Scores::parse(typed).unwrap().total()
    }

    #[test]
    fn the_cue_card_shows_every_part_and_the_practice() {
        let mut told = Tally::default();
        told.add(day("2026-11-24"), total("2122"));
        told.add(day("2026-11-20"), total("2112"));
        let practice = Practice {
            told,
            recent: vec![
                Told {
                    date: day("2026-11-24"),
                    prompt_id: "mistake-biggest-failure".into(),
                    answer: Duration::from_millis(161_200),
                    total: total("2122"),
                },
                Told {
                    date: day("2026-11-20"),
                    prompt_id: "customer-unhappy".into(),
                    answer: Duration::from_secs(95),
                    total: total("2112"),
                },
            ],
        };
        let story = sample();
        let spoken = Spoken::of(&story, 150);
        let card = Card {
            story: &story,
            path: Path::new("/h/stories/audit-flag.md"),
            spoken: &spoken,
            length: Some("about 0:12 spoken; the window is 2:00-3:00: there is room to say more"),
        };
        let lines = shown(&card, &practice, None, PLAIN);
        assert_eq!(
            lines.join("\n"),
            "Audit flag broke time entry\n\
             categories  mistake, customer\n\
             tags        billing\n\
             summary     A flag I shipped broke time entry for 2,000 users.\n\
             file        /h/stories/audit-flag.md\n\
             \n\
             Situation  13 words, about 0:05\n  \
             We moved time entry behind a flag.\n\
             \n  \
             - 2,000 users on the EU cluster\n\
             \n\
             Task\n  \
             (not written yet)\n\
             \n\
             Action  16 words, about 0:06\n  \
             1. Rolled the flag back within ten minutes of the first ticket, then wrote the incident report.\n\
             \n\
             Result  4 words, about 0:02\n  \
             Nobody lost a timesheet.\n\
             \n\
             Follow-ups\n  \
             - Why Friday?\n\
             \n\
             Length\n  \
             about 0:12 spoken; the window is 2:00-3:00: there is room to say more\n\
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
        let story = sample();
        let spoken = Spoken::of(&story, 150);
        let card = Card {
            story: &story,
            path: Path::new("/h/stories/audit-flag.md"),
            spoken: &spoken,
            length: None,
        };
        let lines = shown(&card, &Practice::default(), Some(40), PLAIN);
        let action = lines
            .iter()
            .position(|line| line.starts_with("Action  "))
            .unwrap();
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
}

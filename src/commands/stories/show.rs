//! `rehearse stories show NAME`: one story as a cue card, with its practice record.

use std::io::Write;
use std::path::Path;

use anyhow::Result;

use super::super::{briefs_for, store_for, stories_for};
use crate::config::Config;
use crate::exit::{BadInput, Exit};
use crate::paint::Paint;
use crate::report::practice::{Practice, StoryPractice, practice_lines};
use crate::story::card::card_lines;
use crate::story::{Story, find_story};
use crate::ui::Output;
use crate::ui::terminal_width;

/// How many of a story's latest sessions `show` lists.
const RECENT: usize = 5;

pub fn run(config: &Config, name: &str, out: &mut Output<'_>) -> Result<Exit> {
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
    let mut practice = StoryPractice::new(std::slice::from_ref(story), RECENT);
    briefs_for(&store_for(config))
        .iter()
        .for_each(|brief| practice.add(brief));
    let path = config.home.stories_dir().join(format!("{}.md", story.slug));
    let paint = Paint {
        enabled: config.colored(),
    };
    let lines = shown(
        story,
        &path,
        &practice.of(&story.title),
        terminal_width(),
        paint,
    );
    for line in lines {
        writeln!(out, "{line}")?;
    }
    Ok(Exit::Success)
}

/// The card, a blank line, and the practice.
fn shown(
    story: &Story,
    path: &Path,
    practice: &Practice,
    width: Option<usize>,
    paint: Paint,
) -> Vec<String> {
    let mut lines = card_lines(story, path, width, paint);
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
        let lines = shown(
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
        let lines = shown(
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
}

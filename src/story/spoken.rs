//! How long a story takes to tell: the words in each part and the time they take at the
//! person's pace, against the answer window and the part guide. Written stories run long
//! (600 to 1,000 words is four to seven minutes); this says by how much, and where to cut.

use std::time::Duration;

use serde::Serialize;

use super::Story;
use crate::domain::duration::format_clock;
use crate::domain::star::{Guide, Part, PartMap};
use crate::domain::window::{Window, Zone};
use crate::text::markdown::{prose_lines, strip_list_marker};

/// The words of a story and how long they take to say.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spoken {
    pub words: usize,
    pub spoken_s: u64,
    /// The same for each part that has text, keyed by letter.
    pub parts: PartMap<Option<PartSpoken>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PartSpoken {
    pub words: usize,
    pub spoken_s: u64,
}

/// The words a person would say of `text`: markdown's marks (list markers, heading marks,
/// emphasis) are not words, and neither is fenced code, which nobody reads out.
pub fn words(text: &str) -> usize {
    let mut count = 0;
    for line in prose_lines(text) {
        let line = line.trim_start();
        let line = line.trim_start_matches('#').trim_start();
        let line = strip_list_marker(line).unwrap_or(line);
        count += line
            .split_whitespace()
            .filter(|word| word.chars().any(char::is_alphanumeric))
            .count();
    }
    count
}

/// Seconds that `words` take at `pace` words a minute, rounded.
fn seconds(words: usize, pace: u32) -> u64 {
    ((words as f64) * 60.0 / f64::from(pace.max(1))).round() as u64
}

impl Spoken {
    /// How long `story` takes at `pace` words a minute.
    pub fn of(story: &Story, pace: u32) -> Spoken {
        let parts = story.parts.map(|_, text| {
            text.as_deref().map(|text| {
                let words = words(text);
                PartSpoken {
                    words,
                    spoken_s: seconds(words, pace),
                }
            })
        });
        let words = parts.present().map(|(_, part)| part.words).sum();
        Spoken {
            words,
            spoken_s: seconds(words, pace),
            parts,
        }
    }

    /// The spoken time.
    pub fn time(&self) -> Duration {
        Duration::from_secs(self.spoken_s)
    }

    /// `about 3:20 spoken`: the length alone, for when there is no window to hold it
    /// against. `None` for a story with no words yet.
    pub fn length(&self) -> Option<String> {
        (self.words > 0).then(|| format!("about {} spoken", format_clock(self.time())))
    }

    /// One sentence a person can act on: how the spoken length compares with the window,
    /// and which part to cut (the one furthest over its share of the guide) or to grow.
    /// `None` for a story with no words yet.
    pub fn advice(&self, window: Window, guide: &Guide) -> Option<String> {
        let spoken = self.length()?;
        let span = format!(
            "the window is {}-{}",
            format_clock(window.min()),
            format_clock(window.max())
        );
        // How far each scored part's share of the words strays from its guide share.
        let words_of = |part: Part| self.parts[part].map_or(0, |p| p.words);
        let stray = |part: Part| words_of(part) as f64 / self.words as f64 - guide[part];
        let describe = |part: Part| {
            let words = words_of(part);
            format!(
                "{} ({words} words, guide {}%)",
                part.name(),
                (guide[part] * 100.0).round()
            )
        };
        Some(match window.zone(self.time()) {
            Zone::InWindow => format!("{spoken}: within the window {}", &span[14..]),
            Zone::Over => {
                // Cut from a part that has words to cut: with every word in the Learning part,
                // which the guide gives no share, that is the part.
                let most = Part::SCORED
                    .into_iter()
                    .filter(|part| words_of(*part) > 0)
                    .max_by(|a, b| stray(*a).total_cmp(&stray(*b)))
                    .unwrap_or(Part::Learning);
                format!(
                    "{spoken}; {span}: cut about {}, most of it from {}",
                    amount_to_cut(self.time(), window.max()),
                    describe(most)
                )
            }
            Zone::TooShort => {
                let least = Part::SCORED
                    .into_iter()
                    .min_by(|a, b| stray(*a).total_cmp(&stray(*b)))?;
                format!(
                    "{spoken}; {span}: there is room to say more, most of all in {}",
                    describe(least)
                )
            }
        })
    }
}

/// How much of a story spoken in `spoken` to cut to end by `max`, as a person says it:
/// the seconds when it is under a tenth (`a tenth` of a story 5 seconds over would be
/// wrong by far), the nearest of `a tenth`, `a fifth`, `a quarter`, `a third`, `half`,
/// `two thirds` and `three quarters` up to three quarters, and a percentage beyond (`85%`:
/// no fraction a person says is near it).
fn amount_to_cut(spoken: Duration, max: Duration) -> String {
    const FRACTIONS: [(f64, &str); 7] = [
        (0.1, "a tenth"),
        (0.2, "a fifth"),
        (0.25, "a quarter"),
        (1.0 / 3.0, "a third"),
        (0.5, "half"),
        (2.0 / 3.0, "two thirds"),
        (0.75, "three quarters"),
    ];
    let over = spoken.saturating_sub(max);
    let share = over.as_secs_f64() / spoken.as_secs_f64();
    let percent = (share * 100.0).round();
    if share < 0.1 {
        return match over.as_secs() {
            1 => "1 second".to_string(),
            seconds @ 0..60 => format!("{seconds} seconds"),
            _ => format_clock(over),
        };
    }
    if percent > 75.0 {
        return format!("{percent}%");
    }
    FRACTIONS
        .iter()
        .min_by(|a, b| (a.0 - share).abs().total_cmp(&(b.0 - share).abs()))
        .map_or_else(|| format!("{percent}%"), |(_, words)| words.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::star::default_guide;
    use crate::story::PartTexts;

    fn story(texts: &[(Part, usize)]) -> Story {
        let mut parts = PartTexts::default();
        for (part, count) in texts {
            parts[*part] = Some(vec!["word"; *count].join(" "));
        }
        Story {
            title: "T".into(),
            parts,
            ..Story::default()
        }
    }

    fn window() -> Window {
        Window::new(Duration::from_secs(120), Duration::from_secs(180)).unwrap()
    }

    #[test]
    fn words_leave_out_markdown_and_count_what_is_said() {
        assert_eq!(
            words("- We moved **fast**.\n1. Then -- slowly\n```\n## x"),
            5
        );
        assert_eq!(words("Ran it:\n```sh\nkubectl cordon db\n```\nDone."), 3);
        assert_eq!(words(""), 0);
    }

    #[test]
    fn a_long_story_says_how_much_to_cut_and_where() {
        let long = story(&[
            (Part::Situation, 150),
            (Part::Task, 50),
            (Part::Action, 300),
            (Part::Result, 325),
        ]);
        let spoken = Spoken::of(&long, 150);
        assert_eq!((spoken.words, spoken.spoken_s), (825, 330));
        assert_eq!(spoken.parts[Part::Result].unwrap().spoken_s, 130);
        assert_eq!(
            spoken.advice(window(), &default_guide()).unwrap(),
            "about 5:30 spoken; the window is 2:00-3:00: cut about half, most of it from Result (325 words, guide 20%)"
        );
    }

    #[test]
    fn the_cut_is_seconds_under_a_tenth_a_fraction_to_three_quarters_and_a_percentage_beyond() {
        let cut =
            |spoken: u64| amount_to_cut(Duration::from_secs(spoken), Duration::from_secs(180));
        assert_eq!(cut(181), "1 second");
        assert_eq!(cut(195), "15 seconds");
        assert_eq!(cut(200), "a tenth");
        assert_eq!(cut(225), "a fifth");
        assert_eq!(cut(270), "a third");
        assert_eq!(cut(360), "half");
        assert_eq!(cut(720), "three quarters");
        assert_eq!(cut(729), "three quarters", "75.3% is three quarters still");
        assert_eq!(cut(750), "76%");
        assert_eq!(cut(1200), "85%");
        let long =
            |spoken: u64| amount_to_cut(Duration::from_secs(spoken), Duration::from_secs(1800));
        assert_eq!(
            long(1900),
            "1:40",
            "a long window's few minutes read as a clock"
        );
    }

    #[test]
    fn a_story_told_only_in_its_learning_is_cut_there() {
        let learning = Spoken::of(&story(&[(Part::Learning, 600)]), 150);
        assert_eq!(
            learning.advice(window(), &default_guide()).unwrap(),
            "about 4:00 spoken; the window is 2:00-3:00: cut about a quarter, most of it from Learning (600 words, guide 0%)"
        );
        // Task, with no words, strays least from its share; it has nothing to cut.
        let mostly_learning =
            Spoken::of(&story(&[(Part::Situation, 10), (Part::Learning, 590)]), 150);
        assert!(
            mostly_learning
                .advice(window(), &default_guide())
                .unwrap()
                .ends_with("most of it from Situation (10 words, guide 15%)"),
            "{mostly_learning:?}"
        );
    }

    #[test]
    fn a_story_in_the_window_or_short_of_it_says_so() {
        let fits = Spoken::of(&story(&[(Part::Situation, 60), (Part::Action, 300)]), 150);
        assert_eq!(
            fits.advice(window(), &default_guide()).unwrap(),
            "about 2:24 spoken: within the window 2:00-3:00"
        );
        let short = Spoken::of(&story(&[(Part::Situation, 100), (Part::Action, 50)]), 150);
        assert_eq!(
            short.advice(window(), &default_guide()).unwrap(),
            "about 1:00 spoken; the window is 2:00-3:00: there is room to say more, most of all in Action (50 words, guide 55%)"
        );
        assert_eq!(
            Spoken::of(&story(&[]), 150).advice(window(), &default_guide()),
            None
        );
    }
}

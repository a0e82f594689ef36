//! How long a story takes to tell: the words in each part and the time they take at the
//! person's pace, against the answer window and the part guide. Written stories run long
//! (600 to 1,000 words is four to seven minutes); this says by how much, and where to cut.

use std::time::Duration;

use serde::Serialize;

use super::Story;
use crate::domain::duration::format_clock;
use crate::domain::star::{Guide, Part, PartMap};
use crate::domain::window::{Window, Zone};
use crate::text::markdown::{Fence, strip_list_marker};

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
    let mut fence: Option<Fence> = None;
    let mut count = 0;
    for line in text.lines() {
        if let Some(open) = fence {
            if open.is_closed_by(line) {
                fence = None;
            }
            continue;
        }
        if let Some(open) = Fence::opened_by(line) {
            fence = Some(open);
            continue;
        }
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

    /// One sentence a person can act on: how the spoken length compares with the window,
    /// and which part to cut (the one furthest over its share of the guide) or to grow.
    /// `None` for a story with no words yet.
    pub fn advice(&self, window: Window, guide: &Guide) -> Option<String> {
        if self.words == 0 {
            return None;
        }
        let spoken = format!("about {} spoken", format_clock(self.time()));
        let span = format!(
            "the window is {}-{}",
            format_clock(window.min()),
            format_clock(window.max())
        );
        // How far each scored part's share of the words strays from its guide share.
        let stray = |part: Part| {
            let words = self.parts[part].map_or(0, |p| p.words);
            words as f64 / self.words as f64 - guide[part]
        };
        let describe = |part: Part| {
            let words = self.parts[part].map_or(0, |p| p.words);
            format!(
                "{} ({words} words, guide {}%)",
                part.name(),
                (guide[part] * 100.0).round()
            )
        };
        Some(match window.zone(self.time()) {
            Zone::InWindow => format!("{spoken}: within the window {}", &span[14..]),
            Zone::Over => {
                let cut = 1.0 - window.max().as_secs_f64() / self.time().as_secs_f64();
                let most = Part::SCORED
                    .into_iter()
                    .max_by(|a, b| stray(*a).total_cmp(&stray(*b)))?;
                format!(
                    "{spoken}; {span}: cut about {}, most of it from {}",
                    fraction(cut),
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

/// A share to cut, as a person says it: `a fifth`, `a third`, `half`, `two thirds`.
fn fraction(share: f64) -> String {
    const WORDS: [(f64, &str); 7] = [
        (0.1, "a tenth"),
        (0.2, "a fifth"),
        (0.25, "a quarter"),
        (1.0 / 3.0, "a third"),
        (0.5, "half"),
        (2.0 / 3.0, "two thirds"),
        (0.75, "three quarters"),
    ];
    WORDS
        .iter()
        .min_by(|a, b| (a.0 - share).abs().total_cmp(&(b.0 - share).abs()))
        .map_or_else(
            || format!("{}%", (share * 100.0).round()),
            |(_, words)| words.to_string(),
        )
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

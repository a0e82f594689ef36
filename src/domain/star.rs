//! STAR, the one home of the concept: the parts of a told story, which of them are scored, the
//! 0-2 score, the total out of its maximum, and a map keyed by part for everything that comes
//! one a part (scores, time shares, the time guide, a story's texts).
//!
//! Every fact about a part lives in the table [`FACTS`]. Adding a part means adding a variant
//! and its row; maps, totals, the guide and the parsers follow from the table.

use std::fmt;
use std::ops::{Index, IndexMut};

use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One part of a STAR story, written as its letter in records and on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Part {
    Situation,
    Task,
    Action,
    Result,
    Learning,
}

/// What is known about one part.
struct Facts {
    letter: char,
    name: &'static str,
    /// Scored parts are the ones an answer is judged on: marked on the timer, rated 0-2 in
    /// the review, and given a share of the answer's time. The others are optional extras a
    /// story file may carry.
    scored: bool,
    /// The share of an answer the part should take by default: a guide, not a rule.
    guide_share: f64,
    /// Other names a heading may give the part, besides its name and plural.
    other_names: &'static [&'static str],
}

/// The table of parts, in [`Part::ALL`] order.
const FACTS: [Facts; Part::COUNT] = [
    Facts {
        letter: 'S',
        name: "Situation",
        scored: true,
        guide_share: 0.15,
        other_names: &[],
    },
    Facts {
        letter: 'T',
        name: "Task",
        scored: true,
        guide_share: 0.10,
        other_names: &[],
    },
    Facts {
        letter: 'A',
        name: "Action",
        scored: true,
        guide_share: 0.55,
        other_names: &[],
    },
    Facts {
        letter: 'R',
        name: "Result",
        scored: true,
        guide_share: 0.20,
        other_names: &[],
    },
    Facts {
        letter: 'L',
        name: "Learning",
        scored: false,
        guide_share: 0.0,
        other_names: &[
            "lesson",
            "lessons",
            "lesson learned",
            "lessons learned",
            "lesson learnt",
            "lessons learnt",
        ],
    },
];

impl Part {
    /// How many parts there are.
    pub const COUNT: usize = 5;

    /// Every part, in the order a story tells them.
    pub const ALL: [Part; Part::COUNT] = [
        Part::Situation,
        Part::Task,
        Part::Action,
        Part::Result,
        Part::Learning,
    ];

    /// How many parts are scored.
    pub const SCORED_COUNT: usize = scored_count();

    /// The scored parts, in order: what an answer is marked and rated on.
    pub const SCORED: [Part; Part::SCORED_COUNT] = scored_parts();

    fn facts(self) -> &'static Facts {
        &FACTS[self as usize]
    }

    /// The part's full name, as a person says it and a `## ` heading spells it.
    pub fn name(self) -> &'static str {
        self.facts().name
    }

    /// The part's letter (`S`, `T`, `A`, `R`, `L`).
    pub fn letter(self) -> char {
        self.facts().letter
    }

    /// Whether answers are marked and rated on this part (Learning is optional).
    pub fn is_scored(self) -> bool {
        self.facts().scored
    }

    /// The part a letter stands for, in either case (`s`, `T`, ...).
    pub fn from_letter(letter: char) -> Option<Part> {
        let upper = letter.to_ascii_uppercase();
        Part::ALL.into_iter().find(|part| part.letter() == upper)
    }

    /// The part a heading or label names, lowercase: its name, singular or plural, or one of
    /// its other names (`lessons learned`).
    pub fn named(name: &str) -> Option<Part> {
        Part::ALL.into_iter().find(|part| {
            let own = part.name().to_lowercase();
            name == own
                || name.strip_suffix('s') == Some(own.as_str())
                || part.facts().other_names.contains(&name)
        })
    }

    /// The scored parts' letters, as the timer's keys show them: `s t a r`.
    pub fn scored_keys() -> String {
        Part::SCORED
            .iter()
            .map(|part| part.letter().to_ascii_lowercase().to_string())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The scored part a letter or key stands for (`l` is no key of the timer).
    pub fn scored_from_letter(letter: char) -> Option<Part> {
        Part::from_letter(letter).filter(|part| part.is_scored())
    }

    /// The scored part that follows this one in an answer, or `None` after the last.
    pub fn next_scored(self) -> Option<Part> {
        let position = Part::SCORED.iter().position(|&part| part == self)?;
        Part::SCORED.get(position + 1).copied()
    }
}

/// Where a part of an answer begins, in answer time: as the speaker marked it on the timer,
/// or as it was found in the words of the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartMark {
    pub part: Part,
    pub at_ms: u64,
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.letter())
    }
}

impl Serialize for Part {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut buffer = [0; 4];
        serializer.serialize_str(self.letter().encode_utf8(&mut buffer))
    }
}

impl<'de> Deserialize<'de> for Part {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Part, D::Error> {
        let text = String::deserialize(deserializer)?;
        part_of_key(&text).map_err(de::Error::custom)
    }
}

/// The part a map key or a record's `part` names: its letter, in capitals.
fn part_of_key(key: &str) -> Result<Part, String> {
    let mut chars = key.chars();
    match (chars.next(), chars.next()) {
        (Some(letter), None) if letter.is_ascii_uppercase() => {
            Part::from_letter(letter).ok_or_else(|| unknown_part(key))
        }
        _ => Err(unknown_part(key)),
    }
}

fn unknown_part(key: &str) -> String {
    let letters: Vec<String> = Part::ALL.iter().map(|p| p.letter().to_string()).collect();
    format!("unknown part '{key}' (expected {})", letters.join(", "))
}

const fn scored_count() -> usize {
    let mut count = 0;
    let mut index = 0;
    while index < Part::COUNT {
        if FACTS[index].scored {
            count += 1;
        }
        index += 1;
    }
    count
}

const fn scored_parts() -> [Part; Part::SCORED_COUNT] {
    let mut parts = [Part::Situation; Part::SCORED_COUNT];
    let (mut index, mut next) = (0, 0);
    while index < Part::COUNT {
        if FACTS[index].scored {
            parts[next] = Part::ALL[index];
            next += 1;
        }
        index += 1;
    }
    parts
}

// ---------------------------------------------------------------------------------------------
// A map keyed by part
// ---------------------------------------------------------------------------------------------

/// One value for each part, held in an array in [`Part::ALL`] order.
///
/// As JSON a `PartMap<Option<T>>` is an object keyed by letter with the parts that have a
/// value (`{"S": "...", "A": "..."}`); a missing or `null` entry reads as `None`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct PartMap<T>([T; Part::COUNT]);

impl<T> PartMap<T> {
    /// A map with `value(part)` for every part.
    pub fn from_fn(mut value: impl FnMut(Part) -> T) -> PartMap<T> {
        PartMap(Part::ALL.map(&mut value))
    }

    /// Every part with its value, in order.
    pub fn iter(&self) -> impl Iterator<Item = (Part, &T)> {
        Part::ALL.into_iter().zip(self.0.iter())
    }

    /// The scored parts with their values, in order.
    pub fn scored(&self) -> impl Iterator<Item = (Part, &T)> {
        self.iter().filter(|(part, _)| part.is_scored())
    }

    /// A map of `f` applied to each value.
    pub fn map<U>(&self, mut f: impl FnMut(Part, &T) -> U) -> PartMap<U> {
        PartMap::from_fn(|part| f(part, &self[part]))
    }
}

impl<T> Index<Part> for PartMap<T> {
    type Output = T;
    fn index(&self, part: Part) -> &T {
        &self.0[part as usize]
    }
}

impl<T> IndexMut<Part> for PartMap<T> {
    fn index_mut(&mut self, part: Part) -> &mut T {
        &mut self.0[part as usize]
    }
}

impl<T: fmt::Debug> fmt::Debug for PartMap<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.iter().map(|(part, value)| (part.letter(), value)))
            .finish()
    }
}

impl<T> PartMap<Option<T>> {
    /// The parts that have a value, in order.
    pub fn present(&self) -> impl Iterator<Item = (Part, &T)> {
        self.iter()
            .filter_map(|(part, value)| value.as_ref().map(|value| (part, value)))
    }

    /// Whether no part has a value.
    pub fn is_empty(&self) -> bool {
        self.present().next().is_none()
    }
}

impl<T: Serialize> Serialize for PartMap<Option<T>> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        for (part, value) in self.present() {
            map.serialize_entry(&part, value)?;
        }
        map.end()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for PartMap<Option<T>> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(PartMapVisitor {
            allow: |_| Ok(()),
            marker: std::marker::PhantomData,
        })
    }
}

/// Reads an object keyed by part letter; `allow` may refuse a part.
struct PartMapVisitor<T, F> {
    allow: F,
    marker: std::marker::PhantomData<T>,
}

impl<'de, T: Deserialize<'de>, F: Fn(Part) -> Result<(), String>> Visitor<'de>
    for PartMapVisitor<T, F>
{
    type Value = PartMap<Option<T>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object keyed by STAR part letters")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
        let mut map: PartMap<Option<T>> = PartMap::from_fn(|_| None);
        while let Some(key) = access.next_key::<String>()? {
            let part = part_of_key(&key).map_err(de::Error::custom)?;
            (self.allow)(part).map_err(de::Error::custom)?;
            map[part] = access.next_value::<Option<T>>()?;
        }
        Ok(map)
    }
}

// ---------------------------------------------------------------------------------------------
// Scores
// ---------------------------------------------------------------------------------------------

/// One part's 0 to 2 rating: 0 missed, 1 thin, 2 solid. Cannot hold anything else, so a record
/// with `"S": 200` does not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Score(u8);

impl Score {
    /// The best rating.
    pub const MAX: u8 = 2;

    /// The rating `value`, when it is 0, 1 or 2.
    pub fn new(value: u8) -> Option<Score> {
        (value <= Score::MAX).then_some(Score(value))
    }

    pub fn value(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for Score {
    type Error = String;
    fn try_from(value: u8) -> Result<Score, String> {
        Score::new(value).ok_or_else(|| format!("a score is 0, 1 or 2, not {value}"))
    }
}

impl From<Score> for u8 {
    fn from(score: Score) -> u8 {
        score.0
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The user's rating of each scored part; a part left unrated is `None`.
///
/// Written with every scored part present (`{"S": 2, "T": null, "A": 1, "R": 2}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Scores(PartMap<Option<Score>>);

/// Why a `--score` value could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("bad scores '{text}': give {count} numbers 0 to 2 for {letters}, like {example} or {compact}", count = Part::SCORED_COUNT, letters = scored_letters(), example = Scores::example(","), compact = Scores::example(""))]
pub struct BadScores {
    pub text: String,
}

/// The scored parts' letters as a person lists them: `S, T, A and R`.
pub fn scored_letters() -> String {
    let letters: Vec<String> = Part::SCORED
        .iter()
        .map(|p| p.letter().to_string())
        .collect();
    match letters.split_last() {
        Some((final_letter, rest)) if !rest.is_empty() => {
            format!("{} and {final_letter}", rest.join(", "))
        }
        _ => letters.concat(),
    }
}

impl Scores {
    /// Scores as a person might type them, joined by `separator`: `2,1,2,2` or `2122`.
    pub fn example(separator: &str) -> String {
        const PATTERN: [u8; 4] = [2, 1, 2, 2];
        (0..Part::SCORED_COUNT)
            .map(|n| PATTERN[n % PATTERN.len()].to_string())
            .collect::<Vec<_>>()
            .join(separator)
    }

    /// Every scored part rated, in order (`[2, 1, 2, 2]` is S 2, T 1, A 2, R 2); `None` when a
    /// value is out of range.
    pub fn of(values: [u8; Part::SCORED_COUNT]) -> Option<Scores> {
        let mut scores = Scores::default();
        for (part, value) in Part::SCORED.into_iter().zip(values) {
            scores.0[part] = Some(Score::new(value)?);
        }
        Some(scores)
    }

    /// The rating of one part (always `None` for a part that is not scored).
    pub fn get(&self, part: Part) -> Option<Score> {
        self.0[part]
    }

    /// Rates `part`; a part that is not scored is left alone.
    pub fn set(&mut self, part: Part, score: Option<Score>) {
        if part.is_scored() {
            self.0[part] = score;
        }
    }

    /// The scored parts with their ratings, in order.
    pub fn iter(&self) -> impl Iterator<Item = (Part, Option<Score>)> + '_ {
        Part::SCORED.into_iter().map(|part| (part, self.0[part]))
    }

    /// The sum of the rated parts; `None` when nothing is rated.
    pub fn total(&self) -> Option<StarTotal> {
        let rated: Vec<Score> = self.iter().filter_map(|(_, score)| score).collect();
        (!rated.is_empty()).then(|| StarTotal(rated.iter().map(|s| u16::from(s.0)).sum()))
    }

    /// Reads `2,1,2,2`, `2 1 2 2` or `2122`: one 0 to 2 rating for each scored part, in order.
    pub fn parse(text: &str) -> Result<Scores, BadScores> {
        let bad = || BadScores {
            text: text.to_string(),
        };
        let trimmed = text.trim();
        let pieces: Vec<&str> = if trimmed.contains([',', ' ']) {
            trimmed
                .split([',', ' '])
                .filter(|piece| !piece.is_empty())
                .collect()
        } else {
            trimmed
                .char_indices()
                .map(|(i, c)| &trimmed[i..i + c.len_utf8()])
                .collect()
        };
        let values: Vec<u8> = pieces
            .iter()
            .map(|piece| piece.parse::<u8>().ok())
            .collect::<Option<_>>()
            .ok_or_else(bad)?;
        let values: [u8; Part::SCORED_COUNT] = values.try_into().map_err(|_| bad())?;
        Scores::of(values).ok_or_else(bad)
    }

    /// `2122`, as typed at the review prompt; an unrated part is left out.
    pub fn compact(&self) -> String {
        self.iter()
            .filter_map(|(_, score)| score.map(|s| s.to_string()))
            .collect()
    }

    /// `2-1-`: each scored part's rating in order, `-` where unrated.
    pub fn compact_with_gaps(&self) -> String {
        self.iter()
            .map(|(_, score)| score.map_or('-', |s| char::from(b'0' + s.value())))
            .collect()
    }

    /// The scores [`Scores::compact_with_gaps`] wrote, or `None` when it is not such a text.
    pub fn from_compact_with_gaps(text: &str) -> Option<Scores> {
        let mut scores = Scores::default();
        let mut chars = text.chars();
        for part in Part::SCORED {
            let score = match chars.next()? {
                '-' => None,
                digit => Some(Score::new(u8::try_from(digit.to_digit(10)?).ok()?)?),
            };
            scores.set(part, score);
        }
        chars.next().is_none().then_some(scores)
    }

    /// `2 - 1 -`: each scored part's rating, `-` where unrated.
    pub fn spaced(&self) -> String {
        self.iter()
            .map(|(_, score)| score.map_or("-".to_string(), |s| s.to_string()))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

impl Serialize for Scores {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(Part::SCORED_COUNT))?;
        for (part, score) in self.iter() {
            map.serialize_entry(&part, &score)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Scores {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Scores, D::Error> {
        let only_scored = |part: Part| {
            if part.is_scored() {
                Ok(())
            } else {
                Err(format!("{} is not scored", part.name()))
            }
        };
        deserializer
            .deserialize_map(PartMapVisitor {
                allow: only_scored,
                marker: std::marker::PhantomData,
            })
            .map(Scores)
    }
}

/// The sum of an answer's ratings, shown out of the most it could be (`7/8`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct StarTotal(u16);

impl StarTotal {
    /// The best total: every scored part solid.
    pub const MAX: u16 = Part::SCORED_COUNT as u16 * Score::MAX as u16;

    pub fn points(self) -> u16 {
        self.0
    }

    /// An average of totals the same way: `6.5/8`.
    pub fn average_text(average: f64) -> String {
        format!("{average:.1}/{}", StarTotal::MAX)
    }
}

impl fmt::Display for StarTotal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.0, StarTotal::MAX)
    }
}

// ---------------------------------------------------------------------------------------------
// The time guide
// ---------------------------------------------------------------------------------------------

/// The share of an answer each scored part should take, as fractions adding up to 1.
pub type Guide = PartMap<f64>;

/// The built-in guide, from the table of parts.
pub fn default_guide() -> Guide {
    PartMap::from_fn(|part| part.facts().guide_share)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scored_parts_are_s_t_a_r_in_order_and_learning_is_optional() {
        assert_eq!(
            Part::SCORED,
            [Part::Situation, Part::Task, Part::Action, Part::Result]
        );
        assert!(!Part::Learning.is_scored());
        assert_eq!(StarTotal::MAX, 8);
    }

    #[test]
    fn headings_name_parts_by_name_plural_or_other_name() {
        assert_eq!(Part::named("actions"), Some(Part::Action));
        assert_eq!(Part::named("lessons learned"), Some(Part::Learning));
        assert_eq!(Part::named("outcome"), None);
        assert_eq!(Part::scored_keys(), "s t a r");
        assert_eq!(
            (Scores::example(","), Scores::example("")),
            ("2,1,2,2".into(), "2122".into())
        );
    }

    #[test]
    fn next_scored_walks_the_answer_and_stops_after_result() {
        let mut walked = vec![Part::Situation];
        while let Some(next) = walked.last().unwrap().next_scored() {
            walked.push(next);
        }
        assert_eq!(walked, Part::SCORED);
        assert_eq!(Part::Learning.next_scored(), None);
    }

    #[test]
    fn letters_round_trip_in_either_case() {
        for part in Part::ALL {
            assert_eq!(Part::from_letter(part.letter()), Some(part));
            assert_eq!(
                Part::from_letter(part.letter().to_ascii_lowercase()),
                Some(part)
            );
        }
        assert_eq!(Part::from_letter('x'), None);
        assert_eq!(Part::scored_from_letter('l'), None);
        assert_eq!(Part::scored_from_letter('r'), Some(Part::Result));
    }

    #[test]
    fn parts_serialise_as_the_bare_letter_and_refuse_others() {
        assert_eq!(serde_json::to_string(&Part::Action).unwrap(), "\"A\"");
        assert_eq!(
            serde_json::from_str::<Part>("\"L\"").unwrap(),
            Part::Learning
        );
        for bad in ["\"a\"", "\"X\"", "\"SA\""] {
            assert!(serde_json::from_str::<Part>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn scores_read_in_every_written_form() {
        for text in ["2,1,2,2", "2 1 2 2", "2122", " 2, 1, 2, 2 "] {
            assert_eq!(
                Scores::parse(text),
                Ok(Scores::of([2, 1, 2, 2]).unwrap()),
                "{text}"
            );
        }
        for text in [
            "",
            "2,1,2",
            "2,1,2,2,2",
            "3,1,2,2",
            "a,b,c,d",
            "21223",
            "-1,0,0,0",
        ] {
            assert!(Scores::parse(text).is_err(), "{text}");
        }
        assert_eq!(
            Scores::parse("9").unwrap_err().to_string(),
            "bad scores '9': give 4 numbers 0 to 2 for S, T, A and R, like 2,1,2,2 or 2122"
        );
    }

    #[test]
    fn partial_scores_total_what_is_rated_and_show_the_gaps() {
        let mut scores = Scores::default();
        scores.set(Part::Situation, Score::new(2));
        scores.set(Part::Action, Score::new(1));
        scores.set(Part::Learning, Score::new(2));
        assert_eq!(scores.get(Part::Learning), None, "Learning is not scored");
        assert_eq!(scores.total().unwrap().to_string(), "3/8");
        assert_eq!(scores.compact(), "21");
        assert_eq!(scores.spaced(), "2 - 1 -");
        assert_eq!(scores.compact_with_gaps(), "2-1-");
        assert_eq!(Scores::from_compact_with_gaps("2-1-"), Some(scores));
        for bad in ["", "2-1", "2-1-0", "3---", "x---"] {
            assert_eq!(Scores::from_compact_with_gaps(bad), None, "{bad}");
        }
        assert_eq!(Scores::default().total(), None);
        assert_eq!(StarTotal::average_text(6.25), "6.2/8");
    }

    #[test]
    fn scores_are_written_with_every_scored_part_and_read_back() {
        let scores = Scores::parse("2122").unwrap();
        let text = serde_json::to_string(&scores).unwrap();
        assert_eq!(text, r#"{"S":2,"T":1,"A":2,"R":2}"#);
        assert_eq!(serde_json::from_str::<Scores>(&text).unwrap(), scores);
        let partial: Scores = serde_json::from_str(r#"{"S":1,"T":null}"#).unwrap();
        assert_eq!(
            serde_json::to_string(&partial).unwrap(),
            r#"{"S":1,"T":null,"A":null,"R":null}"#
        );
    }

    #[test]
    fn impossible_scores_do_not_read() {
        for bad in [
            r#"{"S":200}"#,
            r#"{"S":3}"#,
            r#"{"S":-1}"#,
            r#"{"S":1.5}"#,
            r#"{"X":1}"#,
            r#"{"L":1}"#,
        ] {
            assert!(serde_json::from_str::<Scores>(bad).is_err(), "{bad}");
        }
        let error = serde_json::from_str::<Scores>(r#"{"S":200}"#).unwrap_err();
        assert!(
            error.to_string().contains("a score is 0, 1 or 2, not 200"),
            "{error}"
        );
    }

    #[test]
    fn a_map_of_optional_values_writes_only_what_is_there() {
        let mut texts: PartMap<Option<String>> = PartMap::default();
        texts[Part::Situation] = Some("s".into());
        texts[Part::Learning] = Some("l".into());
        let json = serde_json::to_string(&texts).unwrap();
        assert_eq!(json, r#"{"S":"s","L":"l"}"#);
        assert_eq!(
            serde_json::from_str::<PartMap<Option<String>>>(&json).unwrap(),
            texts
        );
        assert_eq!(texts.present().count(), 2);
        assert!(!texts.is_empty());
    }

    #[test]
    fn the_default_guide_covers_the_scored_parts_and_adds_up() {
        let guide = default_guide();
        let total: f64 = guide.scored().map(|(_, share)| share).sum();
        assert!((total - 1.0).abs() < 1e-12);
        assert_eq!(guide[Part::Learning], 0.0);
    }
}

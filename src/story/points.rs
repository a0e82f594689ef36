//! A story's talking points and which of them an answer covered: the figures, names and the
//! gist of each sentence a person meant to say, found in the story's own text, and looked for
//! in what was said, however it was said ("$1.2M" is "one point two million dollars").
//!
//! Everything here is a pure function over a [`Story`] and a [`Transcript`]. The same reading
//! of numbers ([`crate::text::numbers`]) serves both sides, so a figure written in words in the
//! story ("four hundred differences") and one said in digits by the recogniser ("400") are one
//! quantity.
//!
//! [`parts_from_story`] also places the story's parts in a timed answer: where the words
//! start matching each part's own terms.

use std::collections::BTreeSet;
use std::ops::Range;

use serde::{Serialize, Serializer};

use super::Story;
use crate::domain::star::Part;
use crate::domain::star_split::sentences;
use crate::session::record::PartMark;
use crate::speech::coach::is_hesitation;
use crate::speech::transcript::Transcript;
use crate::text::edit_distance;
use crate::text::markdown::{heading, prose_lines, strip_list_marker};
use crate::text::numbers::{
    Number, Quantity, Unit, is_count_word, is_number_word, numbers, same_value,
};
use crate::text::words::{Token, tokens};

/// At most this many points a story: more than a person can check off after an answer.
pub const MAX_POINTS: usize = 12;

/// What a talking point is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PointKind {
    /// A number with what it counts: `$1.2M a day`, `40%`, `3 weeks`, `Q3`.
    Figure,
    /// A proper noun: a product, team, tool or customer (`Atlas`, `Kafka`, `Northwind`).
    Name,
    /// The few content words that carry a sentence: `rolled back the payment service`.
    Gist,
}

/// One thing a story says that its answer should say too.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TalkingPoint {
    /// The part of the story it is in.
    pub part: Part,
    /// What a person reads, in the story's own words: `$1.2M a day`, `8 incidents`,
    /// `Northwind`, `rolled back the payment service`.
    pub text: String,
    pub kind: PointKind,
    /// The words to hear, lowercase and lightly stemmed: a gist's content words, a name's
    /// words, a figure's noun (empty for a figure that stands alone, like `40%`).
    pub terms: Vec<String>,
    /// A figure's number; `None` for names and gists.
    pub quantity: Option<Quantity>,
}

/// Which of a story's points an answer covered.
///
/// Written into a session record as `talking_points: { total, covered: N, missed: [texts] }`:
/// the count of covered points is what the record keeps, and the missed ones by name, since
/// those are what a person practises next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Coverage {
    pub total: usize,
    /// The texts of the points heard, in story order; recorded as their count.
    #[serde(serialize_with = "count_of")]
    pub covered: Vec<String>,
    /// The texts of the points not heard, in story order.
    pub missed: Vec<String>,
}

impl Coverage {
    /// How many points were heard.
    pub fn covered_count(&self) -> usize {
        self.covered.len()
    }
}

fn count_of<S: Serializer>(covered: &[String], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_u64(covered.len() as u64)
}

// ---------------------------------------------------------------------------------------------
// Words

/// Words that carry no point of their own: a gist is what is left without them.
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "around",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "don't",
    "during",
    "each",
    "even",
    "every",
    "few",
    "for",
    "from",
    "further",
    "get",
    "got",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "him",
    "his",
    "how",
    "i",
    "i'd",
    "i'm",
    "i've",
    "if",
    "in",
    "into",
    "is",
    "it",
    "it's",
    "its",
    "just",
    "let",
    "like",
    "made",
    "make",
    "me",
    "more",
    "most",
    "much",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "own",
    "per",
    "quite",
    "really",
    "same",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "that's",
    "the",
    "their",
    "theirs",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "us",
    "very",
    "was",
    "we",
    "we'd",
    "we're",
    "we've",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "within",
    "would",
    "you",
    "your",
    "um",
    "uh",
    "erm",
    "er",
    "hmm",
    "mm",
    "okay",
    "ok",
    "yeah",
    "basically",
    "actually",
    "kind",
    "sort",
    "lot",
    "thing",
    "things",
    "way",
    "well",
    "still",
    "something",
    "without",
    "instead",
    "nothing",
    "anything",
    "everything",
    "someone",
    "anyone",
    "everyone",
    "over",
    "across",
    "along",
    "onto",
    "upon",
    "since",
    "though",
    "although",
];

/// Capitalised words that are no one's name.
const NOT_NAMES: &[&str] = &[
    "i",
    "i'm",
    "i'd",
    "i've",
    "i'll",
    "ok",
    "okay",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.contains(&word)
}

/// A word cut to the part its forms share, so that "rolled", "rolling" and "rolls" are one
/// term: a plural or verb ending off, a final `e` off, a doubled final letter made single.
/// Both sides of a comparison go through it, so it needs to be consistent, not correct.
pub fn stem(word: &str) -> String {
    let word = word.to_lowercase();
    let mut stem: &str = &word;
    let mut owned;
    if let Some(base) = stem.strip_suffix("ies").filter(|base| base.len() >= 2) {
        owned = format!("{base}y");
        stem = &owned;
    } else {
        for ending in ["ing", "ed", "s"] {
            if let Some(base) = stem.strip_suffix(ending)
                && base.chars().count() >= 3
                && !(ending == "s" && base.ends_with('s'))
            {
                stem = base;
                break;
            }
        }
    }
    owned = stem.to_string();
    if owned.chars().count() > 3 && owned.ends_with('e') {
        owned.pop();
    }
    let chars: Vec<char> = owned.chars().collect();
    if chars.len() > 3 && chars[chars.len() - 1] == chars[chars.len() - 2] {
        owned.pop();
    }
    owned
}

/// Whether a heard word is the written one, allowing a recogniser's slip of one letter in a
/// word long enough that one letter does not make it another word.
fn same_word(written: &str, heard: &str) -> bool {
    written == heard || (written.chars().count() >= 5 && edit_distance(written, heard) <= 1)
}

// ---------------------------------------------------------------------------------------------
// The story's points

/// Words a rate is given in: `$1.2M a day`, `3 deploys per week`.
const PER_WHAT: &[&str] = &[
    "second", "minute", "hour", "day", "night", "week", "sprint", "month", "quarter", "year",
    "customer", "user", "release",
];

/// The talking points of `story`: every figure and name in its parts and the gist of each
/// sentence or list item, each once, at most [`MAX_POINTS`] of them in story order.
///
/// When there are more, figures and names are kept before gists (they are what an answer
/// most often drops), taken a part at a time in turn so that the Result's figures are not
/// crowded out by a long Situation.
pub fn talking_points(story: &Story) -> Vec<TalkingPoint> {
    let capitalised = capitalised_inside_sentences(story);
    let mut found: Vec<TalkingPoint> = Vec::new();
    for (part, text) in story.parts.present() {
        for sentence in sentences_of(text) {
            for point in points_of_sentence(part, &sentence, &capitalised) {
                if !found.iter().any(|known| same_point(known, &point)) {
                    found.push(point);
                }
            }
        }
    }
    choose(found, MAX_POINTS)
}

/// At most `cap` of `points`: figures and names first, then gists, each group taken one
/// part at a time in turn; returned in story order.
fn choose(points: Vec<TalkingPoint>, cap: usize) -> Vec<TalkingPoint> {
    let mut chosen: Vec<usize> = Vec::new();
    for gists in [false, true] {
        let mut queues: Vec<Vec<usize>> = Part::ALL
            .iter()
            .map(|&part| {
                (0..points.len())
                    .filter(|&at| {
                        points[at].part == part && (points[at].kind == PointKind::Gist) == gists
                    })
                    .rev()
                    .collect()
            })
            .collect();
        while chosen.len() < cap && queues.iter().any(|queue| !queue.is_empty()) {
            for queue in &mut queues {
                if chosen.len() < cap {
                    chosen.extend(queue.pop());
                }
            }
        }
    }
    chosen.sort_unstable();
    let mut points: Vec<Option<TalkingPoint>> = points.into_iter().map(Some).collect();
    chosen
        .into_iter()
        .filter_map(|at| points[at].take())
        .collect()
}

/// Whether two points say the same thing, so that a figure told twice counts once.
fn same_point(a: &TalkingPoint, b: &TalkingPoint) -> bool {
    a.kind == b.kind
        && match (a.quantity, b.quantity) {
            (Some(x), Some(y)) => {
                x.unit == y.unit && same_value(x.value, y.value) && a.terms == b.terms
            }
            _ => {
                let terms = |p: &TalkingPoint| p.terms.iter().cloned().collect::<BTreeSet<_>>();
                terms(a) == terms(b)
            }
        }
}

/// The sentences of a part's text: list items and paragraphs split at their full stops,
/// without headings, quote marks and fenced code.
fn sentences_of(text: &str) -> Vec<String> {
    let mut blocks: Vec<String> = Vec::new();
    let mut block = String::new();
    for line in prose_lines(text) {
        let line = line.trim();
        let line = line.strip_prefix('>').map_or(line, str::trim);
        if line.is_empty() || heading(line).is_some() {
            blocks.push(std::mem::take(&mut block));
            continue;
        }
        if let Some(item) = strip_list_marker(line) {
            blocks.push(std::mem::take(&mut block));
            block.push_str(item);
            continue;
        }
        if !block.is_empty() {
            block.push(' ');
        }
        block.push_str(line);
    }
    blocks.push(block);
    blocks
        .iter()
        .filter(|block| !block.trim().is_empty())
        .flat_map(|block| {
            sentences(block)
                .into_iter()
                .map(|range| block[range].to_string())
        })
        .collect()
}

/// The words the story writes with a capital inside a sentence, its title and summary
/// included: names, so that the same word starting a sentence (`Atlas went down.`) is known
/// for one too.
fn capitalised_inside_sentences(story: &Story) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let texts = story
        .parts
        .present()
        .map(|(_, text)| text.as_str())
        .chain([story.title.as_str()])
        .chain(story.summary.as_deref());
    for text in texts {
        for sentence in sentences_of(text) {
            let tokens = tokens(&sentence);
            for (at, token) in tokens.iter().enumerate() {
                if at > 0
                    && !tokens[at - 1].ends_sentence
                    && token.capital
                    && could_be_name(&token.word)
                {
                    names.insert(token.word.clone());
                }
            }
        }
    }
    names
}

fn could_be_name(word: &str) -> bool {
    word.chars().any(char::is_alphabetic)
        && !is_stop_word(word)
        && !NOT_NAMES.contains(&word)
        && !is_number_word(word)
}

/// The figures, names and gist of one sentence.
fn points_of_sentence(
    part: Part,
    sentence: &str,
    capitalised: &BTreeSet<String>,
) -> Vec<TalkingPoint> {
    let tokens = tokens(sentence);
    let mut taken = vec![false; tokens.len()];
    let mut points: Vec<(usize, TalkingPoint)> = Vec::new();
    let slice = |from: usize, to: usize| &sentence[tokens[from].range.start..tokens[to].range.end];

    for number in numbers(&tokens) {
        let words = number.words.clone();
        // "One of the engineers", "half the team": words too vague to be a figure.
        if words.len() == 1 && matches!(tokens[words.start].word.as_str(), "one" | "half") {
            continue;
        }
        let mut last = words.end - 1;
        let mut terms = Vec::new();
        let open = |at: usize| !tokens[at].ends_clause;
        let is_rate = |at: usize| {
            tokens.get(at + 1).is_some_and(|per| {
                matches!(tokens[at].word.as_str(), "a" | "an" | "per")
                    && PER_WHAT.contains(&stem(&per.word).as_str())
            })
        };
        let is_noun = |at: usize| {
            tokens.get(at).is_some_and(|word| {
                word.word.chars().all(char::is_alphabetic)
                    && !is_stop_word(&word.word)
                    && !is_number_word(&word.word)
            })
        };
        // What the number counts: a word, or two when the first is no plural (`4 upstream
        // calls`); a count's noun is plural, and the word after it is mostly a verb
        // (`eleven teams lost`).
        if number.quantity.unit != Unit::Percent && number.quantity.unit != Unit::Quarter {
            while terms.len() < 2
                && (last + 1 == words.end || !tokens[last].word.ends_with('s'))
                && open(last)
                && !is_rate(last + 1)
                && is_noun(last + 1)
            {
                last += 1;
                terms.push(stem(&tokens[last].word));
            }
        }
        if number.quantity.unit != Unit::Quarter && open(last) && is_rate(last + 1) {
            last += 2;
        }
        taken[words.start..=last].fill(true);
        points.push((
            words.start,
            TalkingPoint {
                part,
                text: slice(words.start, last).to_string(),
                kind: PointKind::Figure,
                terms,
                quantity: Some(number.quantity),
            },
        ));
    }

    let names: Vec<bool> = (0..tokens.len())
        .map(|at| {
            let token = &tokens[at];
            let starts_sentence = at == 0 || tokens[at - 1].ends_sentence;
            !taken[at]
                && token.capital
                && could_be_name(&token.word)
                && (token.acronym || !starts_sentence || capitalised.contains(&token.word))
        })
        .collect();
    let is_name = |at: usize| names[at];
    let mut at = 0;
    while at < tokens.len() {
        if !is_name(at) {
            at += 1;
            continue;
        }
        let first = at;
        while at + 1 < tokens.len() && !tokens[at].ends_clause && is_name(at + 1) {
            at += 1;
        }
        taken[first..=at].fill(true);
        points.push((
            first,
            TalkingPoint {
                part,
                text: slice(first, at).to_string(),
                kind: PointKind::Name,
                terms: tokens[first..=at].iter().map(|t| t.word.clone()).collect(),
                quantity: None,
            },
        ));
        at += 1;
    }

    // The gist: the first few content words. Figures and names are points of their own, and
    // a name said anywhere in the answer would otherwise count for every sentence it is in;
    // a sentence that is little but names keeps them.
    let is_content = |at: usize| {
        let word = &tokens[at].word;
        !is_stop_word(word)
            && !is_number_word(word)
            && word.chars().all(|c| c.is_alphabetic() || c == '\'')
            && (word.chars().count() >= 3 || tokens[at].acronym)
    };
    let mut content: Vec<usize> = (0..tokens.len())
        .filter(|&at| !taken[at] && is_content(at))
        .take(4)
        .collect();
    if content.len() < 2 {
        content = (0..tokens.len())
            .filter(|&at| (!taken[at] || names[at]) && is_content(at))
            .take(4)
            .collect();
    }
    if content.len() >= 2 {
        let (mut first, last) = (content[0], content[content.len() - 1]);
        // Read from the name the sentence opens with: `Northwind renewed`, not `renewed`.
        while first > 0 && names[first - 1] && !tokens[first - 1].ends_clause {
            first -= 1;
        }
        let mut text = slice(first, last).to_string();
        if first == 0 && !is_name(0) && !tokens[0].acronym {
            text = lowercase_first(&text);
        }
        points.push((
            first,
            TalkingPoint {
                part,
                text,
                kind: PointKind::Gist,
                terms: content.iter().map(|&at| stem(&tokens[at].word)).collect(),
                quantity: None,
            },
        ));
    }
    points.sort_by_key(|(start, point)| (*start, point.kind == PointKind::Gist));
    points.into_iter().map(|(_, point)| point).collect()
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_lowercase().chain(chars).collect()
    })
}

// ---------------------------------------------------------------------------------------------
// What the answer covered

/// How many words apart a gist's terms may be heard and still be one telling of it: about
/// a spoken sentence.
const GIST_WINDOW: usize = 20;

/// The words of an answer, read once for every point.
struct Heard {
    tokens: Vec<Token>,
    /// The transcript word each token came from, for the time it was said.
    word_of: Vec<usize>,
    stems: Vec<String>,
    numbers: Vec<Number>,
}

impl Heard {
    fn of(transcript: &Transcript) -> Heard {
        let mut tokens = Vec::new();
        let mut word_of = Vec::new();
        if transcript.words.is_empty() {
            // A transcript with its text alone: read it as one run of words.
            tokens = self::tokens(&transcript.text);
            word_of = vec![0; tokens.len()];
        } else {
            for (index, word) in transcript.words.iter().enumerate() {
                for token in self::tokens(&word.text) {
                    tokens.push(token);
                    word_of.push(index);
                }
            }
        }
        let kept: Vec<bool> = tokens.iter().map(|t| !is_hesitation(&t.word)).collect();
        let mut kept_flags = kept.iter();
        tokens.retain(|_| *kept_flags.next().unwrap_or(&true));
        let mut kept_flags = kept.iter();
        word_of.retain(|_| *kept_flags.next().unwrap_or(&true));
        let stems = tokens.iter().map(|t| stem(&t.word)).collect();
        let mut numbers = numbers(&tokens);
        numbers.extend(years(&numbers));
        Heard {
            tokens,
            word_of,
            stems,
            numbers,
        }
    }

    /// Whether `figure`'s quantity was said, with its noun near it when the number alone
    /// is too common to tell (an answer says "two" many times; "two engineers" once).
    fn figure(&self, point: &TalkingPoint, figure: Quantity) -> bool {
        let needs_noun = figure.unit == Unit::Plain
            && figure.value.fract() == 0.0
            && figure.value <= 12.0
            && !point.terms.is_empty();
        self.numbers.iter().any(|found| {
            let heard = found.quantity;
            let units_agree = match figure.unit {
                Unit::Percent | Unit::Quarter => heard.unit == figure.unit,
                Unit::Plain | Unit::Money => matches!(heard.unit, Unit::Plain | Unit::Money),
            };
            units_agree
                && same_value(heard.value, figure.value)
                && (!needs_noun || self.noun_near(&point.terms, &found.words))
        })
    }

    /// Whether one of `terms` is heard within a few words of `words`.
    fn noun_near(&self, terms: &[String], words: &Range<usize>) -> bool {
        let from = words.start.saturating_sub(3);
        let to = (words.end + 4).min(self.stems.len());
        (from..to).any(|at| terms.iter().any(|term| same_word(term, &self.stems[at])))
    }

    /// Whether most of a name's words were said. A recogniser may split a name it does not
    /// know ("North wind"), so two words heard together count as one too.
    fn name(&self, terms: &[String]) -> bool {
        let joined: Vec<String> = self
            .tokens
            .windows(2)
            .map(|pair| format!("{}{}", pair[0].word, pair[1].word))
            .collect();
        let heard = terms
            .iter()
            .filter(|term| {
                self.tokens
                    .iter()
                    .map(|t| t.word.as_str())
                    .chain(joined.iter().map(String::as_str))
                    .any(|word| same_word(term, word))
            })
            .count();
        heard * 2 >= terms.len() && heard > 0
    }

    /// Whether most of a gist's terms are heard within one stretch of the answer.
    fn gist(&self, terms: &[String]) -> bool {
        let needed = (terms.len() * 2).div_ceil(3).max(2).min(terms.len());
        // A name among the terms may be heard split in two, like in [`Heard::name`].
        let joined = |at: usize| {
            self.tokens
                .get(at + 1)
                .map(|next| stem(&format!("{}{}", self.tokens[at].word, next.word)))
        };
        let at: Vec<Vec<usize>> = terms
            .iter()
            .map(|term| {
                (0..self.stems.len())
                    .filter(|&at| {
                        same_word(term, &self.stems[at])
                            || joined(at).is_some_and(|both| same_word(term, &both))
                    })
                    .collect()
            })
            .collect();
        at.iter().flatten().any(|&start| {
            let window = start..start + GIST_WINDOW;
            at.iter()
                .filter(|places| places.iter().any(|place| window.contains(place)))
                .count()
                >= needed
        })
    }
}

/// Years said as two numbers, `twenty twenty-three` or `nineteen ninety`: each pair of
/// neighbouring whole numbers that could be one.
fn years(numbers: &[Number]) -> Vec<Number> {
    numbers
        .windows(2)
        .filter_map(|pair| {
            let (century, year) = (pair[0].quantity.value, pair[1].quantity.value);
            let whole = |v: f64| v.fract() == 0.0;
            (pair[0].words.end == pair[1].words.start
                && pair[0].quantity.unit == Unit::Plain
                && pair[1].quantity.unit == Unit::Plain
                && whole(century)
                && whole(year)
                && (10.0..=99.0).contains(&century)
                && (10.0..=99.0).contains(&year))
            .then(|| Number {
                quantity: Quantity {
                    value: century * 100.0 + year,
                    unit: Unit::Plain,
                },
                words: pair[0].words.start..pair[1].words.end,
            })
        })
        .collect()
}

/// Which of `points` the answer in `transcript` covered: a figure when its quantity is said
/// in any form, a name when it is said (a letter's slip allowed in a long one), a gist when
/// most of its terms are heard close together.
pub fn coverage(points: &[TalkingPoint], transcript: &Transcript) -> Coverage {
    let heard = Heard::of(transcript);
    let mut covered = Vec::new();
    let mut missed = Vec::new();
    for point in points {
        let said = match (point.kind, point.quantity) {
            (PointKind::Figure, Some(quantity)) => heard.figure(point, quantity),
            (PointKind::Name, _) => heard.name(&point.terms),
            _ => heard.gist(&point.terms),
        };
        if said {
            covered.push(point.text.clone());
        } else {
            missed.push(point.text.clone());
        }
    }
    Coverage {
        total: points.len(),
        covered,
        missed,
    }
}

/// One line to read after the answer: `covered 7 of 10; missed: the $1.2M a day, Kafka`.
pub fn summary_line(coverage: &Coverage) -> String {
    coverage_line(coverage.covered_count(), coverage.total, &coverage.missed)
}

/// [`summary_line`] from the counts and the missed points' texts, as a record keeps them.
pub fn coverage_line(covered: usize, total: usize, missed: &[String]) -> String {
    let head = format!("covered {covered} of {total}");
    if missed.is_empty() {
        return head;
    }
    let missed: Vec<String> = missed
        .iter()
        .map(|text| {
            // A figure reads as a thing ("the 8 incidents"), a name or gist as it is.
            let year = text.len() == 4 && text.chars().all(|c| c.is_ascii_digit());
            let first = text.split_whitespace().next().unwrap_or_default();
            let numeric = text.starts_with(|c: char| c.is_ascii_digit() || "$€£".contains(c))
                || is_count_word(&first.to_lowercase());
            if numeric && !year {
                format!("the {text}")
            } else {
                text.clone()
            }
        })
        .collect();
    format!("{head}; missed: {}", missed.join(", "))
}

// ---------------------------------------------------------------------------------------------
// Where the parts were told

/// How many words a part's opening is judged over: about ten seconds of speech.
const PART_WINDOW: usize = 30;

/// Where each of the story's scored parts began in a timed answer, in answer time: for each
/// part in STAR order, where the words start matching that part's own terms best, each mark
/// later than the one before. A part whose terms are too little heard gets no mark, and an
/// untimed transcript gets none at all.
///
/// A part's own terms are the content words no other part of the story uses: "team" said in
/// every part tells nothing about where one begins, "renewal" said only in the Task does.
pub fn parts_from_story(story: &Story, transcript: &Transcript) -> Vec<PartMark> {
    if !transcript.is_timed() {
        return Vec::new();
    }
    let heard = Heard::of(transcript);
    let part_terms: Vec<(Part, BTreeSet<String>)> = Part::SCORED
        .iter()
        .filter_map(|&part| Some((part, terms_of_part(story.parts[part].as_deref()?))))
        .collect();
    let own: Vec<(Part, Vec<String>)> = part_terms
        .iter()
        .map(|(part, terms)| {
            let only_here = terms
                .iter()
                .filter(|term| {
                    part_terms
                        .iter()
                        .filter(|(_, other)| other.contains(*term))
                        .count()
                        == 1
                })
                .cloned()
                .collect();
            (*part, only_here)
        })
        .collect();

    // Each part's candidate openings: a word that is one of its terms, scored by how many
    // of its terms are heard in the window from there.
    let candidates: Vec<(Part, Vec<(usize, usize)>)> = own
        .iter()
        .filter(|(_, terms)| terms.len() >= 2)
        .map(|(part, terms)| {
            let needed = terms.len().min(3);
            let matches = |at: usize, term: &String| same_word(term, &heard.stems[at]);
            let found: Vec<(usize, usize)> = (0..heard.stems.len())
                .filter(|&at| terms.iter().any(|term| matches(at, term)))
                .map(|at| {
                    let window = at..(at + PART_WINDOW).min(heard.stems.len());
                    let score = terms
                        .iter()
                        .filter(|term| window.clone().any(|place| matches(place, term)))
                        .count();
                    (at, score)
                })
                .filter(|&(_, score)| score >= needed)
                .collect();
            (*part, found)
        })
        .filter(|(_, found)| !found.is_empty())
        .collect();

    // The openings, one a part or none, in order, with the most evidence in all.
    // best[k][c]: the best total with part k opening at its candidate c, and what came before.
    let mut best: Vec<Vec<Opening>> = Vec::new();
    for (k, (_, found)) in candidates.iter().enumerate() {
        let row = found
            .iter()
            .map(|&(at, score)| {
                let mut before: Opening = (0, None);
                for (earlier, (_, earlier_found)) in candidates[..k].iter().enumerate() {
                    for (c, &(earlier_at, _)) in earlier_found.iter().enumerate() {
                        let total = best[earlier][c].0;
                        if earlier_at < at && total > before.0 {
                            before = (total, Some((earlier, c)));
                        }
                    }
                }
                (score + before.0, before.1)
            })
            .collect();
        best.push(row);
    }
    let mut end: Option<(usize, usize)> = None;
    let mut top = 0;
    for (k, row) in best.iter().enumerate() {
        for (c, &(total, _)) in row.iter().enumerate() {
            if total > top {
                top = total;
                end = Some((k, c));
            }
        }
    }
    let mut chosen: Vec<(usize, usize)> = Vec::new();
    while let Some((k, c)) = end {
        chosen.push((k, candidates[k].1[c].0));
        end = best[k][c].1;
    }
    chosen.reverse();
    // The chain shows which parts were told and in what stretch; the densest window of a
    // part's terms is often its middle (the numbers come after the turn to it), so each part
    // opens at its first candidate after the opening of the part before.
    let mut after = None;
    let chosen: Vec<(Part, usize)> = chosen
        .into_iter()
        .map(|(k, at)| {
            let first = candidates[k]
                .1
                .iter()
                .map(|&(candidate, _)| candidate)
                .find(|&candidate| after.is_none_or(|before| candidate > before))
                .unwrap_or(at)
                .min(at);
            after = Some(first);
            (candidates[k].0, first)
        })
        .collect();

    // A part is told from the start of a sentence: move each opening back to the start of
    // its sentence when that is near and after the part before.
    let mut marks: Vec<PartMark> = Vec::new();
    let mut floor = 0;
    for (part, at) in chosen {
        let opens_sentence = |at: usize| at == 0 || heard.tokens[at - 1].ends_sentence;
        let start = (floor..=at)
            .rev()
            .take(PART_WINDOW / 3)
            .find(|&start| opens_sentence(start))
            .unwrap_or(at);
        floor = at + 1;
        let Some(at_ms) = transcript.words[heard.word_of[start]].start_ms else {
            continue;
        };
        if marks.last().is_none_or(|last| at_ms > last.at_ms) {
            marks.push(PartMark { part, at_ms });
        }
    }
    marks
}

/// The best total of evidence for a part opening at one of its candidates, and the part and
/// candidate that opened before it.
type Opening = (usize, Option<(usize, usize)>);

/// The stems of a part's content words, names among them.
fn terms_of_part(text: &str) -> BTreeSet<String> {
    sentences_of(text)
        .iter()
        .flat_map(|sentence| tokens(sentence))
        .filter(|token| {
            let word = &token.word;
            !is_stop_word(word)
                && !is_number_word(word)
                && word.chars().all(|c| c.is_alphabetic() || c == '\'')
                && word.chars().count() >= 3
        })
        .map(|token| stem(&token.word))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::story::parse_story;

    const OUTAGE: &str = "# Payments outage

## Situation
Our payments API was failing about 3% of card payments during the Q3 peak, which cost
roughly $1.2M a day in lost orders.

## Task
I had 3 weeks to bring failures under 0.5% without a code freeze.

## Action
- Rolled back the payment service within ten minutes of the first page.
- Added retries with jitter to the 4 upstream calls.
- Ran a load test at twice the peak traffic, 12,000 requests a second.

## Result
Failures fell to 0.2% and we closed the 8 incidents that were still open. The losses
stopped within two days.
";

    const EXPORTS: &str = "# Slow exports for Northwind

## Situation
Northwind, our largest customer, complained that exports from Atlas were timing out.

## Task
The Atlas team asked me to find the cause before their renewal call with Priya.

## Action
I traced the slow queries with Datadog and found that the Kafka consumers were lagging.
I moved the export job to its own Kafka topic and asked Miguel from the SRE team to review
the change.

## Result
Northwind renewed, and Atlas exports now finish quickly.
";

    const REVIEW: &str = "# Skipping code review

## Situation
My manager wanted to skip code review for the holiday release.

## Task
I needed to protect quality without slowing the team down.

## Action
I proposed a lighter review for small changes and paired with the newest engineer on the
risky ones. I wrote down which changes counted as risky so nobody had to guess.

## Result
We shipped on time and nothing broke over the holidays.

## Learning
Offer a cheaper path instead of just saying no.
";

    fn story(text: &str) -> Story {
        parse_story("story", text)
    }

    /// A timed transcript of `text`, a word every 400 ms, as a recogniser would give it.
    fn heard(text: &str) -> Transcript {
        let mut transcript = Transcript::typed(text);
        transcript.model = "ggml-base".into();
        for (at, word) in transcript.words.iter_mut().enumerate() {
            word.start_ms = Some(at as u64 * 400);
            word.end_ms = Some(at as u64 * 400 + 300);
        }
        transcript
    }

    fn texts(points: &[TalkingPoint]) -> Vec<(char, PointKind, &str)> {
        points
            .iter()
            .map(|p| (p.part.letter(), p.kind, p.text.as_str()))
            .collect()
    }

    use PointKind::{Figure, Gist, Name};

    #[test]
    fn a_story_of_figures_yields_each_number_with_what_it_counts() {
        let points = talking_points(&story(OUTAGE));
        assert_eq!(
            texts(&points),
            [
                ('S', Name, "API"),
                ('S', Figure, "3%"),
                ('S', Figure, "Q3"),
                ('S', Figure, "$1.2M a day"),
                ('T', Figure, "3 weeks"),
                ('T', Figure, "0.5%"),
                ('A', Figure, "ten minutes"),
                ('A', Figure, "4 upstream calls"),
                ('A', Figure, "12,000 requests a second"),
                ('R', Figure, "0.2%"),
                ('R', Figure, "8 incidents"),
                ('R', Figure, "two days"),
            ],
            "twelve figures and names fill the card before any gist"
        );
        let money = points[3].quantity.unwrap();
        assert_eq!(money.unit, Unit::Money);
        assert!(same_value(money.value, 1_200_000.0));
    }

    #[test]
    fn figures_said_in_words_count_and_a_misheard_one_does_not() {
        let points = talking_points(&story(OUTAGE));
        let answer = heard(
            "So, um, our payments API was failing for about three percent of card payments in \
             the third quarter peak, costing us roughly one point two million dollars a day. I \
             had three weeks to get failures under half a percent. First I rolled back the \
             payment service in ten minutes. Then I added retries to the for upstream calls. \
             After that failures dropped to point two percent, and we closed all eight of the \
             incidents.",
        );
        let covered = coverage(&points, &answer);
        assert_eq!(
            covered.covered,
            [
                "API",
                "3%",
                "Q3",
                "$1.2M a day",
                "3 weeks",
                "0.5%",
                "ten minutes",
                "0.2%",
                "8 incidents"
            ]
        );
        assert_eq!(
            covered.missed,
            ["4 upstream calls", "12,000 requests a second", "two days"],
            "`for upstream` is not four, and the rest was never said"
        );
        assert_eq!(
            summary_line(&covered),
            "covered 9 of 12; missed: the 4 upstream calls, the 12,000 requests a second, \
             the two days"
        );
    }

    #[test]
    fn a_story_of_names_yields_each_name_once_and_the_gist_of_each_sentence() {
        let points = talking_points(&story(EXPORTS));
        assert_eq!(
            texts(&points),
            [
                ('S', Name, "Northwind"),
                ('S', Gist, "largest customer, complained that exports"),
                ('S', Name, "Atlas"),
                ('T', Gist, "Atlas team asked me to find the cause"),
                ('T', Name, "Priya"),
                ('A', Gist, "traced the slow queries with Datadog and found"),
                ('A', Name, "Datadog"),
                ('A', Name, "Kafka"),
                ('A', Gist, "moved the export job to its own Kafka topic"),
                ('A', Name, "Miguel"),
                ('A', Name, "SRE"),
                (
                    'R',
                    Gist,
                    "Northwind renewed, and Atlas exports now finish quickly"
                ),
            ]
        );
    }

    #[test]
    fn names_are_heard_through_a_recognisers_slips_and_splits() {
        let points = talking_points(&story(EXPORTS));
        let answer = heard(
            "So north wind, our biggest customer, was complaining that the exports from atlas \
             kept timing out. The atlas team asked me to find out why before the renewal call \
             with Pria. I traced the slow queries in data dog and saw the cafka consumers were \
             lagging, so I moved the export job onto its own topic, and Miguel reviewed it. \
             Uh, after a couple of quiet weeks the customer renewed.",
        );
        let covered = coverage(&points, &answer);
        assert_eq!(
            covered.missed,
            [
                "SRE",
                "Northwind renewed, and Atlas exports now finish quickly"
            ],
            "SRE was never said; the renewal was, but not by name"
        );
        assert_eq!(covered.covered_count(), 10);
        assert!(
            covered.covered.contains(&"Kafka".to_string()),
            "cafka is one slip"
        );
        assert!(
            covered.covered.contains(&"Priya".to_string()),
            "Pria is one slip"
        );
    }

    #[test]
    fn a_short_name_must_be_heard_exactly() {
        let mut story = story(EXPORTS);
        story.parts[Part::Action] = Some("We paged Ravi about it.".into());
        let points = talking_points(&story);
        assert!(points.iter().any(|p| p.text == "Ravi"));
        let covered = coverage(&points, &heard("we paged Ravo about it"));
        assert!(covered.missed.contains(&"Ravi".to_string()), "{covered:?}");
    }

    #[test]
    fn a_story_of_prose_yields_gists_and_most_of_their_words_must_be_heard_together() {
        let points = talking_points(&story(REVIEW));
        assert_eq!(
            texts(&points),
            [
                ('S', Gist, "manager wanted to skip code"),
                ('T', Gist, "needed to protect quality without slowing"),
                ('A', Gist, "proposed a lighter review for small"),
                ('A', Gist, "wrote down which changes counted"),
                (
                    'R',
                    Gist,
                    "shipped on time and nothing broke over the holidays"
                ),
                ('L', Gist, "offer a cheaper path instead of just saying"),
            ]
        );
        assert_eq!(points[3].terms, ["wrot", "down", "chang", "count"]);
        let answer = Transcript::typed(
            "My manager wanted us to skip code review for the holiday release. I had to \
             protect quality but not slow the team down. So I suggested a lighter review for \
             the small changes, and I paired with our newest engineer on the risky ones. We \
             shipped on time.",
        );
        let covered = coverage(&points, &answer);
        assert_eq!(
            covered.covered,
            [
                "manager wanted to skip code",
                "needed to protect quality without slowing",
                "proposed a lighter review for small",
            ]
        );
        assert_eq!(
            summary_line(&covered),
            "covered 3 of 6; missed: wrote down which changes counted, shipped on time and \
             nothing broke over the holidays, offer a cheaper path instead of just saying"
        );
    }

    #[test]
    fn the_record_keeps_the_count_covered_and_the_missed_by_name() {
        let covered = Coverage {
            total: 3,
            covered: vec!["Kafka".into(), "40%".into()],
            missed: vec!["$1.2M a day".into()],
        };
        assert_eq!(
            serde_json::to_value(&covered).unwrap(),
            serde_json::json!({"total": 3, "covered": 2, "missed": ["$1.2M a day"]})
        );
        assert_eq!(
            summary_line(&covered),
            "covered 2 of 3; missed: the $1.2M a day"
        );
        let all = Coverage {
            total: 2,
            covered: vec!["a".into(), "b".into()],
            missed: vec![],
        };
        assert_eq!(summary_line(&all), "covered 2 of 2");
    }

    #[test]
    fn a_year_is_heard_as_two_numbers() {
        let mut story = story(REVIEW);
        story.parts[Part::Result] = Some("We shipped the rewrite in 2023.".into());
        let points = talking_points(&story);
        assert!(
            points.iter().any(|p| p.text == "2023"),
            "{:?}",
            texts(&points)
        );
        let covered = coverage(&points, &heard("it went out in twenty twenty-three"));
        assert!(covered.covered.contains(&"2023".to_string()), "{covered:?}");
        assert!(summary_line(&coverage(&points, &heard("no"))).contains(", 2023"));
    }

    #[test]
    fn a_small_count_needs_its_noun_nearby() {
        let mut story = story(REVIEW);
        story.parts[Part::Result] = Some("Two engineers joined the review rota.".into());
        let points = talking_points(&story);
        let two = |said: &str| {
            coverage(&points, &Transcript::typed(said))
                .covered
                .contains(&"Two engineers".to_string())
        };
        assert!(two("then two more engineers joined"));
        assert!(two("we got 2 new engineers"));
        assert!(!two("two things happened, and the engineers were happy"));
    }

    #[test]
    fn words_stem_to_one_term_in_their_forms() {
        for group in [
            ["rolled", "rolling", "rolls"],
            ["migrated", "migrating", "migrate"],
            ["services", "service", "service"],
            ["queries", "query", "query"],
            ["stopped", "stopping", "stop"],
        ] {
            assert!(group.iter().all(|w| stem(w) == stem(group[0])), "{group:?}");
        }
        assert_eq!(stem("process"), stem("processes"));
    }

    #[test]
    fn the_parts_are_placed_where_their_own_words_begin() {
        let story = story(EXPORTS);
        let answer = heard(
            "So, north wind is our largest customer, and they complained that exports from \
             atlas were timing out. The atlas team asked me to find the cause before the \
             renewal call with Priya. Um, I traced the slow queries with data dog and found \
             the kafka consumers lagging, then moved the export job to its own kafka topic, \
             and Miguel from the SRE team reviewed the change. In the end north wind \
             renewed, and the exports now finish quickly.",
        );
        let at =
            |word: &str| answer.words.iter().position(|w| w.text == word).unwrap() as u64 * 400;
        let marks: Vec<(char, u64)> = parts_from_story(&story, &answer)
            .iter()
            .map(|mark| (mark.part.letter(), mark.at_ms))
            .collect();
        assert_eq!(
            marks,
            [('S', 0), ('T', at("The")), ('A', at("I")), ('R', at("In"))],
            "each at the start of its sentence, the Action after its hesitation"
        );
    }

    #[test]
    fn a_part_opens_where_its_words_first_come_not_where_they_are_densest() {
        let story = story(
            "# Held the launch\n\n## Situation\nThe mobile app crashed on startup for \
             Android owners.\n\n## Task\nI owned release quality.\n\n## Action\nPulled \
             the crash reports and counted affected phones. Proposed a delay, a beta group, \
             a rollback plan, staged percentages and nightly builds.\n\n## Result\nShipped \
             eight days later.\n",
        );
        // The Action's first sentence holds three of its terms; its last, told over thirty
        // words later, holds six.
        let answer = heard(
            "Our mobile app crashed on startup for Android owners. I owned release quality. \
             First I pulled the crash reports and counted the affected phones, which took a \
             while, because the numbers came from three different places and none of them \
             agreed with the others at all, so there was a lot of going back and forth with \
             people. Then I proposed a delay, a beta group, a rollback plan, staged \
             percentages and nightly builds. We shipped eight days later.",
        );
        let at =
            |word: &str| answer.words.iter().position(|w| w.text == word).unwrap() as u64 * 400;
        let action = parts_from_story(&story, &answer)
            .into_iter()
            .find(|mark| mark.part == Part::Action)
            .map(|mark| mark.at_ms);
        assert_eq!(action, Some(at("First")));
    }

    #[test]
    fn a_part_barely_heard_gets_no_mark_and_a_typed_answer_none() {
        let story = story(EXPORTS);
        let said = "Northwind, our largest customer, complained that exports from Atlas were \
                    timing out. Anyway it got fixed. In the end Northwind renewed, and the \
                    exports now finish quickly.";
        let marks: Vec<Part> = parts_from_story(&story, &heard(said))
            .iter()
            .map(|mark| mark.part)
            .collect();
        assert_eq!(marks, [Part::Situation, Part::Result]);
        assert!(parts_from_story(&story, &Transcript::typed(said)).is_empty());
    }

    #[test]
    fn a_long_story_keeps_figures_and_names_from_every_part_within_the_cap() {
        let text = include_str!("../../tests/fixtures/stories/billing-migration.md");
        let points = talking_points(&parse_story("billing-migration", text));
        assert_eq!(
            texts(&points),
            [
                ('S', Figure, "twelve-year-old"),
                ('S', Name, "Rails"),
                ('S', Figure, "three days"),
                ('S', Figure, "eleven teams"),
                ('T', Figure, "seven months"),
                ('A', Figure, "two weeks"),
                ('A', Figure, "three steps"),
                ('A', Figure, "six weeks"),
                ('A', Figure, "two results"),
                ('R', Figure, "four customer segments"),
                ('R', Figure, "five months"),
                ('R', Figure, "two months"),
            ],
            "figures and names a part at a time in turn, so the Result keeps its own"
        );
    }
}

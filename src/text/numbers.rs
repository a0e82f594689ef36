//! The number reader: numbers read out of text however they are written, so that a figure
//! in digits and the same figure in words are one quantity (`$1.2M` is "one point two million
//! dollars", `42%` is "forty-two percent", `Q3` is "the third quarter").
//!
//! It reads [`Token`]s, the words of a text; [`numbers`] finds every number in them with the
//! words it took, and [`quantity_of`] reads a text that is one number and nothing else. What a
//! number counts, and whether a lone "one" or "half" is a figure at all, is for its callers
//! to judge: the reader reads "one of the team" as the number one.

use std::ops::Range;

use serde::Serialize;

use super::words::{Token, tokens};

/// What a number measures: a count, a share, money or a quarter of the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// A count or an amount of something (`8 incidents`, `3 weeks`, `2023`).
    Plain,
    /// `40%`: said with "percent".
    Percent,
    /// `$1.2M`: said with or without "dollars".
    Money,
    /// `Q3`: a quarter of the year, said "Q3", "third quarter" or "quarter three".
    Quarter,
}

/// A number as it was meant, whatever its spelling.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Quantity {
    pub value: f64,
    pub unit: Unit,
}

/// How a word takes part in a number.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Piece {
    /// `zero` to `nineteen`.
    Unit(f64),
    /// `twenty` to `ninety`.
    Ten(f64),
    Hundred,
    /// `thousand`, `million`, `billion`.
    Scale(f64),
    Dozen,
    Half,
    /// `a` or `an`, a number only before a scale (`a million`, `a dozen`, `a half`).
    A,
    And,
    Point,
    /// Written in digits: `40`, `1,200`, `1.2`, `$1.2M`, `40%`, `3k`.
    Digits {
        value: f64,
        /// Whether a magnitude letter ended it (`M`, `k`, `bn`): no scale word follows one.
        scaled: bool,
        percent: bool,
    },
    /// `first` to `twelfth`, `3rd`: a number only before "quarter".
    Ordinal(f64),
    /// `q1` to `q4`.
    QuarterName(f64),
    Percent,
    Money,
    Other,
}

const UNITS: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 8] = [
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];
const ORDINALS: [&str; 12] = [
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
    "eleventh", "twelfth",
];

fn piece(word: &str) -> Piece {
    let bare = word.trim_start_matches(['$', '€', '£']);
    if let Some(at) = UNITS.iter().position(|unit| *unit == bare) {
        return Piece::Unit(at as f64);
    }
    if let Some(at) = TENS.iter().position(|ten| *ten == bare) {
        return Piece::Ten(((at + 2) * 10) as f64);
    }
    if let Some(at) = ORDINALS.iter().position(|ordinal| *ordinal == bare) {
        return Piece::Ordinal((at + 1) as f64);
    }
    match bare {
        "hundred" => Piece::Hundred,
        "thousand" | "grand" => Piece::Scale(1e3),
        "million" => Piece::Scale(1e6),
        "billion" => Piece::Scale(1e9),
        "dozen" => Piece::Dozen,
        "half" => Piece::Half,
        "a" | "an" => Piece::A,
        "and" => Piece::And,
        "point" => Piece::Point,
        "percent" | "pct" | "%" => Piece::Percent,
        "dollars" | "dollar" | "bucks" | "euros" | "euro" | "pounds" | "usd" | "eur" | "gbp" => {
            Piece::Money
        }
        _ => digits(bare),
    }
}

/// A number written in digits, with what may follow them: `%`, a magnitude letter, an
/// ordinal ending. `q3` is a quarter.
fn digits(word: &str) -> Piece {
    if let Some(quarter) = word.strip_prefix('q') {
        return match quarter {
            "1" | "2" | "3" | "4" => Piece::QuarterName(quarter.parse().unwrap_or(0.0)),
            _ => Piece::Other,
        };
    }
    let number_end = word
        .char_indices()
        .find(|&(at, c)| {
            !(c.is_ascii_digit()
                || ((c == ',' || c == '.')
                    && word[at + 1..].starts_with(|next: char| next.is_ascii_digit())))
        })
        .map_or(word.len(), |(at, _)| at);
    if number_end == 0 {
        return Piece::Other;
    }
    let Ok(value) = word[..number_end].replace(',', "").parse::<f64>() else {
        return Piece::Other;
    };
    let (scale, percent, ordinal) = match &word[number_end..] {
        "" => (1.0, false, false),
        "%" => (1.0, true, false),
        "k" => (1e3, false, false),
        "m" | "mm" | "mn" => (1e6, false, false),
        "b" | "bn" => (1e9, false, false),
        "st" | "nd" | "rd" | "th" => (1.0, false, true),
        // `3x`, `90s`, `5min`, `24h`: the number is what matters.
        _ => (1.0, false, false),
    };
    if ordinal {
        return Piece::Ordinal(value);
    }
    Piece::Digits {
        value: value * scale,
        scaled: scale > 1.0,
        percent,
    }
}

/// A number found in a run of words, and which words it took.
#[derive(Debug, Clone, PartialEq)]
pub struct Number {
    pub quantity: Quantity,
    /// The indices of the tokens it was said in.
    pub words: Range<usize>,
}

/// Every number in `tokens`, in order, each taking as many words as it is said in (`two
/// hundred and fifty thousand dollars` is one).
pub fn numbers(tokens: &[Token]) -> Vec<Number> {
    let mut found = Vec::new();
    let mut at = 0;
    while at < tokens.len() {
        match number_at(tokens, at) {
            Some(number) => {
                at = number.words.end;
                found.push(number);
            }
            None => at += 1,
        }
    }
    found
}

/// What a number's words so far allow next.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Last {
    Nothing,
    Unit,
    Ten,
    Hundred,
    Scale(f64),
    Digits,
    /// A number complete in itself (`$1.2M`, `a dozen`): only a unit word may follow.
    Whole,
    A,
    And,
    Half,
    Point,
    Decimal(f64),
}

/// The number whose first word is `tokens[start]`, if one is.
fn number_at(tokens: &[Token], start: usize) -> Option<Number> {
    let piece_of = |at: usize| tokens.get(at).map_or(Piece::Other, |t| piece(&t.word));
    // Quarters first: `Q3`, `third quarter`, `3rd quarter`, `quarter three`.
    let is_quarter = |at: usize| tokens.get(at).is_some_and(|t| t.word == "quarter");
    let quarter = |value: f64, end: usize| {
        (1.0..=4.0).contains(&value).then_some(Number {
            quantity: Quantity {
                value,
                unit: Unit::Quarter,
            },
            words: start..end,
        })
    };
    match piece_of(start) {
        Piece::QuarterName(value) => return quarter(value, start + 1),
        Piece::Ordinal(value) if is_quarter(start + 1) => return quarter(value, start + 2),
        Piece::Ordinal(_) => return None,
        _ => {}
    }
    if is_quarter(start)
        && let Piece::Unit(value) | Piece::Digits { value, .. } = piece_of(start + 1)
    {
        return quarter(value, start + 2);
    }

    let mut unit = if tokens[start].word.starts_with(['$', '€', '£']) {
        Unit::Money
    } else {
        Unit::Plain
    };
    let mut total = 0.0;
    let mut current = 0.0;
    let mut last = Last::Nothing;
    let mut end = start;
    let mut at = start;
    let counted = |last: Last| {
        matches!(
            last,
            Last::Unit
                | Last::Ten
                | Last::Hundred
                | Last::Scale(_)
                | Last::Digits
                | Last::Whole
                | Last::Half
                | Last::Decimal(_)
        )
    };
    while at < tokens.len() {
        if at > start && tokens[at - 1].ends_clause {
            break;
        }
        let next = piece_of(at + 1);
        let next_is_big = matches!(
            next,
            Piece::Hundred | Piece::Scale(_) | Piece::Dozen | Piece::Half
        );
        last = match (piece_of(at), last) {
            (Piece::Unit(n), Last::Point | Last::Decimal(_)) if n <= 9.0 => {
                let place = match last {
                    Last::Decimal(place) => place,
                    _ => 0.1,
                };
                current += n * place;
                Last::Decimal(place / 10.0)
            }
            (Piece::Unit(n), Last::Nothing | Last::Hundred | Last::Scale(_) | Last::And) => {
                current += n;
                Last::Unit
            }
            // `twenty five`: a unit finishes a ten.
            (Piece::Unit(n), Last::Ten) if (1.0..=9.0).contains(&n) => {
                current += n;
                Last::Unit
            }
            (Piece::Ten(n), Last::Nothing | Last::Hundred | Last::Scale(_) | Last::And) => {
                current += n;
                Last::Ten
            }
            (Piece::Hundred, Last::Unit | Last::Ten | Last::A | Last::Digits)
                if current < 100.0 =>
            {
                current = current.max(1.0) * 100.0;
                Last::Hundred
            }
            (
                Piece::Scale(scale),
                Last::Unit
                | Last::Ten
                | Last::Hundred
                | Last::A
                | Last::Digits
                | Last::Half
                | Last::Decimal(_),
            ) => {
                // `a million`, `half a million`: a scale with nothing before it counts once.
                total += if current == 0.0 { 1.0 } else { current } * scale;
                current = 0.0;
                Last::Scale(scale)
            }
            (Piece::Scale(scale), Last::Scale(before)) if scale > before => {
                // `a thousand million`: rare, but the bigger scale multiplies all before it.
                total *= scale;
                Last::Scale(scale)
            }
            (Piece::Dozen, Last::A | Last::Unit | Last::Ten | Last::Digits) => {
                current = current.max(1.0) * 12.0;
                Last::Whole
            }
            (Piece::Half, Last::Nothing | Last::A) => {
                current += 0.5;
                Last::Half
            }
            (Piece::A, Last::Nothing | Last::And | Last::Half) if next_is_big => Last::A,
            // `half a percent`.
            (Piece::A, Last::Half) if next == Piece::Percent => Last::Half,
            (Piece::And, last)
                if counted(last)
                    && (matches!(last, Last::Hundred | Last::Scale(_))
                        && matches!(next, Piece::Unit(_) | Piece::Ten(_))
                        || next == Piece::A && piece_of(at + 2) == Piece::Half) =>
            {
                Last::And
            }
            (Piece::Point, Last::Nothing | Last::Unit | Last::Ten | Last::Digits)
                if current.fract() == 0.0 && matches!(next, Piece::Unit(n) if n <= 9.0) =>
            {
                Last::Point
            }
            (
                Piece::Digits {
                    value,
                    scaled,
                    percent,
                },
                Last::Nothing,
            ) => {
                current = value;
                if percent {
                    unit = Unit::Percent;
                }
                if scaled || percent {
                    Last::Whole
                } else {
                    Last::Digits
                }
            }
            (Piece::Percent, last) if counted(last) && unit != Unit::Money => {
                unit = Unit::Percent;
                end = at + 1;
                break;
            }
            // `per cent`, as some write it.
            (Piece::Other, last)
                if counted(last) && tokens[at].word == "per" && next_word(tokens, at) == "cent" =>
            {
                unit = Unit::Percent;
                end = at + 2;
                break;
            }
            (Piece::Money, last) if counted(last) => {
                unit = Unit::Money;
                end = at + 1;
                break;
            }
            _ => break,
        };
        at += 1;
        if counted(last) {
            end = at;
        }
    }
    (end > start).then_some(Number {
        quantity: Quantity {
            value: total + current,
            unit,
        },
        words: start..end,
    })
}

fn next_word(tokens: &[Token], at: usize) -> &str {
    tokens.get(at + 1).map_or("", |t| t.word.as_str())
}

/// The number `text` says, if it says exactly one and nothing else: `1.2M`, `one point two
/// million`, `forty percent`.
pub fn quantity_of(text: &str) -> Option<Quantity> {
    let tokens = tokens(text);
    match numbers(&tokens).as_slice() {
        [only] if only.words == (0..tokens.len()) => Some(only.quantity),
        _ => None,
    }
}

/// Whether two values are one quantity, allowing the floating point of `1.2 * 1e6`.
pub fn same_value(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Whether `word` (lowercase) can take part in a number as the reader reads one: `forty`,
/// `dozen`, `40%`, `3rd`, `q3`, `percent`, `dollars`, and the `a`, `and` and `point` that join
/// number words. Such a word is no name and carries no gist.
pub fn is_number_word(word: &str) -> bool {
    piece(word) != Piece::Other
}

/// Whether `word` (lowercase) is a number word that says how many: `eight`, `forty`,
/// `hundred`, `dozen`; not `a`, `half`, `thousand`, an ordinal or digits.
pub fn is_count_word(word: &str) -> bool {
    matches!(
        piece(word),
        Piece::Unit(_) | Piece::Ten(_) | Piece::Hundred | Piece::Dozen
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_the_same_in_digits_and_in_words() {
        let cases: &[(&str, f64, Unit)] = &[
            ("$1.2M", 1_200_000.0, Unit::Money),
            ("1.2 million dollars", 1_200_000.0, Unit::Money),
            ("one point two million", 1_200_000.0, Unit::Plain),
            ("40%", 40.0, Unit::Percent),
            ("forty percent", 40.0, Unit::Percent),
            ("forty per cent", 40.0, Unit::Percent),
            ("eight", 8.0, Unit::Plain),
            ("a dozen", 12.0, Unit::Plain),
            ("two dozen", 24.0, Unit::Plain),
            ("half", 0.5, Unit::Plain),
            ("point five", 0.5, Unit::Plain),
            ("half a million", 500_000.0, Unit::Plain),
            ("one and a half million", 1_500_000.0, Unit::Plain),
            ("two and a half", 2.5, Unit::Plain),
            ("a hundred", 100.0, Unit::Plain),
            ("two hundred and fifty thousand", 250_000.0, Unit::Plain),
            ("nineteen hundred", 1900.0, Unit::Plain),
            ("three billion", 3e9, Unit::Plain),
            ("$3k", 3000.0, Unit::Money),
            ("2bn", 2e9, Unit::Plain),
            ("1,200", 1200.0, Unit::Plain),
            ("twelve thousand", 12_000.0, Unit::Plain),
            ("forty-five", 45.0, Unit::Plain),
            ("Q3", 3.0, Unit::Quarter),
            ("third quarter", 3.0, Unit::Quarter),
            ("quarter three", 3.0, Unit::Quarter),
        ];
        for &(text, value, unit) in cases {
            let quantity = quantity_of(text).unwrap_or_else(|| panic!("{text:?} is no number"));
            assert!(
                same_value(quantity.value, value),
                "{text:?} is {}",
                quantity.value
            );
            assert_eq!(quantity.unit, unit, "{text:?}");
        }
        for not_one in ["third", "ten twenty", "a", "and", "twelve people", "Q5"] {
            assert_eq!(quantity_of(not_one), None, "{not_one:?}");
        }
    }

    /// The numbers `text` says, each as its value, unit and words.
    fn read(text: &str) -> Vec<(f64, Unit, Range<usize>)> {
        numbers(&tokens(text))
            .into_iter()
            .map(|number| (number.quantity.value, number.quantity.unit, number.words))
            .collect()
    }

    #[test]
    fn numbers_are_found_among_other_words_with_the_words_they_took() {
        assert_eq!(
            read("we cut errors by forty-two percent in three weeks"),
            [(42.0, Unit::Percent, 4..7), (3.0, Unit::Plain, 8..9)]
        );
        assert_eq!(
            read("we saved $1.2M a day"),
            [(1_200_000.0, Unit::Money, 2..3)]
        );
        assert_eq!(
            read("we hired two, then forty"),
            [(2.0, Unit::Plain, 2..3), (40.0, Unit::Plain, 4..5)],
            "a number does not run on past a comma"
        );
    }

    #[test]
    fn a_lone_one_is_read_and_a_fraction_is_not() {
        // Whether "one" or "half" alone is a figure is for the caller to judge.
        assert_eq!(read("one of the team"), [(1.0, Unit::Plain, 0..1)]);
        assert_eq!(read("in half the time"), [(0.5, Unit::Plain, 1..2)]);
        // No fractions: "a third" and "the third" are no numbers, "a third quarter" is Q3.
        assert_eq!(read("a third of the team"), []);
        assert_eq!(read("a third quarter"), [(3.0, Unit::Quarter, 1..3)]);
        assert_eq!(read("a hundred"), [(100.0, Unit::Plain, 0..2)]);
        for word in ["forty", "dozen", "a", "and", "40%", "3rd", "q3", "dollars"] {
            assert!(is_number_word(word), "{word}");
        }
        for word in ["team", "doubled", "hundreds", "v2"] {
            assert!(!is_number_word(word), "{word}");
        }
    }

    /// `n` in words, as a person says it: `one thousand two hundred and five`.
    fn in_words(n: u32) -> String {
        fn below_thousand(n: u32) -> Vec<String> {
            let mut words = Vec::new();
            if n >= 100 {
                words.push(format!("{} hundred", UNITS[(n / 100) as usize]));
                if !n.is_multiple_of(100) {
                    words.push("and".into());
                }
            }
            let rest = n % 100;
            if rest >= 20 {
                let ten = TENS[(rest / 10 - 2) as usize];
                words.push(match rest % 10 {
                    0 => ten.to_string(),
                    unit => format!("{ten}-{}", UNITS[unit as usize]),
                });
            } else if rest > 0 || n == 0 {
                words.push(UNITS[rest as usize].to_string());
            }
            words
        }
        let mut words = Vec::new();
        if n >= 1000 {
            words.extend(below_thousand(n / 1000));
            words.push("thousand".into());
            if !n.is_multiple_of(1000) && n % 1000 < 100 {
                words.push("and".into());
            }
        }
        if !n.is_multiple_of(1000) || n == 0 {
            words.extend(below_thousand(n % 1000));
        }
        words.join(" ")
    }

    proptest::proptest! {
        #[test]
        fn digits_and_words_agree(n in 0u32..10_000) {
            let said = in_words(n);
            let from_words = quantity_of(&said);
            let from_digits = quantity_of(&n.to_string());
            proptest::prop_assert_eq!(from_words.map(|q| q.value), Some(f64::from(n)), "{}", said);
            proptest::prop_assert_eq!(from_digits.map(|q| q.value), Some(f64::from(n)));
        }
    }
}

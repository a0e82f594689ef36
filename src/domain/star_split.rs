//! Which STAR part each sentence of an answer tells, read from its wording alone: for notes
//! written as one paragraph, and for what a person said out loud.
//!
//! Each sentence scores for each part by the phrases in it (`I was asked to` is a Task, `as a
//! result` a Result, `next time I` a Learning); the parts are then chosen so that they never go
//! back (a story runs Situation, Task, Action, Result, Learning, any of them left out) and the
//! total score is the highest. A sentence without cues stays in the part before it.

use std::ops::Range;

use super::star::Part;

/// The byte ranges of the sentences of `text`, in order, without the spaces between them.
/// A sentence ends at `.`, `!` or `?` followed by a space or the end, or at a blank line;
/// common abbreviations (`e.g.`, `vs.`) and decimals do not end one.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    const NOT_AN_END: [&str; 8] = ["e.g", "i.e", "vs", "etc", "approx", "mr", "mrs", "dr"];
    let mut found = Vec::new();
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if start.is_none() {
            if c.is_whitespace() {
                continue;
            }
            start = Some(at);
        }
        let Some(begin) = start else { continue };
        let next = chars.peek().map(|(_, next)| *next);
        let ends_here = match c {
            '.' | '!' | '?' => {
                next.is_none_or(char::is_whitespace) && {
                    let word = text[begin..at]
                        .rsplit(|c: char| c.is_whitespace())
                        .next()
                        .unwrap_or_default()
                        .to_lowercase();
                    c != '.' || !NOT_AN_END.contains(&word.as_str())
                }
            }
            '\n' => line_ends_thought(text, at),
            _ => false,
        };
        if ends_here || next.is_none() {
            let end = at + c.len_utf8();
            let sentence = text[begin..end].trim_end();
            if !sentence.is_empty() {
                found.push(begin..begin + sentence.len());
            }
            start = None;
        }
    }
    found
}

/// [`sentences`], each also cut after a `;`: the pieces of one line that tells two parts
/// (`put the banners behind the CDN; the load test passed`).
pub fn clauses(text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    for sentence in sentences(text) {
        let mut start = sentence.start;
        for (offset, _) in text[sentence.clone()].match_indices("; ") {
            let end = sentence.start + offset + 1;
            found.push(start..end);
            start = end + 1;
        }
        found.push(start..sentence.end);
    }
    found
}

/// Whether the line break at `at` ends a thought: a blank line follows, or the line is not
/// hard-wrapped prose running on (a line of notes is a thought of its own, unless it is about
/// as long as wrapped lines are, stops without a mark, and the next line goes on in lowercase).
fn line_ends_thought(text: &str, at: usize) -> bool {
    let next = text[at + 1..].split('\n').next().unwrap_or_default();
    if next.trim().is_empty() {
        return true;
    }
    let line_start = text[..at].rfind('\n').map_or(0, |newline| newline + 1);
    let line = text[line_start..at].trim_end();
    let wrapped_length = (55..=100).contains(&line.chars().count());
    let runs_on = next.trim_start().starts_with(|c: char| c.is_lowercase())
        && !line.ends_with(['.', '!', '?', ':', ';']);
    !(wrapped_length && runs_on)
}

/// The part each of `sentences` tells, never going back in STAR order.
pub fn parts_of(sentences: &[&str]) -> Vec<Part> {
    parts_among(sentences, &Part::ALL)
}

/// [`parts_of`] with only the parts in `allowed` (in STAR order) to choose from.
pub fn parts_among(sentences: &[&str], allowed: &[Part]) -> Vec<Part> {
    if sentences.is_empty() || allowed.is_empty() {
        return Vec::new();
    }
    let mut order: Vec<Part> = allowed.to_vec();
    order.sort();
    order.dedup();
    let count = sentences.len();
    // best[i][p]: the highest score of sentences 0..=i with sentence i in part p.
    let mut best = vec![vec![f64::NEG_INFINITY; order.len()]; count];
    let mut from = vec![vec![0usize; order.len()]; count];
    for (i, sentence) in sentences.iter().enumerate() {
        let mut scores = cue_scores(sentence);
        // Where a sentence sits says something too: a story opens on its first part and
        // tends to close on its Result (or, for two parts, on the second).
        if i == 0 {
            scores[order[0] as usize] += 1.0;
        }
        let closing = if order.len() == Part::COUNT {
            (count > 2).then_some(Part::Result)
        } else {
            (count > 1).then(|| order[order.len() - 1])
        };
        if i + 1 == count
            && let Some(part) = closing
        {
            scores[part as usize] += 0.5;
        }
        for p in 0..order.len() {
            // A small cost for each step along the order keeps uncued sentences where they are.
            let own = scores[order[p] as usize] - 0.01 * p as f64;
            if i == 0 {
                best[0][p] = own;
                continue;
            }
            let (q, earlier) = (0..=p)
                .map(|q| (q, best[i - 1][q]))
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .unwrap_or((0, 0.0));
            best[i][p] = earlier + own;
            from[i][p] = q;
        }
    }
    let mut part = (0..order.len())
        .max_by(|a, b| best[count - 1][*a].total_cmp(&best[count - 1][*b]))
        .unwrap_or(0);
    let mut chosen = vec![order[0]; count];
    for i in (0..count).rev() {
        chosen[i] = order[part];
        part = from[i][part];
    }
    chosen
}

/// Phrases that point to a part, with how strongly. Matched as whole words in lowercase;
/// a trailing `*` matches any word starting so.
const CUES: &[(Part, f64, &[&str])] = &[
    (
        Part::Situation,
        1.0,
        &[
            "at my last",
            "at my previous",
            "at my first",
            "when i was",
            "when i joined",
            "i had just joined",
            "our team",
            "there was",
            "there were",
            "we had a",
            "we had an",
            "used to",
            "nobody",
            "no one",
            "the problem",
            "the issue",
            "kept",
            "was failing",
            "were failing",
            "had been",
            "the story",
            "the other one",
            "one time",
            "back in",
        ],
    ),
    (
        Part::Task,
        2.0,
        &[
            "i was asked",
            "asked me",
            "my job",
            "my task",
            "my role",
            "i needed to",
            "i had to",
            "we needed to",
            "we had to",
            "the goal",
            "my goal",
            "goal was",
            "i was responsible",
            "responsible for",
            "i owned",
            "i wanted to",
            "i didn't want to",
            "i did not want to",
            "supposed to",
            "it was on me",
            "was on me",
            "i was the",
            "i was tasked",
            "my responsibility",
            "i was on call",
            "i was coordinating",
            "i was leading",
            "i led the",
            "i was hired",
        ],
    ),
    (
        Part::Action,
        1.5,
        &[
            "i decided",
            "so i",
            "i started",
            "i spent",
            "i built",
            "i wrote",
            "i set up",
            "i added",
            "i asked",
            "i talked",
            "i proposed",
            "i suggested",
            "i went",
            "i ran",
            "i created",
            "i moved",
            "i put",
            "i met",
            "then i",
            "first i",
            "i then",
            "i took",
            "i pulled",
            "i called",
            "i sat",
            "i organised",
            "i organized",
            "i reached out",
            "i didn't argue",
            "i did not argue",
            "i offered",
            "i paired",
            "i split",
            "i changed",
            "i made",
            "i fixed",
            "i rolled",
            "i tested",
            "we built",
            "we moved",
            "we added",
            "we set up",
            "we switched",
            "set up",
            "instead",
        ],
    ),
    (
        Part::Result,
        2.0,
        &[
            "as a result",
            "in the end",
            "eventually",
            "finally",
            "ended up",
            "which meant",
            "after that",
            "since then",
            "saved",
            "reduced",
            "increased",
            "dropped",
            "improved",
            "went from",
            "went down",
            "went up",
            "down to",
            "up to",
            "so that's what",
            "shipped",
            "launched",
            "stopped",
            "outcome",
            "result was",
            "the result",
            "higher",
            "lower",
            "faster",
            "fewer",
            "presented it",
            "promoted",
            "was adopted",
            "it worked",
            "now use",
            "now uses",
            "no incidents",
            "passed",
            "on time",
        ],
    ),
    (
        Part::Learning,
        3.0,
        &[
            "i learned",
            "i learnt",
            "lesson",
            "taught me",
            "next time",
            "in hindsight",
            "looking back",
            "i realised",
            "i realized",
            "if i did it again",
            "now i always",
            "i now always",
            "i would do",
            "i'd do",
            "what i took away",
            "takeaway",
        ],
    ),
];

/// Past-tense verbs that do not end in `-ed`, for `I <did something>` as an Action.
const IRREGULAR_PAST: &[&str] = &[
    "built",
    "wrote",
    "made",
    "took",
    "ran",
    "set",
    "put",
    "went",
    "spent",
    "told",
    "found",
    "got",
    "led",
    "sent",
    "met",
    "brought",
    "kept",
    "gave",
    "chose",
    "drew",
    "began",
    "did",
    "sat",
    "split",
    "cut",
    "held",
    "left",
    "paid",
    "said",
    "shut",
    "taught",
    "won",
    "rewrote",
    "rebuilt",
    "redid",
    "drove",
    "saw",
    "spoke",
    "caught",
    "sold",
    "understood",
];

/// How strongly the words of `sentence` point to each part, in `Part::ALL` order.
fn cue_scores(sentence: &str) -> [f64; Part::COUNT] {
    let words = word_string(sentence);
    let mut scores = [0.0; Part::COUNT];
    for (part, weight, phrases) in CUES {
        let hits = phrases
            .iter()
            .filter(|phrase| mentions(&words, phrase))
            .count();
        scores[*part as usize] += weight * hits as f64;
    }
    // `I fixed`, `we shipped`: a person doing something is an Action, lightly.
    let tokens: Vec<&str> = words.split_whitespace().collect();
    let doing = tokens.windows(2).any(|pair| {
        matches!(pair[0], "i" | "we")
            && (pair[1].ends_with("ed") || IRREGULAR_PAST.contains(&pair[1]))
    });
    if doing {
        scores[Part::Action as usize] += 1.0;
    }
    // `Rolled the flag back`, `- muted the alert`: notes drop the `I` before a deed.
    let leading = tokens.first().copied().unwrap_or_default();
    if leading.len() > 4 && leading.ends_with("ed") || IRREGULAR_PAST.contains(&leading) {
        scores[Part::Action as usize] += 0.5;
    }
    // A figure is how results are told (though actions have sizes too).
    if sentence.contains('%') || tokens.iter().any(|token| is_figure(token)) {
        scores[Part::Result as usize] += 0.5;
    }
    scores
}

/// `2x`, `40`, `3h`, `£20k`: a word that is a number with at most a unit.
fn is_figure(token: &str) -> bool {
    let digits = token.chars().filter(char::is_ascii_digit).count();
    digits > 0 && token.chars().count() - digits <= 2
}

/// `text` as lowercase words between single spaces, for whole-word search.
fn word_string(text: &str) -> String {
    let cleaned: String = text
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '\'' || c == '%' {
                c
            } else {
                ' '
            }
        })
        .collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    format!(" {} ", words.join(" "))
}

fn mentions(words: &str, phrase: &str) -> bool {
    match phrase.strip_suffix('*') {
        Some(stem) => words.contains(&format!(" {stem}")),
        None => words.contains(&format!(" {phrase} ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<(Part, &str)> {
        let ranges = sentences(text);
        let pieces: Vec<&str> = ranges.iter().map(|range| &text[range.clone()]).collect();
        parts_of(&pieces).into_iter().zip(pieces).collect()
    }

    #[test]
    fn sentences_end_at_stops_but_not_at_abbreviations_or_decimals() {
        let text = "We had 2.5 GB, e.g. logs. Was it bad? Yes!\n\nNew para";
        let found: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            found,
            [
                "We had 2.5 GB, e.g. logs.",
                "Was it bad?",
                "Yes!",
                "New para"
            ]
        );
        assert!(sentences("   ").is_empty());
    }

    #[test]
    fn a_told_story_splits_in_star_order() {
        let parts = split(
            "At my last job the nightly import kept failing and nobody owned it. \
             I was asked to add one field to it. \
             I decided to add alerting and a retry first, and wrote a note for finance. \
             As a result they stopped re-running it by hand, which saved 3 hours a week. \
             I learned to fix the thing next to the thing I was asked to fix.",
        );
        let letters: String = parts.iter().map(|(part, _)| part.letter()).collect();
        assert_eq!(letters, "STARL");
    }

    #[test]
    fn the_parts_never_go_back_and_uncued_sentences_stay_put() {
        let parts = split(
            "The report was slow. It ran for hours. I rewrote the query. \
             It took a week. The run dropped to 11 minutes. The team was happy.",
        );
        let letters: String = parts.iter().map(|(part, _)| part.letter()).collect();
        assert_eq!(letters, "SSAARR");
        assert_eq!(parts_of(&[]), Vec::<Part>::new());
        let among = parts_among(
            &[
                "put the banners behind the CDN;",
                "the load test passed at 5x traffic.",
            ],
            &[Part::Result, Part::Action],
        );
        assert_eq!(among, [Part::Action, Part::Result]);
        let text = "A; b. C";
        let pieces: Vec<&str> = clauses(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(pieces, ["A;", "b.", "C"]);
        assert_eq!(
            parts_of(&["Just one sentence with nothing in it"]),
            [Part::Situation]
        );
    }
}

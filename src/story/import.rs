//! `stories import`: turning a user's free-form interview notes into STAR stories.
//!
//! Notes come in every shape: bold labels, headings, `Result: cut p95 by 40%`, typos, several
//! stories per file with reminders in between, or one unlabelled ramble. The import is a pure
//! function over the text, in two passes:
//!
//! 1. **Classify** each line on its own, with one line of context (whether it starts a block):
//!    blank, separator (`---`, `===`), scratch (`TODO:`, `Reminder:`), question (`Q: ...`,
//!    `Tell me about a time ...`), part label (`**Situation:**`, `### Task`, `Acton:`,
//!    `What I did:`), other heading, or plain text.
//! 2. **Group** the lines into stories. A question or a title heading starts a story, labels
//!    open its parts, and every other line is appended to the open part exactly as written. A
//!    separator closes the story's open part; lines outside any story are scratch and dropped.
//!
//! Labels are recognised only where people put labels (a heading, a bold or italic lead, a
//! short phrase before a colon at the start of a line, or a STAR word alone on its line), so
//! that ordinary sentences are never eaten. Whatever the import cannot place with confidence
//! is kept where it was and reported in the story's warnings rather than guessed.

use serde::Serialize;

use super::{PartTexts, Story, clean_line};
use crate::domain::star::{Part, PartMap};
use crate::text::edit_distance;
use crate::text::markdown::{heading, strip_list_marker, trim_blank_lines};
use crate::text::shown::has_controls;

/// Longest title derived from a question or from the text (a user's own heading is kept whole).
const MAX_TITLE: usize = 60;

/// One story found in a notes file, as `stories import --dry-run --json` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportedStory {
    pub title: String,
    /// Prompt bank categories guessed from the question and the title, sorted, each once.
    pub categories: Vec<String>,
    /// Where the story starts in the notes.
    pub source: Source,
    /// The question that introduced the story, without its `Q:`-style label.
    pub question: Option<String>,
    pub parts: PartTexts,
    /// What the user should check before trusting the import, one sentence each.
    pub warnings: Vec<String>,
}

/// A place in the notes: the file as given to `import_notes` and a 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    pub file: String,
    pub line: usize,
}

impl ImportedStory {
    /// The story file an imported story becomes: its question kept as metadata.
    pub fn to_story(&self) -> Story {
        Story {
            title: clean_line(&self.title),
            categories: self.categories.clone(),
            question: self.question.as_deref().map(clean_line),
            parts: self.parts.clone(),
            ..Story::default()
        }
    }
}

/// The stories in the notes `text` read from `file` (used only to fill in `source`), in the
/// order they appear. Notes without any question or label become a single story whose
/// Situation is the whole text; notes with nothing but scratch give no stories.
pub fn import_notes(file: &str, text: &str) -> Vec<ImportedStory> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.lines().collect();
    let kinds = classify_all(&lines);
    let mut grouper = Grouper::new(&lines, &kinds);
    grouper.run();
    let mut stories: Vec<ImportedStory> = grouper
        .done
        .into_iter()
        .map(|draft| draft.finish(file))
        .collect();
    if stories.is_empty() {
        stories.extend(unstructured(file, &lines, &kinds));
    }
    for story in &mut stories {
        warn_of_controls(story);
    }
    stories
}

/// Adds a warning when the story holds control characters or escape sequences: kept as
/// written, but shown made visible everywhere, so the person should look at them.
fn warn_of_controls(story: &mut ImportedStory) {
    let texts = std::iter::once(story.title.as_str())
        .chain(story.question.as_deref())
        .chain(story.parts.present().map(|(_, text)| text.as_str()));
    if let Some(text) = texts.into_iter().find(|text| has_controls(text)) {
        let line = text.lines().find(|line| has_controls(line)).unwrap_or(text);
        story.warnings.push(format!(
            "control characters or escape sequences in \"{}\": kept as written, shown made visible",
            crate::text::shown_line(line)
        ));
    }
}

/// The part a word unmistakably labels: a part's name, singular or plural (`situations`), so
/// it may stand alone on a line.
fn star_word(word: &str) -> Option<Part> {
    Part::ALL.into_iter().find(|part| {
        let name = part.name().to_lowercase();
        word == name || word.strip_suffix('s') == Some(name.as_str())
    })
}

/// Every part's name in lowercase, singular and plural, for guessing typos.
fn star_words() -> impl Iterator<Item = (Part, String)> {
    Part::ALL.into_iter().flat_map(|part| {
        let name = part.name().to_lowercase();
        [(part, format!("{name}s")), (part, name)]
    })
}

/// Phrases people use as headings for a part. They are ordinary words too (`Goal`, `Impact`),
/// so they count only in a heading, in bold, or before a colon.
const ROLE_PHRASES: &[(Part, &[&str])] = &[
    (
        Part::Situation,
        &[
            "background",
            "context",
            "challenge",
            "the challenge",
            "the situation",
            "setting",
        ],
    ),
    (
        Part::Task,
        &[
            "my role",
            "role",
            "responsibility",
            "my responsibility",
            "responsibilities",
            "goal",
            "goals",
            "the goal",
            "my goal",
            "objective",
            "the task",
            "my task",
        ],
    ),
    (
        Part::Action,
        &[
            "what i did",
            "what i actually did",
            "what we did",
            "approach",
            "my approach",
            "the approach",
            "response",
            "my response",
            "steps",
            "steps taken",
            "steps i took",
            "actions taken",
        ],
    ),
    (
        Part::Result,
        &[
            "outcome",
            "outcomes",
            "the outcome",
            "impact",
            "the impact",
            "the result",
            "the results",
        ],
    ),
    (
        Part::Learning,
        &[
            "lesson",
            "lessons",
            "lesson learned",
            "lessons learned",
            "lesson learnt",
            "lessons learnt",
            "what i learned",
            "what i learnt",
            "takeaway",
            "takeaways",
            "key takeaways",
            "reflection",
            "reflections",
            "looking back",
        ],
    ),
];

/// How sure a phrase is to be a label, which decides where it may appear.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Strength {
    /// A STAR word or a near typo of one.
    Star,
    /// A single letter (`S:`), which needs a colon or markup.
    Letter,
    /// A role phrase (`What I did`), which needs a colon or markup.
    Role,
}

/// The part `phrase` labels, if it is a label at all (case, spacing and a trailing colon
/// ignored).
fn label_phrase(phrase: &str) -> Option<(Part, Strength)> {
    let norm = normalise_phrase(phrase);
    if norm.is_empty() || norm.len() > 30 {
        return None;
    }
    if let Some(part) = star_word(&norm) {
        return Some((part, Strength::Star));
    }
    let mut chars = norm.chars();
    if let (Some(letter), None) = (chars.next(), chars.next())
        && let Some(part) = Part::from_letter(letter)
    {
        return Some((part, Strength::Letter));
    }
    if let Some(part) = ROLE_PHRASES
        .iter()
        .find(|(_, words)| words.contains(&norm.as_str()))
        .map(|(part, _)| *part)
    {
        return Some((part, Strength::Role));
    }
    near_word(&norm, star_words()).map(|part| (part, Strength::Star))
}

/// The value of the candidate `word` is a likely typo of: one edit for short words, two for
/// long ones, and the first letter must match (so `Reaction` is not `Action`). Words under
/// five letters are too easily ordinary (`Talk` is one edit from `Task`) to be guessed.
fn near_word<T: Copy, W: AsRef<str>>(
    word: &str,
    candidates: impl Iterator<Item = (T, W)>,
) -> Option<T> {
    let length = word.chars().count();
    if length < 5 || word.contains(' ') || !word.chars().all(char::is_alphabetic) {
        return None;
    }
    let limit = if length >= 8 { 2 } else { 1 };
    candidates
        .filter(|(_, candidate)| candidate.as_ref().chars().next() == word.chars().next())
        .map(|(value, candidate)| (edit_distance(word, candidate.as_ref()), value))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, value)| value)
}

/// Whether `phrase` labels a question whose text is `rest`: `Q`, `Question`, `Prompt`, maybe
/// numbered (`Q2`, `Question 3`). A numbered key needs question-like text after it, because
/// `Q3: revenue fell` is about a quarter.
fn is_question_key(phrase: &str, rest: &str) -> bool {
    let norm = normalise_phrase(phrase);
    let key = norm.trim_end_matches(|c: char| c.is_ascii_digit() || c == '#' || c == ' ');
    let known = matches!(
        key,
        "q" | "question" | "prompt" | "interview question" | "the question"
    ) || near_word(key, [((), "question"), ((), "prompt")].into_iter()).is_some();
    let numbered = key.len() < norm.len();
    known && (!numbered || rest.is_empty() || rest.ends_with('?') || opens_question(rest))
}

/// `phrase` lowercased, with runs of whitespace made single spaces and a trailing colon or
/// full stop removed.
fn normalise_phrase(phrase: &str) -> String {
    let words: Vec<&str> = phrase
        .trim()
        .trim_end_matches([':', '.'])
        .split_whitespace()
        .collect();
    words.join(" ").to_lowercase()
}

// ---------------------------------------------------------------------------------------------
// Pass 1: classifying lines
// ---------------------------------------------------------------------------------------------

/// What one line of the notes is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Blank,
    /// A thematic break such as `---` or `=====`.
    Separator,
    /// A reminder to oneself (`TODO:`), or a file title: dropped outside stories.
    Scratch,
    /// A question introducing a story, cleaned of its label; empty for a bare `Question:`.
    Question(String),
    /// A part label, with the text that follows it on the same line.
    Label {
        slot: Part,
        rest: String,
    },
    /// A heading that is neither a label nor a question.
    Heading {
        level: usize,
        text: String,
    },
    Text,
    /// A line already used as the question of a bare `Question:` line above it.
    Consumed,
}

/// Where a line's possible label sits, which decides which labels count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Heading,
    Plain,
    /// After a list marker at the start of the line: only STAR words count, so that
    /// `- Goal: ...` inside an Action stays text.
    Bullet,
}

/// The kind of every line.
fn classify_all(lines: &[&str]) -> Vec<Kind> {
    let mut kinds: Vec<Kind> = Vec::with_capacity(lines.len());
    for line in lines {
        let at_block_start = kinds.last().is_none_or(|kind| {
            matches!(
                kind,
                Kind::Blank | Kind::Separator | Kind::Scratch | Kind::Heading { .. }
            )
        });
        kinds.push(classify(line, at_block_start));
    }
    attach_bare_question_labels(lines, &mut kinds);
    demote_file_title(&mut kinds);
    kinds
}

/// The kind of one line. `at_block_start` says whether it follows a blank line, a heading or
/// a separator, which an unlabelled question must (a question introduces, it never continues).
fn classify(line: &str, at_block_start: bool) -> Kind {
    let trimmed = line.trim();
    if trimmed.is_empty() {
        return Kind::Blank;
    }
    if is_separator(trimmed) {
        return Kind::Separator;
    }
    // Deeply indented lines are code or nested lists: always the content of the part above.
    if indent(line) >= 4 {
        return Kind::Text;
    }
    if let Some((level, text)) = heading(trimmed) {
        return classify_heading(level, text);
    }
    let (ctx, body) = match strip_list_marker(trimmed) {
        // A nested list item is content, whatever it starts with.
        Some(_) if indent(line) > 0 => return Kind::Text,
        Some(body) => (Ctx::Bullet, body),
        None => (Ctx::Plain, trimmed),
    };
    if let Some(kind) = marked(body, ctx) {
        return kind;
    }
    if let Some(question) = question(body, ctx, at_block_start) {
        return Kind::Question(question);
    }
    if is_scratch(trimmed) {
        Kind::Scratch
    } else {
        Kind::Text
    }
}

/// The kind of a heading's text: a label (`### Task`, `## Result: shipped`), a question
/// (`## Tell me about a conflict`), or a plain heading that may title a story.
fn classify_heading(level: usize, text: &str) -> Kind {
    let inner = strip_emphasis(text);
    if inner.is_empty() {
        return Kind::Separator;
    }
    if let Some(kind) = marked(text, Ctx::Heading) {
        return kind;
    }
    if let Some(question) = question(text, Ctx::Heading, true) {
        return Kind::Question(question);
    }
    Kind::Heading {
        level,
        text: inner.to_string(),
    }
}

/// A label or labelled question leading `s`: `**Situation:** text`, `Q: text`, `Task : text`,
/// or (outside lists) a STAR word alone on its line.
fn marked(s: &str, ctx: Ctx) -> Option<Kind> {
    let takes = |strength: Strength| ctx != Ctx::Bullet || strength == Strength::Star;
    if let Some((inner, after)) = emphasis(s) {
        let after = after.trim();
        let (after, colon_after) = match after.strip_prefix(':') {
            Some(rest) => (rest.trim(), true),
            None => (after, false),
        };
        // `*Result* of the test was...` is emphasis in a sentence, not a label.
        if !after.is_empty() && !colon_after && !inner.trim_end().ends_with(':') {
            return None;
        }
        if is_question_key(inner, after) {
            return Some(Kind::Question(after.to_string()));
        }
        return match label_phrase(inner) {
            Some((slot, strength)) if takes(strength) => Some(Kind::Label {
                slot,
                rest: after.to_string(),
            }),
            _ => None,
        };
    }
    if let Some((key, rest)) = s.split_once(':') {
        let rest = rest.trim().to_string();
        if is_question_key(key, &rest) {
            return Some(Kind::Question(rest));
        }
        return match label_phrase(key) {
            Some((slot, strength)) if takes(strength) => Some(Kind::Label { slot, rest }),
            _ => None,
        };
    }
    match (label_phrase(s), ctx) {
        (Some((slot, _)), Ctx::Heading) | (Some((slot, Strength::Star)), Ctx::Plain) => {
            Some(Kind::Label {
                slot,
                rest: String::new(),
            })
        }
        _ => None,
    }
}

/// Openers that make a line an interview question even without a question mark.
const IMPERATIVE: &[&str] = &[
    "tell me about",
    "tell us about",
    "describe a ",
    "describe an ",
    "describe your ",
    "describe the time",
    "give me an example",
    "give an example",
    "give me a time",
    "walk me through",
    "talk me through",
    "talk about a time",
    "share a time",
    "share an example",
    "share a story",
    "name a time",
];

/// Openers that make a line ending in `?` an interview question. Kept narrow: a Result may
/// well contain "What was the root cause?".
const INTERROGATIVE: &[&str] = &[
    "how do you",
    "how did you",
    "how have you",
    "how would you",
    "what would you",
    "what's the hardest",
    "what is the hardest",
    "what was the hardest",
    "what's the toughest",
    "what is the toughest",
    "what was the toughest",
    "what's the biggest",
    "what is the biggest",
    "what was the biggest",
    "what's your biggest",
    "what is your biggest",
    "what was your biggest",
    "what's the most",
    "what is the most",
    "what was the most",
    "what's a time",
    "when was the last time",
    "when have you",
    "have you ever",
    "can you tell me",
    "can you describe",
    "can you give",
    "could you tell me",
    "could you describe",
    "could you give",
];

/// The question `s` asks, if it plainly is an interview question. Headings (and whole-line
/// bold) need only an opener; other lines must also start a block, and need a `?` when the
/// opener is a question word or the line is a list item.
fn question(s: &str, ctx: Ctx, at_block_start: bool) -> Option<String> {
    let (body, emphasised) = match emphasis(s) {
        Some((inner, after)) if after.trim().is_empty() => (inner.trim(), true),
        _ => (s.trim(), false),
    };
    let imperative = starts_with_any(body, IMPERATIVE);
    let interrogative = starts_with_any(body, INTERROGATIVE);
    let asks = body.ends_with('?');
    let is_question = match ctx {
        Ctx::Heading => imperative || interrogative,
        _ if !at_block_start => false,
        _ if emphasised => imperative || interrogative,
        Ctx::Plain => imperative || (interrogative && asks),
        Ctx::Bullet => asks && (imperative || interrogative),
    };
    is_question.then(|| body.to_string())
}

/// A bare `Question:` line takes the next line as its question text.
fn attach_bare_question_labels(lines: &[&str], kinds: &mut [Kind]) {
    for i in 0..kinds.len() {
        if kinds[i] != Kind::Question(String::new()) {
            continue;
        }
        let Some(next) = (i + 1..kinds.len()).find(|&j| kinds[j] != Kind::Blank) else {
            continue;
        };
        match kinds[next] {
            Kind::Text => {
                kinds[i] = Kind::Question(clean_inline(lines[next]));
                kinds[next] = Kind::Consumed;
            }
            // The question below was recognised on its own: let it start the story.
            Kind::Question(_) => kinds[i] = Kind::Consumed,
            _ => {}
        }
    }
}

/// In a file of several questions, a `# Heading` on the first line titles the file, not the
/// first story.
fn demote_file_title(kinds: &mut [Kind]) {
    let questions = kinds
        .iter()
        .filter(|kind| matches!(kind, Kind::Question(_)))
        .count();
    if questions < 2 {
        return;
    }
    if let Some(first) = kinds.iter_mut().find(|kind| **kind != Kind::Blank)
        && matches!(first, Kind::Heading { level: 1, .. })
    {
        *first = Kind::Scratch;
    }
}

/// Whether `s` (trimmed, non-empty) is a thematic break: three or more of one of `-=*_~#`
/// or a dash, spaces allowed between them.
fn is_separator(s: &str) -> bool {
    let marks: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
    marks.len() >= 3
        && "-=*_~#\u{2013}\u{2014}".contains(marks[0])
        && marks.iter().all(|&c| c == marks[0])
}

/// Whether `s` (trimmed) is a note to self, by its first word.
fn is_scratch(s: &str) -> bool {
    const MARKERS: &[&str] = &[
        "todo",
        "to do:",
        "fixme",
        "tbd",
        "nb",
        "n.b.",
        "note to self",
        "reminder",
        "remember",
        "scratch",
        "<!--",
    ];
    MARKERS.iter().any(|marker| {
        strip_prefix_ci(s, marker).is_some_and(|rest| {
            !rest
                .chars()
                .next()
                .is_some_and(|c| c.is_alphanumeric() && marker.ends_with(char::is_alphanumeric))
        })
    })
}

/// The text inside a leading `**bold**`, `__bold__`, `*italic*` or `_italic_`, and the text
/// after it.
fn emphasis(s: &str) -> Option<(&str, &str)> {
    let marker = ["**", "__", "*", "_"]
        .into_iter()
        .find(|marker| s.starts_with(marker))?;
    let inside = &s[marker.len()..];
    if inside.is_empty() || inside.starts_with(char::is_whitespace) {
        return None;
    }
    let end = inside.find(marker)?;
    Some((&inside[..end], &inside[end + marker.len()..]))
}

/// `s` without emphasis wrapped around all of it.
fn strip_emphasis(s: &str) -> &str {
    match emphasis(s) {
        Some((inner, after)) if after.trim().is_empty() => inner.trim(),
        _ => s.trim(),
    }
}

/// `line` without heading marks, a list marker or whole-line emphasis.
fn clean_inline(line: &str) -> String {
    let trimmed = line.trim();
    let text = heading(trimmed).map_or(trimmed, |(_, text)| text);
    let text = strip_list_marker(text).unwrap_or(text);
    strip_emphasis(text).to_string()
}

/// The columns of leading whitespace, a tab counting four.
fn indent(line: &str) -> usize {
    line.chars()
        .take_while(|c| c.is_whitespace())
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum()
}

/// `s` after `prefix`, compared ASCII case-insensitively. Never slices inside a character.
fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// Whether `s` starts like an interview question.
fn opens_question(s: &str) -> bool {
    starts_with_any(s, IMPERATIVE) || starts_with_any(s, INTERROGATIVE)
}

fn starts_with_any(s: &str, prefixes: &[&str]) -> bool {
    prefixes
        .iter()
        .any(|prefix| strip_prefix_ci(s, prefix).is_some())
}

// ---------------------------------------------------------------------------------------------
// Pass 2: grouping lines into stories
// ---------------------------------------------------------------------------------------------

/// A story being collected.
#[derive(Debug, Default)]
struct Draft {
    /// 1-based line where the story starts.
    line: usize,
    title: Option<String>,
    question: Option<String>,
    /// Lines before the first label.
    lead: Vec<String>,
    /// 1-based line of the first non-blank lead line.
    lead_line: Option<usize>,
    /// Each part's label occurrences, in order.
    chunks: PartMap<Vec<Chunk>>,
    /// The part lines go to; `None` is the lead.
    open: Option<Part>,
    /// A separator was seen since the last label.
    closed: bool,
    warnings: Vec<String>,
}

/// The lines under one label.
#[derive(Debug)]
struct Chunk {
    line: usize,
    lines: Vec<String>,
}

impl Draft {
    fn new(line: usize, title: Option<String>, question: Option<String>) -> Draft {
        Draft {
            line,
            title,
            question: question.filter(|q| !q.is_empty()),
            ..Draft::default()
        }
    }

    /// Whether the story already has text (or a label) for `slot`; lead text counts as the
    /// Situation.
    fn has(&self, slot: Part) -> bool {
        !self.chunks[slot].is_empty() || (slot == Part::Situation && self.lead_line.is_some())
    }

    /// Adds line `index` (0-based) to the open part.
    fn push(&mut self, index: usize, line: &str) {
        match self.open {
            Some(slot) => {
                if let Some(chunk) = self.chunks[slot].last_mut() {
                    chunk.lines.push(line.to_string());
                }
            }
            None => {
                if self.lead_line.is_none() && !line.trim().is_empty() {
                    self.lead_line = Some(index + 1);
                }
                self.lead.push(line.to_string());
            }
        }
    }

    /// Opens `slot` at 1-based `line`, its first line being `rest`.
    fn open(&mut self, slot: Part, line: usize, rest: &str) {
        if let Some(first) = self.chunks[slot].first() {
            self.warnings.push(format!(
                "{} label seen twice (lines {} and {}): the second is appended to the first",
                slot.name(),
                first.line,
                line
            ));
        }
        let lines = if rest.is_empty() {
            Vec::new()
        } else {
            vec![rest.to_string()]
        };
        self.chunks[slot].push(Chunk { line, lines });
        self.open = Some(slot);
    }

    fn finish(self, file: &str) -> ImportedStory {
        let mut warnings = self.warnings;
        let mut parts = PartTexts::default();
        let lead = trim_blank_lines(&self.lead);
        let labelled = self.chunks.iter().any(|(_, chunks)| !chunks.is_empty());
        if !labelled {
            if lead.is_empty() {
                warnings.push("empty story: nothing under the question".to_string());
            } else {
                parts[Part::Situation] = Some(lead);
                warnings.push(NO_LABELS.to_string());
            }
        } else {
            for slot in Part::ALL {
                fill_part(&mut parts, &mut warnings, slot, &self.chunks[slot]);
            }
            if !lead.is_empty() {
                add_lead(&mut parts, &mut warnings, lead, self.lead_line);
            }
            for slot in Part::SCORED {
                if self.chunks[slot].is_empty() && parts[slot].as_ref().is_none() {
                    warnings.push(format!("no {} found", slot.name()));
                }
            }
        }
        let title = self
            .title
            .filter(|title| !title.is_empty())
            .or_else(|| self.question.as_deref().map(title_from_question))
            .filter(|title| !title.is_empty())
            .unwrap_or_else(|| title_from_text(&parts));
        // A question of punctuation alone can still leave nothing.
        let title = if title.trim().is_empty() {
            UNTITLED.to_string()
        } else {
            title
        };
        let categories = guess_categories(&format!(
            "{} {}",
            self.question.as_deref().unwrap_or(""),
            title
        ));
        ImportedStory {
            title,
            categories,
            source: Source {
                file: file.to_string(),
                line: self.line,
            },
            question: self.question,
            parts,
            warnings,
        }
    }
}

const NO_LABELS: &str = "no labels found: the whole text is kept as the Situation; \
                         split it into Situation, Task, Action and Result";

/// Sets `slot` from its label occurrences, joined by a blank line, or warns when they are
/// all empty.
fn fill_part(parts: &mut PartTexts, warnings: &mut Vec<String>, slot: Part, chunks: &[Chunk]) {
    let Some(first) = chunks.first() else {
        return;
    };
    let texts: Vec<String> = chunks
        .iter()
        .map(|chunk| trim_blank_lines(&chunk.lines))
        .filter(|text| !text.is_empty())
        .collect();
    if texts.is_empty() {
        warnings.push(format!(
            "{} label has no text (line {})",
            slot.name(),
            first.line
        ));
    } else {
        parts[slot] = Some(texts.join("\n\n"));
    }
}

/// Text before the first label is the Situation when there is no other; otherwise it goes
/// before the labelled Situation, and the user is told.
fn add_lead(parts: &mut PartTexts, warnings: &mut Vec<String>, lead: String, line: Option<usize>) {
    match parts[Part::Situation].take() {
        None => parts[Part::Situation] = Some(lead),
        Some(situation) => {
            parts[Part::Situation] = Some(format!("{lead}\n\n{situation}"));
            warnings.push(format!(
                "text before the first label (line {}) was added to the start of the Situation",
                line.unwrap_or_default()
            ));
        }
    }
}

/// Walks the classified lines, collecting stories.
struct Grouper<'a> {
    lines: &'a [&'a str],
    kinds: &'a [Kind],
    done: Vec<Draft>,
    current: Option<Draft>,
    /// Lines outside any story since the last separator (0-based): the lead of a story that
    /// starts with a bare label, or scratch.
    loose: Vec<usize>,
    /// A heading that introduces the next story: its 1-based line and text.
    title: Option<(usize, String)>,
}

impl<'a> Grouper<'a> {
    fn new(lines: &'a [&'a str], kinds: &'a [Kind]) -> Grouper<'a> {
        Grouper {
            lines,
            kinds,
            done: Vec::new(),
            current: None,
            loose: Vec::new(),
            title: None,
        }
    }

    fn run(&mut self) {
        let kinds = self.kinds;
        for (i, kind) in kinds.iter().enumerate() {
            match kind {
                Kind::Question(question) => self.start_at_question(i, question),
                Kind::Label { slot, rest } => self.label(i, *slot, rest),
                Kind::Heading { level, text } if *level <= 2 && self.introduces_story(i) => {
                    self.finish_current();
                    self.title = Some((i + 1, text.clone()));
                }
                Kind::Separator => {
                    if let Some(draft) = self.current.as_mut() {
                        draft.closed = true;
                    }
                    self.loose.clear();
                }
                Kind::Consumed => {}
                Kind::Blank | Kind::Scratch | Kind::Heading { .. } | Kind::Text => {
                    match self.current.as_mut() {
                        Some(draft) if !draft.closed => draft.push(i, self.lines[i]),
                        _ => self.loose.push(i),
                    }
                }
            }
        }
        self.finish_current();
    }

    fn finish_current(&mut self) {
        self.done.extend(self.current.take());
        self.loose.clear();
    }

    /// Whether the heading on line `i` directly introduces a story: the next line with text is
    /// a question, or a label that cannot continue the current story.
    fn introduces_story(&self, i: usize) -> bool {
        let next = (i + 1..self.kinds.len())
            .find(|&j| !matches!(self.kinds[j], Kind::Blank | Kind::Consumed));
        match next.map(|j| &self.kinds[j]) {
            Some(Kind::Question(_)) => true,
            Some(Kind::Label { slot, .. }) => self
                .current
                .as_ref()
                .is_none_or(|draft| draft.closed || draft.has(*slot)),
            _ => false,
        }
    }

    fn start_at_question(&mut self, i: usize, question: &str) {
        self.finish_current();
        let (line, title) = match self.title.take() {
            Some((line, title)) => (line, Some(title)),
            None => (i + 1, None),
        };
        self.current = Some(Draft::new(line, title, Some(question.to_string())));
    }

    /// A label continues the current story unless the story was closed by a separator and
    /// already has that part: then it starts the next story (notes without questions).
    fn label(&mut self, i: usize, slot: Part, rest: &str) {
        let continues = self
            .current
            .as_ref()
            .is_some_and(|draft| !draft.closed || !draft.has(slot));
        if continues {
            let left_out = self.left_out(slot);
            if let Some(draft) = self.current.as_mut() {
                draft.closed = false;
                draft.warnings.extend(left_out);
            }
        } else {
            self.finish_current_keeping_loose();
            let draft = match self.title.take() {
                Some((line, title)) => Draft::new(line, Some(title), None),
                None => self.draft_from_loose(i),
            };
            self.current = Some(draft);
        }
        self.loose.clear();
        if let Some(draft) = self.current.as_mut() {
            draft.open(slot, i + 1, rest);
        }
    }

    /// Like `finish_current`, but the loose lines stay: they are the lead of the story a bare
    /// label is about to start.
    fn finish_current_keeping_loose(&mut self) {
        self.done.extend(self.current.take());
    }

    /// A warning about text between a separator and a label that continues the story: it
    /// belongs to no part, so it is left out.
    fn left_out(&self, slot: Part) -> Option<String> {
        let texts: Vec<usize> = self
            .loose
            .iter()
            .copied()
            .filter(|&j| matches!(self.kinds[j], Kind::Text | Kind::Heading { .. }))
            .collect();
        let (first, last) = (texts.first()? + 1, texts.last()? + 1);
        let lines = if first == last {
            format!("line {first}")
        } else {
            format!("lines {first}-{last}")
        };
        Some(format!(
            "{lines} between a separator and the {} label left out",
            slot.name()
        ))
    }

    /// A story starting at a label on line `i` with no question: the loose text just above it
    /// is its lead, titled by a heading at its top.
    fn draft_from_loose(&self, i: usize) -> Draft {
        let kept: Vec<usize> = self
            .loose
            .iter()
            .copied()
            .filter(|&j| self.kinds[j] != Kind::Scratch)
            .collect();
        let first = kept.iter().position(|&j| self.kinds[j] != Kind::Blank);
        let mut draft = Draft::new(i + 1, None, None);
        let Some(first) = first else {
            return draft;
        };
        let mut body = &kept[first..];
        draft.line = body[0] + 1;
        if let Kind::Heading { level, text } = &self.kinds[body[0]]
            && *level <= 2
        {
            draft.title = Some(text.clone());
            body = &body[1..];
        }
        for &j in body {
            draft.push(j, self.lines[j]);
        }
        draft
    }
}

/// The one story of notes with no question and no label: all of the text, as the Situation,
/// titled by a heading on its first line.
fn unstructured(file: &str, lines: &[&str], kinds: &[Kind]) -> Option<ImportedStory> {
    let filled = |i: &usize| !matches!(kinds[*i], Kind::Blank | Kind::Scratch | Kind::Separator);
    let first = (0..lines.len()).find(filled)?;
    let title = match &kinds[first] {
        Kind::Heading { level, text } if *level <= 2 => Some(text.clone()),
        _ => None,
    };
    // Reminders and rules between the title and the text are scratch too.
    let body_start = if title.is_some() {
        (first + 1..lines.len()).find(filled)?
    } else {
        first
    };
    let body: Vec<String> = lines[body_start..]
        .iter()
        .map(|line| line.to_string())
        .collect();
    let mut draft = Draft::new(first + 1, title, None);
    draft.lead_line = Some(body_start + 1);
    draft.lead = vec![trim_blank_lines(&body)];
    Some(draft.finish(file))
}

// ---------------------------------------------------------------------------------------------
// Titles and categories
// ---------------------------------------------------------------------------------------------

/// Question openers that say nothing about the story, longest first within each family.
const TITLE_OPENERS: &[&str] = &[
    "tell me about a time",
    "tell us about a time",
    "tell me about",
    "tell us about",
    "describe a time",
    "describe a situation",
    "describe the time",
    "give me an example of a time",
    "give an example of a time",
    "give me an example of",
    "give an example of",
    "give me a time",
    "walk me through a time",
    "walk me through",
    "talk me through a time",
    "talk me through",
    "talk about a time",
    "share a time",
    "share an example of a time",
    "share an example of",
    "share a story about a time",
    "share a story about",
    "name a time",
    "can you tell me about a time",
    "can you tell me about",
    "can you describe a time",
    "can you give an example of a time",
    "can you give an example of",
    "have you ever",
];

/// A title from a question: the opener and a leading "when you" cut, at most 60 characters.
fn title_from_question(question: &str) -> String {
    let mut rest = question.trim().trim_end_matches(['?', '.', '!', ':', ' ']);
    if let Some(stripped) = TITLE_OPENERS
        .iter()
        .filter_map(|opener| strip_prefix_ci(rest, opener))
        .filter(|stripped| stripped.is_empty() || stripped.starts_with(' '))
        .min_by_key(|stripped| stripped.len())
    {
        rest = stripped.trim_start();
        for connector in ["when ", "where ", "in which ", "that "] {
            if let Some(stripped) = strip_prefix_ci(rest, connector) {
                rest = stripped.trim_start();
                break;
            }
        }
        rest = strip_prefix_ci(rest, "you ").unwrap_or(rest).trim_start();
    }
    let title = if rest.is_empty() {
        question.trim()
    } else {
        rest
    };
    capitalise(&shorten(title, MAX_TITLE))
}

/// A title from the first sentence of the story's first part.
fn title_from_text(parts: &PartTexts) -> String {
    Part::ALL
        .into_iter()
        .filter_map(|slot| parts[slot].as_ref())
        .flat_map(|text| text.lines())
        .map(|line| first_sentence(&clean_inline(line)))
        .find(|sentence| !sentence.is_empty())
        .map_or_else(
            || UNTITLED.to_string(),
            |sentence| capitalise(&shorten(&sentence, MAX_TITLE)),
        )
}

/// A story whose text gives no words at all.
const UNTITLED: &str = "Untitled story";

/// `line` up to the end of its first sentence, without the closing punctuation.
fn first_sentence(line: &str) -> String {
    let sentence = [". ", "! ", "? "]
        .iter()
        .filter_map(|end| line.find(end))
        .min()
        .map_or(line, |end| &line[..end]);
    sentence
        .trim_end_matches(['.', '!', '?', ':', ' '])
        .to_string()
}

/// `text` cut at a word boundary to at most `max` characters, without a dangling small word
/// or punctuation at the end.
fn shorten(text: &str, max: usize) -> String {
    let text = text.trim();
    let Some((cut, _)) = text.char_indices().nth(max) else {
        return text.to_string();
    };
    let head = &text[..cut];
    let at_word = if text[cut..].starts_with(' ') {
        head
    } else {
        head.rfind(' ').map_or(head, |space| &head[..space])
    };
    let mut words: Vec<&str> = at_word.split_whitespace().collect();
    const SMALL: &[&str] = &[
        "a", "an", "the", "to", "of", "and", "or", "with", "for", "in", "on", "at", "about", "my",
        "our", "your", "by", "from", "but",
    ];
    while words.len() > 1
        && words
            .last()
            .is_some_and(|word| SMALL.contains(&word.to_lowercase().as_str()))
    {
        words.pop();
    }
    words
        .join(" ")
        .trim_end_matches([',', ';', ':', '-', '(', ' '])
        .to_string()
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Words that point to each bank category. A trailing `*` matches any word starting so.
const CATEGORY_WORDS: &[(&str, &[&str])] = &[
    (
        "ambiguity",
        &[
            "ambigu*",
            "unclear",
            "uncertain*",
            "vague",
            "incomplete information",
            "not enough information",
            "unknowns",
        ],
    ),
    (
        "conflict",
        &[
            "conflict*",
            "disagree*",
            "argument*",
            "clash*",
            "push back",
            "pushback",
        ],
    ),
    ("customer", &["customer*", "client*", "user", "users"]),
    (
        "deadline",
        &[
            "deadline*",
            "pressure",
            "time pressure",
            "tight",
            "timeline*",
            "crunch",
            "last minute",
            "last-minute",
            "short on time",
            "out of time",
            "time constraint*",
            "rush*",
        ],
    ),
    (
        "growth",
        &[
            "learn*",
            "grow*",
            "grew",
            "new skill*",
            "comfort zone",
            "weakness*",
        ],
    ),
    (
        "hardest-problem",
        &[
            "hardest",
            "toughest",
            "challeng*",
            "most difficult",
            "hard problem",
            "difficult problem",
            "complex problem",
        ],
    ),
    (
        "influence",
        &[
            "persuad*",
            "convinc*",
            "influenc*",
            "buy-in",
            "buy in",
            "without authority",
            "win over",
            "won over",
        ],
    ),
    (
        "leadership",
        &[
            "lead", "leads", "leading", "leader*", "led", "mentor*", "coach*",
        ],
    ),
    (
        "mistake",
        &[
            "mistake*",
            "fail*",
            "wrong",
            "error*",
            "regret*",
            "screwed up",
            "messed up",
        ],
    ),
    (
        "ownership",
        &[
            "ownership",
            "owned",
            "owning",
            "above and beyond",
            "responsibilit*",
            "responsible",
            "initiative",
            "without being asked",
        ],
    ),
    (
        "prioritization",
        &[
            "prioriti*",
            "competing",
            "trade-off*",
            "tradeoff*",
            "trade off*",
        ],
    ),
    ("teamwork", &["team*", "collaborat*", "cross-functional"]),
];

/// Signs that feedback was received (growth) rather than gathered from customers.
const RECEIVED_FEEDBACK: &[&str] = &[
    "receiv*",
    "were given",
    "constructive",
    "critical",
    "criticism",
    "criticized",
    "criticised",
];

/// The bank categories `text` (a question and a title) points to, sorted.
fn guess_categories(text: &str) -> Vec<String> {
    let words = word_string(text);
    let mut categories: Vec<String> = CATEGORY_WORDS
        .iter()
        .filter(|(_, keys)| mentions_any(&words, keys))
        .map(|(category, _)| category.to_string())
        .collect();
    if mentions_any(&words, &["feedback"]) {
        let category = if mentions_any(&words, RECEIVED_FEEDBACK) {
            "growth"
        } else {
            "customer"
        };
        categories.push(category.to_string());
    }
    categories.sort();
    categories.dedup();
    categories
}

/// `text` as lowercase words separated and surrounded by single spaces, for whole-word search.
fn word_string(text: &str) -> String {
    let cleaned: String = text
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                ' '
            }
        })
        .collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    format!(" {} ", words.join(" "))
}

fn mentions_any(words: &str, keys: &[&str]) -> bool {
    keys.iter().any(|key| match key.strip_suffix('*') {
        Some(stem) => words.contains(&format!(" {stem}")),
        None => words.contains(&format!(" {key} ")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// PartTexts from `(letter, text)` pairs, to compare whole stories at a glance.
    fn parts(pairs: &[(&str, &str)]) -> PartTexts {
        let mut parts = PartTexts::default();
        for (letter, text) in pairs {
            let slot = Part::from_letter(letter.chars().next().unwrap())
                .unwrap_or_else(|| panic!("no part {letter}"));
            parts[slot] = Some(text.to_string());
        }
        parts
    }

    fn only_story(file: &str, text: &str) -> ImportedStory {
        let mut stories = import_notes(file, text);
        assert_eq!(stories.len(), 1, "{stories:#?}");
        stories.remove(0)
    }

    fn titles(stories: &[ImportedStory]) -> Vec<&str> {
        stories.iter().map(|story| story.title.as_str()).collect()
    }

    #[test]
    fn bold_labels_in_every_decoration() {
        let story = only_story(
            "bold_labels.md",
            include_str!("../../tests/fixtures/notes/bold_labels.md"),
        );
        assert_eq!(story.title, "Flaky checkout tests");
        assert_eq!(story.source.line, 1, "the title heading starts the story");
        assert_eq!(
            story.question.as_deref(),
            Some("Tell me about a time you took ownership of something nobody else wanted.")
        );
        assert_eq!(story.categories, ["ownership"]);
        assert_eq!(
            story.parts,
            parts(&[
                (
                    "S",
                    "Our checkout suite failed about one run in five, and everyone had learnt to hit \"retry\"."
                ),
                (
                    "T",
                    "Nobody owned the suite, so I volunteered to get it green and keep it green."
                ),
                (
                    "A",
                    "I tagged every flaky test for a week and grouped the failures by cause.\nMost came from shared fixtures leaking state between tests."
                ),
                ("R", "Flake rate went from 20% to under 1% in three weeks."),
                (
                    "L",
                    "Boring reliability work is visible work if you publish the numbers."
                ),
            ])
        );
        assert!(story.warnings.is_empty(), "{:?}", story.warnings);
    }

    #[test]
    fn heading_labels_in_any_case_with_text_after_a_colon() {
        let story = only_story(
            "heading_labels.md",
            include_str!("../../tests/fixtures/notes/heading_labels.md"),
        );
        assert_eq!(story.title, "Search latency rewrite");
        assert_eq!(
            story.question.as_deref(),
            Some("What's the hardest technical problem you've solved?")
        );
        assert_eq!(story.categories, ["hardest-problem"]);
        assert_eq!(
            story.parts[Part::Task].as_deref(),
            Some("Get p95 under 800 ms without buying a bigger cluster.")
        );
        assert_eq!(
            story.parts[Part::Action].as_deref(),
            Some(
                "- Profiled the slow queries and found N+1 lookups for the facet counts.\n\
                 - Moved the facet counts into a materialised view refreshed every ten minutes.\n  \
                 - kept the old path behind a flag for a week"
            )
        );
        assert_eq!(
            story.parts[Part::Result].as_deref(),
            Some(
                "cut p95 by 40% in the first week\nIt reached 650 ms once the view shipped everywhere."
            )
        );
        assert_eq!(story.parts[Part::Learning], None);
        assert!(
            story.warnings.is_empty(),
            "Learning is optional: {:?}",
            story.warnings
        );
    }

    #[test]
    fn plain_colon_labels_spaced_shouted_or_alone() {
        let story = only_story(
            "colon_labels.txt",
            include_str!("../../tests/fixtures/notes/colon_labels.txt"),
        );
        assert_eq!(
            story.question.as_deref(),
            Some("tell me about a time you had to deliver under a tight deadline")
        );
        assert_eq!(story.title, "Had to deliver under a tight deadline");
        assert_eq!(story.categories, ["deadline"]);
        assert_eq!(
            story.source,
            Source {
                file: "colon_labels.txt".into(),
                line: 1
            }
        );
        assert_eq!(
            story.parts,
            parts(&[
                (
                    "S",
                    "Two weeks before the Black Friday freeze, legal told us the cookie banner had to change in every market."
                ),
                (
                    "T",
                    "Ship the new consent flow to 14 storefronts before the freeze."
                ),
                (
                    "A",
                    "Split the storefronts between three pairs of engineers.\nWrote one shared config instead of fourteen copies."
                ),
                (
                    "R",
                    "cut the rollout from a planned 10 days to 4, and we shipped two days early."
                ),
                (
                    "L",
                    "Ask legal for the final wording before estimating, not after."
                ),
            ])
        );
        assert!(story.warnings.is_empty(), "{:?}", story.warnings);
    }

    #[test]
    fn misspelt_labels_count_but_ordinary_words_stay_text() {
        let story = only_story(
            "typos.txt",
            include_str!("../../tests/fixtures/notes/typos.txt"),
        );
        assert_eq!(story.title, "Made a mistake that affected a customer");
        assert_eq!(story.categories, ["customer", "mistake"]);
        assert_eq!(
            story.parts,
            parts(&[
                (
                    "S",
                    "I pushed a config change that turned on strict audit mode for every tenant, not only the pilot.\n\
                     Reaction: 40 support tickets in the first hour."
                ),
                (
                    "T",
                    "Stop the bleeding, then tell the affected customers before they told us."
                ),
                (
                    "A",
                    "- rolled the flag back within 20 minutes\n\
                     - wrote to each affected customer myself\n\
                     Note: the rollback script had never been run in production."
                ),
                (
                    "R",
                    "no data was lost; two customers asked for a post-mortem and both renewed.\n\
                     Action items: the post-mortem went to every team lead.\n\
                     Results were checked by hand for a week."
                ),
                ("L", "feature flags need a tenant allow-list by default."),
            ])
        );
        assert!(story.warnings.is_empty(), "{:?}", story.warnings);
    }

    #[test]
    fn label_recognition_is_strict_about_where_a_word_sits() {
        let kind = |line: &str| classify(line, false);
        let label = |slot: Part, rest: &str| Kind::Label {
            slot,
            rest: rest.to_string(),
        };
        assert_eq!(kind("ACtion"), label(Part::Action, ""));
        assert_eq!(kind("Acton :"), label(Part::Action, ""));
        assert_eq!(kind("Situtation"), label(Part::Situation, ""));
        assert_eq!(kind("**Reslt:** shipped"), label(Part::Result, "shipped"));
        assert_eq!(kind("### Lessons learned"), label(Part::Learning, ""));
        assert_eq!(kind("S: we had"), label(Part::Situation, "we had"));
        assert_eq!(kind("- Result: cut p95"), label(Part::Result, "cut p95"));
        // Role words and letters need a colon or markup, and never count in a list.
        for text in [
            "Impact",
            "Goal",
            "S",
            "- Goal: reduce churn",
            "- S: this",
            "  - Result: nested",
            "    Result: indented code",
            "Talk: 20 minutes at the all-hands",
            "Station: Paddington",
            "Reaction: relief",
            "Results came in slowly",
            "*Result* of the test was clear",
            "Task force: three people",
            "Action items: none",
        ] {
            assert_eq!(kind(text), Kind::Text, "{text}");
        }
    }

    #[test]
    fn questions_in_every_style_start_stories_and_guess_categories() {
        let stories = import_notes(
            "question_styles.md",
            include_str!("../../tests/fixtures/notes/question_styles.md"),
        );
        let summary: Vec<(&str, usize, Vec<&str>)> = stories
            .iter()
            .map(|story| {
                (
                    story.title.as_str(),
                    story.source.line,
                    story.categories.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("Disagreed with your manager", 3, vec!["conflict"]),
                (
                    "Had to persuade a skeptical stakeholder",
                    9,
                    vec!["influence"]
                ),
                ("Failed to hit a goal", 14, vec!["mistake"]),
                (
                    "How do you handle competing priorities",
                    19,
                    vec!["prioritization"]
                ),
                ("Mentored someone", 24, vec!["leadership"]),
                (
                    "The requirements were ambiguous and the deadline kept moving",
                    29,
                    vec!["ambiguity", "deadline"]
                ),
            ]
        );
        let questions: Vec<Option<&str>> = stories
            .iter()
            .map(|story| story.question.as_deref())
            .collect();
        assert_eq!(
            questions,
            [
                Some("Tell me about a time you disagreed with your manager."),
                Some("Describe a situation where you had to persuade a skeptical stakeholder"),
                Some("Tell me about a time you failed to hit a goal?"),
                Some("How do you handle competing priorities?"),
                Some("Give me an example of a time you mentored someone"),
                Some(
                    "Walk me through a time when the requirements were ambiguous and the deadline kept moving?"
                ),
            ]
        );
        assert_eq!(
            stories[2].parts,
            parts(&[
                ("S", "I committed to migrating 30 services in a quarter."),
                ("R", "We finished 18."),
                ("L", "Estimate from the slowest migration, not the average."),
            ])
        );
        assert_eq!(stories[2].warnings, ["no Task found", "no Action found"]);
        assert!(stories[0].warnings.is_empty());
    }

    #[test]
    fn guessed_categories_follow_the_bank() {
        let guess = |text: &str| guess_categories(text);
        assert_eq!(guess("Tell me about a conflict"), ["conflict"]);
        assert_eq!(
            guess("Tell me about a time you got feedback from a customer"),
            ["customer"]
        );
        assert_eq!(
            guess("Tell me about feedback you received from your manager"),
            ["growth"]
        );
        assert_eq!(
            guess("What's the toughest challenge you faced?"),
            ["hardest-problem"]
        );
        assert_eq!(
            guess("A time you had to prioritise under time pressure"),
            ["deadline", "prioritization"]
        );
        assert_eq!(
            guess("Convince your team to take responsibility"),
            ["influence", "ownership", "teamwork"]
        );
        assert_eq!(
            guess("Tell me about a time you learned something new"),
            ["growth"]
        );
        // "a time" is in every question: it is not a deadline.
        assert!(guess("Tell me about a time you shipped something").is_empty());
        assert!(guess("Misleading metrics").is_empty());
    }

    #[test]
    fn role_headings_play_the_star_parts() {
        let stories = import_notes(
            "role_headings.md",
            include_str!("../../tests/fixtures/notes/role_headings.md"),
        );
        assert_eq!(
            titles(&stories),
            ["Warehouse scanner rollout", "Pricing page experiment"]
        );
        assert_eq!(stories[0].source.line, 3);
        assert_eq!(stories[0].categories, ["teamwork"]);
        assert_eq!(
            stories[0].parts,
            parts(&[
                (
                    "S",
                    "The warehouse team was still picking orders from paper lists."
                ),
                (
                    "T",
                    "I owned the handheld app and its link to their warehouse system."
                ),
                (
                    "A",
                    "Sat with the night shift for two nights before writing anything.\n\
                     Shipped the scanner flow to one aisle first, then the whole floor."
                ),
                ("R", "Pick errors fell by 30% in the first month."),
                ("L", "Shadow the users before writing the spec."),
            ])
        );
        let pricing = &stories[1];
        assert_eq!(pricing.source.line, 22);
        assert_eq!(pricing.question, None);
        assert!(pricing.categories.is_empty());
        assert_eq!(
            pricing.parts,
            parts(&[
                (
                    "S",
                    "Marketing wanted to remove the free tier from the pricing page."
                ),
                (
                    "T",
                    "Find out whether signups would drop before committing."
                ),
                (
                    "A",
                    "Ran a two-week A/B test with a decision rule agreed up front."
                ),
                (
                    "R",
                    "Paid conversions rose 6% and free signups fell only 2%."
                ),
                (
                    "L",
                    "Put the decision rule in writing before the test starts."
                ),
            ])
        );
        assert!(stories.iter().all(|story| story.warnings.is_empty()));
    }

    #[test]
    fn notes_without_labels_become_one_situation_to_split() {
        let text = include_str!("../../tests/fixtures/notes/no_labels.txt");
        let story = only_story("no_labels.txt", text);
        assert_eq!(
            story.title,
            "The time our on-call rotation burned everyone out"
        );
        assert_eq!(story.source.line, 1);
        assert_eq!(story.question, None);
        assert!(story.categories.is_empty());
        assert_eq!(
            story.parts[Part::Situation].as_deref(),
            Some(text.trim_end())
        );
        assert_eq!(story.parts[Part::Task], None);
        assert_eq!(story.warnings, [NO_LABELS]);
    }

    #[test]
    fn an_unlabelled_answer_and_an_empty_question_are_reported() {
        let stories = import_notes(
            "unlabelled_answer.md",
            include_str!("../../tests/fixtures/notes/unlabelled_answer.md"),
        );
        assert_eq!(
            titles(&stories),
            [
                "Received critical feedback",
                "Went above and beyond for a customer"
            ]
        );
        let feedback = &stories[0];
        assert_eq!(feedback.source.line, 3, "the file title is not the story's");
        assert_eq!(feedback.categories, ["growth"]);
        assert_eq!(
            feedback.parts,
            parts(&[(
                "S",
                "My tech lead told me my design docs were too long to be useful.\n\
                 I started writing a one-paragraph summary first and asking two readers what they skipped.\n\
                 \n\
                 Six months later my docs were the ones new hires were pointed at."
            )])
        );
        assert_eq!(feedback.warnings, [NO_LABELS]);
        let empty = &stories[1];
        assert_eq!(empty.source.line, 12);
        assert_eq!(empty.categories, ["customer", "ownership"]);
        assert_eq!(empty.parts, PartTexts::default());
        assert_eq!(empty.warnings, ["empty story: nothing under the question"]);
    }

    #[test]
    fn layout_inside_a_part_is_kept_exactly() {
        let story = only_story(
            "layout_kept.md",
            include_str!("../../tests/fixtures/notes/layout_kept.md"),
        );
        assert_eq!(story.title, "Had to prioritize under pressure");
        assert_eq!(story.categories, ["deadline", "prioritization"]);
        assert_eq!(
            story.parts,
            parts(&[
                (
                    "S",
                    "    Quarter end: three enterprise escalations landed on my team in the same week.\n    \
                     (indented on purpose, it reads better in the terminal)"
                ),
                (
                    "T",
                    "Decide what we fix first, and tell the other two customers when."
                ),
                (
                    "A",
                    "1. Listed the escalations with revenue at risk and effort:\n   \
                     - Acme: $400k ARR, 2 days\n   \
                     - Globex: $90k ARR, half a day\n\
                     \n\
                     2. Fixed Globex first because it unblocked the Acme test.\n\
                     3. Sent each account manager a dated plan.\n\
                     \n\
                     \tTabs survive too."
                ),
                (
                    "R",
                    "- All three were closed inside the week.\n- * nested markers stay as they are"
                ),
            ])
        );
        assert!(story.warnings.is_empty(), "{:?}", story.warnings);
    }

    #[test]
    fn gaps_repeats_and_stray_text_are_warned_about() {
        let story = only_story(
            "gaps.md",
            include_str!("../../tests/fixtures/notes/gaps.md"),
        );
        assert_eq!(
            story.title,
            "Had to make a decision with incomplete information"
        );
        assert_eq!(story.categories, ["ambiguity"]);
        assert_eq!(
            story.parts,
            parts(&[
                (
                    "S",
                    "We were three weeks from launch when the payments vendor announced a price change.\n\
                     \n\
                     The new fees would wipe out our margin on small orders."
                ),
                (
                    "A",
                    "Built a cost model with finance in two days.\n\
                     \n\
                     Ran it past the CFO and got a go-ahead to switch vendors."
                ),
            ])
        );
        assert_eq!(
            story.warnings,
            [
                "Action label seen twice (lines 7 and 8): the second is appended to the first",
                "Task label has no text (line 6)",
                "text before the first label (line 3) was added to the start of the Situation",
                "no Result found",
            ]
        );
    }

    #[test]
    fn mixed_notes_give_three_stories_and_drop_the_scratch() {
        let stories = import_notes(
            "mixed.md",
            include_str!("../../tests/fixtures/notes/mixed.md"),
        );
        assert_eq!(
            titles(&stories),
            [
                "Disagreed with a senior engineer",
                "Billing export outage",
                "Had to lead a team through an unclear reorg",
            ]
        );
        let lines: Vec<usize> = stories.iter().map(|story| story.source.line).collect();
        assert_eq!(lines, [8, 25, 46]);
        let all_text = serde_json::to_string(&stories).unwrap();
        for scratch in ["TODO", "Reminder", "Northwind", "NB:", "===", "---"] {
            assert!(!all_text.contains(scratch), "{scratch} leaked into a story");
        }
        assert_eq!(
            stories[0].parts[Part::Situation].as_deref(),
            Some(
                "Our payments team planned to rewrite the retry queue in Go, mid-quarter.\n\
                 The current queue dropped roughly 1 in 10k messages under load."
            )
        );
        assert_eq!(
            stories[1].warnings,
            [
                "Result label seen twice (lines 35 and 38): the second is appended to the first",
                "no Task found",
            ]
        );
        assert_eq!(stories[2].warnings, ["no Result found"]);
        insta::assert_snapshot!(serde_json::to_string_pretty(&stories).unwrap());
    }

    #[test]
    fn stories_without_questions_are_split_by_titles_and_separators() {
        let text = "# Prep\nTODO: dates\n\nWe had no on-call.\nResult: we do now.\n\n---\n\n\
                    Situation: second story\nAction: did it\nResult: done\n---\nstray words\nLearning: ask early\n";
        let stories = import_notes("n.md", text);
        assert_eq!(titles(&stories), ["Prep", "Second story"]);
        assert_eq!(stories[0].source.line, 1);
        assert_eq!(
            stories[0].parts,
            parts(&[("S", "We had no on-call."), ("R", "we do now.")])
        );
        assert_eq!(stories[0].warnings, ["no Task found", "no Action found"]);
        assert_eq!(stories[1].source.line, 9);
        assert_eq!(
            stories[1].parts[Part::Learning].as_deref(),
            Some("ask early"),
            "a new part after a separator continues the story"
        );
        assert_eq!(
            stories[1].warnings,
            [
                "line 13 between a separator and the Learning label left out",
                "no Task found"
            ]
        );
    }

    #[test]
    fn a_bare_question_label_takes_the_next_line() {
        let story = only_story(
            "q.txt",
            "Question:\r\nWhy did you leave your last job\r\n\r\nS: it was time\r\n",
        );
        assert_eq!(
            story.question.as_deref(),
            Some("Why did you leave your last job")
        );
        assert_eq!(story.source.line, 1);
        assert_eq!(story.parts[Part::Situation].as_deref(), Some("it was time"));
    }

    #[test]
    fn quarters_and_mid_story_questions_do_not_start_stories() {
        let text = "Q: Tell me about a mistake\nS: Q3: revenue fell\n\
                    Q3: the board asked why\nR: What was the root cause? A bad flag.\n";
        let story = only_story("q.txt", text);
        assert_eq!(story.title, "A mistake");
        assert_eq!(
            story.parts[Part::Situation].as_deref(),
            Some("Q3: revenue fell\nQ3: the board asked why")
        );
        let numbered = import_notes("q.txt", "Q2: Tell me about a conflict?\nS: x\n");
        assert_eq!(
            numbered[0].question.as_deref(),
            Some("Tell me about a conflict?")
        );
    }

    #[test]
    fn scratch_only_and_empty_notes_give_no_stories() {
        assert!(import_notes("e.md", "").is_empty());
        assert!(import_notes("e.md", "\n\n   \n").is_empty());
        assert!(import_notes("e.md", "# Interview prep\n\nTODO: write stories\n---\n").is_empty());
    }

    #[test]
    fn a_story_without_words_is_still_titled() {
        // Found by the proptest: the lead ":" cleans down to nothing.
        let story = only_story("p.md", ":\nSituation:");
        assert_eq!(story.title, "Untitled story");
        assert_eq!(story.parts[Part::Situation].as_deref(), Some(":"));
        assert_eq!(
            story.warnings,
            [
                "Situation label has no text (line 2)",
                "no Task found",
                "no Action found",
                "no Result found"
            ]
        );
    }

    #[test]
    fn titles_from_questions_are_short_and_cut_at_words() {
        assert_eq!(
            title_from_question("Tell me about a conflict"),
            "A conflict"
        );
        assert_eq!(
            title_from_question("Have you ever had to fire someone?"),
            "Had to fire someone"
        );
        let long = title_from_question(
            "Tell me about a time when you had to convince a room full of sceptical senior engineers to abandon a rewrite",
        );
        assert_eq!(
            long,
            "Had to convince a room full of sceptical senior engineers"
        );
        assert!(long.chars().count() <= MAX_TITLE);
        assert_eq!(shorten(&"x".repeat(80), 60), "x".repeat(60));
        assert_eq!(title_from_text(&PartTexts::default()), "Untitled story");
    }

    /// Notes built from the fragments that drive the classifier.
    fn labelish_notes() -> impl Strategy<Value = String> {
        let fragments = prop::sample::select(vec![
            "Situation:",
            "Situtation",
            "**",
            "__",
            "*",
            "#",
            "## ",
            "\n",
            "\r\n",
            "\n\n",
            "Q:",
            "Q2:",
            "Question:",
            "?",
            "Tell me about a time",
            "How do you",
            " ",
            "\t",
            "    ",
            "Result: ",
            "Acton",
            "My role",
            ":",
            "---",
            "===",
            "- ",
            "1. ",
            "TODO",
            "words",
            "é",
            "日本",
        ]);
        prop::collection::vec(fragments, 0..80).prop_map(|parts| parts.concat())
    }

    /// What every import must satisfy, whatever the notes.
    fn check_import(text: &str) -> Result<(), TestCaseError> {
        let line_count = text.lines().count();
        for story in import_notes("p.md", text) {
            prop_assert!(!story.title.is_empty());
            prop_assert!(story.source.line >= 1 && story.source.line <= line_count);
            for slot in Part::ALL {
                if let Some(part) = story.parts[slot].as_ref() {
                    prop_assert!(!part.trim().is_empty(), "{slot:?} is blank");
                }
            }
            let mut sorted = story.categories.clone();
            sorted.sort();
            sorted.dedup();
            prop_assert_eq!(&sorted, &story.categories);
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn import_never_panics_on_arbitrary_text(text in "\\PC{0,400}") {
            check_import(&text)?;
        }

        #[test]
        fn import_never_panics_on_label_like_text(text in labelish_notes()) {
            check_import(&text)?;
        }

    }

    #[test]
    fn control_characters_are_kept_and_warned_about() {
        let story = only_story(
            "n.md",
            "Q: Tell me about a conflict\nS: the \u{1b}[2J screen\n",
        );
        assert_eq!(
            story.parts[Part::Situation].as_deref(),
            Some("the \u{1b}[2J screen")
        );
        assert!(
            story
                .warnings
                .iter()
                .any(|w| w.contains("the ^[[2J screen")),
            "{:?}",
            story.warnings
        );
    }
}

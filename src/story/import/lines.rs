//! The first pass of the import: what each line of the notes is, on its own. Fenced code is
//! text whatever it says; blockquote marks are taken off (a quoted question is a question);
//! a line with several labels in it (`Example - Situation: ... Action: ...`) is split.

use super::labels::{LabelName, Strength, label_name, normalise};
use super::questions::{Sureness, is_follow_up_key, is_question_key, question_in};
use crate::domain::star::Part;
use crate::text::markdown::{Fence, heading, strip_list_marker};

/// One line of the notes, or one piece of a line that holds several labels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// 1-based line number.
    pub line: usize,
    pub kind: Kind,
    /// The line as written (a blockquote's mark taken off), for when it is kept as text after
    /// all; for one of several labels on a line, that label and its text.
    pub raw: String,
}

/// What an item is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Blank,
    /// A thematic break such as `---` or `* * *`.
    Separator,
    /// A note to oneself (`TODO:`, `<!-- -->`): dropped outside a part.
    Scratch,
    /// `OR` alone on its line, between two wordings of a question.
    Or,
    /// A heading that is neither a label nor a question.
    Heading {
        level: usize,
        text: String,
    },
    /// An interview question, its key and numbering taken off.
    Question {
        text: String,
        sureness: Sureness,
        /// The heading level when it is a heading.
        heading: Option<usize>,
        /// Written in italics (`*Question: ...?*`), as follow-ups often are.
        italic: bool,
    },
    /// A part label, with the text after it on the same line.
    Label {
        label: LabelName,
        rest: String,
        /// The heading level when it is a heading (`### Task`).
        heading: Option<usize>,
    },
    /// An interviewer's follow-up (`Follow-up: ...`), with any answer on the same line.
    FollowUp {
        question: String,
        rest: String,
    },
    /// Anything else, as written (a blockquote's mark taken off).
    Text {
        text: String,
        fenced: bool,
    },
    /// A row of a table of stories begins: one story a row, maybe named by a column.
    RowStart {
        title: Option<String>,
    },
}

impl Kind {
    pub fn is_blank(&self) -> bool {
        matches!(self, Kind::Blank)
    }
}

/// Where a line's words sit, which decides which labels count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Heading,
    Plain,
    /// After a list marker: only names and letters count (`- S:`), so that `- Goal: ...`
    /// inside an Action stays text.
    Bullet,
}

/// Every item of `text`, in order.
pub fn classify(text: &str) -> Vec<Item> {
    let mut items: Vec<Item> = Vec::new();
    let mut fence: Option<Fence> = None;
    let file_lines: Vec<&str> = text
        .lines()
        .map(|line| line.strip_suffix('\r').unwrap_or(line))
        .collect();
    let numbered: Vec<(usize, String)> = if looks_like_html(text) {
        super::html::as_markdown(&file_lines)
    } else {
        (1..)
            .zip(file_lines.iter().map(|line| line.to_string()))
            .collect()
    };
    let all: Vec<&str> = numbered.iter().map(|(_, line)| line.as_str()).collect();
    let mut table: Option<Vec<Column>> = None;
    for (index, &raw) in all.iter().enumerate() {
        let line = numbered[index].0;
        if fence.is_none() {
            if let Some(columns) = &table {
                if is_table_row(raw) {
                    items.extend(table_row(line, raw, columns));
                    continue;
                }
                // The last row's story ends with the table.
                table = None;
                items.push(Item {
                    line,
                    kind: Kind::Separator,
                    raw: String::new(),
                });
            } else if is_table_row(raw)
                && all
                    .get(index + 1)
                    .is_some_and(|next| is_table_delimiter(next))
                && let Some(columns) = story_columns(raw)
            {
                table = Some(columns);
                items.push(Item {
                    line,
                    kind: Kind::Blank,
                    raw: raw.to_string(),
                });
                continue;
            }
        }
        if let Some(open) = fence {
            if open.is_closed_by(raw) {
                fence = None;
            }
            items.push(text_item(line, raw));
            continue;
        }
        let (unquoted, quoted) = unquote(raw);
        if let Some(open) = Fence::opened_by(unquoted) {
            fence = Some(open);
            items.push(text_item(line, unquoted));
            continue;
        }
        if is_setext_underline(unquoted) && setext_title(&items) {
            if let Some(previous) = items.pop() {
                let title = match previous.kind {
                    Kind::Text { text, .. } => text,
                    _ => String::new(),
                };
                items.push(Item {
                    line: previous.line,
                    kind: classify_heading(1, title.trim()),
                    raw: previous.raw,
                });
            }
            items.push(Item {
                line,
                kind: Kind::Blank,
                raw: unquoted.to_string(),
            });
            continue;
        }
        let kinds = classify_line(unquoted, quoted);
        let several = kinds.len() > 1;
        for kind in kinds {
            let raw = if several {
                piece_text(&kind)
            } else {
                unquoted.to_string()
            };
            items.push(Item { line, kind, raw });
        }
    }
    items
}

/// A line of fenced code: text, whatever it says.
fn text_item(line: usize, text: &str) -> Item {
    Item {
        line,
        kind: Kind::Text {
            text: text.to_string(),
            fenced: true,
        },
        raw: text.to_string(),
    }
}

/// One piece of a line of several labels, as text.
fn piece_text(kind: &Kind) -> String {
    match kind {
        Kind::Label { label, rest, .. } => format!("{}: {rest}", label.parts[0].name()),
        Kind::Text { text, .. } => text.clone(),
        _ => String::new(),
    }
}

/// Whether notes were saved as HTML (`<p><b>Situation:</b>&nbsp;...`): they are read as the
/// markdown the tags stand for. Counted by tags, not lines, so a page saved on one line (as
/// exports and web clippers do) is HTML too.
fn looks_like_html(text: &str) -> bool {
    const TAGS: [&str; 8] = ["<p>", "</p>", "<br", "<h1", "<h2", "<h3", "<li>", "<div"];
    let lower = text.to_ascii_lowercase();
    if lower.trim_start().starts_with("<!doctype html") || lower.trim_start().starts_with("<html") {
        return true;
    }
    let tags: usize = TAGS.iter().map(|tag| lower.matches(tag).count()).sum();
    tags >= 3
}

/// `line` without its blockquote marks (`> `, `>> `), and whether it had any.
fn unquote(line: &str) -> (&str, bool) {
    let mut rest = line;
    let mut quoted = false;
    loop {
        let trimmed = rest.trim_start_matches(' ');
        if rest.len() - trimmed.len() > 3 {
            return (rest, quoted);
        }
        match trimmed.strip_prefix('>') {
            Some(after) => {
                quoted = true;
                rest = after.strip_prefix(' ').unwrap_or(after);
            }
            None => return (rest, quoted),
        }
    }
}

/// `=====` under a line of text makes that line a title.
fn is_setext_underline(line: &str) -> bool {
    let trimmed = line.trim();
    trimmed.len() >= 3 && trimmed.chars().all(|c| c == '=')
}

/// Whether the last item is one short line of text standing alone, as a title is.
fn setext_title(items: &[Item]) -> bool {
    let Some((last, before)) = items.split_last() else {
        return false;
    };
    let short = matches!(&last.kind, Kind::Text { text, fenced: false }
        if !text.trim().is_empty() && text.chars().count() <= 100);
    short && before.last().is_none_or(|item| item.kind.is_blank())
}

/// The items of one line (usually one).
fn classify_line(line: &str, quoted: bool) -> Vec<Kind> {
    let trimmed = line.trim();
    if trimmed.is_empty() {
        return vec![Kind::Blank];
    }
    if is_separator(trimmed) {
        return vec![Kind::Separator];
    }
    if let Some(title) = titled_rule(trimmed) {
        return vec![classify_heading(2, &title)];
    }
    // Deeply indented lines are code or nested lists: the content of the part above.
    if indent(line) >= 4 {
        return vec![plain(line)];
    }
    if let Some((level, text)) = heading(trimmed) {
        if let Some(rest) = or_lead(text) {
            return vec![Kind::Or, classify_heading(level, rest)];
        }
        return vec![classify_heading(level, text)];
    }
    // `🟦 Context:`, `• item`: decoration before the words is not part of them.
    let decorated = trimmed.starts_with(super::labels::is_decoration);
    let undecorated =
        trimmed.trim_start_matches(|c: char| super::labels::is_decoration(c) || c == ' ');
    let bulleted = trimmed.starts_with(['•', '◦', '▪', '‣']);
    let (place, body) = match strip_list_marker(undecorated) {
        // A nested list item is content, whatever it starts with.
        Some(_) if indent(line) > 0 => return vec![plain(line)],
        Some(body) => (Place::Bullet, body),
        None if bulleted => (Place::Bullet, undecorated),
        None => (Place::Plain, undecorated),
    };
    let _ = decorated;
    if matches!(normalise(body).as_str(), "or") {
        return vec![Kind::Or];
    }
    if let Some(rest) = or_lead(body)
        && let Some((text, _)) = question_in(strip_emphasis(rest), true)
    {
        return vec![
            Kind::Or,
            Kind::Question {
                text,
                sureness: Sureness::Sure,
                heading: None,
                italic: false,
            },
        ];
    }
    if let Some(kind) = keyed(body, place) {
        return split_inline(kind);
    }
    let marked = quoted || place == Place::Bullet || whole_emphasis(body).is_some();
    if let Some((text, sureness)) = question_in(strip_emphasis(body), marked) {
        return vec![Kind::Question {
            text,
            sureness,
            heading: None,
            italic: is_italic(body),
        }];
    }
    if is_scratch(trimmed) {
        return vec![Kind::Scratch];
    }
    split_inline(plain(line))
}

fn plain(line: &str) -> Kind {
    Kind::Text {
        text: line.to_string(),
        fenced: false,
    }
}

/// The kind of a heading: a label (`### Task`, `### **The Outcome: ...**`), a question
/// (`## Tell me about a conflict`, `## Q: ...`), or a heading that may name a story.
fn classify_heading(level: usize, text: &str) -> Kind {
    let text = text.trim_start_matches(|c: char| super::labels::is_decoration(c) || c == ' ');
    let inner = strip_emphasis(text);
    if inner.is_empty() {
        return Kind::Separator;
    }
    if let Some(kind) = keyed(text, Place::Heading) {
        return match kind {
            Kind::Label { label, rest, .. } => Kind::Label {
                label,
                rest,
                heading: Some(level),
            },
            Kind::Question { text, italic, .. } => Kind::Question {
                text,
                sureness: Sureness::Sure,
                heading: Some(level),
                italic,
            },
            other => other,
        };
    }
    if let Some((question, _)) = question_in(inner, true) {
        return Kind::Question {
            text: question,
            sureness: Sureness::Sure,
            heading: Some(level),
            italic: false,
        };
    }
    let text = clean_markup(inner);
    let text = text
        .trim_start_matches(|c: char| super::labels::is_decoration(c) || c == ' ')
        .trim_end_matches(':')
        .trim();
    Kind::Heading {
        level,
        text: text.to_string(),
    }
}

/// A line led by a key: a label (`**Situation:** text`, `S - text`, `Outcome` alone), a
/// question (`Q: ...`, `Q1 Tell me ...`), or a follow-up (`*Follow-up: ...?* - answer`).
fn keyed(body: &str, place: Place) -> Option<Kind> {
    if let Some((inner, after, marker)) = emphasis(body) {
        return keyed_in_emphasis(inner, after, marker, place);
    }
    if let Some((key, rest)) = bracketed(body) {
        let rest = rest.trim();
        // `Q4) ...` numbers its question plainly, whatever follows.
        let numbered = key.trim_end_matches('\'');
        if is_question_key(numbered, rest) || is_question_key(numbered, "?") {
            return Some(question_after_key(rest, false));
        }
        if let Some(label) = label_name(key) {
            return Some(label_kind(label, rest));
        }
    }
    if let Some((key, rest)) = split_key(body) {
        let rest = rest.trim();
        if is_question_key(key, rest) {
            return Some(question_after_key(rest, false));
        }
        if is_follow_up_key(key) {
            return Some(follow_up(rest, ""));
        }
        if let Some(label) = label_name(key)
            && allowed(&label, place, Form::Keyed)
        {
            return Some(label_kind(label, rest));
        }
        return None;
    }
    // `Q1 Tell me about ...`: a numbered key without a colon.
    if let Some((key, rest)) = body.split_once(' ')
        && key.len() >= 2
        && key.starts_with(['Q', 'q'])
        && key[1..]
            .trim_end_matches('.')
            .chars()
            .all(|c| c.is_ascii_digit())
        && !key[1..].trim_end_matches('.').is_empty()
        && is_question_key(key, rest.trim())
    {
        return Some(question_after_key(rest.trim(), false));
    }
    let label = label_name(body)?;
    allowed(&label, place, Form::Alone).then(|| label_kind(label, ""))
}

/// A line starting with emphasis: `**Situation:**`, `**Situation** We had`, `*Question:
/// ...?*`, `**Task** - text`, `**The Outcome: subtitle**`.
fn keyed_in_emphasis(inner: &str, after: &str, marker: &str, place: Place) -> Option<Kind> {
    let italic = marker.len() == 1;
    let after = after.trim();
    let (key, rest_inside) = match split_key(inner) {
        Some((key, rest)) => (key, rest.trim()),
        None => (inner.trim(), ""),
    };
    let rest_after = strip_separator(after);
    if is_question_key(key, rest_inside) {
        let question = if rest_inside.is_empty() {
            rest_after.unwrap_or(after)
        } else {
            rest_inside
        };
        return Some(question_after_key(question, italic));
    }
    if is_follow_up_key(key) {
        return Some(follow_up(rest_inside, rest_after.unwrap_or(after)));
    }
    let label = label_name(key)?;
    let colon_inside = inner.trim_end().ends_with(':');
    if italic
        && !colon_inside
        && rest_inside.is_empty()
        && rest_after.is_none()
        && !after.is_empty()
    {
        // `*Result* of the test was...` is emphasis in a sentence.
        return None;
    }
    let form = Form::Marked;
    if !allowed(&label, place, form) {
        return None;
    }
    let rest = match (rest_inside.is_empty(), rest_after) {
        (false, Some(more)) if !more.is_empty() => format!("{rest_inside} {more}"),
        (false, _) => rest_inside.to_string(),
        (true, Some(more)) => more.to_string(),
        (true, None) => after.to_string(),
    };
    Some(label_kind(label, &rest))
}

fn label_kind(label: LabelName, rest: &str) -> Kind {
    Kind::Label {
        label,
        rest: rest.trim().to_string(),
        heading: None,
    }
}

fn question_after_key(text: &str, italic: bool) -> Kind {
    Kind::Question {
        text: super::questions::unquoted_question(strip_emphasis(text)).to_string(),
        sureness: Sureness::Sure,
        heading: None,
        italic,
    }
}

fn follow_up(question: &str, rest: &str) -> Kind {
    let question = strip_emphasis(question).trim();
    // `How did you pick 30%? -> it was what we could get`: the answer on the same line.
    let (question, answer) = match question.find('?') {
        Some(at) if rest.is_empty() && question[at + 1..].trim().len() > 1 => {
            let answer = question[at + 1..]
                .trim()
                .trim_start_matches(['-', '>', '\u{2192}', '\u{2013}', '\u{2014}', ':', ' ']);
            (&question[..=at], answer)
        }
        _ => (question, rest.trim()),
    };
    Kind::FollowUp {
        question: question.to_string(),
        rest: answer.to_string(),
    }
}

/// How a label is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// Before a colon or a dash.
    Keyed,
    /// In bold or italics, or a heading.
    Marked,
    /// The whole line.
    Alone,
}

/// Whether a label of this strength counts written this way in this place. Role words are
/// ordinary words, so they need a colon, markup or a line of their own; in a list item only
/// names and letters count; a letter alone on a line is no label.
fn allowed(label: &LabelName, place: Place, form: Form) -> bool {
    match (place, form, label.strength) {
        (Place::Heading, ..) => true,
        (_, Form::Marked, _) => true,
        (Place::Bullet, Form::Alone, Strength::Role) => false,
        (Place::Bullet, Form::Alone, _) => false,
        (_, Form::Alone, Strength::Letter) => false,
        _ => true,
    }
}

/// The key before `:`, ` - `, ` – ` or ` — ` near the start of `s`, and what follows.
fn split_key(s: &str) -> Option<(&str, &str)> {
    const LONGEST_KEY: usize = 45;
    let colon = s.find(':').filter(|&at| at <= LONGEST_KEY);
    let dash = [" - ", " \u{2013} ", " \u{2014} ", " -- "]
        .iter()
        .filter_map(|dash| s.find(dash).map(|at| (at, dash.len())))
        .filter(|(at, _)| *at <= LONGEST_KEY)
        .min();
    // `s- text`: a one-word key hard against its dash.
    let tight = s
        .find("- ")
        .filter(|&at| at > 0 && at <= 12 && !s[..at].contains(' '))
        .filter(|&at| s[..at].ends_with(char::is_alphanumeric))
        .map(|at| (at, 2));
    let dash = match (dash, tight) {
        (Some(spaced), Some(tight)) => Some(spaced.min(tight)),
        (spaced, tight) => spaced.or(tight),
    };
    match (colon, dash) {
        (Some(colon), Some((at, len))) if at < colon => Some((&s[..at], &s[at + len..])),
        (Some(colon), _) => {
            let key = &s[..colon];
            // `https://` and `10:30` are not keys.
            let after = &s[colon + 1..];
            let time = key.ends_with(|c: char| c.is_ascii_digit())
                && after.starts_with(|c: char| c.is_ascii_digit());
            (!after.starts_with("//") && !time).then_some((key, after))
        }
        (None, Some((at, len))) => Some((&s[..at], &s[at + len..])),
        (None, None) => None,
    }
}

/// The rest of `text` after `OR:` or `Or -`, when it starts so.
fn or_lead(text: &str) -> Option<&str> {
    let rest = text
        .strip_prefix("OR")
        .or_else(|| text.strip_prefix("Or"))
        .or_else(|| text.strip_prefix("or"))?;
    let rest = rest.trim_start();
    let rest = rest.strip_prefix([':', '-', '\u{2013}', '\u{2014}', ','])?;
    let rest = rest.trim();
    (!rest.is_empty()).then_some(rest)
}

/// `after` without a leading `:` or dash, when it has one.
fn strip_separator(after: &str) -> Option<&str> {
    let after = after.trim_start();
    for mark in [":", "-", "\u{2013}", "\u{2014}"] {
        if let Some(rest) = after.strip_prefix(mark) {
            return Some(rest.trim_start());
        }
    }
    None
}

/// The text inside a leading `**bold**`, `__bold__`, `*italic*` or `_italic_`, the text after
/// it, and the marker.
fn emphasis(s: &str) -> Option<(&str, &str, &'static str)> {
    let marker = ["**", "__", "*", "_"]
        .into_iter()
        .find(|marker| s.starts_with(marker))?;
    let inside = &s[marker.len()..];
    if inside.is_empty() || inside.starts_with(char::is_whitespace) {
        return None;
    }
    let end = inside.find(marker)?;
    Some((&inside[..end], &inside[end + marker.len()..], marker))
}

/// The text of emphasis wrapped around all of `s`.
fn whole_emphasis(s: &str) -> Option<&str> {
    match emphasis(s) {
        Some((inner, after, _)) if after.trim().is_empty() => Some(inner.trim()),
        _ => None,
    }
}

fn is_italic(s: &str) -> bool {
    emphasis(s).is_some_and(|(_, after, marker)| marker.len() == 1 && after.trim().is_empty())
}

/// `s` without emphasis wrapped around all of it.
pub fn strip_emphasis(s: &str) -> &str {
    whole_emphasis(s).unwrap_or(s.trim())
}

/// A heading's text without bold or italic marks inside it.
fn clean_markup(text: &str) -> String {
    let unmarked = text.replace("**", "").replace("__", "");
    unmarked.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `s` (trimmed, non-empty) is a thematic break: three or more of one of `-=*_#`
/// or a dash, spaces allowed between them.
fn is_separator(s: &str) -> bool {
    let marks: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
    marks.len() >= 3
        && "-=*_#\u{2013}\u{2014}".contains(marks[0])
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
        s.get(..marker.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(marker))
            && !s[marker.len()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_alphanumeric() && marker.ends_with(char::is_alphanumeric))
    })
}

/// The columns of leading whitespace, a tab counting four.
fn indent(line: &str) -> usize {
    line.chars()
        .take_while(|c| c.is_whitespace())
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum()
}

/// A line with several part names followed by colons in it (`Example - Situation: two
/// designers ... Action: I set up ... Result: ...`) is one piece a label. A single name
/// inside a line is a word of the text, unless a dash sets it off after a lead-in.
fn split_inline(kind: Kind) -> Vec<Kind> {
    let (lead, text, first_label) = match &kind {
        Kind::Text {
            text,
            fenced: false,
        } => (true, text.as_str(), None),
        Kind::Label { rest, label, .. } => (false, rest.as_str(), Some(label.clone())),
        _ => return vec![kind],
    };
    let found = inline_labels(text);
    let distinct = {
        let mut parts: Vec<Part> = found.iter().map(|(_, _, part)| *part).collect();
        parts.dedup();
        parts.len()
    };
    let set_off = lead
        && found.first().is_some_and(|(at, _, _)| {
            let before = text[..*at].trim_end();
            before.ends_with(['-', '\u{2013}', '\u{2014}']) && before.len() < 40
        });
    if found.is_empty() || !(distinct >= 2 || set_off || (!lead && distinct >= 1)) {
        return vec![kind];
    }
    let mut pieces = Vec::new();
    let head = text[..found[0].0]
        .trim()
        .trim_end_matches(['-', '\u{2013}', '\u{2014}'])
        .trim();
    match first_label {
        Some(label) => pieces.push(label_kind(label, head)),
        None if !head.is_empty() => pieces.push(Kind::Text {
            text: head.to_string(),
            fenced: false,
        }),
        None => {}
    }
    for (index, (_, text_start, part)) in found.iter().enumerate() {
        let end = found.get(index + 1).map_or(text.len(), |next| next.0);
        pieces.push(label_kind(
            LabelName {
                parts: vec![*part],
                strength: Strength::Star,
            },
            text[*text_start..end].trim(),
        ));
    }
    pieces
}

/// Where each `Situation:`-style name (capitalised) starts a piece of `text`: after a
/// sentence's end, a dash or the start. Gives the name's start, its text's start and part.
fn inline_labels(text: &str) -> Vec<(usize, usize, Part)> {
    let mut found = Vec::new();
    for part in Part::ALL {
        let name = part.name();
        let mut from = 0;
        while let Some(offset) = text[from..].find(name) {
            let at = from + offset;
            from = at + name.len();
            let after = &text[from..];
            let after = after.strip_prefix('s').unwrap_or(after);
            let Some(text_after) = after.strip_prefix(':').or_else(|| {
                [" \u{2014} ", " \u{2013} ", " - "]
                    .iter()
                    .find_map(|dash| after.strip_prefix(dash))
            }) else {
                continue;
            };
            let before = text[..at].trim_end();
            let starts_piece = before.is_empty()
                || before.ends_with(['.', ';', '!', '?', '-', '\u{2013}', '\u{2014}', ')', ':']);
            if starts_piece {
                let text_start = text.len() - text_after.len();
                found.push((at, text_start, part));
            }
        }
    }
    found.sort_by_key(|(at, _, _)| *at);
    found
}

/// What a column of a table of stories holds.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Column {
    Question,
    Title,
    Part(Part),
    Other,
}

fn is_table_row(line: &str) -> bool {
    let trimmed = line.trim();
    trimmed.starts_with('|') && trimmed.len() > 1
}

/// `|---|:---:|` under a table's header.
fn is_table_delimiter(line: &str) -> bool {
    let trimmed = line.trim();
    is_table_row(trimmed)
        && trimmed.contains('-')
        && trimmed
            .chars()
            .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// The cells of a table row, trimmed.
fn cells(line: &str) -> Vec<String> {
    let trimmed = line.trim().trim_start_matches('|');
    let trimmed = trimmed.strip_suffix('|').unwrap_or(trimmed);
    trimmed
        .split('|')
        .map(|cell| cell.trim().to_string())
        .collect()
}

/// The columns of a table whose header names two parts or more (`| Question | Situation |
/// Task | ...`): a table of stories, one a row. `None` for any other table.
fn story_columns(header: &str) -> Option<Vec<Column>> {
    let columns: Vec<Column> = cells(header)
        .iter()
        .map(|cell| {
            let name = normalise(cell);
            if matches!(name.as_str(), "question" | "questions" | "prompt" | "q") {
                Column::Question
            } else if matches!(
                name.as_str(),
                "story" | "title" | "topic" | "name" | "example"
            ) {
                Column::Title
            } else {
                label_name(cell).map_or(Column::Other, |label| Column::Part(label.parts[0]))
            }
        })
        .collect();
    let parts = columns
        .iter()
        .filter(|column| matches!(column, Column::Part(_)))
        .count();
    (parts >= 2).then_some(columns)
}

/// A row of a table of stories as items: its start, its question, and a label a part cell.
fn table_row(line: usize, raw: &str, columns: &[Column]) -> Vec<Item> {
    if is_table_delimiter(raw) {
        return vec![Item {
            line,
            kind: Kind::Blank,
            raw: raw.to_string(),
        }];
    }
    let row = cells(raw);
    let cell = |wanted: &Column| {
        columns
            .iter()
            .zip(&row)
            .find(|(column, text)| *column == wanted && !text.is_empty())
            .map(|(_, text)| text.replace("<br>", "\n").replace("<br/>", "\n"))
    };
    let mut items = vec![Item {
        line,
        kind: Kind::RowStart {
            title: cell(&Column::Title),
        },
        raw: String::new(),
    }];
    if let Some(question) = cell(&Column::Question) {
        items.push(Item {
            line,
            kind: Kind::Question {
                text: question.clone(),
                sureness: Sureness::Sure,
                heading: None,
                italic: false,
            },
            raw: question,
        });
    }
    for (column, text) in columns.iter().zip(&row) {
        if let Column::Part(part) = column {
            let text = text.replace("<br>", "\n").replace("<br/>", "\n");
            items.push(Item {
                line,
                kind: label_kind(
                    LabelName {
                        parts: vec![*part],
                        strength: Strength::Star,
                    },
                    &text,
                ),
                raw: format!("{}: {text}", part.name()),
            });
        }
    }
    items
}

/// `--- story: the flaky webhook ---` or `=== Conflict ===`: a rule with a title in it.
fn titled_rule(line: &str) -> Option<String> {
    for mark in ['-', '='] {
        let run = |s: &str| s.chars().take_while(|c| *c == mark).count();
        let lead = run(line);
        let tail = line.chars().rev().take_while(|c| *c == mark).count();
        if lead >= 2 && tail >= 2 && lead + tail < line.len() {
            let inner = line[lead..line.len() - tail].trim();
            if inner.is_empty() || inner.chars().all(|c| c == mark || c == ' ') {
                return None;
            }
            return Some(super::questions::story_title(inner));
        }
    }
    None
}

/// `(S) text`, `[S] text`, `S) text`: a label or a question key in brackets.
fn bracketed(body: &str) -> Option<(&str, &str)> {
    let (key, rest) = if let Some(inner) = body.strip_prefix('(') {
        inner.split_once(')')?
    } else if let Some(inner) = body.strip_prefix('[') {
        inner.split_once(']')?
    } else {
        let (key, rest) = body.split_once(')')?;
        if key.contains(' ') {
            return None;
        }
        (key, rest)
    };
    (key.chars().count() <= 14 && !key.trim().is_empty()).then_some((key.trim(), rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Kind> {
        classify(text).into_iter().map(|item| item.kind).collect()
    }

    fn label_of(line: &str) -> Option<(String, String)> {
        match kinds(line).into_iter().next()? {
            Kind::Label { label, rest, .. } => {
                Some((label.parts.iter().map(|part| part.letter()).collect(), rest))
            }
            _ => None,
        }
    }

    #[test]
    fn labels_in_every_decoration() {
        for (line, letters, rest) in [
            ("**Situation:** We had", "S", "We had"),
            ("**situation** a data scientist", "S", "a data scientist"),
            ("**Task** - find the leak", "T", "find the leak"),
            ("**Situation**: text", "S", "text"),
            ("S: text", "S", "text"),
            ("S - Joined the team", "S", "Joined the team"),
            ("- S: Five teams", "S", "Five teams"),
            ("Situation \u{2013} approved", "S", "approved"),
            ("Situation/**Action**: everyone", "SA", "everyone"),
            ("**Situation/Task:** The brief", "ST", "The brief"),
            ("A+R: put the banners", "AR", "put the banners"),
            (
                "### **The Outcome: Systemic improvement**",
                "R",
                "Systemic improvement",
            ),
            ("### My role", "T", ""),
            ("Responsibility", "T", ""),
            ("Lessons learned", "L", ""),
            ("- Goal: ship it", "T", "ship it"),
            ("learned", "L", ""),
            ("My role: I led", "T", "I led"),
            (
                "> Situation: every new warehouse",
                "S",
                "every new warehouse",
            ),
            ("**Tarea:** Conseguir", "T", "Conseguir"),
        ] {
            assert_eq!(
                label_of(line),
                Some((letters.to_string(), rest.to_string())),
                "{line}"
            );
        }
    }

    #[test]
    fn ordinary_lines_keep_their_words() {
        for line in [
            "*Result* of the test was fine",
            "S",
            "Rolled it back at 10:30",
            "See https://example.com",
            "The situation was bad",
        ] {
            assert_eq!(label_of(line), None, "{line}");
        }
    }

    #[test]
    fn fenced_code_is_text_and_quotes_lose_their_marks() {
        let items = kinds("```text\nTask: compact\n## Result\n```\n> Tell me about a time\n");
        assert!(matches!(&items[1], Kind::Text { text, fenced: true } if text == "Task: compact"));
        assert!(matches!(&items[2], Kind::Text { fenced: true, .. }));
        assert!(matches!(&items[3], Kind::Text { fenced: true, .. }));
        assert!(matches!(&items[4], Kind::Question { text, .. } if text == "Tell me about a time"));
    }

    #[test]
    fn questions_keys_follow_ups_and_or() {
        let items = kinds(
            "Q1 Tell me about a time you failed\n\
             **3. Why did you leave?**\n\
             *Question: can you explain it?*\n\
             *Follow-up: was it safe?* - ran it in log-only mode\n\
             OR\n",
        );
        assert!(
            matches!(&items[0], Kind::Question { text, .. } if text == "Tell me about a time you failed")
        );
        assert!(matches!(&items[1], Kind::Question { text, .. } if text == "Why did you leave?"));
        assert!(matches!(&items[2], Kind::Question { italic: true, .. }));
        assert_eq!(
            items[3],
            Kind::FollowUp {
                question: "was it safe?".into(),
                rest: "ran it in log-only mode".into()
            }
        );
        assert_eq!(items[4], Kind::Or);
    }

    #[test]
    fn a_line_of_labels_is_split_into_them() {
        let items = kinds("Example - Situation: two claimed it. Action: I split it. Result: fine.");
        let pieces: Vec<String> = items
            .iter()
            .map(|kind| match kind {
                Kind::Text { text, .. } => format!("text {text}"),
                Kind::Label { label, rest, .. } => format!("{} {rest}", label.parts[0].letter()),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(
            pieces,
            [
                "text Example",
                "S two claimed it.",
                "A I split it.",
                "R fine."
            ]
        );
        assert_eq!(kinds("We reached the Result: fine").len(), 1);
    }

    #[test]
    fn an_underlined_line_is_a_title() {
        let items = kinds("Interview prep\n=====\n\ntext\n");
        assert!(matches!(&items[0], Kind::Heading { level: 1, text } if text == "Interview prep"));
    }
}

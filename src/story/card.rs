//! A story as a cue card: the title, what the story is for, and each part under its name,
//! wrapped to the terminal with list items hanging under their text.

use std::path::Path;

use unicode_width::UnicodeWidthStr;

use super::Story;
use super::spoken::Spoken;
use crate::domain::duration::format_clock;
use crate::domain::star::Part;
use crate::paint::Paint;
use crate::text::markdown::list_lead;
use crate::text::shown;

/// Labels are padded to this width so the values form a column.
pub const LABEL_WIDTH: usize = 12;

/// The card's lines: title, metadata (with the file's `path`), then every scored part, the
/// optional ones that have text, and the story's other sections that have text. With
/// `spoken`, each part's heading says its words and spoken time.
pub fn card_lines(
    story: &Story,
    path: &Path,
    spoken: Option<&Spoken>,
    width: Option<usize>,
    paint: Paint,
) -> Vec<String> {
    let label = |name: &str| paint.dim(&format!("{name:LABEL_WIDTH$}"));
    let label_indent = " ".repeat(LABEL_WIDTH);
    let mut lines = vec![paint.bold(&story.title)];
    let field = |lines: &mut Vec<String>, name: &str, value: &str| {
        let value = shown(value);
        let wrapped = wrap_block(&value, width.map(|w| w.saturating_sub(LABEL_WIDTH)), "");
        for (index, line) in wrapped.into_iter().enumerate() {
            let head = if index == 0 {
                label(name)
            } else {
                label_indent.clone()
            };
            lines.push(format!("{head}{line}"));
        }
    };
    field(
        &mut lines,
        "categories",
        &or_dash(&story.categories.join(", ")),
    );
    if !story.tags.is_empty() {
        field(&mut lines, "tags", &story.tags.join(", "));
    }
    if let Some(summary) = &story.summary {
        field(&mut lines, "summary", summary);
    }
    if let Some(question) = &story.question {
        field(&mut lines, "question", question);
    }
    field(&mut lines, "file", &path.display().to_string());

    let part_heading = |part: Part| match spoken.and_then(|spoken| spoken.parts[part]) {
        Some(said) => format!(
            "{}  {}",
            paint.bold(part.name()),
            paint.dim(&format!(
                "{} words, about {}",
                said.words,
                format_clock(std::time::Duration::from_secs(said.spoken_s))
            ))
        ),
        None => paint.bold(part.name()),
    };
    let sections = story
        .parts
        .iter()
        .filter(|(part, text)| part.is_scored() || text.is_some())
        .map(|(part, text)| (part_heading(part), text.as_deref()))
        .chain(
            story
                .other_sections
                .iter()
                .filter(|section| !section.text.is_empty())
                .map(|section| (paint.bold(&section.heading), Some(section.text.as_str()))),
        );
    for (heading, text) in sections {
        lines.push(String::new());
        lines.push(heading);
        match text {
            Some(text) => lines.extend(wrap_block(&shown(text), width, "  ")),
            None => lines.push(format!("  {}", paint.dim("(not written yet)"))),
        }
    }
    lines
}

/// `text`, or `-` when it is empty.
pub fn or_dash(text: &str) -> String {
    if text.is_empty() {
        "-".to_string()
    } else {
        text.to_string()
    }
}

/// `text` line by line behind `indent`; with a width, long lines wrap, and the wrapped rest of
/// a list item hangs under its text rather than its marker.
pub fn wrap_block(text: &str, width: Option<usize>, indent: &str) -> Vec<String> {
    let mut lines = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            lines.push(String::new());
            continue;
        }
        let Some(width) = width else {
            lines.push(format!("{indent}{line}"));
            continue;
        };
        let (marker, rest) = line.split_at(list_lead(line));
        let hang: String = marker
            .chars()
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let room = width
            .saturating_sub(indent.width() + marker.width())
            .max(20);
        for (index, piece) in textwrap::wrap(rest, room).into_iter().enumerate() {
            let head = if index == 0 { marker } else { hang.as_str() };
            lines.push(format!("{head_indent}{head}{piece}", head_indent = indent));
        }
    }
    lines
}

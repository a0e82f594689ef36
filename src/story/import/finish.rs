//! The last pass of the import: each draft judged a story or not (a template, a pointer to
//! another story, an unanswered question, advice), and a story's parts, title, categories
//! and warnings made from its lines.

use super::group::{Chunk, Draft, Place};
use super::questions::{MAX_TITLE, capitalise, is_not_for_a_story, shorten, title_from_question};
use super::{FollowUp, ImportedStory, LeftOut, Source, has_past_tense};
use crate::domain::star::{Part, PartMap};
use crate::domain::star_split::{clauses, parts_among, parts_of, sentences};
use crate::story::PartTexts;
use crate::text::markdown::{Fence, trim_blank_lines};

/// What a draft turned out to be.
#[derive(Debug)]
pub enum Finished {
    Story(Box<ImportedStory>),
    LeftOut(LeftOut),
    /// A heading or a topic with nothing under it: not worth a word.
    Nothing,
}

/// The warning on a story that had no labels.
pub const NO_LABELS: &str =
    "no labels: the text was split into parts by its wording; check where each starts";

/// A story whose text gives no words at all.
const UNTITLED: &str = "Untitled story";

/// Judges and finishes `draft`, found in `file`; `guess` gives the categories of a text, and
/// `controlled` are the lines of the file that had control characters taken out, as they
/// read after.
pub fn finish(
    draft: Draft,
    file: &str,
    guess: &dyn Fn(&str) -> Vec<String>,
    controlled: &[(usize, String)],
) -> Finished {
    let mut warnings = draft.warnings.clone();
    let mut parts = PartTexts::default();
    let mut labelled_empty = Vec::new();
    for part in Part::ALL {
        for chunk in &draft.chunks[part] {
            let text = trim_blank_lines(&chunk.lines);
            if !is_placeholder(&text) {
                fill_chunk(&mut parts, &mut warnings, chunk, &text);
            }
        }
        if let Some(first) = draft.chunks[part].first()
            && parts[part].is_none()
        {
            labelled_empty.push((part, first.line));
        }
    }
    let lead = trim_blank_lines(&draft.lead);
    let lead = if is_placeholder(&lead) {
        String::new()
    } else {
        lead
    };
    let follow_ups: Vec<FollowUp> = draft
        .follow_ups
        .iter()
        .map(|follow_up| FollowUp {
            question: follow_up.question.clone(),
            answer: Some(trim_blank_lines(&follow_up.answer)).filter(|answer| !answer.is_empty()),
        })
        .collect();
    let filled = parts.present().count();
    let asked = draft.question.clone().or_else(|| draft.title.clone());
    let shown = asked.clone().unwrap_or_default();
    let left_out = |why: &str| {
        Finished::LeftOut(LeftOut {
            line: draft.line,
            text: shown.clone(),
            why: why.to_string(),
        })
    };

    let all_text = std::iter::once(lead.as_str())
        .chain(parts.present().map(|(_, text)| text.as_str()))
        .collect::<Vec<_>>()
        .join("\n");
    let words = all_text.split_whitespace().count();
    // Who tells it and whether anything happened in it are read from English words; text in
    // another language is not judged by them.
    let english = looks_english(&all_text);
    let told_by_someone = !english || has_first_person(&unquoted(&all_text));
    let something_happened = !english || has_past_tense(&all_text);

    if shown.to_lowercase().contains("not stor") || shown.to_lowercase().contains("not star") {
        return left_out("marked as not a story");
    }
    if filled == 0 && lead.is_empty() && follow_ups.is_empty() {
        return if draft.has_labels() {
            left_out("an empty template (labels with nothing under them)")
        } else if draft.question.is_some() {
            left_out("an unanswered question")
        } else {
            Finished::Nothing
        };
    }
    if asked.as_deref().is_some_and(is_not_for_a_story) && filled < 2 {
        return left_out("a question a story does not answer");
    }
    if filled == 0 {
        if is_reference(&lead) {
            return left_out("a pointer to another story, not a story");
        }
        // In a language not read for who tells it, a story needs more words before it is
        // taken for one.
        let enough = if english { 20 } else { 40 };
        if words < enough {
            return left_out("too short to be a story");
        }
        if !told_by_someone {
            return left_out("notes, not a story (no I or we in it)");
        }
        if is_list_of_notes(&lead) {
            return left_out("a list of notes, not a story");
        }
        if !something_happened {
            return left_out("notes, not a story (nothing in it has happened)");
        }
        split_by_wording(&lead, &mut parts);
        warnings.push(NO_LABELS.to_string());
    } else {
        if filled == 1 && draft.question.is_none() && draft.title.is_none() && lead.is_empty() {
            return left_out("a single labelled line, not a story");
        }
        let advice = english
            && short_parts(&parts)
            && draft.question.is_none()
            && (!something_happened || addresses_the_reader(&all_text));
        if !told_by_someone && (filled == 1 && words < 25 || advice) {
            return left_out("notes or advice, not a story (no I or we in it)");
        }
        for (part, line) in &labelled_empty {
            warnings.push(format!("{} label has no text (line {line})", part.name()));
        }
        if !lead.is_empty() {
            add_lead(&mut parts, &mut warnings, lead, draft.lead_line);
        }
        for part in Part::SCORED {
            if parts[part].is_none() && !labelled_empty.iter().any(|(empty, _)| *empty == part) {
                warnings.push(format!("no {} found", part.name()));
            }
        }
    }
    close_fences(&mut parts, &mut warnings);
    warn_of_removed_controls(&draft, &parts, controlled, &mut warnings);

    let title = draft
        .title
        .clone()
        .filter(|title| !title.trim().is_empty())
        .or_else(|| draft.question.as_deref().map(title_from_question))
        .filter(|title| !title.trim().is_empty())
        .unwrap_or_else(|| title_from_text(&parts));
    let mut described = vec![title.clone()];
    described.extend(draft.question.clone());
    described.extend(draft.alternates.iter().cloned());
    described.extend(draft.context.iter().cloned());
    let categories = guess(&described.join(" \n "));
    Finished::Story(Box::new(ImportedStory {
        title,
        categories,
        source: Source {
            file: file.to_string(),
            line: draft.line,
        },
        question: draft.question,
        alternates: draft.alternates,
        parts,
        follow_ups,
        warnings,
    }))
}

/// Puts one label's text in its part; a label naming several parts (`Situation/Task`)
/// shares its text between them by wording.
fn fill_chunk(parts: &mut PartTexts, warnings: &mut Vec<String>, chunk: &Chunk, text: &str) {
    let part = chunk.parts[0];
    if chunk.parts.len() == 1 {
        append(parts, part, text);
        return;
    }
    let pieces = clauses(text);
    let said: Vec<&str> = pieces.iter().map(|range| &text[range.clone()]).collect();
    let chosen = parts_among(&said, &chunk.parts);
    let mut shared = PartMap::<Option<(usize, usize)>>::default();
    for (range, part) in pieces.iter().zip(&chosen) {
        let slot = &mut shared[*part];
        *slot = Some(slot.map_or((range.start, range.end), |(start, _)| (start, range.end)));
    }
    let names: Vec<&str> = chunk.parts.iter().map(|part| part.name()).collect();
    let used: Vec<&str> = shared.present().map(|(part, _)| part.name()).collect();
    if used.len() > 1 {
        warnings.push(format!(
            "line {}: the {} text was shared out by its wording; check where each part starts",
            chunk.line,
            names.join("/")
        ));
    } else {
        warnings.push(format!(
            "line {}: the {} text is all kept as the {}; move what belongs to the others",
            chunk.line,
            names.join("/"),
            used.first().copied().unwrap_or(part.name())
        ));
    }
    for (part, (start, end)) in shared.present() {
        append(parts, part, text[*start..*end].trim());
    }
}

/// Adds `text` to `part`, after a blank line when the part has text already.
fn append(parts: &mut PartTexts, part: Part, text: &str) {
    match &mut parts[part] {
        Some(earlier) => {
            earlier.push_str("\n\n");
            earlier.push_str(text);
        }
        slot => *slot = Some(text.to_string()),
    }
}

/// Text before the first label is the Situation when there is no other; otherwise it goes
/// before the labelled Situation, and the person is told.
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

/// Shares an unlabelled answer out between the parts, sentence by sentence, by wording.
fn split_by_wording(text: &str, parts: &mut PartTexts) {
    let ranges = sentences(text);
    let said: Vec<&str> = ranges.iter().map(|range| &text[range.clone()]).collect();
    let chosen = parts_of(&said);
    let mut spans = PartMap::<Option<(usize, usize)>>::default();
    for (range, part) in ranges.iter().zip(&chosen) {
        let slot = &mut spans[*part];
        *slot = Some(slot.map_or((range.start, range.end), |(start, _)| (start, range.end)));
    }
    for (part, (start, end)) in spans.present() {
        parts[part] = Some(text[*start..*end].trim().to_string());
    }
}

/// One warning for each place in the story (a part, its question, its title, its follow-ups)
/// that had control characters or escape sequences taken out of its lines, naming them.
fn warn_of_removed_controls(
    draft: &Draft,
    parts: &PartTexts,
    controlled: &[(usize, String)],
    warnings: &mut Vec<String>,
) {
    let mut places: Vec<(&str, Vec<usize>)> = Vec::new();
    for (line, text) in controlled {
        let Some(place) = draft
            .placed
            .iter()
            .find(|(placed, _)| placed == line)
            .map(|(_, place)| *place)
        else {
            continue;
        };
        let name = match place {
            Place::Title => "title",
            Place::Question => "question",
            Place::FollowUp => "follow-ups",
            Place::Part(part) => part.name(),
            // Text before the labels is added to the Situation; with no labels it was
            // shared out, and the line is in the part that holds its first sentence.
            Place::Lead if draft.has_labels() => Part::Situation.name(),
            Place::Lead => {
                let opening = sentences(text)
                    .first()
                    .map_or(text.trim(), |range| text[range.clone()].trim());
                parts
                    .present()
                    .find(|(_, part_text)| part_text.contains(opening))
                    .map_or(Part::Situation, |(part, _)| part)
                    .name()
            }
        };
        match places.iter_mut().find(|(named, _)| *named == name) {
            Some((_, lines)) => lines.push(*line),
            None => places.push((name, vec![*line])),
        }
    }
    for (name, lines) in places {
        let numbers = lines
            .iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        let which = if lines.len() == 1 { "line" } else { "lines" };
        warnings.push(format!(
            "control characters or escape sequences removed from the {name} ({which} {numbers})"
        ));
    }
}

/// A part ending inside a code fence would swallow the rest of the story file: it is closed.
fn close_fences(parts: &mut PartTexts, warnings: &mut Vec<String>) {
    for part in Part::ALL {
        let Some(text) = parts[part].as_mut() else {
            continue;
        };
        let mut open: Option<Fence> = None;
        for line in text.lines() {
            match open {
                Some(fence) if fence.is_closed_by(line) => open = None,
                Some(_) => {}
                None => open = Fence::opened_by(line),
            }
        }
        if let Some(fence) = open {
            text.push('\n');
            text.push_str(&fence.closing());
            warnings.push(format!(
                "a code block in the {} never closes: it is closed at the end of the part",
                part.name()
            ));
        }
    }
}

/// Whether `text` stands in for an answer not written yet: nothing, `...`, `TBD`, `-`.
fn is_placeholder(text: &str) -> bool {
    let bare = text.trim().trim_matches(|c: char| {
        c == '*' || c == '_' || c == '[' || c == ']' || c == '<' || c == '>'
    });
    let lower = bare.to_lowercase();
    bare.is_empty()
        || bare.chars().all(|c| !c.is_alphanumeric())
        || matches!(
            lower.as_str(),
            "tbd" | "todo" | "tba" | "xxx" | "n/a" | "na" | "fill in" | "later"
        )
}

/// Whether `text` points to another story instead of telling one (`Same answer as above`,
/// `use the cost story`).
fn is_reference(text: &str) -> bool {
    const POINTERS: [&str; 15] = [
        "same answer",
        "same as",
        "same story",
        "see above",
        "as above",
        "see the",
        "use the",
        "use #",
        "use story",
        "reuse the",
        "answer: mention",
        "need a story",
        "find a story",
        "no story yet",
        "story for this",
    ];
    let lower = text.to_lowercase();
    text.split_whitespace().count() <= 30 && POINTERS.iter().any(|pointer| lower.contains(pointer))
}

/// `text` without what it quotes (`They care about "I"` speaks of a word, not as one).
fn unquoted(text: &str) -> String {
    let mut kept = String::with_capacity(text.len());
    let mut closing: Option<char> = None;
    for c in text.chars() {
        match closing {
            Some(close) if c == close => closing = None,
            Some(_) => {}
            None => match c {
                '"' => closing = Some('"'),
                '\u{201c}' => closing = Some('\u{201d}'),
                _ => kept.push(c),
            },
        }
    }
    kept
}

/// Whether `text` is a list of short items (`- I write things down`) or a table, as notes
/// are: a told story runs in sentences.
fn is_list_of_notes(text: &str) -> bool {
    let lines: Vec<&str> = text
        .lines()
        .filter(|line| !line.trim().is_empty())
        .collect();
    lines.len() >= 2
        && lines.iter().all(|line| {
            let line = line.trim();
            let item = crate::text::markdown::strip_list_marker(line);
            line.starts_with('|') || item.is_some_and(|item| item.split_whitespace().count() <= 14)
        })
}

/// Whether `text` speaks to its reader (`say what you owned`), as advice does.
fn addresses_the_reader(text: &str) -> bool {
    unquoted(text)
        .to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .any(|word| matches!(word, "you" | "your" | "you're" | "yourself"))
}

/// Whether every part is a few words at most, as advice and templates are.
fn short_parts(parts: &PartTexts) -> bool {
    parts
        .present()
        .all(|(_, text)| text.split_whitespace().count() <= 12)
}

/// Whether `text` reads as English: almost no letters outside ASCII, and (for a text long
/// enough to tell) a fair share of the commonest English words.
fn looks_english(text: &str) -> bool {
    const COMMON: &[&str] = &[
        "the", "a", "an", "and", "to", "of", "in", "on", "for", "with", "was", "were", "is", "it",
        "that", "i", "we", "my", "our", "he", "she", "they", "had", "at", "by", "from", "but",
        "so", "as", "be", "this", "not", "no", "me", "us", "his", "her", "their", "them", "has",
        "have", "each", "all", "one", "two", "what", "when", "how", "who",
    ];
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    let foreign = text
        .chars()
        .filter(|c| c.is_alphabetic() && !c.is_ascii())
        .count();
    if letters == 0 {
        return true;
    }
    if foreign * 50 > letters {
        return false;
    }
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphabetic() && c != '\'')
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect();
    let common = words
        .iter()
        .filter(|word| COMMON.contains(&word.as_str()))
        .count();
    words.len() < 30 || common * 100 / words.len() >= 8
}

/// Whether `text` speaks in the first person, as a told story does, in the languages notes
/// are kept in.
fn has_first_person(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "i", "i'm", "i've", "i'd", "i'll", "me", "my", "mine", "myself", "we", "we're", "we've",
        "we'd", "our", "ours", "us", "yo", "mi", "mis", "nosotros", "nosotras", "nuestro",
        "nuestra", "nuestros", "nuestras", "nos", "conmigo", "je", "j'", "moi", "mon", "ma", "mes",
        "nous", "notre", "ich", "mich", "mir", "mein", "meine", "wir", "uns", "unser", "unsere",
        "eu", "meu", "minha", "nós", "nosso", "nossa", "io", "mio", "mia", "noi", "nostro",
        "nostra",
    ];
    text.to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .any(|word| WORDS.contains(&word) || word.starts_with("j'"))
}

/// A title from the first sentence of the story's first part.
fn title_from_text(parts: &PartTexts) -> String {
    parts
        .present()
        .flat_map(|(_, text)| text.lines())
        .map(|line| first_sentence(super::lines::strip_emphasis(line.trim())))
        .find(|sentence| !sentence.is_empty())
        .map_or_else(
            || UNTITLED.to_string(),
            |sentence| capitalise(&shorten(&sentence, MAX_TITLE)),
        )
}

/// `line` up to the end of its first sentence, without the closing punctuation.
fn first_sentence(line: &str) -> String {
    let line = crate::text::markdown::strip_list_marker(line).unwrap_or(line);
    let sentence = [". ", "! ", "? "]
        .iter()
        .filter_map(|end| line.find(end))
        .min()
        .map_or(line, |end| &line[..end]);
    sentence
        .trim_end_matches(['.', '!', '?', ':', ' '])
        .to_string()
}

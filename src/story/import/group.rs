//! The second pass of the import: where each story starts and ends, and which lines are its
//! parts, its follow-ups, or nobody's.
//!
//! A story starts at a question, at a heading with its own text under it, at a topic line
//! directly over a label (`Growth`, then `Situation`), or at a label the story before has moved
//! past (a second `Situation` after a `Result`). A heading whose text is only deeper headings
//! is context for the stories under it (a competency, a leadership principle); a heading
//! directly over a question is context too. Two wordings of one question, in a row or with
//! `OR` between them, are one story's.

use super::lines::{Item, Kind};
use super::questions::{Sureness, after_name_key, story_title};
use crate::domain::star::{Part, PartMap};

/// A story as the lines give it, before it is judged and finished.
#[derive(Debug, Default)]
pub struct Draft {
    /// 1-based line where the story starts.
    pub line: usize,
    /// A heading or topic line naming the story.
    pub title: Option<String>,
    pub question: Option<String>,
    /// Other wordings of the question.
    pub alternates: Vec<String>,
    /// The headings above the story, outermost first.
    pub context: Vec<String>,
    /// Lines before the first label, and where the first of them is.
    pub lead: Vec<String>,
    pub lead_line: Option<usize>,
    /// Each label's lines, by the first part it names, in order.
    pub chunks: PartMap<Vec<Chunk>>,
    pub follow_ups: Vec<FollowUpDraft>,
    pub warnings: Vec<String>,
    open: Open,
    /// The furthest part a label has opened.
    reached: Option<Part>,
    /// A separator ended the last part: lines after it are not the story's.
    closed: bool,
    /// The line of the last question taken, to tell a second wording from a new question.
    question_line: usize,
    /// A bare `Question:` key was seen: the next line of text is the question.
    awaiting_question: bool,
    /// Where each line of the story went, in order: to name the part that held what was
    /// taken out of a line.
    pub placed: Vec<(usize, Place)>,
}

/// Where a line of a story went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Title,
    Question,
    /// Text before the first label, which the finish gives to the parts.
    Lead,
    Part(Part),
    FollowUp,
}

/// The lines under one label.
#[derive(Debug)]
pub struct Chunk {
    pub line: usize,
    /// The parts the label names: one, or several for `Situation/Task`.
    pub parts: Vec<Part>,
    pub lines: Vec<String>,
}

/// An interviewer's follow-up written inside a story, and the answer under it.
#[derive(Debug)]
pub struct FollowUpDraft {
    pub question: String,
    pub answer: Vec<String>,
}

/// Where the next line of text goes.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Open {
    #[default]
    Lead,
    Part(Part),
    FollowUp,
}

impl Draft {
    fn new(line: usize, context: Vec<String>) -> Draft {
        Draft {
            line,
            context,
            ..Draft::default()
        }
    }

    /// Whether any label was written.
    pub fn has_labels(&self) -> bool {
        self.chunks.iter().any(|(_, chunks)| !chunks.is_empty())
    }

    /// Whether anything was written under the question or title: text, a label or a
    /// follow-up.
    fn has_content(&self) -> bool {
        self.has_labels() || self.lead_line.is_some() || !self.follow_ups.is_empty()
    }

    /// Whether a label for `part` comes after the story has gone past it.
    fn moved_past(&self, part: Part) -> bool {
        self.reached.is_some_and(|reached| part < reached)
    }

    /// Whether a label for `part` starts another story after this one: the story has gone
    /// past it, or a separator closed the story after it.
    fn restarts_at(&self, part: Part) -> bool {
        if self.closed {
            self.has_from(part)
        } else {
            self.moved_past(part)
        }
    }

    /// Whether the story has a label for `part` or a later one (lead text is a Situation).
    fn has_from(&self, part: Part) -> bool {
        self.reached.is_some_and(|reached| part <= reached)
            || (part == Part::Situation && self.lead_line.is_some())
    }

    /// Names the story by `title`, written on `line`.
    fn name(&mut self, line: usize, title: String) {
        self.title = Some(title);
        self.placed.push((line, Place::Title));
    }

    /// Takes `question`, asked on `line`, as the story's question.
    fn ask(&mut self, line: usize, question: &str) {
        self.question = Some(question.to_string());
        self.question_line = line;
        self.placed.push((line, Place::Question));
    }

    fn push(&mut self, line: usize, text: &str) {
        if !text.trim().is_empty() {
            let place = match self.open {
                Open::Lead => Place::Lead,
                Open::Part(part) => Place::Part(part),
                Open::FollowUp => Place::FollowUp,
            };
            self.placed.push((line, place));
        }
        match self.open {
            Open::Part(part) => {
                if let Some(chunk) = self.chunks[part].last_mut() {
                    chunk.lines.push(text.to_string());
                }
            }
            Open::FollowUp => {
                if let Some(follow_up) = self.follow_ups.last_mut() {
                    follow_up.answer.push(text.to_string());
                }
            }
            Open::Lead => {
                if self.lead_line.is_none() && !text.trim().is_empty() {
                    self.lead_line = Some(line);
                }
                self.lead.push(text.to_string());
            }
        }
    }

    fn open_label(&mut self, parts: &[Part], line: usize, rest: &str) {
        let Some(&part) = parts.first() else { return };
        if let Some(first) = self.chunks[part].first() {
            self.warnings.push(format!(
                "{} label seen twice (lines {} and {}): the second is added to the first",
                part.name(),
                first.line,
                line
            ));
        }
        let lines = if rest.is_empty() {
            Vec::new()
        } else {
            vec![rest.to_string()]
        };
        self.chunks[part].push(Chunk {
            line,
            parts: parts.to_vec(),
            lines,
        });
        self.placed.push((line, Place::Part(part)));
        let furthest = parts.iter().copied().max().unwrap_or(part);
        self.reached = Some(
            self.reached
                .map_or(furthest, |reached| reached.max(furthest)),
        );
        self.open = Open::Part(part);
        self.closed = false;
    }

    fn open_follow_up(&mut self, line: usize, question: &str, rest: &str) {
        let answer = if rest.is_empty() {
            Vec::new()
        } else {
            vec![rest.to_string()]
        };
        self.follow_ups.push(FollowUpDraft {
            question: question.to_string(),
            answer,
        });
        self.placed.push((line, Place::FollowUp));
        self.open = Open::FollowUp;
    }

    /// The name of where text now goes, for a warning.
    fn open_name(&self) -> &'static str {
        match self.open {
            Open::Part(part) => part.name(),
            Open::FollowUp => "follow-up",
            Open::Lead => "text before the first label",
        }
    }
}

/// The drafts of the items, in order.
pub fn group(items: &[Item]) -> Vec<Draft> {
    let mut grouper = Grouper {
        items,
        done: Vec::new(),
        current: None,
        context: Vec::new(),
        loose: Vec::new(),
        stray: Vec::new(),
        or_pending: false,
        file_title: None,
        pending_title: None,
        skip_intro: false,
    };
    for index in 0..items.len() {
        grouper.item(index);
    }
    grouper.finish_current();
    let mut done = grouper.done;
    if let ([only], Some(title)) = (done.as_mut_slice(), grouper.file_title)
        && only.title.is_none()
        && only.question.is_none()
    {
        only.title = Some(story_title(&title));
    }
    done
}

struct Grouper<'a> {
    items: &'a [Item],
    done: Vec<Draft>,
    current: Option<Draft>,
    /// The headings above the current line: level and text.
    context: Vec<(usize, String)>,
    /// Items outside any story since the last blank line.
    loose: Vec<usize>,
    /// Text outside any story since the last separator or story start.
    stray: Vec<usize>,
    /// An `OR` line came since the last question.
    or_pending: bool,
    /// The heading on the file's first line, over an introduction.
    file_title: Option<String>,
    /// A heading over the question about to start a story, which names it, and its line.
    pending_title: Option<(usize, String)>,
    /// The lines up to the next blank one introduce the file, not a story.
    skip_intro: bool,
}

impl Grouper<'_> {
    fn item(&mut self, index: usize) {
        let item = &self.items[index];
        if self.skip_intro {
            if item.kind.is_blank() {
                self.skip_intro = false;
            }
            return;
        }
        match &item.kind {
            Kind::Blank => {
                self.loose.clear();
                self.push_text(index);
            }
            Kind::Separator => {
                if let Some(draft) = self.current.as_mut() {
                    draft.closed = true;
                }
                self.loose.clear();
                self.stray.clear();
                self.or_pending = false;
            }
            // A note to self inside a part is the person's own text; before one, it is not
            // the story's.
            Kind::Scratch => {
                if self
                    .current
                    .as_ref()
                    .is_some_and(|draft| !draft.closed && draft.has_labels())
                {
                    self.push_text(index);
                }
            }
            Kind::Or => self.or_pending = true,
            Kind::RowStart { title } => {
                self.finish_current();
                let mut draft = Draft::new(item.line, self.context_texts());
                draft.title = title.clone();
                // The row's question, if it has one, comes next.
                draft.awaiting_question = true;
                self.current = Some(draft);
            }
            Kind::Heading { level, text } => self.heading(index, *level, text),
            Kind::Question {
                text,
                sureness,
                heading,
                italic,
            } => self.question(index, text, *sureness, *heading, *italic),
            Kind::Label { label, rest, .. } => {
                let strength = label.strength;
                self.label(index, &label.parts, strength, rest);
            }
            Kind::FollowUp { question, rest } => match self.current.as_mut() {
                Some(draft) if draft.has_labels() && !draft.closed => {
                    draft.open_follow_up(item.line, question, rest);
                }
                _ => self.start_question(index, question),
            },
            Kind::Text { fenced, .. } => {
                if !fenced && self.topic_line(index) {
                    self.finish_current();
                    let mut draft = Draft::new(item.line, self.context_texts());
                    draft.name(item.line, story_title(&item.raw));
                    self.current = Some(draft);
                    return;
                }
                if let Some(draft) = self.current.as_mut()
                    && draft.question.is_some()
                    && !draft.has_content()
                    && let Some(nickname) = nickname(&item.raw)
                {
                    if draft.title.is_none() {
                        draft.name(item.line, nickname);
                    }
                    return;
                }
                if let Some(draft) = self.current.as_mut()
                    && draft.awaiting_question
                {
                    draft.awaiting_question = false;
                    draft.ask(item.line, item.raw.trim());
                    return;
                }
                if !fenced && self.opens_another_unlabelled_story(index) {
                    self.finish_current();
                    self.current = Some(Draft::new(item.line, self.context_texts()));
                }
                if !fenced && self.caption_after_story(index) {
                    if let Some(draft) = self.current.as_mut() {
                        draft.closed = true;
                    }
                    self.loose.push(index);
                    return;
                }
                self.push_text(index);
            }
        }
    }

    /// Puts item `index` in the open story as text, or among the loose lines.
    fn push_text(&mut self, index: usize) {
        let item = &self.items[index];
        match self.current.as_mut() {
            Some(draft) if !draft.closed => draft.push(item.line, &item.raw),
            _ => {
                if !item.kind.is_blank() {
                    self.loose.push(index);
                    self.stray.push(index);
                }
            }
        }
    }

    fn heading(&mut self, index: usize, level: usize, text: &str) {
        self.finish_current();
        self.pending_title = None;
        self.context.retain(|(outer, _)| *outer < level);
        let next = self.next_content(index + 1);
        let first_in_file = self.items[..index].iter().all(|item| item.kind.is_blank());
        let item = &self.items[index];
        let story_here = match next.map(|next| &self.items[next].kind) {
            // A question under the heading starts the story; the heading names it, unless it
            // names a competency or principle, or groups several questions.
            Some(Kind::Question { .. }) => {
                if !self.is_context(index, level, text, first_in_file)
                    && !names_a_group(&story_title(text))
                {
                    self.pending_title = Some((item.line, story_title(text)));
                }
                false
            }
            // The file's own title over an introduction, or a story told under its heading:
            // which one is for the finish to judge.
            Some(Kind::Text { .. } | Kind::Scratch) if first_in_file => {
                self.file_title = Some(text.to_string());
                let mut draft = Draft::new(item.line, self.context_texts());
                draft.name(item.line, story_title(text));
                self.current = Some(draft);
                false
            }
            // `# Prep notes` over `Role: Senior PM, Acme`: the file's title and whose it is.
            Some(Kind::Label { label, .. })
                if first_in_file && label.strength == super::labels::Strength::Role =>
            {
                self.file_title = Some(text.to_string());
                self.skip_intro = true;
                false
            }
            Some(
                Kind::Label { .. } | Kind::Text { .. } | Kind::FollowUp { .. } | Kind::Scratch,
            ) => true,
            _ => false,
        };
        if story_here {
            let mut draft = Draft::new(item.line, self.context_texts());
            draft.name(item.line, story_title(text));
            self.current = Some(draft);
        } else {
            self.context.push((level, text.to_string()));
        }
    }

    /// Whether the heading at `index` is context for the stories under it rather than one
    /// story's own: it names a competency, a category or a principle, or two or more
    /// questions come under it before the next heading as high (or, below the file's title,
    /// the next separator).
    fn is_context(&self, index: usize, level: usize, text: &str, file_title: bool) -> bool {
        if names_a_group(text) {
            return true;
        }
        let mut questions = 0;
        let mut after_or = false;
        for item in &self.items[index + 1..] {
            match &item.kind {
                // Another wording of the question before it asks nothing new.
                Kind::Question { .. } if after_or => {}
                Kind::Heading { level: other, .. }
                | Kind::Question {
                    heading: Some(other),
                    ..
                } if *other <= level => break,
                Kind::Separator if !file_title => break,
                Kind::Question {
                    sureness: Sureness::Sure,
                    ..
                } => questions += 1,
                _ => {}
            }
            after_or = matches!(item.kind, Kind::Or) || (after_or && item.kind.is_blank());
        }
        questions >= 2
    }

    fn question(
        &mut self,
        index: usize,
        text: &str,
        sureness: Sureness,
        heading: Option<usize>,
        italic: bool,
    ) {
        let line = self.items[index].line;
        if let Some(draft) = self.current.as_mut()
            && draft.awaiting_question
            && !text.is_empty()
        {
            draft.awaiting_question = false;
            draft.ask(line, text);
            return;
        }
        // An interviewer's question written inside a story, in italics, is its follow-up;
        // but when the parts after it start over, it is the question they answer.
        if italic
            && text.contains('?')
            && !super::questions::asks_for_a_story(text)
            && !self.parts_start_over_after(index)
            && let Some(draft) = self.current.as_mut()
            && draft.has_labels()
            && !draft.closed
        {
            draft.open_follow_up(line, text, "");
            return;
        }
        if sureness == Sureness::Maybe && !self.maybe_is_question(index) {
            if let Some(draft) = self.current.as_mut()
                && !draft.closed
            {
                draft.warnings.push(format!(
                    "line {line}: \"{text}\" reads like a question; it is kept as text of the {}",
                    draft.open_name()
                ));
            }
            self.push_text(index);
            return;
        }
        if let Some(level) = heading {
            self.context.retain(|(outer, _)| *outer < level);
            let next = self.next_content(index + 1);
            let deeper = next.is_some_and(|next| match &self.items[next].kind {
                Kind::Heading { level: inner, .. } => *inner > level,
                Kind::Question {
                    heading: Some(inner),
                    ..
                } => *inner > level,
                _ => false,
            });
            if deeper {
                self.finish_current();
                self.context.push((level, text.to_string()));
                return;
            }
        }
        if let Some(draft) = self.current.as_mut()
            && !draft.has_content()
            && !text.is_empty()
        {
            if draft.awaiting_question {
                draft.awaiting_question = false;
                draft.ask(line, text);
                return;
            }
            let after_question = self.items[..index]
                .iter()
                .rev()
                .find(|item| !matches!(item.kind, Kind::Or))
                .is_some_and(|item| item.line == draft.question_line);
            // `### Or: ...` or `OR` over a heading says outright that it is the same
            // question; two heading questions in a row with nothing between are two stories.
            if self.or_pending || (heading.is_none() && after_question) {
                draft.alternates.push(text.to_string());
                draft.question_line = line;
                draft.placed.push((line, Place::Question));
                self.or_pending = false;
                return;
            }
        }
        self.start_question(index, text);
    }

    /// Whether the next label after item `index`, with only text between, starts another
    /// story after the open one (a `Situation` after its `Result`). A role word there is more
    /// likely the open part's text, as [`Grouper::label`] keeps it.
    fn parts_start_over_after(&self, index: usize) -> bool {
        let Some(draft) = self.current.as_ref() else {
            return false;
        };
        let next_label = self.items[index + 1..]
            .iter()
            .find(|item| !matches!(item.kind, Kind::Blank | Kind::Text { .. } | Kind::Scratch));
        match next_label.map(|item| &item.kind) {
            Some(Kind::Label { label, .. }) => label.parts.first().is_some_and(|&part| {
                draft.restarts_at(part)
                    && (draft.closed || label.strength != super::labels::Strength::Role)
            }),
            _ => false,
        }
    }

    fn start_question(&mut self, index: usize, text: &str) {
        self.finish_current();
        let line = self.items[index].line;
        let mut draft = Draft::new(line, self.context_texts());
        if let Some((title_line, title)) = self.pending_title.take() {
            draft.name(title_line, title);
        }
        if text.is_empty() {
            // `**Question:**` alone: the question is on the next line.
            draft.awaiting_question = true;
            draft.question_line = line;
        } else {
            draft.ask(line, text);
        }
        self.current = Some(draft);
        self.or_pending = false;
    }

    /// Whether a line that may be a question (`How do you handle conflicts`) is one: it
    /// stands alone (a blank line or a heading above it), and a label comes next, or text
    /// comes next where no story is open or the open one is told to its Result.
    fn maybe_is_question(&self, index: usize) -> bool {
        let alone = index == 0
            || matches!(
                self.items[index - 1].kind,
                Kind::Blank | Kind::Separator | Kind::Heading { .. } | Kind::Or
            );
        if !alone {
            return false;
        }
        let Some(next) = self.next_content(index + 1) else {
            return false;
        };
        match &self.items[next].kind {
            Kind::Label { .. } => true,
            Kind::Text { .. } => self.current.as_ref().is_none_or(|draft| {
                draft.closed
                    || !draft.has_labels()
                    || draft.reached.is_some_and(|reached| reached >= Part::Result)
            }),
            _ => false,
        }
    }

    fn label(
        &mut self,
        index: usize,
        parts: &[Part],
        strength: super::labels::Strength,
        rest: &str,
    ) {
        let Some(&part) = parts.first() else { return };
        let item = &self.items[index];
        // `Q: ...` then `A: ...` is a question and its answer, not an Action.
        if strength == super::labels::Strength::Letter
            && part == Part::Action
            && self
                .previous_content(index)
                .is_some_and(|previous| matches!(self.items[previous].kind, Kind::Question { .. }))
            && let Some(draft) = self.current.as_mut()
            && !draft.has_labels()
        {
            draft.push(item.line, rest);
            return;
        }
        let starts_story = self
            .current
            .as_ref()
            .is_none_or(|draft| draft.restarts_at(part));
        if starts_story && strength == super::labels::Strength::Role && self.current.is_some() {
            // A role word (`Problem:`) inside a story's later part is more likely its text
            // than the start of another story.
            if let Some(draft) = self.current.as_mut()
                && !draft.closed
            {
                draft.warnings.push(format!(
                    "line {}: \"{}\" could start another story; it is kept as text of the {}",
                    item.line,
                    item.raw.trim(),
                    draft.open_name()
                ));
                draft.push(item.line, &item.raw);
                return;
            }
        }
        if starts_story {
            let loose = std::mem::take(&mut self.loose);
            self.finish_current();
            let mut draft = Draft::new(item.line, self.context_texts());
            // Text directly above the label, with no blank line between, is its lead.
            if let Some(&first) = loose.first() {
                draft.line = draft.line.min(self.items[first].line);
                for &loose in &loose {
                    let line = &self.items[loose];
                    draft.push(line.line, &line.raw);
                }
            }
            self.current = Some(draft);
        }
        self.loose.clear();
        if let Some(draft) = self.current.as_mut() {
            if draft.closed && !self.stray.is_empty() {
                let first = self.items[self.stray[0]].line;
                let last = self.items[self.stray[self.stray.len() - 1]].line;
                let lines = if first == last {
                    format!("line {first}")
                } else {
                    format!("lines {first}-{last}")
                };
                draft.warnings.push(format!(
                    "{lines} between a separator and the {} label left out",
                    part.name()
                ));
            }
            draft.awaiting_question = false;
            draft.open_label(parts, item.line, rest);
        }
        self.stray.clear();
    }

    /// Whether text item `index` is a topic line over a story (`Growth`, then `Situation`):
    /// short, standing alone after a blank line, with a label on the next line that starts a
    /// story.
    fn topic_line(&self, index: usize) -> bool {
        let item = &self.items[index];
        let text = item.raw.trim();
        let words = text.split_whitespace().count();
        let after_blank = index == 0 || self.items[index - 1].kind.is_blank();
        if !(1..=6).contains(&words)
            || !after_blank
            || text.ends_with(['.', ',', ';', ':', '!', '?', ')'])
            || !text.starts_with(char::is_alphanumeric)
        {
            return false;
        }
        let Some(Item {
            kind: Kind::Label { label, .. },
            ..
        }) = self.items.get(index + 1)
        else {
            return false;
        };
        match self.current.as_ref() {
            None => true,
            Some(draft) if draft.closed => true,
            // Text of its own above: whatever follows the topic is another story.
            Some(draft) if !draft.has_labels() => draft.lead_line.is_some(),
            Some(draft) => draft.moved_past(label.parts[0]) || label.parts[0] == Part::Situation,
        }
    }

    /// Whether text item `index` opens a paragraph that tells another story (`Another time,
    /// ...`, `The other one ...`) after an unlabelled story that has been told: with no
    /// labels to start it, the opening is all that says a new story begins.
    fn opens_another_unlabelled_story(&self, index: usize) -> bool {
        let told = self.current.as_ref().is_some_and(|draft| {
            !draft.closed
                && !draft.has_labels()
                && draft.follow_ups.is_empty()
                && super::has_past_tense(&draft.lead.join("\n"))
        });
        told && index > 0
            && self.items[index - 1].kind.is_blank()
            && opens_another_story(&self.items[index].raw)
    }

    /// Whether text item `index` heads notes after a story told to its end (`Sam's feedback
    /// on my delivery:` after the Result), which are not part of it.
    fn caption_after_story(&self, index: usize) -> bool {
        let text = self.items[index].raw.trim();
        let told = self.current.as_ref().is_some_and(|draft| {
            !draft.closed && draft.reached.is_some_and(|reached| reached >= Part::Result)
        });
        const ASIDES: [&str; 14] = [
            "feedback",
            "notes",
            "note",
            "tips",
            "advice",
            "questions",
            "comments",
            "todo",
            "reminders",
            "remember",
            "next steps",
            "ideas",
            "misc",
            "general",
        ];
        let lower = text.to_lowercase();
        told && index > 0
            && self.items[index - 1].kind.is_blank()
            && text.ends_with(':')
            && text.split_whitespace().count() <= 8
            && ASIDES.iter().any(|aside| lower.contains(aside))
    }

    /// The first item from `from` on that is not blank.
    fn next_content(&self, from: usize) -> Option<usize> {
        (from..self.items.len()).find(|&at| !self.items[at].kind.is_blank())
    }

    /// The last item before `index` that is not blank.
    fn previous_content(&self, index: usize) -> Option<usize> {
        (0..index).rev().find(|&at| !self.items[at].kind.is_blank())
    }

    fn context_texts(&self) -> Vec<String> {
        self.context.iter().map(|(_, text)| text.clone()).collect()
    }

    fn finish_current(&mut self) {
        self.done.extend(self.current.take());
        self.loose.clear();
        self.stray.clear();
    }
}

/// The name a line under a question gives its story (`STAR: checkout latency (story A)`,
/// `Story - the flaky webhook`, `Use story: the outage`).
fn nickname(line: &str) -> Option<String> {
    let line = line.trim();
    let rest = after_name_key(line).or_else(|| {
        let (key, rest) = line.split_once(':')?;
        matches!(
            super::labels::normalise(key).as_str(),
            "story to use" | "use story"
        )
        .then_some(rest)
    })?;
    let rest = rest.trim();
    (!rest.is_empty() && rest.split_whitespace().count() <= 10).then(|| rest.to_string())
}

/// Whether a heading names a group of stories: a competency, a bank category or a
/// leadership principle (`Teamwork`, `Conflict`, `Customer Obsession`, `Have Backbone;
/// Disagree and Commit`), maybe with `questions` or `stories` after it.
fn names_a_group(heading: &str) -> bool {
    const GROUPS: &[&str] = &[
        "ambiguity",
        "conflict",
        "conflicts",
        "customer",
        "customers",
        "deadline",
        "deadlines",
        "growth",
        "hardest problem",
        "influence",
        "leadership",
        "mistake",
        "mistakes",
        "failure",
        "failures",
        "ownership",
        "prioritization",
        "prioritisation",
        "teamwork",
        "collaboration",
        "communication",
        "adaptability",
        "initiative",
        "integrity",
        "problem solving",
        "decision making",
        "time management",
        "innovation",
        "creativity",
        "resilience",
        "motivation",
        "culture",
        "culture fit",
        "values",
        "behavioural",
        "behavioral",
        "general",
        "misc",
        "other",
        "technical",
        "people",
        "management",
        "feedback",
        "learning",
        "googleyness",
        "customer obsession",
        "invent and simplify",
        "are right, a lot",
        "are right a lot",
        "learn and be curious",
        "hire and develop the best",
        "insist on the highest standards",
        "think big",
        "bias for action",
        "frugality",
        "earn trust",
        "dive deep",
        "have backbone; disagree and commit",
        "have backbone",
        "disagree and commit",
        "deliver results",
        "strive to be earth's best employer",
        "success and scale bring broad responsibility",
    ];
    let name = super::labels::normalise(heading);
    let name = name
        .trim_end_matches(" questions")
        .trim_end_matches(" stories")
        .trim_end_matches(" examples")
        .trim();
    let name = name
        .strip_prefix("lp: ")
        .or_else(|| name.strip_prefix("lp "))
        .unwrap_or(name);
    GROUPS.contains(&name)
}

/// Notes with no question, label or heading over text, such as a ramble: a story a
/// paragraph group, a new one at each paragraph that opens like a story (`the other one`,
/// `another time`). A short paragraph at the end, or before such an opening, that tells of
/// nothing done is an aside.
pub fn unstructured(items: &[Item]) -> Vec<Draft> {
    let mut paragraphs: Vec<Vec<&Item>> = vec![Vec::new()];
    for item in items {
        match &item.kind {
            Kind::Text { .. } => {
                if let Some(paragraph) = paragraphs.last_mut() {
                    paragraph.push(item);
                }
            }
            Kind::Scratch => {}
            _ => paragraphs.push(Vec::new()),
        }
    }
    paragraphs.retain(|paragraph| !paragraph.is_empty());
    let text_of = |paragraph: &[&Item]| {
        paragraph
            .iter()
            .map(|item| item.raw.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut drafts: Vec<Draft> = Vec::new();
    for (index, paragraph) in paragraphs.iter().enumerate() {
        let text = text_of(paragraph);
        let opens = opens_story(&text);
        let next_opens = paragraphs
            .get(index + 1)
            .is_none_or(|next| opens_story(&text_of(next)));
        let aside =
            text.split_whitespace().count() < 25 && next_opens && !super::has_past_tense(&text);
        let joins = !drafts.is_empty() && !opens && !aside;
        if !joins {
            drafts.push(Draft::new(paragraph[0].line, Vec::new()));
        }
        if let Some(draft) = drafts.last_mut() {
            if joins {
                draft.push(paragraph[0].line, "");
            }
            for item in paragraph {
                draft.push(item.line, &item.raw);
            }
        }
    }
    drafts
}

/// Whether a paragraph opens like a new story is told: it starts by counting on (see
/// [`opens_another_story`]), or its first words hold a phrase that tells a story
/// (`ok so the story I always tell`, `at my last job`, `the other one`).
fn opens_story(text: &str) -> bool {
    const OPENINGS: [&str; 17] = [
        "the story",
        "another story",
        "another one",
        "the other one",
        "the other story",
        "one time",
        "another time",
        "at my last",
        "at my previous",
        "at my first",
        "back when",
        "a story about",
        "story about",
        "my go-to",
        "story i always",
        "another example",
        "a second story",
    ];
    let head: String = text.to_lowercase().chars().take(80).collect();
    opens_another_story(text) || OPENINGS.iter().any(|opening| head.contains(opening))
}

/// Whether a paragraph starts by saying it tells one more story (`Another time, ...`, `The
/// other one: ...`, `So a second example ...`), after a few filler words at most.
fn opens_another_story(text: &str) -> bool {
    const FILLERS: [&str; 6] = ["ok so", "okay so", "so", "and", "also", "then"];
    let lower = text.trim().to_lowercase();
    let mut rest = lower.as_str();
    while let Some(after) = FILLERS.iter().find_map(|filler| {
        rest.strip_prefix(filler)
            .filter(|after| after.starts_with([' ', ',']))
    }) {
        rest = after.trim_start_matches([' ', ',']);
    }
    another_story_phrases().any(|phrase| {
        rest.strip_prefix(phrase.as_str())
            .is_some_and(|after| !after.starts_with(char::is_alphanumeric))
    })
}

/// The phrases that say one more story follows: a word that counts on (`another`, `the
/// other`, `a second`) and a word for a story (`time`, `example`, `one`).
fn another_story_phrases() -> impl Iterator<Item = String> {
    const COUNTING_ON: [&str; 8] = [
        "another",
        "the other",
        "a second",
        "a third",
        "my second",
        "my other",
        "one more",
        "the second",
    ];
    const STORY_WORDS: [&str; 4] = ["time", "example", "story", "one"];
    COUNTING_ON.iter().flat_map(|counting| {
        STORY_WORDS
            .iter()
            .map(move |word| format!("{counting} {word}"))
    })
}

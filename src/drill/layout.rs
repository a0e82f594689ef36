//! The full-screen view as data: what each row of the terminal shows for a moment of the
//! timer, at any size. Pure, so every size can be tested without a terminal.
//!
//! Rows are chosen by importance and the least important are dropped first, so a tiny
//! terminal still shows the time, the state and the bar, and nothing is ever wider or taller
//! than the screen.

use std::time::{Duration, Instant};

use crossterm::style::Color;

use super::digits::{self, big_text, big_width};
use super::timer::{Mark, Phase, Timer};
use crate::domain::duration::{format_clock, round_up_to_second};
use crate::domain::star::Part;
use crate::domain::window::{Window, Zone};
use crate::text::{shown_line, truncate_to_width};

/// What the screen is showing, taken from the timer at one instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub stage: Stage,
    pub answer: Duration,
    pub window: Window,
    pub current_part: Option<Part>,
    pub marks: Vec<Mark>,
    /// The story chosen among those offered, when any were.
    pub chosen: Option<usize>,
    /// Whether the chosen story's cue card is on the screen.
    pub card_shown: bool,
}

/// What the screen shows around the clock, the same all through one answer: the question,
/// a line saying where it stands (its category, `question 2 of 3`), and the stories offered.
#[derive(Debug, Clone, Copy)]
pub struct Shown<'a> {
    pub prompt: &'a str,
    pub header: &'a str,
    pub cards: &'a [Card],
}

impl<'a> Shown<'a> {
    /// Just a question.
    pub fn question(prompt: &'a str) -> Shown<'a> {
        Shown {
            prompt,
            header: "",
            cards: &[],
        }
    }
}

/// A story offered for the question: its title, why it is offered, and its cue card's lines
/// (`S  first line`, ..., the spoken length).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    pub title: String,
    pub reason: String,
    pub lines: Vec<String>,
}

/// The stage of the drill the screen is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The question is being read aloud; the answer has not started.
    Speaking,
    /// Counting down before the answer, with the time left.
    Prep(Duration),
    Answering,
    Paused,
    Stopped,
}

impl Snapshot {
    /// The timer as it stands at `now`.
    pub fn of(timer: &Timer, now: Instant) -> Snapshot {
        let stage = match timer.phase() {
            Phase::Prep => Stage::Prep(timer.prep_remaining(now)),
            Phase::Answering => Stage::Answering,
            Phase::Paused => Stage::Paused,
            Phase::Finished | Phase::Aborted => Stage::Stopped,
        };
        Snapshot {
            stage,
            answer: timer.answer_elapsed(now),
            window: timer.window(),
            current_part: timer.current_part(),
            marks: timer.marks(),
            chosen: None,
            card_shown: false,
        }
    }

    /// Before the timer exists: the question is being spoken.
    pub fn speaking(window: Window) -> Snapshot {
        Snapshot {
            stage: Stage::Speaking,
            answer: Duration::ZERO,
            window,
            current_part: None,
            marks: Vec::new(),
            chosen: None,
            card_shown: false,
        }
    }

    fn zone(&self) -> Zone {
        self.window.zone(self.answer)
    }
}

/// A run of text in one style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub color: Option<Color>,
    pub bold: bool,
}

impl Span {
    fn plain(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            color: None,
            bold: false,
        }
    }

    fn colored(text: impl Into<String>, color: Color) -> Span {
        Span {
            text: text.into(),
            color: Some(color),
            bold: true,
        }
    }
}

/// One screen row: spans from the left edge, never wider than the screen.
pub type Row = Vec<Span>;

/// The whole screen: at most `height` rows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Frame {
    pub rows: Vec<Row>,
}

impl Frame {
    /// The frame as plain text, one line a row, for tests and snapshots.
    pub fn to_text(&self) -> String {
        let lines: Vec<String> = self
            .rows
            .iter()
            .map(|row| {
                row.iter()
                    .map(|span| span.text.as_str())
                    .collect::<String>()
                    .trim_end()
                    .to_string()
            })
            .collect();
        lines.join("\n")
    }
}

/// The widest the question is wrapped, for reading comfort on wide terminals.
const PROMPT_WIDTH: usize = 72;

/// Lays out the screen for `snapshot` on a `width` x `height` terminal.
pub fn layout(shown: &Shown, snapshot: &Snapshot, width: u16, height: u16) -> Frame {
    let width = usize::from(width);
    let height = usize::from(height);
    if width == 0 || height == 0 {
        return Frame::default();
    }
    let color = stage_color(snapshot);
    let clock = clock_text(snapshot);

    let prompt_lines = wrap_prompt(shown.prompt, width);
    let big = big_width(&clock) + 2 <= width;
    let sections = Sections {
        header: (!shown.header.is_empty()).then(|| header_row(shown.header, width)),
        prompt: prompt_lines,
        card: card_rows(shown.cards, snapshot),
        clock_big: big.then(|| big_text(&clock).to_vec()),
        clock_plain: clock,
        bar: bar_row(snapshot, width),
        state: state_row(snapshot, color),
        part: part_row(snapshot, width),
        keys: keys_row(snapshot, shown.cards.len()),
    };
    let rows = sections.arrange(height, width, color);
    Frame {
        rows: rows.into_iter().map(|row| fit(row, width)).collect(),
    }
}

struct Sections {
    header: Option<Row>,
    prompt: Vec<String>,
    /// The chosen story's title and cue card, when it is on the screen.
    card: Vec<Row>,
    clock_big: Option<Vec<String>>,
    clock_plain: String,
    bar: Row,
    state: Row,
    part: Row,
    keys: Row,
}

impl Sections {
    /// Decides which sections fit in `height` rows, most important first, then stacks them:
    /// where the question stands, the question and the cue card at the top, the clock, bar,
    /// state and part in the middle, keys at the foot.
    fn arrange(self, height: usize, width: usize, color: Option<Color>) -> Vec<Row> {
        // Essentials in the order they are given up last: clock, state, bar, question, part;
        // then the cue card, line by line, before the big clock (a card read in a glance
        // matters more than large digits).
        let mut budget = height;
        let mut take = |rows: usize| {
            let fits = rows <= budget;
            if fits {
                budget -= rows;
            }
            fits
        };
        let show_clock = take(1);
        let show_state = take(1);
        let show_bar = take(1);
        let mut prompt_rows = usize::from(!self.prompt.is_empty() && take(1));
        let show_part = !self.part.is_empty() && take(1);
        let mut card_rows = 0;
        while card_rows < self.card.len() && take(1) {
            card_rows += 1;
        }
        let big_clock = self.clock_big.is_some() && take(digits::HEIGHT - 1);
        while prompt_rows > 0 && prompt_rows < self.prompt.len() && take(1) {
            prompt_rows += 1;
        }
        let show_keys = take(1);
        let show_header = self.header.is_some() && take(1);
        let gap_after_clock = big_clock && take(1);
        let gap_before_card = card_rows > 0 && take(1);
        let spare = budget;

        let mut top: Vec<Row> = Vec::new();
        if show_header && let Some(header) = self.header {
            top.push(header);
        }
        if prompt_rows > 0 {
            let mut lines = self.prompt[..prompt_rows].to_vec();
            if prompt_rows < self.prompt.len() {
                let last = lines.pop().unwrap_or_default();
                lines.push(format!("{last} ..."));
            }
            top.extend(lines.into_iter().map(|line| vec![Span::plain(line)]));
        }
        if gap_before_card {
            top.push(Vec::new());
        }
        top.extend(self.card.into_iter().take(card_rows));
        let mut middle: Vec<Row> = Vec::new();
        if show_clock {
            match (&self.clock_big, big_clock) {
                (Some(rows), true) => {
                    let rows = rows
                        .iter()
                        .map(|row| centered(vec![clock_span(row, color)], width));
                    middle.extend(rows);
                }
                _ => middle.push(centered(vec![clock_span(&self.clock_plain, color)], width)),
            }
        }
        if gap_after_clock {
            middle.push(Vec::new());
        }
        if show_bar {
            middle.push(self.bar);
        }
        if show_state {
            middle.push(centered(self.state, width));
        }
        if show_part {
            middle.push(centered(self.part, width));
        }
        let bottom: Vec<Row> = if show_keys {
            vec![self.keys]
        } else {
            Vec::new()
        };

        // Spare rows: one under the question, the rest split around the middle block.
        let gap_after_prompt = usize::from(spare > 0 && !top.is_empty());
        let remaining = spare - gap_after_prompt;
        let above = remaining / 2;
        let below = remaining - above;
        let mut rows = top;
        rows.extend(std::iter::repeat_n(Vec::new(), gap_after_prompt + above));
        rows.extend(middle);
        rows.extend(std::iter::repeat_n(Vec::new(), below));
        rows.extend(bottom);
        rows
    }
}

fn clock_span(text: &str, color: Option<Color>) -> Span {
    match color {
        Some(color) => Span::colored(text, color),
        None => Span {
            text: text.to_string(),
            color: None,
            bold: true,
        },
    }
}

/// The big clock's text: prep time left (rounded up, so it never shows 0 while counting), or
/// the answer time.
fn clock_text(snapshot: &Snapshot) -> String {
    match snapshot.stage {
        Stage::Prep(remaining) => format_clock(round_up_to_second(remaining)),
        _ => format_clock(snapshot.answer),
    }
}

fn stage_color(snapshot: &Snapshot) -> Option<Color> {
    match snapshot.stage {
        Stage::Speaking | Stage::Prep(_) => Some(Color::Cyan),
        Stage::Paused => Some(Color::Blue),
        Stage::Answering | Stage::Stopped => Some(match snapshot.zone() {
            Zone::TooShort => Color::Yellow,
            Zone::InWindow => Color::Green,
            Zone::Over => Color::Red,
        }),
    }
}

fn wrap_prompt(prompt: &str, width: usize) -> Vec<String> {
    let wrap_width = width.saturating_sub(2).clamp(1, PROMPT_WIDTH);
    let margin = " ".repeat((width - wrap_width.min(width)) / 2);
    textwrap::wrap(&shown_line(prompt), wrap_width)
        .into_iter()
        .map(|line| format!("{margin}{line}"))
        .collect()
}

/// `[████████·····|·····]`: answer time from 0 to max, with the min mark.
fn bar_row(snapshot: &Snapshot, width: usize) -> Row {
    let inner = width.saturating_sub(4);
    if inner < 3 {
        return Vec::new();
    }
    let max = snapshot.window.max().as_secs_f64().max(f64::MIN_POSITIVE);
    let share = |d: Duration| (d.as_secs_f64() / max).clamp(0.0, 1.0);
    let filled = (share(snapshot.answer) * inner as f64).floor() as usize;
    let min_at = ((share(snapshot.window.min()) * inner as f64).round() as usize).min(inner - 1);
    let cells: String = (0..inner)
        .map(|cell| match (cell == min_at, cell < filled) {
            (true, _) => '|',
            (false, true) => '█',
            (false, false) => '·',
        })
        .collect();
    let color = match snapshot.zone() {
        Zone::TooShort => Color::Yellow,
        Zone::InWindow => Color::Green,
        Zone::Over => Color::Red,
    };
    vec![
        Span::plain(" ["),
        Span::colored(cells, color),
        Span::plain("]"),
    ]
}

fn state_row(snapshot: &Snapshot, color: Option<Color>) -> Row {
    let window = snapshot.window;
    let (label, detail) = match snapshot.stage {
        Stage::Speaking => (
            "LISTEN".to_string(),
            "the question is read aloud".to_string(),
        ),
        Stage::Prep(_) => (
            "GET READY".to_string(),
            format!(
                "aim for {} to {}",
                format_clock(window.min()),
                format_clock(window.max())
            ),
        ),
        Stage::Paused => ("PAUSED".to_string(), "space resumes".to_string()),
        Stage::Answering | Stage::Stopped => match snapshot.zone() {
            Zone::TooShort => (
                "TOO SHORT".to_string(),
                format!(
                    "{} to the window",
                    format_clock(round_up_to_second(window.min() - snapshot.answer))
                ),
            ),
            Zone::InWindow => (
                "IN WINDOW".to_string(),
                format!(
                    "{} left",
                    format_clock(round_up_to_second(window.max() - snapshot.answer))
                ),
            ),
            Zone::Over => (
                format!("OVER +{}", format_clock(snapshot.answer - window.max())),
                "wrap up".to_string(),
            ),
        },
    };
    let label = match color {
        Some(color) => Span::colored(label, color),
        None => Span::plain(label),
    };
    vec![label, Span::plain(format!("  {detail}"))]
}

/// `conflict · question 2 of 3`, dimmed at the top.
fn header_row(header: &str, width: usize) -> Row {
    centered(
        vec![Span {
            text: shown_line(header).into_owned(),
            color: Some(Color::DarkGrey),
            bold: false,
        }],
        width,
    )
}

/// The chosen story, and its cue card under it, when the card is on the screen.
fn card_rows(cards: &[Card], snapshot: &Snapshot) -> Vec<Row> {
    let Some(card) = snapshot.chosen.and_then(|chosen| cards.get(chosen)) else {
        return Vec::new();
    };
    if !snapshot.card_shown {
        return Vec::new();
    }
    let which = match cards.len() {
        1 => "Story: ".to_string(),
        n => format!("Story {} of {n}: ", snapshot.chosen.unwrap_or(0) + 1),
    };
    let mut rows = vec![vec![
        Span::plain(format!(" {which}")),
        Span::plain(shown_line(&card.title).into_owned()).bold(),
        Span {
            text: format!("  ({})", shown_line(&card.reason)),
            color: Some(Color::DarkGrey),
            bold: false,
        },
    ]];
    rows.extend(
        card.lines
            .iter()
            .map(|line| vec![Span::plain(format!("   {}", shown_line(line)))]),
    );
    rows
}

fn part_row(snapshot: &Snapshot, width: usize) -> Row {
    if matches!(snapshot.stage, Stage::Speaking | Stage::Prep(_)) {
        // Nothing is marked before the answer: the row is given to the cue card.
        return Vec::new();
    }
    let current = match snapshot.current_part {
        Some(part) => part.name().to_string(),
        None if matches!(snapshot.stage, Stage::Answering | Stage::Paused) => {
            "not marked".to_string()
        }
        None => "-".to_string(),
    };
    // When each part started and how long it ran (to the next mark, the last one to now),
    // as `show` and the review give them, in the short form the row has room for.
    let marks: Vec<String> = snapshot
        .marks
        .iter()
        .enumerate()
        .map(|(index, mark)| {
            let end = snapshot
                .marks
                .get(index + 1)
                .map_or(snapshot.answer, |next| next.at)
                .max(mark.at);
            format!(
                "{} {} (ran {})",
                mark.part,
                format_clock(mark.at),
                format_clock(end - mark.at)
            )
        })
        .collect();
    let mut row = vec![Span::plain("Part: "), Span::plain(current.clone()).bold()];
    // Four marks do not fit 80 columns: the oldest give way, so the part being told and
    // the ones just before it stay whole.
    let room = width.saturating_sub("Part: ".len() + current.len() + 3);
    let mut shown = &marks[..];
    while shown.len() > 1 && shown.join("  ").len() + 4 > room {
        shown = &shown[1..];
    }
    // On a tiny screen not even one mark fits: the part's name is what matters.
    let fits = shown.join("  ").len() + 4 <= room;
    if !shown.is_empty() && fits {
        let cut = if shown.len() < marks.len() {
            "... "
        } else {
            ""
        };
        row.push(Span::plain(format!("   {cut}{}", shown.join("  "))));
    }
    row
}

fn keys_row(snapshot: &Snapshot, cards: usize) -> Row {
    let marks = Part::scored_keys();
    // While answering the row already holds the answer's keys: the short form fits 80.
    let choose = match (cards, snapshot.stage) {
        (0 | 1, _) => String::new(),
        (_, _) if !snapshot.card_shown => String::new(),
        (n, Stage::Prep(_)) => format!("  \u{2190}\u{2192} or 1-{} story", n.min(9)),
        (_, _) => "  \u{2190}\u{2192} story".to_string(),
    };
    let card = match (cards, snapshot.card_shown) {
        (0, _) => "",
        (_, true) => "  c hide card",
        (_, false) => "  c card",
    };
    let keys = match snapshot.stage {
        Stage::Speaking => " enter start now  q quit".to_string(),
        Stage::Prep(_) => format!(" enter start now{choose}  q quit"),
        // Paused, every key of the answer still works (a mark lands where the answer
        // stopped), so the row offers them all; only space changes its word.
        Stage::Paused | Stage::Answering | Stage::Stopped => {
            let space = if snapshot.stage == Stage::Paused {
                "resume"
            } else {
                "pause"
            };
            format!(" space {space}  enter done  {marks} mark  n next{card}{choose}  q quit")
        }
    };
    vec![Span::plain(keys)]
}

impl Span {
    fn bold(mut self) -> Span {
        self.bold = true;
        self
    }
}

/// `row` moved right so that it sits in the middle of `width` columns.
fn centered(mut row: Row, width: usize) -> Row {
    let row_width: usize = row
        .iter()
        .map(|span| unicode_width::UnicodeWidthStr::width(span.text.as_str()))
        .sum();
    if row_width < width {
        row.insert(0, Span::plain(" ".repeat((width - row_width) / 2)));
    }
    row
}

/// `row` cut to `width` columns.
fn fit(row: Row, width: usize) -> Row {
    let mut room = width;
    let mut fitted = Vec::new();
    for mut span in row {
        if room == 0 {
            break;
        }
        let span_width = unicode_width::UnicodeWidthStr::width(span.text.as_str());
        if span_width > room {
            span.text = truncate_to_width(&span.text, room);
        }
        room -= unicode_width::UnicodeWidthStr::width(span.text.as_str()).min(room);
        fitted.push(span);
    }
    fitted
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::drill::timer::TimerSettings;

    const PROMPT: &str = "Tell me about a time you disagreed with your manager about a technical decision. What happened, and what did you do?";

    fn snapshot(stage: Stage, answer_secs: u64) -> Snapshot {
        Snapshot {
            stage,
            answer: Duration::from_secs(answer_secs),
            window: Window::new(Duration::from_secs(120), Duration::from_secs(180)).unwrap(),
            current_part: Some(Part::Action),
            marks: vec![
                Mark {
                    part: Part::Situation,
                    at: Duration::ZERO,
                },
                Mark {
                    part: Part::Action,
                    at: Duration::from_secs(41),
                },
            ],
            chosen: None,
            card_shown: false,
        }
    }

    fn cards() -> Vec<Card> {
        vec![
            Card {
                title: "Pushed back on the rewrite".into(),
                reason: "never told for conflict".into(),
                lines: vec![
                    "S  The team lead wanted to rewrite billing in a quarter.".into(),
                    "T  I owned the invoicing path and its on-call.".into(),
                    "A  Measured the failures, proposed fixing the worst three first.".into(),
                    "R  Outages halved in six weeks; the rewrite was dropped.".into(),
                    "2:20 spoken, inside the 2:00-3:00 window".into(),
                ],
            },
            Card {
                title: "The release I held back".into(),
                reason: "told once for conflict, 5/8".into(),
                lines: vec!["S  Launch week, a data-loss bug found late.".into()],
            },
        ]
    }

    fn with_card(stage: Stage, chosen: usize, card_shown: bool) -> Snapshot {
        let mut shot = snapshot(stage, 0);
        shot.marks.clear();
        shot.current_part = None;
        shot.chosen = Some(chosen);
        shot.card_shown = card_shown;
        shot
    }

    #[test]
    fn preparing_shows_where_the_question_stands_and_the_chosen_story_card() {
        let cards = cards();
        let shown = Shown {
            prompt: PROMPT,
            header: "conflict \u{b7} question 2 of 3",
            cards: &cards,
        };
        let prep = with_card(Stage::Prep(Duration::from_secs(8)), 0, true);
        let frame = layout(&shown, &prep, 80, 24);
        assert_eq!(frame.rows.len(), 24);
        insta::assert_snapshot!(frame.to_text());
        let second = layout(&shown, &with_card(prep.stage, 1, true), 80, 24).to_text();
        assert!(
            second.contains("Story 2 of 2: The release I held back"),
            "{second}"
        );
        assert!(!second.contains("Pushed back"), "{second}");
    }

    #[test]
    fn on_a_tiny_screen_the_card_gives_way_to_the_clock() {
        let cards = cards();
        let shown = Shown {
            prompt: PROMPT,
            header: "conflict \u{b7} question 2 of 3",
            cards: &cards,
        };
        let frame = layout(
            &shown,
            &with_card(Stage::Prep(Duration::from_secs(8)), 0, true),
            20,
            5,
        );
        insta::assert_snapshot!(frame.to_text());
        let text = frame.to_text();
        assert!(
            text.contains("0:08") && text.contains("GET READY"),
            "{text}"
        );
        assert!(text.contains('|'), "the bar: {text}");
        // The title may take the row the part would have; the card's lines give way.
        assert!(!text.contains("S  The team"), "{text}");
    }

    #[test]
    fn during_the_answer_the_card_shows_only_when_asked_for() {
        let cards = cards();
        let shown = Shown {
            prompt: PROMPT,
            header: "conflict",
            cards: &cards,
        };
        let hidden = layout(&shown, &with_card(Stage::Answering, 0, false), 80, 24).to_text();
        assert!(!hidden.contains("Pushed back"), "{hidden}");
        assert!(hidden.contains("c card"), "{hidden}");
        let asked = layout(&shown, &with_card(Stage::Answering, 0, true), 80, 24).to_text();
        assert!(
            asked.contains("Story 1 of 2: Pushed back on the rewrite"),
            "{asked}"
        );
        assert!(
            asked.contains("c hide card  \u{2190}\u{2192} story  q quit"),
            "{asked}"
        );
        assert!(asked.contains("TOO SHORT"), "the clock stays: {asked}");
    }

    #[test]
    fn a_full_screen_shows_question_big_clock_bar_state_part_and_keys() {
        let frame = layout(
            &Shown::question(PROMPT),
            &snapshot(Stage::Answering, 95),
            80,
            24,
        );
        assert_eq!(frame.rows.len(), 24);
        insta::assert_snapshot!(frame.to_text());
    }

    #[test]
    fn a_paused_screen_offers_every_key_that_still_works() {
        let frame = layout(
            &Shown::question(PROMPT),
            &snapshot(Stage::Paused, 95),
            80,
            24,
        );
        let text = frame.to_text();
        assert!(
            text.contains(" space resume  enter done  s t a r mark  n next  q quit"),
            "{text}"
        );
        insta::assert_snapshot!(text);
    }

    #[test]
    fn four_marks_in_80_columns_keep_the_latest_whole() {
        let mut shot = snapshot(Stage::Answering, 161);
        shot.current_part = Some(Part::Result);
        shot.marks = [
            (Part::Situation, 0),
            (Part::Task, 20),
            (Part::Action, 41),
            (Part::Result, 130),
        ]
        .into_iter()
        .map(|(part, at)| Mark {
            part,
            at: Duration::from_secs(at),
        })
        .collect();
        let text = layout(&Shown::question(PROMPT), &shot, 80, 24).to_text();
        let row = text.lines().find(|line| line.contains("Part: ")).unwrap();
        assert!(
            row.contains("...  T 0:20 (ran 0:21)  A 0:41 (ran 1:29)  R 2:10 (ran 0:31)")
                || row.contains("... T 0:20 (ran 0:21)  A 0:41 (ran 1:29)  R 2:10 (ran 0:31)"),
            "{row:?}"
        );
        assert!(row.trim_end().len() <= 80);
        let wide = layout(&Shown::question(PROMPT), &shot, 120, 24).to_text();
        assert!(wide.contains("S 0:00 (ran 0:20)  T 0:20"), "{wide}");
    }

    #[test]
    fn the_state_says_short_in_window_or_over_by() {
        let text = |secs| {
            layout(
                &Shown::question(PROMPT),
                &snapshot(Stage::Answering, secs),
                80,
                24,
            )
            .to_text()
        };
        assert!(text(95).contains("TOO SHORT  0:25 to the window"));
        assert!(text(120).contains("IN WINDOW  1:00 left"));
        assert!(text(180).contains("IN WINDOW  0:00 left"));
        let mut nearly = snapshot(Stage::Answering, 179);
        nearly.answer += Duration::from_millis(600);
        let nearly_text = layout(&Shown::question(PROMPT), &nearly, 80, 24).to_text();
        assert!(
            nearly_text.contains("IN WINDOW  0:01 left"),
            "time left rounds up:\n{nearly_text}"
        );
        assert!(text(192).contains("OVER +0:12"));
    }

    #[test]
    fn a_tiny_screen_keeps_the_clock_state_and_bar() {
        let frame = layout(
            &Shown::question(PROMPT),
            &snapshot(Stage::Answering, 95),
            20,
            5,
        );
        insta::assert_snapshot!(frame.to_text());
        let text = frame.to_text();
        assert!(text.contains("1:35"));
        assert!(text.contains("TOO SHORT"));
    }

    #[test]
    fn prep_counts_down_in_whole_seconds_rounded_up() {
        let frame = layout(
            &Shown::question(PROMPT),
            &snapshot(Stage::Prep(Duration::from_millis(4_200)), 0),
            80,
            24,
        );
        let text = frame.to_text();
        assert!(text.contains("GET READY  aim for 2:00 to 3:00"), "{text}");
        assert_eq!(
            clock_text(&snapshot(Stage::Prep(Duration::from_millis(4_200)), 0)),
            "0:05"
        );
        assert_eq!(
            clock_text(&snapshot(Stage::Prep(Duration::from_secs(4)), 0)),
            "0:04"
        );
    }

    /// The sizes the overflow test lays out: every size up to 48x16, where rows and columns
    /// start to be dropped; every width at a few heights and every height at a few widths,
    /// up to 130x40; and a fixed scatter of the sizes in between.
    fn sizes() -> Vec<(u16, u16)> {
        let mut sizes: Vec<(u16, u16)> = Vec::new();
        sizes.extend((0..=48).flat_map(|w| (0..=16).map(move |h| (w, h))));
        sizes.extend((0..=130).flat_map(|w| [20, 24, 40].map(|h| (w, h))));
        sizes.extend((0..=40).flat_map(|h| [60, 80, 130].map(|w| (w, h))));
        // A linear congruential walk: the same scatter every run.
        let mut state: u32 = 12_345;
        for _ in 0..400 {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let (w, h) = ((state >> 8) % 131, (state >> 20) % 41);
            sizes.push((w as u16, h as u16));
        }
        sizes.sort_unstable();
        sizes.dedup();
        sizes
    }

    #[test]
    fn no_size_panics_or_overflows() {
        let snapshots = [
            snapshot(Stage::Answering, 95),
            snapshot(Stage::Prep(Duration::from_secs(9)), 0),
            snapshot(Stage::Paused, 3_725),
            Snapshot::speaking(snapshot(Stage::Speaking, 0).window),
        ];
        let sizes = sizes();
        assert!(sizes.len() > 1_500, "{} sizes", sizes.len());
        let cards = cards();
        let with_cards = Shown {
            prompt: PROMPT,
            header: "conflict \u{b7} question 2 of 3",
            cards: &cards,
        };
        let carded = [
            with_card(Stage::Prep(Duration::from_secs(8)), 0, true),
            with_card(Stage::Answering, 1, true),
        ];
        let all = snapshots
            .iter()
            .map(|shot| (Shown::question(PROMPT), shot))
            .chain(carded.iter().map(|shot| (with_cards, shot)));
        for (shown, shot) in all {
            for &(width, height) in &sizes {
                let frame = layout(&shown, shot, width, height);
                assert!(
                    frame.rows.len() <= usize::from(height),
                    "{width}x{height}: too tall"
                );
                for row in &frame.rows {
                    let row_width: usize = row
                        .iter()
                        .map(|s| unicode_width::UnicodeWidthStr::width(s.text.as_str()))
                        .sum();
                    assert!(
                        row_width <= usize::from(width),
                        "{width}x{height}: row too wide"
                    );
                }
            }
        }
    }

    #[test]
    fn down_to_twenty_by_five_the_time_state_and_bar_are_all_there() {
        for width in 20..=80u16 {
            for height in 5..=24u16 {
                let text = layout(
                    &Shown::question(PROMPT),
                    &snapshot(Stage::Answering, 200),
                    width,
                    height,
                )
                .to_text();
                assert!(text.contains("OVER +0:20"), "{width}x{height}:\n{text}");
                assert!(text.contains('|'), "{width}x{height}: no bar\n{text}");
            }
        }
    }

    #[test]
    fn snapshot_of_a_timer_reflects_its_phase_and_marks() {
        let start = Instant::now();
        let window = Window::new(Duration::from_secs(2), Duration::from_secs(4)).unwrap();
        let mut timer = Timer::new(
            TimerSettings {
                window,
                prep: Duration::ZERO,
                auto_stop: false,
            },
            start,
        );
        timer.mark(Part::Situation, start + Duration::from_millis(500));
        let shot = Snapshot::of(&timer, start + Duration::from_secs(3));
        assert_eq!(shot.stage, Stage::Answering);
        assert_eq!(shot.answer, Duration::from_secs(3));
        assert_eq!(shot.current_part, Some(Part::Situation));
        timer.toggle_pause(start + Duration::from_secs(3));
        assert_eq!(
            Snapshot::of(&timer, start + Duration::from_secs(9)).stage,
            Stage::Paused
        );
    }
}

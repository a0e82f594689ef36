//! One line of text typed at the review (the scores, the note), with the keys a shell's
//! line editing has taught everyone: arrows and Home/End move, Backspace and Delete erase,
//! Ctrl-U, Ctrl-K and Ctrl-W cut, Enter takes the line, Esc leaves the review, Ctrl-C stops.
//!
//! The editing is a pure state machine ([`LineEdit`]), tested without a terminal; the
//! terminal part only turns key events into [`Key`]s and draws the line on standard error.

use std::io::{self, Write};
use std::time::Duration;

use crossterm::cursor::MoveToColumn;
use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::style::Print;
use crossterm::terminal::{self, Clear, ClearType};
use crossterm::{execute, queue};
use unicode_width::UnicodeWidthChar;

use super::signals::StopSignals;
use crate::text::{shown_line, truncate_to_width};

/// A key, as line editing understands it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Backspace,
    Delete,
    Left,
    Right,
    Home,
    End,
    /// Ctrl-U: cut everything before the cursor.
    CutBefore,
    /// Ctrl-K: cut everything from the cursor on.
    CutAfter,
    /// Ctrl-W: cut the word before the cursor.
    CutWord,
    Enter,
    /// Esc (or Ctrl-D on an empty line): leave the questions.
    Leave,
    /// Ctrl-C.
    Interrupt,
}

/// What a key did to the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Editing,
    Submit,
    Leave,
    Interrupt,
}

/// The line being typed and where the cursor is in it (in characters).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LineEdit {
    chars: Vec<char>,
    cursor: usize,
}

impl LineEdit {
    /// A line holding `initial`, the cursor at its end.
    pub fn new(initial: &str) -> LineEdit {
        let chars: Vec<char> = initial.chars().collect();
        LineEdit {
            cursor: chars.len(),
            chars,
        }
    }

    pub fn text(&self) -> String {
        self.chars.iter().collect()
    }

    /// Applies one key.
    pub fn apply(&mut self, key: Key) -> Step {
        match key {
            // Control characters are never typed into a record.
            Key::Char(c) if c.is_control() => {}
            Key::Char(c) => {
                self.chars.insert(self.cursor, c);
                self.cursor += 1;
            }
            Key::Backspace if self.cursor > 0 => {
                self.cursor -= 1;
                self.chars.remove(self.cursor);
            }
            Key::Delete if self.cursor < self.chars.len() => {
                self.chars.remove(self.cursor);
            }
            Key::Backspace | Key::Delete => {}
            Key::Left => self.cursor = self.cursor.saturating_sub(1),
            Key::Right => self.cursor = (self.cursor + 1).min(self.chars.len()),
            Key::Home => self.cursor = 0,
            Key::End => self.cursor = self.chars.len(),
            Key::CutBefore => {
                self.chars.drain(..self.cursor);
                self.cursor = 0;
            }
            Key::CutAfter => self.chars.truncate(self.cursor),
            Key::CutWord => {
                let mut start = self.cursor;
                while start > 0 && self.chars[start - 1].is_whitespace() {
                    start -= 1;
                }
                while start > 0 && !self.chars[start - 1].is_whitespace() {
                    start -= 1;
                }
                self.chars.drain(start..self.cursor);
                self.cursor = start;
            }
            Key::Enter => return Step::Submit,
            Key::Leave => return Step::Leave,
            Key::Interrupt => return Step::Interrupt,
        }
        Step::Editing
    }

    /// The part of the line that fits `width` columns with the cursor in view, and the
    /// cursor's column in it: a long line scrolls sideways rather than wrapping (a wrapped
    /// line cannot be redrawn in place).
    pub fn view(&self, width: usize) -> (String, usize) {
        let width = width.max(2);
        let col = |c: &char| c.width().unwrap_or(0);
        // Start as late as needed for the cursor (and one cell after it) to fit.
        let mut start = 0;
        let before = |start: usize| {
            self.chars[start..self.cursor]
                .iter()
                .map(col)
                .sum::<usize>()
        };
        while start < self.cursor && before(start) + 1 > width - 1 {
            start += 1;
        }
        let mut shown = String::new();
        let mut used = 0;
        for c in &self.chars[start..] {
            if used + col(c) > width - 1 {
                break;
            }
            used += col(c);
            shown.push(*c);
        }
        (shown, before(start))
    }
}

/// The key a terminal key event stands for.
pub fn key_of(event: KeyEvent) -> Option<Key> {
    if event.kind == KeyEventKind::Release {
        return None;
    }
    if event.modifiers.contains(KeyModifiers::CONTROL) {
        return match event.code {
            KeyCode::Char('c') => Some(Key::Interrupt),
            KeyCode::Char('u') => Some(Key::CutBefore),
            KeyCode::Char('k') => Some(Key::CutAfter),
            KeyCode::Char('w') | KeyCode::Backspace => Some(Key::CutWord),
            KeyCode::Char('a') => Some(Key::Home),
            KeyCode::Char('e') => Some(Key::End),
            KeyCode::Char('b') => Some(Key::Left),
            KeyCode::Char('f') => Some(Key::Right),
            KeyCode::Char('h') => Some(Key::Backspace),
            KeyCode::Char('d') => Some(Key::Delete),
            _ => None,
        };
    }
    Some(match event.code {
        KeyCode::Char(c) => Key::Char(c),
        KeyCode::Backspace => Key::Backspace,
        KeyCode::Delete => Key::Delete,
        KeyCode::Left => Key::Left,
        KeyCode::Right => Key::Right,
        KeyCode::Home => Key::Home,
        KeyCode::End => Key::End,
        KeyCode::Enter => Key::Enter,
        KeyCode::Esc => Key::Leave,
        _ => return None,
    })
}

/// Columns kept for typing after the question, however long it is.
const TYPING_ROOM: usize = 10;

/// How typing a line ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Typed {
    Line(String),
    Left,
    Interrupted,
    Terminated,
}

/// Puts raw mode back however the line ends.
struct RawMode;

impl RawMode {
    fn on() -> io::Result<RawMode> {
        terminal::enable_raw_mode()?;
        Ok(RawMode)
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        let _ = terminal::disable_raw_mode();
    }
}

/// Asks for a line on the terminal after `prompt`, starting from `initial`. A line that
/// `check` refuses is not taken: the reason is printed in full under it, wrapped to the
/// terminal, and the line is asked again as it was typed.
pub fn read_line(
    prompt: &str,
    initial: &str,
    check: &dyn Fn(&str) -> Result<(), String>,
    signals: Option<&StopSignals>,
) -> io::Result<Typed> {
    let mut edit = LineEdit::new(initial);
    loop {
        let typed = edit_line(prompt, &mut edit, signals)?;
        if let Typed::Line(text) = &typed
            && let Err(reason) = check(text)
        {
            let width = terminal_width();
            let mut err = io::stderr().lock();
            for line in textwrap::wrap(&format!("  {}", shown_line(&reason)), width.max(20) - 1) {
                writeln!(err, "{line}")?;
            }
            continue;
        }
        return Ok(typed);
    }
}

fn terminal_width() -> usize {
    terminal::size().map_or(80, |(columns, _)| usize::from(columns))
}

/// Edits `edit` until a key ends it; leaves the cursor on a fresh line below.
fn edit_line(
    prompt: &str,
    edit: &mut LineEdit,
    signals: Option<&StopSignals>,
) -> io::Result<Typed> {
    let raw = RawMode::on()?;
    let ended = loop {
        draw(prompt, edit)?;
        if signals.is_some_and(StopSignals::terminate_requested) {
            break Typed::Terminated;
        }
        // Woken now and then to look at the signal flags; a signal's own interruption of the
        // wait is only a reason to look sooner.
        match event::poll(Duration::from_millis(100)) {
            Ok(false) => continue,
            Ok(true) => {}
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        }
        let key = match event::read() {
            Ok(Event::Key(key)) => key_of(key),
            Ok(_) => None,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => None,
            Err(error) => return Err(error),
        };
        let Some(key) = key else { continue };
        // Ctrl-D on an empty line is the end of input, as in a shell.
        let key = match key {
            Key::Delete if edit.chars.is_empty() => Key::Leave,
            key => key,
        };
        match edit.apply(key) {
            Step::Editing => {}
            Step::Submit => break Typed::Line(edit.text()),
            Step::Leave => break Typed::Left,
            Step::Interrupt => break Typed::Interrupted,
        }
    };
    drop(raw);
    // What follows (the next question, the summary) starts on a line of its own.
    let mut err = io::stderr().lock();
    writeln!(err)?;
    err.flush()?;
    Ok(ended)
}

/// The prompt and the visible part of the line, the cursor where it is in it.
fn draw(prompt: &str, edit: &LineEdit) -> io::Result<()> {
    let width = terminal_width();
    // The caller words the question to leave room to type; a very narrow terminal cuts it.
    let room = width.saturating_sub(TYPING_ROOM).max(width / 2);
    let prompt = truncate_to_width(&format!("{} ", shown_line(prompt)), room);
    let prompt_width = unicode_width::UnicodeWidthStr::width(prompt.as_str());
    let (text, cursor) = edit.view(width.saturating_sub(prompt_width).max(2));
    let mut err = io::stderr();
    queue!(
        err,
        MoveToColumn(0),
        Clear(ClearType::CurrentLine),
        Print(&prompt),
        Print(&text),
        MoveToColumn(u16::try_from(prompt_width + cursor).unwrap_or(u16::MAX))
    )?;
    execute!(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(initial: &str, keys: &[Key]) -> (String, usize, Step) {
        let mut edit = LineEdit::new(initial);
        let mut step = Step::Editing;
        for key in keys {
            step = edit.apply(*key);
        }
        (edit.text(), edit.cursor, step)
    }

    fn chars(text: &str) -> Vec<Key> {
        text.chars().map(Key::Char).collect()
    }

    #[test]
    fn typing_moving_and_erasing_edit_where_the_cursor_is() {
        let mut keys = chars("2122");
        keys.extend([Key::Left, Key::Left, Key::Backspace, Key::Char('2')]);
        assert_eq!(typed("", &keys), ("2222".into(), 2, Step::Editing));
        let keys = [Key::Home, Key::Delete, Key::End, Key::Char('!'), Key::Enter];
        assert_eq!(typed("note", &keys), ("ote!".into(), 4, Step::Submit));
        // At the edges nothing breaks.
        let keys = [
            Key::Left,
            Key::Backspace,
            Key::Right,
            Key::Right,
            Key::Delete,
        ];
        assert_eq!(typed("", &keys).0, "");
        assert_eq!(typed("ab", &[Key::Home, Key::Backspace]).0, "ab");
    }

    #[test]
    fn the_cutting_keys_cut_before_after_and_the_word_before() {
        assert_eq!(
            typed("old note", &[Key::CutBefore]),
            ("".into(), 0, Step::Editing)
        );
        let keys = [Key::Home, Key::Right, Key::Right, Key::Right, Key::CutAfter];
        assert_eq!(typed("old note", &keys).0, "old");
        assert_eq!(typed("keep the  last", &[Key::CutWord]).0, "keep the  ");
        assert_eq!(typed("keep the  ", &[Key::CutWord]).0, "keep ");
        let keys = [Key::Home, Key::Right, Key::Right, Key::CutBefore];
        assert_eq!(typed("2,1,2,2", &keys), ("1,2,2".into(), 0, Step::Editing));
    }

    #[test]
    fn esc_leaves_ctrl_c_interrupts_and_controls_are_never_typed() {
        assert_eq!(typed("x", &[Key::Leave]).2, Step::Leave);
        assert_eq!(typed("x", &[Key::Interrupt]).2, Step::Interrupt);
        assert_eq!(typed("", &[Key::Char('\u{1b}'), Key::Char('\u{7}')]).0, "");
        let esc = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
        assert_eq!(key_of(esc), Some(Key::Leave));
        let cut = KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL);
        assert_eq!(key_of(cut), Some(Key::CutBefore));
        let stop = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(key_of(stop), Some(Key::Interrupt));
    }

    #[test]
    fn a_long_line_scrolls_to_keep_the_cursor_in_view() {
        let long = "a note far longer than the room there is for it on the line";
        let edit = LineEdit::new(long);
        let (shown, cursor) = edit.view(20);
        assert!(shown.chars().count() <= 19, "{shown}");
        assert!(long.ends_with(&shown), "{shown}");
        assert_eq!(cursor, shown.chars().count());
        let mut home = edit.clone();
        home.apply(Key::Home);
        let (shown, cursor) = home.view(20);
        assert_eq!((shown.as_str(), cursor), ("a note far longer t", 0));
        let (short, at) = LineEdit::new("2122").view(20);
        assert_eq!((short.as_str(), at), ("2122", 4));
    }
}

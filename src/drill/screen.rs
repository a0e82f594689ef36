//! The full-screen view: the terminal guard that owns raw mode and the alternate screen, the
//! key input, and drawing frames from `layout`.
//!
//! The terminal is given back as it was found on every way out: a normal return, an error,
//! a panic (a hook restores it before the message prints) and the stopping signals (which end
//! the loop, so the guard's `Drop` runs).

use std::io::{self, Stdout, Write};
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crossterm::cursor::{Hide, MoveTo, Show};
use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::style::{Attribute, Print, ResetColor, SetAttribute, SetForegroundColor};
use crossterm::terminal::{self, Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen};
use crossterm::{execute, queue};

use super::driver::{Action, Choose, Input, View};
use super::layout::{Frame, Shown, Snapshot, layout};
use super::signals::{StopSignals, wait_watching_signals};
use super::timer::Cue;
use crate::domain::star::Part;

/// Whether the terminal is in our hands now; the panic hook restores it only then.
static TERMINAL_TAKEN: AtomicBool = AtomicBool::new(false);

/// Owns raw mode and the alternate screen while it lives.
pub struct TerminalGuard {
    _private: (),
}

impl TerminalGuard {
    /// Takes the terminal: raw mode, the alternate screen, the cursor hidden.
    pub fn take() -> io::Result<TerminalGuard> {
        install_panic_hook();
        terminal::enable_raw_mode()?;
        TERMINAL_TAKEN.store(true, Ordering::SeqCst);
        // From here on, dropping the guard undoes everything, even if the next step fails.
        let guard = TerminalGuard { _private: () };
        execute!(
            io::stdout(),
            EnterAlternateScreen,
            Hide,
            Clear(ClearType::All)
        )?;
        Ok(guard)
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        give_back_terminal();
    }
}

/// Main screen, cursor shown, raw mode off. Safe to call twice; errors are ignored because
/// this runs on the way out, when the terminal may already be gone (SIGHUP).
fn give_back_terminal() {
    if TERMINAL_TAKEN.swap(false, Ordering::SeqCst) {
        let _ = execute!(io::stdout(), ResetColor, Show, LeaveAlternateScreen);
        let _ = terminal::disable_raw_mode();
    }
}

fn install_panic_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            // Restore first, so the message lands on the main screen in cooked mode.
            give_back_terminal();
            previous(info);
        }));
    });
}

/// The action a key stands for, if any.
pub fn action_for_key(key: KeyEvent) -> Option<Action> {
    if key.kind != KeyEventKind::Press {
        return None;
    }
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return match key.code {
            KeyCode::Char('c') | KeyCode::Char('C') => Some(Action::Interrupt),
            // Raw mode turns Ctrl-Z into a key; it means what it means in a shell.
            KeyCode::Char('z') | KeyCode::Char('Z') => Some(Action::Suspend),
            _ => None,
        };
    }
    match key.code {
        KeyCode::Char(' ') => Some(Action::TogglePause),
        KeyCode::Enter => Some(Action::Enter),
        KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('Q') => Some(Action::Quit),
        KeyCode::Char('n') | KeyCode::Char('N') => Some(Action::MarkNext),
        KeyCode::Char('c') | KeyCode::Char('C') => Some(Action::ToggleCard),
        KeyCode::Left => Some(Action::Choose(Choose::Previous)),
        KeyCode::Right => Some(Action::Choose(Choose::Next)),
        KeyCode::Char(digit @ '1'..='9') => digit
            .to_digit(10)
            .map(|number| Action::Choose(Choose::Numbered(number as usize))),
        KeyCode::Char(c) => Part::scored_from_letter(c).map(Action::Mark),
        _ => None,
    }
}

/// Keys from the terminal, and the stopping signals.
pub struct KeyInput {
    signals: StopSignals,
}

impl KeyInput {
    pub fn new(signals: StopSignals) -> KeyInput {
        KeyInput { signals }
    }
}

impl Input for KeyInput {
    fn wait(&mut self, timeout: Option<Duration>) -> io::Result<Option<Action>> {
        wait_watching_signals(&self.signals, timeout, |slice| {
            // A terminal that has gone away (its window closed) is as good as SIGHUP, and
            // waiting on it would only wake at once, again and again.
            if terminal_hung_up() {
                return Ok(Some(Action::Terminate));
            }
            if !event::poll(slice)? {
                return Ok(None);
            }
            Ok(match event::read()? {
                Event::Key(key) => action_for_key(key),
                Event::Resize(..) => Some(Action::Resize),
                _ => None,
            })
        })
    }
}

/// Whether the terminal on standard input has hung up.
fn terminal_hung_up() -> bool {
    use rustix::event::{PollFd, PollFlags, Timespec};
    let stdin = io::stdin();
    let mut fds = [PollFd::new(&stdin, PollFlags::IN)];
    let now = Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    match rustix::event::poll(&mut fds, Some(&now)) {
        Ok(_) => fds[0]
            .revents()
            .intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL),
        Err(_) => true,
    }
}

/// Draws frames on the terminal, only when they change.
pub struct ScreenView<'a> {
    out: Stdout,
    shown: Shown<'a>,
    color: bool,
    bell: bool,
    last: Option<(Frame, (u16, u16))>,
}

impl<'a> ScreenView<'a> {
    pub fn new(shown: Shown<'a>, color: bool, bell: bool) -> ScreenView<'a> {
        ScreenView {
            out: io::stdout(),
            shown,
            color,
            bell,
            last: None,
        }
    }

    fn draw(&mut self, frame: &Frame, height: u16, full: bool) -> io::Result<()> {
        if full {
            queue!(self.out, Clear(ClearType::All))?;
        }
        for row_index in 0..height {
            queue!(self.out, MoveTo(0, row_index))?;
            if let Some(row) = frame.rows.get(usize::from(row_index)) {
                for span in row {
                    if self.color {
                        if let Some(color) = span.color {
                            queue!(self.out, SetForegroundColor(color))?;
                        }
                        if span.bold {
                            queue!(self.out, SetAttribute(Attribute::Bold))?;
                        }
                    }
                    queue!(self.out, Print(&span.text))?;
                    if self.color && (span.color.is_some() || span.bold) {
                        queue!(self.out, SetAttribute(Attribute::Reset), ResetColor)?;
                    }
                }
            }
            queue!(self.out, Clear(ClearType::UntilNewLine))?;
        }
        self.out.flush()
    }
}

impl View for ScreenView<'_> {
    fn suspend(&mut self) -> io::Result<bool> {
        // The shell gets the terminal as it was found; after `fg`, it is taken again and
        // drawn in full.
        give_back_terminal();
        super::signals::stop_here()?;
        terminal::enable_raw_mode()?;
        TERMINAL_TAKEN.store(true, Ordering::SeqCst);
        execute!(
            io::stdout(),
            EnterAlternateScreen,
            Hide,
            Clear(ClearType::All)
        )?;
        self.last = None;
        Ok(true)
    }

    fn show(&mut self, snapshot: &Snapshot, full: bool) -> io::Result<()> {
        let size = terminal::size()?;
        let frame = layout(&self.shown, snapshot, size.0, size.1);
        let unchanged = self
            .last
            .as_ref()
            .is_some_and(|(last, last_size)| *last == frame && *last_size == size);
        if unchanged && !full {
            return Ok(());
        }
        let resized = self
            .last
            .as_ref()
            .is_some_and(|(_, last_size)| *last_size != size);
        self.draw(&frame, size.1, full || resized)?;
        self.last = Some((frame, size));
        Ok(())
    }

    fn cue(&mut self, cue: Cue, _snapshot: &Snapshot) -> io::Result<()> {
        if self.bell && matches!(cue, Cue::MinReached | Cue::MaxReached) {
            execute!(self.out, Print('\x07'))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> Option<Action> {
        action_for_key(KeyEvent::new(code, modifiers))
    }

    #[test]
    fn keys_map_to_the_documented_actions() {
        let none = KeyModifiers::NONE;
        assert_eq!(press(KeyCode::Char(' '), none), Some(Action::TogglePause));
        assert_eq!(press(KeyCode::Enter, none), Some(Action::Enter));
        assert_eq!(
            press(KeyCode::Char('s'), none),
            Some(Action::Mark(Part::Situation))
        );
        assert_eq!(
            press(KeyCode::Char('t'), none),
            Some(Action::Mark(Part::Task))
        );
        assert_eq!(
            press(KeyCode::Char('a'), none),
            Some(Action::Mark(Part::Action))
        );
        assert_eq!(
            press(KeyCode::Char('R'), KeyModifiers::SHIFT),
            Some(Action::Mark(Part::Result))
        );
        assert_eq!(press(KeyCode::Char('n'), none), Some(Action::MarkNext));
        assert_eq!(press(KeyCode::Char('q'), none), Some(Action::Quit));
        assert_eq!(press(KeyCode::Esc, none), Some(Action::Quit));
        assert_eq!(
            press(KeyCode::Char('c'), KeyModifiers::CONTROL),
            Some(Action::Interrupt)
        );
        assert_eq!(press(KeyCode::Char('c'), none), Some(Action::ToggleCard));
        assert_eq!(
            press(KeyCode::Left, none),
            Some(Action::Choose(Choose::Previous))
        );
        assert_eq!(
            press(KeyCode::Right, none),
            Some(Action::Choose(Choose::Next))
        );
        assert_eq!(
            press(KeyCode::Char('3'), none),
            Some(Action::Choose(Choose::Numbered(3)))
        );
        assert_eq!(press(KeyCode::Char('0'), none), None);
        assert_eq!(press(KeyCode::Char('x'), none), None);
        assert_eq!(press(KeyCode::Char('s'), KeyModifiers::CONTROL), None);
    }

    #[test]
    fn key_releases_are_ignored() {
        let mut key = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
        key.kind = KeyEventKind::Release;
        assert_eq!(action_for_key(key), None);
    }
}

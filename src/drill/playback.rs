//! Hearing an answer back (`rehearse play`, and the review's offer before scoring): a full
//! screen with the question, a bar of the recording with the STAR part marks on it, the time,
//! and the keys: space pauses, ←/→ seek 5 s, 1-4 jump to a part's start, q stops. What is
//! drawn and where a key seeks are pure functions; the loop only moves the player.

use std::io::{self, Write};
use std::time::Duration;

use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::{cursor, queue, terminal};

use super::driver::Action;
use super::screen::TerminalGuard;
use super::signals::StopSignals;
use crate::domain::duration::format_clock;
use crate::domain::star::Part;
use crate::session::record::PartMark;
use crate::speech::SAMPLE_RATE;
use crate::speech::playback::{PlayState as PlayerState, Playback};
use crate::text::shown_line;

/// How far an arrow key seeks.
pub const SEEK: Duration = Duration::from_secs(5);

/// How often the screen follows the player when no key comes.
const REDRAW: Duration = Duration::from_millis(100);

/// Where playback is, as the screen shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlayState {
    pub position_ms: u64,
    pub total_ms: u64,
    pub paused: bool,
}

/// What a key asks of the player.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlayKey {
    TogglePause,
    Back,
    Forward,
    /// The start of the nth part marked (1-4 in STAR order).
    Part(usize),
    Quit,
    Interrupt,
}

/// The key's meaning, if it has one.
pub fn play_key(key: KeyEvent) -> Option<PlayKey> {
    if key.kind != KeyEventKind::Press {
        return None;
    }
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return matches!(key.code, KeyCode::Char('c' | 'C')).then_some(PlayKey::Interrupt);
    }
    match key.code {
        KeyCode::Char(' ') | KeyCode::Char('p') => Some(PlayKey::TogglePause),
        KeyCode::Left => Some(PlayKey::Back),
        KeyCode::Right => Some(PlayKey::Forward),
        KeyCode::Char(digit @ '1'..='4') => Some(PlayKey::Part(digit as usize - '0' as usize)),
        KeyCode::Char('q') | KeyCode::Esc | KeyCode::Enter => Some(PlayKey::Quit),
        _ => None,
    }
}

/// Where a seeking key moves playback to, in ms, or `None` for a key that does not seek (or a
/// part that was not marked).
pub fn seek_to(key: PlayKey, state: &PlayState, marks: &[PartMark]) -> Option<u64> {
    let seek = u64::try_from(SEEK.as_millis()).unwrap_or(u64::MAX);
    match key {
        PlayKey::Back => Some(state.position_ms.saturating_sub(seek)),
        PlayKey::Forward => Some((state.position_ms + seek).min(state.total_ms)),
        PlayKey::Part(number) => {
            let part = *Part::SCORED.get(number.checked_sub(1)?)?;
            marks
                .iter()
                .find(|mark| mark.part == part)
                .map(|mark| mark.at_ms.min(state.total_ms))
        }
        _ => None,
    }
}

/// The bar of the recording in `width` columns: played `━`, to come `─`, the position `●`, and
/// each part's letter where it starts (a later part drawn over an earlier one in the same
/// column).
pub fn bar(width: usize, state: &PlayState, marks: &[PartMark]) -> String {
    if width == 0 {
        return String::new();
    }
    let column_of = |ms: u64| -> usize {
        if state.total_ms == 0 {
            return 0;
        }
        let column =
            (u128::from(ms.min(state.total_ms)) * (width as u128 - 1)) / u128::from(state.total_ms);
        usize::try_from(column).unwrap_or(width - 1)
    };
    let here = column_of(state.position_ms);
    let mut cells: Vec<char> = (0..width)
        .map(|column| if column < here { '━' } else { '─' })
        .collect();
    for mark in marks {
        cells[column_of(mark.at_ms)] = mark.part.letter();
    }
    cells[here] = '●';
    cells.into_iter().collect()
}

/// The part playing at `position_ms`: the last one marked at or before it.
pub fn part_at(position_ms: u64, marks: &[PartMark]) -> Option<Part> {
    marks
        .iter()
        .filter(|mark| mark.at_ms <= position_ms)
        .max_by_key(|mark| mark.at_ms)
        .map(|mark| mark.part)
}

/// The screen's lines for a terminal `columns` wide and `rows` high. The bar and the time
/// come first: on a small terminal the keys go, then the question's lines from the end.
pub fn screen_lines(
    title: &str,
    columns: usize,
    rows: usize,
    state: &PlayState,
    marks: &[PartMark],
) -> Vec<String> {
    let columns = columns.max(10);
    let part = part_at(state.position_ms, marks)
        .map(|part| format!("  {}", part.name()))
        .unwrap_or_default();
    let paused = if state.paused { "  paused" } else { "" };
    let time = format!(
        "{} / {}{part}{paused}",
        format_clock(Duration::from_millis(state.position_ms)),
        format_clock(Duration::from_millis(state.total_ms))
    );
    let essentials = [bar(columns, state, marks), time];
    let mut room = rows.saturating_sub(essentials.len());
    let keys_text = "space pause  \u{2190}\u{2192} 5 s  1-4 part  q stop";
    // The keys only when a line of the question or two still fits beside them.
    let keys = if room >= 4 {
        room -= 2;
        Some(if keys_text.chars().count() <= columns {
            keys_text.to_string()
        } else {
            "q stop".to_string()
        })
    } else {
        None
    };
    let mut lines: Vec<String> = textwrap::wrap(&shown_line(title), columns)
        .into_iter()
        .map(|line| line.into_owned())
        .collect();
    // A blank line between the question and the bar, when there is room for both.
    let title_room = room.saturating_sub(1);
    if lines.len() > title_room {
        lines.truncate(title_room);
        if let Some(last) = lines.last_mut() {
            last.push('\u{2026}');
        }
    }
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.extend(essentials);
    if let Some(keys) = keys {
        lines.push(String::new());
        lines.push(keys);
    }
    lines
}

/// How playing back ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlayEnd {
    /// To the end, or stopped with q.
    Done,
    /// Ctrl-C.
    Interrupted,
    /// SIGTERM or SIGHUP.
    Terminated,
}

/// What a signal that arrived means for playing back, if one did.
fn signalled(signals: &StopSignals) -> Option<PlayEnd> {
    match signals.take()? {
        Action::Interrupt => Some(PlayEnd::Interrupted),
        Action::Terminate => Some(PlayEnd::Terminated),
        _ => None,
    }
}

/// Plays through `player` to the end with nothing drawn (standard output is not a
/// terminal), until Ctrl-C, SIGTERM or SIGHUP stop it.
pub fn play_plain(player: &mut dyn Playback) -> io::Result<PlayEnd> {
    let signals = StopSignals::get()?;
    let _held = signals.hold();
    player.play_from(0)?;
    let end = loop {
        if let Some(end) = signalled(&signals) {
            break end;
        }
        match player.state() {
            PlayerState::Finished => break PlayEnd::Done,
            PlayerState::Failed(reason) => return Err(cannot_play(player, &reason)),
            PlayerState::Playing | PlayerState::Idle => {}
        }
        std::thread::sleep(REDRAW);
    };
    player.stop();
    Ok(end)
}

fn ms_of(samples: usize) -> u64 {
    samples as u64 * 1000 / u64::from(SAMPLE_RATE)
}

fn sample_at(ms: u64) -> usize {
    usize::try_from(ms * u64::from(SAMPLE_RATE) / 1000).unwrap_or(usize::MAX)
}

/// Plays through `player` on the full screen, following the keys, until the end, q or Ctrl-C.
/// The terminal is given back however it ends.
pub fn play_on_screen(
    title: &str,
    total_samples: usize,
    marks: &[PartMark],
    player: &mut dyn Playback,
) -> io::Result<PlayEnd> {
    let signals = StopSignals::get()?;
    let _held = signals.hold();
    let _guard = TerminalGuard::take()?;
    let total_ms = ms_of(total_samples);
    // Where a paused recording will go on from: the player's own position, or where a key
    // moved it while paused.
    let mut paused_at: Option<usize> = None;
    player.play_from(0)?;
    let end = loop {
        let paused = paused_at.is_some();
        let position = paused_at.unwrap_or_else(|| player.position());
        let state = PlayState {
            position_ms: ms_of(position).min(total_ms),
            total_ms,
            paused,
        };
        draw(title, &state, marks)?;
        if let Some(end) = signalled(&signals) {
            break end;
        }
        if !paused {
            match player.state() {
                PlayerState::Finished => break PlayEnd::Done,
                PlayerState::Failed(reason) => {
                    player.stop();
                    return Err(cannot_play(player, &reason));
                }
                PlayerState::Playing | PlayerState::Idle => {}
            }
        }
        if !event::poll(REDRAW)? {
            continue;
        }
        let Event::Key(key) = event::read()? else {
            continue;
        };
        let Some(key) = play_key(key) else {
            continue;
        };
        match key {
            PlayKey::Quit => break PlayEnd::Done,
            PlayKey::Interrupt => break PlayEnd::Interrupted,
            PlayKey::TogglePause => match paused_at.take() {
                Some(at) => player.play_from(at)?,
                None => {
                    player.pause();
                    paused_at = Some(player.position());
                }
            },
            seeking => {
                if let Some(ms) = seek_to(seeking, &state, marks) {
                    match paused_at.as_mut() {
                        Some(at) => *at = sample_at(ms),
                        None => player.play_from(sample_at(ms))?,
                    }
                }
            }
        }
    };
    player.stop();
    Ok(end)
}

/// The error of a player whose sound stopped by itself.
fn cannot_play(player: &dyn Playback, reason: &str) -> io::Error {
    io::Error::other(format!("{} could not play it: {reason}", player.describe()))
}

fn draw(title: &str, state: &PlayState, marks: &[PartMark]) -> io::Result<()> {
    let (columns, rows) = terminal::size().unwrap_or((80, 24));
    let mut out = io::stdout().lock();
    queue!(out, terminal::Clear(terminal::ClearType::All))?;
    let lines = screen_lines(
        title,
        usize::from(columns).saturating_sub(2),
        usize::from(rows),
        state,
        marks,
    );
    for (row, line) in lines.iter().take(usize::from(rows)).enumerate() {
        queue!(
            out,
            cursor::MoveTo(1, u16::try_from(row).unwrap_or(u16::MAX))
        )?;
        write!(out, "{line}")?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks() -> Vec<PartMark> {
        [
            (Part::Situation, 0),
            (Part::Task, 20_000),
            (Part::Action, 40_000),
            (Part::Result, 80_000),
        ]
        .into_iter()
        .map(|(part, at_ms)| PartMark { part, at_ms })
        .collect()
    }

    fn at(position_ms: u64) -> PlayState {
        PlayState {
            position_ms,
            total_ms: 100_000,
            paused: false,
        }
    }

    #[test]
    fn the_bar_shows_what_was_played_the_position_and_where_each_part_starts() {
        assert_eq!(bar(11, &at(50_000), &marks()), "S━T━A●──R──");
        assert_eq!(bar(11, &at(0), &marks()), "●─T─A───R──");
        assert_eq!(bar(11, &at(100_000), &[]), "━━━━━━━━━━●");
        let empty = PlayState {
            total_ms: 0,
            ..at(0)
        };
        assert_eq!(bar(5, &empty, &[]), "●────");
    }

    #[test]
    fn arrows_seek_five_seconds_inside_the_recording_and_digits_jump_to_parts() {
        let marks = marks();
        assert_eq!(seek_to(PlayKey::Back, &at(3_000), &marks), Some(0));
        assert_eq!(seek_to(PlayKey::Back, &at(30_000), &marks), Some(25_000));
        assert_eq!(
            seek_to(PlayKey::Forward, &at(97_000), &marks),
            Some(100_000)
        );
        assert_eq!(seek_to(PlayKey::Part(3), &at(0), &marks), Some(40_000));
        assert_eq!(seek_to(PlayKey::Part(2), &at(0), &marks[..1]), None);
        assert_eq!(seek_to(PlayKey::TogglePause, &at(0), &marks), None);
    }

    #[test]
    fn the_screen_names_the_part_playing_and_fits_a_narrow_terminal() {
        let lines = screen_lines("Tell me about a conflict.", 40, 24, &at(45_000), &marks());
        assert_eq!(lines[3], "0:45 / 1:40  Action");
        assert!(
            lines.iter().all(|line| line.chars().count() <= 40),
            "{lines:?}"
        );
        let narrow = screen_lines("Tell me about a conflict.", 12, 24, &at(45_000), &marks());
        assert_eq!(narrow.last().unwrap(), "q stop");
    }

    #[test]
    fn on_a_tiny_terminal_the_bar_and_the_time_stay_and_the_question_gives_way() {
        let question = "Tell me about a time you disagreed with your manager. What happened?";
        let lines = screen_lines(question, 18, 5, &at(45_000), &marks());
        assert_eq!(lines.len(), 5, "{lines:?}");
        assert!(
            lines[1].ends_with('\u{2026}'),
            "the question, cut: {lines:?}"
        );
        assert_eq!(lines[3].chars().count(), 18, "the bar: {lines:?}");
        assert!(lines[4].starts_with("0:45 / 1:40"), "{lines:?}");
        let two = screen_lines(question, 18, 2, &at(45_000), &marks());
        assert_eq!(two.len(), 2, "only the bar and the time: {two:?}");
    }

    #[test]
    fn keys_mean_what_the_screen_says() {
        let key = |code| KeyEvent::new(code, KeyModifiers::NONE);
        assert_eq!(
            play_key(key(KeyCode::Char(' '))),
            Some(PlayKey::TogglePause)
        );
        assert_eq!(play_key(key(KeyCode::Char('4'))), Some(PlayKey::Part(4)));
        assert_eq!(play_key(key(KeyCode::Char('5'))), None);
        assert_eq!(play_key(key(KeyCode::Char('q'))), Some(PlayKey::Quit));
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(play_key(ctrl_c), Some(PlayKey::Interrupt));
    }
}

//! How an answer went, in words: the verdict against its window, and the one-line summary
//! printed after an answer is saved.

use std::fmt;
use std::time::Duration;

use crossterm::style::Color;

use crate::domain::duration::format_tenths;
use crate::domain::window::Zone;
use chrono::NaiveDate;

use super::streak::{current_streak, practice_days};
use crate::paint::Paint;
use crate::session::brief::Brief;
use crate::session::record::{Outcome, Session};
use crate::table::{self, Align, Cell, Column};
use crate::text::shown_line;

/// How an answer compares with its window.
///
/// Judged on the answer time as shown (to the tenth), so the figures printed together always
/// agree: `1:47.7 short by 0:12.3` adds up to the window's start, and an answer shown as
/// `3:00.0` is never called over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Short(Duration),
    InWindow,
    Over(Duration),
    Aborted,
}

impl Verdict {
    pub fn of(session: &Session) -> Verdict {
        if !session.is_completed() {
            return Verdict::Aborted;
        }
        let shown = shown_answer(session);
        let window = session.window;
        match window.zone(shown) {
            Zone::TooShort => Verdict::Short(window.min() - shown),
            Zone::InWindow => Verdict::InWindow,
            Zone::Over => Verdict::Over(shown - window.max()),
        }
    }

    /// One word for a table column: `short`, `ok`, `over`, `aborted`.
    pub fn word(self) -> &'static str {
        match self {
            Verdict::Short(_) => "short",
            Verdict::InWindow => "ok",
            Verdict::Over(_) => "over",
            Verdict::Aborted => "aborted",
        }
    }

    /// The colour the verdict is shown in, the same as on the timer's screen.
    pub fn color(self) -> Color {
        match self {
            Verdict::Short(_) => Color::Yellow,
            Verdict::InWindow => Color::Green,
            Verdict::Over(_) => Color::Red,
            Verdict::Aborted => Color::DarkGrey,
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Verdict::Short(by) => write!(f, "short by {}", format_tenths(*by)),
            Verdict::InWindow => write!(f, "in window"),
            Verdict::Over(by) => write!(f, "over by {}", format_tenths(*by)),
            Verdict::Aborted => write!(f, "aborted"),
        }
    }
}

/// The answer time as shown everywhere: truncated to the tenth of a second.
pub fn shown_answer(session: &Session) -> Duration {
    Duration::from_millis(session.answer_ms / 100 * 100)
}

/// `conflict-manager  2:41.2  in window  STAR 7/8  streak 3 days`: the prompt, the answer
/// time, the verdict, the STAR total and, when known, the streak of practice days.
pub fn summary_line(session: &Session, streak: Option<u32>) -> String {
    let star = match session.star_total() {
        Some(total) => format!("STAR {total}"),
        None => "not scored".to_string(),
    };
    let shown = format_tenths(shown_answer(session));
    let mut line = format!(
        "{}  {shown}  {}  {star}",
        shown_line(&session.prompt.id),
        Verdict::of(session)
    );
    match streak {
        Some(0) => line.push_str("  no streak yet"),
        Some(1) => line.push_str("  streak 1 day"),
        Some(days) => line.push_str(&format!("  streak {days} days")),
        None => {}
    }
    line
}

/// The summary line with the streak of practice days to `today` in `history` (every
/// session, this one included).
pub fn summary_with_streak(session: &Session, history: &[Brief], today: NaiveDate) -> String {
    summary_line(
        session,
        Some(current_streak(&practice_days(history), today)),
    )
}

/// How long the answer to the session's follow-up probe ran (`0:45.3`, `0:12.0 aborted`),
/// or `-` when no probe was asked: the follow-up's column wherever answers are listed.
pub fn follow_up_time(session: &Session) -> String {
    match &session.follow_up {
        None => "-".to_string(),
        Some(follow_up) => {
            let time = format_tenths(Duration::from_millis(follow_up.answer_ms));
            match follow_up.outcome {
                Outcome::Completed => time,
                Outcome::Aborted => format!("{time} aborted"),
            }
        }
    }
}

/// The table after several answers: the prompt, the time, the verdict, the STAR total and,
/// when a follow-up probe was asked, the follow-up's time.
pub fn answers_table(sessions: &[Session], paint: Paint) -> String {
    const COLUMNS: [Column; 5] = [
        Column::new("prompt", Align::Left, true),
        Column::new("time", Align::Right, false),
        Column::new("verdict", Align::Left, false),
        Column::new("STAR", Align::Right, false),
        Column::new("follow-up", Align::Right, false),
    ];
    let rows: Vec<Vec<Cell>> = sessions
        .iter()
        .map(|session| {
            let verdict = Verdict::of(session);
            vec![
                Cell::plain(&session.prompt.id),
                Cell::plain(format_tenths(shown_answer(session))),
                Cell::colored(verdict.to_string(), verdict.color()),
                Cell::plain(
                    session
                        .star_total()
                        .map_or("-".to_string(), |total| total.to_string()),
                ),
                Cell::plain(follow_up_time(session)),
            ]
        })
        .collect();
    let probed = sessions.iter().any(|session| session.follow_up.is_some());
    let shown = if probed { &COLUMNS[..] } else { &COLUMNS[..4] };
    table::render(shown, &rows, None, paint)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::star::Scores;
    use crate::session::record::Outcome;
    use crate::testkit::SessionBuilder;

    fn session(answer_ms: u64) -> Session {
        SessionBuilder::new("conflict-manager")
            .answer_ms(answer_ms)
            .build()
    }

    #[test]
    fn verdicts_add_up_with_the_time_shown() {
        assert_eq!(
            summary_line(&session(161_234), None),
            "conflict-manager  2:41.2  in window  not scored"
        );
        assert_eq!(
            summary_line(&session(107_700), None),
            "conflict-manager  1:47.7  short by 0:12.3  not scored"
        );
        assert_eq!(
            summary_line(&session(185_400), None),
            "conflict-manager  3:05.4  over by 0:05.4  not scored"
        );
        assert_eq!(
            summary_line(&session(40), None),
            "conflict-manager  0:00.0  short by 2:00.0  not scored"
        );
    }

    #[test]
    fn an_answer_shown_at_the_maximum_is_not_over() {
        assert_eq!(
            summary_line(&session(180_050), None),
            "conflict-manager  3:00.0  in window  not scored"
        );
        assert_eq!(
            Verdict::of(&session(180_100)),
            Verdict::Over(Duration::from_millis(100))
        );
        assert_eq!(Verdict::of(&session(119_999)).word(), "short");
    }

    #[test]
    fn star_total_streak_and_aborted() {
        let mut scored = session(150_000);
        scored.scores = Scores::of([2, 1, 2, 2]);
        assert_eq!(
            summary_line(&scored, Some(3)),
            "conflict-manager  2:30.0  in window  STAR 7/8  streak 3 days"
        );
        assert_eq!(
            summary_line(&scored, Some(1)),
            "conflict-manager  2:30.0  in window  STAR 7/8  streak 1 day"
        );
        let mut aborted = session(37_000);
        aborted.outcome = Outcome::Aborted;
        assert_eq!(
            summary_line(&aborted, Some(0)),
            "conflict-manager  0:37.0  aborted  not scored  no streak yet"
        );
    }
}

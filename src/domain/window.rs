//! The answer window: the range of answer lengths that counts as a good answer, and where an
//! answer falls against it.

use std::fmt;
use std::time::Duration;

use super::duration::{MAX_TYPED, format_short};

/// The range of answer lengths that counts as a good answer, both ends inclusive. Made only
/// through [`Window::new`], so `min` is never above `max` and `max` is never zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    min: Duration,
    max: Duration,
}

/// Why two durations make no window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowProblem {
    /// `min` is above `max`.
    Inverted,
    /// `max` is zero: no answer could be in the window.
    Empty,
    /// Longer than anyone answers one question.
    TooLong,
}

impl fmt::Display for WindowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WindowProblem::Inverted => f.write_str("min is above max"),
            WindowProblem::Empty => f.write_str("max must be longer than zero"),
            WindowProblem::TooLong => write!(f, "a window is at most {}", format_short(MAX_TYPED)),
        }
    }
}

impl Window {
    /// The window from `min` to `max`, when they make one.
    pub fn new(min: Duration, max: Duration) -> Result<Window, WindowProblem> {
        if max.is_zero() {
            Err(WindowProblem::Empty)
        } else if min > max {
            Err(WindowProblem::Inverted)
        } else if max > MAX_TYPED {
            Err(WindowProblem::TooLong)
        } else {
            Ok(Window { min, max })
        }
    }

    /// The shortest good answer.
    pub fn min(self) -> Duration {
        self.min
    }

    /// The longest good answer.
    pub fn max(self) -> Duration {
        self.max
    }

    /// Where an answer of length `answer` falls relative to this window.
    pub fn zone(self, answer: Duration) -> Zone {
        if answer < self.min {
            Zone::TooShort
        } else if answer <= self.max {
            Zone::InWindow
        } else {
            Zone::Over
        }
    }
}

/// How the answer's length compares with the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Zone {
    /// Shorter than `min`.
    TooShort,
    /// From `min` to `max`, both included.
    InWindow,
    /// Longer than `max`.
    Over,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(seconds: u64) -> Duration {
        Duration::from_secs(seconds)
    }

    #[test]
    fn zones_are_inclusive_at_both_ends() {
        let window = Window::new(s(60), s(120)).unwrap();
        assert_eq!(window.zone(s(59)), Zone::TooShort);
        assert_eq!(window.zone(s(60)), Zone::InWindow);
        assert_eq!(window.zone(s(120)), Zone::InWindow);
        assert_eq!(window.zone(s(121)), Zone::Over);
    }

    #[test]
    fn impossible_windows_are_refused() {
        assert_eq!(Window::new(s(5), s(4)), Err(WindowProblem::Inverted));
        assert_eq!(Window::new(s(0), s(0)), Err(WindowProblem::Empty));
        assert_eq!(Window::new(s(0), s(90_000)), Err(WindowProblem::TooLong));
        assert!(Window::new(s(5), s(5)).is_ok());
    }
}

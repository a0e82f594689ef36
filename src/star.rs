//! The four STAR parts of an answer: Situation, Task, Action, Result.

use std::fmt;

use serde::{Deserialize, Serialize};

/// One part of a STAR answer, written as its letter in records and on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Part {
    S,
    T,
    A,
    R,
}

impl Part {
    /// The parts in the order an answer tells them.
    pub const ALL: [Part; 4] = [Part::S, Part::T, Part::A, Part::R];

    /// The part's full name, as a person says it.
    pub fn name(self) -> &'static str {
        match self {
            Part::S => "Situation",
            Part::T => "Task",
            Part::A => "Action",
            Part::R => "Result",
        }
    }

    /// The part that follows this one, or `None` after Result.
    pub fn next(self) -> Option<Part> {
        match self {
            Part::S => Some(Part::T),
            Part::T => Some(Part::A),
            Part::A => Some(Part::R),
            Part::R => None,
        }
    }

    /// The part a key or letter stands for, in either case (`s`, `T`, ...).
    pub fn from_letter(letter: char) -> Option<Part> {
        match letter.to_ascii_uppercase() {
            'S' => Some(Part::S),
            'T' => Some(Part::T),
            'A' => Some(Part::A),
            'R' => Some(Part::R),
            _ => None,
        }
    }

    /// The part's letter.
    pub fn letter(self) -> char {
        match self {
            Part::S => 'S',
            Part::T => 'T',
            Part::A => 'A',
            Part::R => 'R',
        }
    }
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.letter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_walks_the_parts_in_order_and_stops_after_result() {
        let mut walked = vec![Part::S];
        while let Some(next) = walked.last().unwrap().next() {
            walked.push(next);
        }
        assert_eq!(walked, Part::ALL);
    }

    #[test]
    fn letters_round_trip_in_either_case() {
        for part in Part::ALL {
            assert_eq!(Part::from_letter(part.letter()), Some(part));
            assert_eq!(
                Part::from_letter(part.letter().to_ascii_lowercase()),
                Some(part)
            );
        }
        assert_eq!(Part::from_letter('x'), None);
    }

    #[test]
    fn serialises_as_the_bare_letter() {
        assert_eq!(serde_json::to_string(&Part::A).unwrap(), "\"A\"");
    }
}

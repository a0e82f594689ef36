//! The review of an answer (the story told, a 0-2 score a part, a note to self) and how one
//! is applied to a record, whether it was asked after a drill, given as flags, or edited later.

use crate::domain::star::Scores;

use super::record::Session;

/// A record's review fields, each possibly empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Review {
    pub story: Option<String>,
    pub scores: Option<Scores>,
    pub note: Option<String>,
}

/// Review answers given on the command line. A field not given leaves the review as it is;
/// a blank story or note clears it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReviewChanges {
    pub story: Option<String>,
    pub scores: Option<Scores>,
    pub note: Option<String>,
}

impl ReviewChanges {
    /// Whether nothing at all was given.
    pub fn is_empty(&self) -> bool {
        self.story.is_none() && self.scores.is_none() && self.note.is_none()
    }
}

impl Review {
    /// The review a record holds now.
    pub fn of(session: &Session) -> Review {
        Review {
            story: session.story.clone(),
            scores: session.scores,
            note: session.note.clone(),
        }
    }

    /// This review with `changes` made to it.
    pub fn changed(mut self, changes: &ReviewChanges) -> Review {
        if let Some(story) = &changes.story {
            self.story = non_empty(story);
        }
        if changes.scores.is_some() {
            self.scores = changes.scores;
        }
        if let Some(note) = &changes.note {
            self.note = non_empty(note);
        }
        self
    }
}

impl Session {
    /// Puts `review` in the record, replacing the review it had.
    pub fn set_review(&mut self, review: Review) {
        self.story = review.story;
        self.scores = review.scores;
        self.note = review.note;
    }
}

/// The trimmed text, or `None` when nothing is left.
pub fn non_empty(text: impl AsRef<str>) -> Option<String> {
    let trimmed = text.as_ref().trim();
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_set_what_is_given_and_blank_text_clears() {
        let before = Review {
            story: Some("Audit flag".into()),
            scores: Scores::parse("2122").ok(),
            note: Some("old".into()),
        };
        let changes = ReviewChanges {
            story: Some("  ".into()),
            scores: None,
            note: Some(" new note ".into()),
        };
        let after = before.clone().changed(&changes);
        assert_eq!(after.story, None);
        assert_eq!(after.scores, before.scores);
        assert_eq!(after.note.as_deref(), Some("new note"));
        assert_eq!(before.clone().changed(&ReviewChanges::default()), before);
        assert!(ReviewChanges::default().is_empty());
    }
}

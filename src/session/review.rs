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

/// Changes to a review, as flags give them or as a person made them. A field not given
/// leaves the review as it is; a blank story or note clears it, and so do scores of `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReviewChanges {
    pub story: Option<String>,
    pub scores: Option<Option<Scores>>,
    pub note: Option<String>,
}

impl ReviewChanges {
    /// Whether nothing at all was given.
    pub fn is_empty(&self) -> bool {
        self.story.is_none() && self.scores.is_none() && self.note.is_none()
    }

    /// What a person changed going from `before` to `after`: only those fields, so that
    /// applied to a record changed meanwhile by someone else, their change stays.
    pub fn between(before: &Review, after: &Review) -> ReviewChanges {
        let text = |before: &Option<String>, after: &Option<String>| {
            (before != after).then(|| after.clone().unwrap_or_default())
        };
        ReviewChanges {
            story: text(&before.story, &after.story),
            scores: (before.scores != after.scores).then_some(after.scores),
            note: text(&before.note, &after.note),
        }
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
        if let Some(scores) = changes.scores {
            self.scores = scores;
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
        let cleared = before.clone().changed(&ReviewChanges {
            scores: Some(None),
            ..ReviewChanges::default()
        });
        assert_eq!(cleared.scores, None);
        let after = before.clone().changed(&changes);
        assert_eq!(after.story, None);
        assert_eq!(after.scores, before.scores);
        assert_eq!(after.note.as_deref(), Some("new note"));
        assert_eq!(before.clone().changed(&ReviewChanges::default()), before);
        assert!(ReviewChanges::default().is_empty());
    }

    #[test]
    fn the_changes_between_two_reviews_are_only_what_differs() {
        let before = Review {
            story: Some("Audit flag".into()),
            scores: None,
            note: Some("old".into()),
        };
        let after = Review {
            story: None,
            scores: Scores::parse("2122").ok(),
            note: Some("old".into()),
        };
        let changes = ReviewChanges::between(&before, &after);
        assert_eq!(changes.story.as_deref(), Some(""));
        assert_eq!(changes.scores, Some(after.scores));
        assert_eq!(changes.note, None, "an unchanged field is no change");
        // Applied to a record whose note someone else changed meanwhile, that note stays.
        let meanwhile = Review {
            note: Some("theirs".into()),
            ..before.clone()
        };
        let merged = meanwhile.changed(&changes);
        assert_eq!(merged.note.as_deref(), Some("theirs"));
        assert_eq!(merged.story, None);
    }
}

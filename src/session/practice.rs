//! What the history says about practice, read from the briefs: when each prompt was last
//! answered, and each category's last day and recent STAR totals. The pick weighs prompts by
//! these facts, and the plan chooses the day's drills by them.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, NaiveDate};

use super::brief::Brief;
use crate::domain::star::StarTotal;

/// How many of a category's newest scored answers make its "recent" STAR average: enough to
/// smooth one bad day, few enough that improvement shows within a week or two.
pub const RECENT_SCORED: usize = 5;

/// What the weighted draw needs to know from the history: when each prompt was last answered,
/// and each category's last practice day and recent STAR totals. Only completed answers count.
#[derive(Debug, Clone, Default)]
pub struct PracticeFacts {
    /// Prompt id to the last local day it was answered.
    prompts: HashMap<String, NaiveDate>,
    categories: HashMap<String, CategoryFacts>,
}

#[derive(Debug, Clone, Default)]
struct CategoryFacts {
    last: Option<NaiveDate>,
    /// The newest scored answers' start times and STAR totals, newest first, at most
    /// [`RECENT_SCORED`] of them.
    recent: Vec<(DateTime<FixedOffset>, StarTotal)>,
}

impl PracticeFacts {
    /// The facts of these sessions, in any order.
    pub fn from_briefs<'a>(briefs: impl IntoIterator<Item = &'a Brief>) -> PracticeFacts {
        let mut facts = PracticeFacts::default();
        for brief in briefs {
            facts.add(brief);
        }
        facts
    }

    /// Takes one more session into account (sessions may come in any order; aborted ones are
    /// ignored). The day is the local day the answer started, as the streak counts it.
    pub fn add(&mut self, brief: &Brief) {
        if !brief.completed {
            return;
        }
        let day = brief.day();
        // Looked up before inserting: a long history names the same few keys again and again.
        match self.prompts.get_mut(&brief.prompt_id) {
            Some(last) => *last = (*last).max(day),
            None => {
                self.prompts.insert(brief.prompt_id.clone(), day);
            }
        }
        if !self.categories.contains_key(&brief.category) {
            self.categories
                .insert(brief.category.clone(), CategoryFacts::default());
        }
        let Some(category) = self.categories.get_mut(&brief.category) else {
            return;
        };
        category.last = category.last.max(Some(day));
        if let Some(total) = brief.star_total() {
            // Newest first; equal times by total so the order never depends on arrival.
            let entry = (brief.started_at, total);
            let at = category.recent.partition_point(|known| *known > entry);
            if at < RECENT_SCORED {
                category.recent.insert(at, entry);
                category.recent.truncate(RECENT_SCORED);
            }
        }
    }

    /// The last day this prompt was answered.
    pub fn last_answered(&self, prompt_id: &str) -> Option<NaiveDate> {
        self.prompts.get(prompt_id).copied()
    }

    /// The last day anything in this category was answered.
    pub fn last_practised(&self, category: &str) -> Option<NaiveDate> {
        self.categories.get(category).and_then(|facts| facts.last)
    }

    /// The average STAR total of the category's newest scored answers, if any were scored.
    pub fn recent_star_average(&self, category: &str) -> Option<f64> {
        let recent = &self.categories.get(category)?.recent;
        (!recent.is_empty()).then(|| {
            recent
                .iter()
                .map(|&(_, total)| f64::from(total.points()))
                .sum::<f64>()
                / recent.len() as f64
        })
    }
}

//! Running totals for one group of answers (a category, a story): how many, the latest day,
//! and the average STAR total of the scored ones.

use chrono::NaiveDate;

use crate::domain::star::StarTotal;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    /// Answers counted.
    pub answers: usize,
    /// The day of the latest.
    pub last: Option<NaiveDate>,
    total_sum: u64,
    totals: usize,
}

impl Tally {
    /// Counts one answer given on `day`, with its STAR total if it was scored.
    pub fn add(&mut self, day: NaiveDate, total: Option<StarTotal>) {
        self.answers += 1;
        self.last = self.last.max(Some(day));
        if let Some(total) = total {
            self.total_sum = self.total_sum.saturating_add(u64::from(total.points()));
            self.totals += 1;
        }
    }

    /// The average STAR total of the scored answers.
    pub fn average_total(&self) -> Option<f64> {
        (self.totals > 0).then(|| self.total_sum as f64 / self.totals as f64)
    }
}

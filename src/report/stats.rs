//! Where the user stands, as figures: pure functions over session records with today's date
//! passed in. Rendering lives in `stats_view`.
//!
//! Figures are gathered by a `StatsBuilder` one record at a time, so a report over a long
//! history never needs every record in memory at once.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;

use super::streak::current_streak;
use super::summary::Verdict;
use super::tally::Tally;
use crate::domain::star::{Guide, Part, PartMap, default_guide};
use crate::session::record::Session;
use crate::speech::coach::PaceRange;

/// How far a part's share may stray from the guide before the report says so.
const BALANCE_TOLERANCE: f64 = 0.10;

/// A story serving more than this share of the answers that name one is overused.
const OVERUSE_SHARE: f64 = 0.40;

/// Below this many answers naming a story, shares are too noisy to warn about.
const OVERUSE_MIN_ANSWERS: usize = 5;

/// Weeks in the heatmap and the in-window sparkline.
pub const WEEKS_SHOWN: usize = 26;

/// Everything `rehearse stats` reports. Field names are part of the `--json` contract.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    /// The day the figures are counted to: today, or an `--until` day before it.
    pub today: NaiveDate,
    /// Whether that day is before the real today, so the text says what the streak and the
    /// last days are counted to.
    #[serde(skip)]
    pub before_today: bool,
    pub practice: Practice,
    pub timing: Timing,
    pub star: StarFigures,
    pub categories: Vec<CategoryRow>,
    pub categories_never_practised: Vec<String>,
    pub stories: Vec<StoryRow>,
    pub story_overused: Option<Overuse>,
    pub categories_without_story: Vec<String>,
    pub sound: SoundFigures,
    /// What the transcripts tell: pace, fillers, ownership.
    pub words: WordFigures,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Practice {
    pub completed: usize,
    pub aborted: usize,
    pub days_practised: usize,
    pub current_streak: u32,
    pub longest_streak: u32,
    pub last_7_days: usize,
    pub last_30_days: usize,
    /// Completed answers on each of the last 26 weeks' days (Monday first), oldest first.
    pub heatmap: Vec<DayCount>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DayCount {
    pub date: NaiveDate,
    pub answers: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timing {
    pub median_s: Option<f64>,
    pub mean_s: Option<f64>,
    pub short_share: Option<f64>,
    pub in_window_share: Option<f64>,
    pub over_share: Option<f64>,
    /// The in-window share of each of the last 26 weeks, oldest first.
    pub weekly_in_window: Vec<WeekShare>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct WeekShare {
    /// The Monday the week starts on.
    pub week: NaiveDate,
    pub answers: usize,
    pub in_window_share: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StarFigures {
    /// Answers with at least one part scored.
    pub scored_answers: usize,
    pub parts: Vec<PartFigures>,
    /// The part with the lowest average score.
    pub weakest: Option<Part>,
    /// Answers with part marks, from which the time balance is taken.
    pub marked_answers: usize,
    /// One sentence a part whose share of the time strays from the guide.
    pub advice: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartFigures {
    pub part: Part,
    pub average: Option<f64>,
    pub zeros: usize,
    pub zero_share: Option<f64>,
    pub time_share: Option<f64>,
    pub guide_share: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryRow {
    pub category: String,
    pub answers: usize,
    pub last_practised: Option<NaiveDate>,
    pub average_total: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryRow {
    pub story: String,
    pub used: usize,
    pub last_used: NaiveDate,
    pub average_total: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overuse {
    pub story: String,
    pub share: f64,
}

/// What the recordings tell over time, and the disk they take.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SoundFigures {
    /// Completed answers whose sound was measured.
    pub measured_answers: usize,
    /// Recording files in the store, and the bytes they take.
    pub recordings: usize,
    pub disk_bytes: u64,
    /// Long pauses an answer, the earlier half of the measured answers against the later.
    pub long_pauses: Option<Trend>,
    /// Seconds to the first word, the same way.
    pub first_word_s: Option<Trend>,
}

/// What the transcripts tell over time: pace, fillers and ownership, the earlier half of
/// the transcribed answers against the later.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct WordFigures {
    /// Completed answers with a transcript.
    pub transcribed_answers: usize,
    /// Words a minute, judged by how far from the aim it is.
    pub wpm: Option<Trend>,
    /// The pace aimed at, in words a minute.
    pub pace_aim: (f64, f64),
    /// Fillers a minute.
    pub fillers_per_min: Option<Trend>,
    /// The share of "I" among "I" and "we".
    pub i_share: Option<Trend>,
}

/// A measure's average over the earlier half of the answers and over the later half: the
/// direction a person is going, once there are enough answers to say (four or more).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Trend {
    pub earlier: f64,
    pub recent: f64,
    /// Whether the change is for the better, by what is better for this measure.
    pub direction: Direction,
}

/// Which way a measure went, by what is better for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Improving,
    GettingWorse,
    AboutTheSame,
}

/// What is better for a measure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Better {
    /// Fewer is better (pauses, fillers); a change under a tenth is no change.
    Lower,
    /// More is better (the share of "I"); a change under a tenth is no change.
    Higher,
    /// Inside the range is best, and nearer it better (pace); a change of the distance
    /// to it under [`Better::NEAR`] is no change.
    Within(f64, f64),
}

impl Better {
    /// How much nearer or farther from a range counts as a change, in the measure's unit.
    pub const NEAR: f64 = 5.0;

    fn judge(self, earlier: f64, recent: f64) -> Direction {
        let (gain, margin) = match self {
            Better::Lower => (earlier - recent, earlier.abs() * 0.1),
            Better::Higher => (recent - earlier, earlier.abs() * 0.1),
            Better::Within(low, high) => {
                let off = |value: f64| (low - value).max(value - high).max(0.0);
                (off(earlier) - off(recent), Better::NEAR)
            }
        };
        if gain > margin {
            Direction::Improving
        } else if gain < -margin {
            Direction::GettingWorse
        } else {
            Direction::AboutTheSame
        }
    }
}

impl Trend {
    /// The fewest answers a trend is told from: two in each half.
    pub const FEWEST: usize = 4;

    /// The trend of `values` in the order they came, or `None` when too few.
    pub fn of(values: &[f64], better: Better) -> Option<Trend> {
        if values.len() < Trend::FEWEST {
            return None;
        }
        let (earlier, recent) = values.split_at(values.len() / 2);
        let mean = |half: &[f64]| half.iter().sum::<f64>() / half.len() as f64;
        let (earlier, recent) = (mean(earlier), mean(recent));
        Some(Trend {
            earlier,
            recent,
            direction: better.judge(earlier, recent),
        })
    }
}

/// Gathers the figures one session at a time.
#[derive(Debug, Clone, Default)]
pub struct StatsBuilder {
    completed: usize,
    aborted: usize,
    answers_by_day: BTreeMap<NaiveDate, usize>,
    answer_ms: Vec<u64>,
    verdicts: Verdicts,
    in_window_by_day: BTreeMap<NaiveDate, usize>,
    score_sums: PartMap<u64>,
    score_counts: PartMap<usize>,
    zeros: PartMap<usize>,
    scored_answers: usize,
    share_sums: PartMap<f64>,
    marked_answers: usize,
    categories: BTreeMap<String, Tally>,
    stories: BTreeMap<String, (String, Tally)>,
    categories_with_story: BTreeSet<String>,
    /// The part-time guide the balance is judged against; the built-in one unless set.
    guide: Option<Guide>,
    /// Long pauses and seconds to the first word of each measured answer, oldest first.
    long_pauses: Vec<f64>,
    first_words_s: Vec<f64>,
    /// The recordings on disk: how many, and their bytes.
    disk: (usize, u64),
    /// The pace the speech report aims at; the built-in one unless set.
    pace_aim: Option<PaceRange>,
    /// Completed answers with a transcript, and their pace, fillers a minute and share of
    /// "I", each where the transcript tells it, oldest first.
    transcribed: usize,
    wpm: Vec<f64>,
    fillers_per_min: Vec<f64>,
    i_share: Vec<f64>,
}

/// How many answers came out short, in the window and over.
#[derive(Debug, Clone, Copy, Default)]
struct Verdicts {
    short: usize,
    in_window: usize,
    over: usize,
}

impl StatsBuilder {
    /// Judges the time balance against the user's own guide (from `config.toml`).
    pub fn with_guide(mut self, guide: Guide) -> StatsBuilder {
        self.guide = Some(guide);
        self
    }

    /// Judges the pace against the user's own aim (from `config.toml`).
    pub fn with_pace_aim(mut self, aim: PaceRange) -> StatsBuilder {
        self.pace_aim = Some(aim);
        self
    }

    /// Counts the recordings' files in: how many, and the bytes they take.
    pub fn with_disk(mut self, recordings: usize, bytes: u64) -> StatsBuilder {
        self.disk = (recordings, bytes);
        self
    }

    /// Counts one session in (sessions come oldest first, for the trends).
    pub fn add(&mut self, session: &Session) {
        if !session.is_completed() {
            self.aborted += 1;
            return;
        }
        self.completed += 1;
        let day = session.started_at.date_naive();
        *self.answers_by_day.entry(day).or_default() += 1;
        self.answer_ms.push(session.answer_ms);
        let verdict = Verdict::of(session);
        match verdict {
            Verdict::Short(_) => self.verdicts.short += 1,
            Verdict::InWindow => self.verdicts.in_window += 1,
            _ => self.verdicts.over += 1,
        }
        if verdict == Verdict::InWindow {
            *self.in_window_by_day.entry(day).or_default() += 1;
        }
        self.add_scores(session);
        self.add_part_times(session);
        if let Some(speech) = session.sound() {
            self.long_pauses.push(speech.long_pauses.len() as f64);
            if let Some(ms) = speech.first_word_ms {
                self.first_words_s.push(ms as f64 / 1000.0);
            }
        }
        if let Some(words) = session.word_measures() {
            self.transcribed += 1;
            self.wpm.extend(words.wpm);
            self.fillers_per_min.extend(words.fillers.per_min);
            self.i_share.extend(words.i_share);
        }
        let total = session.star_total();
        self.categories
            .entry(session.prompt.category.clone())
            .or_default()
            .add(day, total);
        if let Some(story) = session
            .story
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            // Titles typed in different case are the same story.
            let (_, tally) = self
                .stories
                .entry(story.to_lowercase())
                .or_insert_with(|| (story.to_string(), Tally::default()));
            tally.add(day, total);
            self.categories_with_story
                .insert(session.prompt.category.clone());
        }
    }

    fn add_scores(&mut self, session: &Session) {
        let Some(scores) = &session.scores else {
            return;
        };
        let mut any = false;
        for (part, score) in scores.iter() {
            if let Some(score) = score {
                any = true;
                self.score_sums[part] += u64::from(score.value());
                self.score_counts[part] += 1;
                self.zeros[part] += usize::from(score.value() == 0);
            }
        }
        self.scored_answers += usize::from(any);
    }

    /// Each marked part runs from its mark to the next one (the last to the end of the
    /// answer). Shares are of the marked stretch, from the first mark to the end: talk before
    /// anyone pressed a key belongs to no part we know, and leaving it in would make every
    /// part look short against a guide that adds up to 100%. A part never marked took no time.
    fn add_part_times(&mut self, session: &Session) {
        let mut marks = session.part_marks().to_vec();
        marks.sort_by_key(|mark| mark.at_ms);
        let Some(first) = marks.first().map(|mark| mark.at_ms) else {
            return;
        };
        let marked = session.answer_ms.saturating_sub(first);
        if marked == 0 {
            return;
        }
        for (position, mark) in marks.iter().enumerate() {
            let end = marks
                .get(position + 1)
                .map_or(session.answer_ms, |next| next.at_ms);
            let took = end.min(session.answer_ms).saturating_sub(mark.at_ms);
            self.share_sums[mark.part] += took as f64 / marked as f64;
        }
        self.marked_answers += 1;
    }

    /// The figures, as of `today`. `bank_categories` are the categories a user could practise,
    /// so the ones never touched can be named.
    pub fn finish(mut self, today: NaiveDate, bank_categories: &[&str]) -> Stats {
        let days: BTreeSet<NaiveDate> = self.answers_by_day.keys().copied().collect();
        let aim = self.pace_aim.unwrap_or_default();
        let since = |back: u64| today.checked_sub_days(Days::new(back)).unwrap_or(today);
        let count_since = |first: NaiveDate| {
            self.answers_by_day
                .range(first..=today)
                .map(|(_, n)| n)
                .sum()
        };
        let practice = Practice {
            completed: self.completed,
            aborted: self.aborted,
            days_practised: days.len(),
            current_streak: current_streak(&days, today),
            longest_streak: longest_streak(&days),
            last_7_days: count_since(since(6)),
            last_30_days: count_since(since(29)),
            heatmap: heatmap_days(today)
                .map(|date| DayCount {
                    date,
                    answers: self.answers_by_day.get(&date).copied().unwrap_or(0),
                })
                .collect(),
        };

        self.answer_ms.sort_unstable();
        let answers = self.answer_ms.len();
        let share = |count: usize| ratio(count as f64, answers);
        let timing = Timing {
            median_s: median_ms(&self.answer_ms).map(|ms| ms / 1000.0),
            mean_s: ratio(
                self.answer_ms
                    .iter()
                    .fold(0u64, |sum, ms| sum.saturating_add(*ms)) as f64
                    / 1000.0,
                answers,
            ),
            short_share: share(self.verdicts.short),
            in_window_share: share(self.verdicts.in_window),
            over_share: share(self.verdicts.over),
            weekly_in_window: self.weekly_in_window(today),
        };

        let guide = self.guide.unwrap_or_else(default_guide);
        let parts: Vec<PartFigures> = Part::SCORED
            .into_iter()
            .map(|part| PartFigures {
                part,
                average: ratio(self.score_sums[part] as f64, self.score_counts[part]),
                zeros: self.zeros[part],
                zero_share: ratio(self.zeros[part] as f64, self.score_counts[part]),
                time_share: ratio(self.share_sums[part], self.marked_answers),
                guide_share: guide[part],
            })
            .collect();
        let weakest = parts
            .iter()
            .filter_map(|figures| figures.average.map(|average| (figures.part, average)))
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(part, _)| part);
        let advice = balance_advice(&parts);
        let star = StarFigures {
            scored_answers: self.scored_answers,
            parts,
            weakest,
            marked_answers: self.marked_answers,
            advice,
        };

        let categories: Vec<CategoryRow> = self
            .categories
            .iter()
            .map(|(name, tally)| CategoryRow {
                category: name.clone(),
                answers: tally.answers,
                last_practised: tally.last,
                average_total: tally.average_total(),
            })
            .collect();
        let categories_never_practised = bank_categories
            .iter()
            .filter(|name| !self.categories.contains_key(**name))
            .map(|name| name.to_string())
            .collect();
        let mut stories: Vec<StoryRow> = self
            .stories
            .values()
            .map(|(title, tally)| StoryRow {
                story: title.clone(),
                used: tally.answers,
                last_used: tally.last.unwrap_or(today),
                average_total: tally.average_total(),
            })
            .collect();
        stories.sort_by(|a, b| b.used.cmp(&a.used).then_with(|| a.story.cmp(&b.story)));
        let told: usize = stories.iter().map(|row| row.used).sum();
        let story_overused = stories
            .first()
            .filter(|_| told >= OVERUSE_MIN_ANSWERS)
            .map(|top| Overuse {
                story: top.story.clone(),
                share: top.used as f64 / told as f64,
            })
            .filter(|overuse| overuse.share > OVERUSE_SHARE);
        let categories_without_story = self
            .categories
            .keys()
            .filter(|name| !self.categories_with_story.contains(*name))
            .cloned()
            .collect();

        Stats {
            today,
            before_today: false,
            practice,
            timing,
            star,
            categories,
            categories_never_practised,
            stories,
            story_overused,
            categories_without_story,
            sound: SoundFigures {
                measured_answers: self.long_pauses.len(),
                recordings: self.disk.0,
                disk_bytes: self.disk.1,
                long_pauses: Trend::of(&self.long_pauses, Better::Lower),
                first_word_s: Trend::of(&self.first_words_s, Better::Lower),
            },
            words: WordFigures {
                transcribed_answers: self.transcribed,
                wpm: Trend::of(&self.wpm, Better::Within(aim.low, aim.high)),
                pace_aim: (aim.low, aim.high),
                fillers_per_min: Trend::of(&self.fillers_per_min, Better::Lower),
                i_share: Trend::of(&self.i_share, Better::Higher),
            },
        }
    }

    fn weekly_in_window(&self, today: NaiveDate) -> Vec<WeekShare> {
        week_starts(today)
            .map(|week| {
                let end = week + Days::new(6);
                let answers: usize = self.answers_by_day.range(week..=end).map(|(_, n)| n).sum();
                let in_window: usize = self
                    .in_window_by_day
                    .range(week..=end)
                    .map(|(_, n)| n)
                    .sum();
                WeekShare {
                    week,
                    answers,
                    in_window_share: ratio(in_window as f64, answers),
                }
            })
            .collect()
    }
}

/// The Monday of the week `day` falls in.
pub fn week_start(day: NaiveDate) -> NaiveDate {
    day - Days::new(u64::from(day.weekday().num_days_from_monday()))
}

/// The Mondays of the last 26 weeks, the current week last.
fn week_starts(today: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    let this_week = week_start(today);
    (0..WEEKS_SHOWN as u64)
        .rev()
        .map(move |back| this_week - Days::new(7 * back))
}

/// Every day of the last 26 weeks, Monday of the first to today.
fn heatmap_days(today: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    let first = week_starts(today).next().unwrap_or(today);
    first.iter_days().take_while(move |day| *day <= today)
}

/// The longest run of consecutive practice days.
pub fn longest_streak(days: &BTreeSet<NaiveDate>) -> u32 {
    let mut longest = 0;
    let mut run = 0;
    let mut previous: Option<NaiveDate> = None;
    for &day in days {
        run = match previous {
            Some(before) if before.succ_opt() == Some(day) => run + 1,
            _ => 1,
        };
        longest = longest.max(run);
        previous = Some(day);
    }
    longest
}

fn median_ms(sorted: &[u64]) -> Option<f64> {
    let middle = sorted.len() / 2;
    match sorted.len() {
        0 => None,
        n if n % 2 == 1 => Some(sorted[middle] as f64),
        _ => Some((sorted[middle - 1] + sorted[middle]) as f64 / 2.0),
    }
}

fn ratio(amount: f64, count: usize) -> Option<f64> {
    (count > 0).then(|| amount / count as f64)
}

/// A sentence a person can act on for each part whose share strays from the guide.
fn balance_advice(parts: &[PartFigures]) -> Vec<String> {
    let percent = |share: f64| (share * 100.0).round() as u32;
    parts
        .iter()
        .filter_map(|figures| {
            let share = figures.time_share?;
            let off_by = share - figures.guide_share;
            if off_by.abs() <= BALANCE_TOLERANCE {
                return None;
            }
            Some(format!(
                "{} takes {}% of your answers; aim for about {}%.",
                figures.part.name(),
                percent(share),
                percent(figures.guide_share)
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::SessionBuilder;
    use serde_json::json;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    /// A record from the fields the figures read.
    fn session(
        started_at: &str,
        category: &str,
        answer_ms: u64,
        scores: Option<&str>,
        story: Option<&str>,
    ) -> Session {
        let mut session = SessionBuilder::new("p")
            .category(category)
            .at(started_at)
            .answer_ms(answer_ms);
        if let Some(typed) = scores {
            session = session.scores(typed);
        }
        if let Some(story) = story {
            session = session.story(story);
        }
        session.build()
    }

    fn stats(sessions: &[Session], today: &str) -> Stats {
        let mut builder = StatsBuilder::default();
        sessions.iter().for_each(|s| builder.add(s));
        builder.finish(day(today), &["conflict", "customer", "mistake"])
    }

    #[test]
    fn answers_at_23_59_and_00_01_are_two_days_of_one_streak() {
        let sessions = [
            session("2026-11-22T23:59:00+01:00", "conflict", 150_000, None, None),
            session("2026-11-23T00:01:00+01:00", "conflict", 150_000, None, None),
        ];
        let practice = stats(&sessions, "2026-11-23").practice;
        assert_eq!(
            (
                practice.days_practised,
                practice.current_streak,
                practice.longest_streak
            ),
            (2, 2, 2)
        );
    }

    #[test]
    fn a_change_of_offset_keeps_the_users_own_calendar() {
        // Flying west: 08:00 at +01:00 one day, 23:30 at -05:00 the next local day, which is
        // already the day after that in UTC. The local days are consecutive.
        let sessions = [
            session("2026-11-20T08:00:00+01:00", "conflict", 150_000, None, None),
            session("2026-11-21T23:30:00-05:00", "conflict", 150_000, None, None),
        ];
        let practice = stats(&sessions, "2026-11-21").practice;
        assert_eq!((practice.days_practised, practice.current_streak), (2, 2));
    }

    #[test]
    fn a_gap_breaks_the_streak_and_the_longest_is_kept() {
        let sessions: Vec<Session> = [
            "2026-11-01",
            "2026-11-02",
            "2026-11-03",
            "2026-11-10",
            "2026-11-11",
        ]
        .iter()
        .map(|d| {
            session(
                &format!("{d}T09:00:00+00:00"),
                "conflict",
                150_000,
                None,
                None,
            )
        })
        .collect();
        let practice = stats(&sessions, "2026-11-11").practice;
        assert_eq!((practice.current_streak, practice.longest_streak), (2, 3));
        assert_eq!(stats(&sessions, "2026-11-13").practice.current_streak, 0);
    }

    #[test]
    fn aborted_only_days_do_not_count() {
        let mut aborted = session("2026-11-23T09:00:00+00:00", "conflict", 30_000, None, None);
        aborted.outcome = crate::session::record::Outcome::Aborted;
        let sessions = [
            session("2026-11-22T09:00:00+00:00", "conflict", 150_000, None, None),
            aborted,
        ];
        let practice = stats(&sessions, "2026-11-23").practice;
        assert_eq!(
            (
                practice.completed,
                practice.aborted,
                practice.days_practised
            ),
            (1, 1, 1)
        );
        assert_eq!(
            practice.current_streak, 1,
            "yesterday's streak lives on through today"
        );
    }

    #[test]
    fn timing_median_mean_and_shares() {
        let sessions = [
            session("2026-11-20T09:00:00+00:00", "conflict", 100_000, None, None),
            session("2026-11-21T09:00:00+00:00", "conflict", 150_000, None, None),
            session("2026-11-22T09:00:00+00:00", "conflict", 170_000, None, None),
            session("2026-11-23T09:00:00+00:00", "conflict", 200_000, None, None),
        ];
        let timing = stats(&sessions, "2026-11-23").timing;
        assert_eq!(timing.median_s, Some(160.0));
        assert_eq!(timing.mean_s, Some(155.0));
        assert_eq!(
            (
                timing.short_share,
                timing.in_window_share,
                timing.over_share
            ),
            (Some(0.25), Some(0.5), Some(0.25))
        );
        let this_week = timing.weekly_in_window.last().unwrap();
        assert_eq!((this_week.week, this_week.answers), (day("2026-11-23"), 1));
        assert_eq!(timing.weekly_in_window.len(), WEEKS_SHOWN);
    }

    #[test]
    fn star_averages_weakest_part_and_zeros() {
        let sessions = [
            session(
                "2026-11-22T09:00:00+00:00",
                "conflict",
                150_000,
                Some("2120"),
                None,
            ),
            session(
                "2026-11-23T09:00:00+00:00",
                "mistake",
                150_000,
                Some("2221"),
                None,
            ),
        ];
        let star = stats(&sessions, "2026-11-23").star;
        assert_eq!(star.weakest, Some(Part::Result));
        assert_eq!(star.parts[3].average, Some(0.5));
        assert_eq!(
            (star.parts[3].zeros, star.parts[3].zero_share),
            (1, Some(0.5))
        );
        assert_eq!(star.parts[1].average, Some(1.5));
    }

    #[test]
    fn part_marks_give_the_time_balance_and_advice() {
        let mut long_situation =
            session("2026-11-23T09:00:00+00:00", "conflict", 100_000, None, None);
        long_situation.parts = serde_json::from_value(json!([
            {"part": "S", "at_ms": 0}, {"part": "T", "at_ms": 34_000}, {"part": "A", "at_ms": 44_000}, {"part": "R", "at_ms": 80_000}
        ]))
        .unwrap();
        let star = stats(&[long_situation], "2026-11-23").star;
        let shares: Vec<u32> = star
            .parts
            .iter()
            .map(|p| (p.time_share.unwrap() * 100.0).round() as u32)
            .collect();
        assert_eq!(shares, [34, 10, 36, 20]);
        assert_eq!(
            star.advice,
            [
                "Situation takes 34% of your answers; aim for about 15%.",
                "Action takes 36% of your answers; aim for about 55%."
            ]
        );
    }

    #[test]
    fn a_late_first_mark_still_gives_shares_that_add_up() {
        // Nothing marked for the first 20 s; then S, T, A, R over the remaining 80 s.
        let mut late = session("2026-11-23T09:00:00+00:00", "conflict", 100_000, None, None);
        late.parts = serde_json::from_value(json!([
            {"part": "S", "at_ms": 20_000}, {"part": "T", "at_ms": 32_000}, {"part": "A", "at_ms": 40_000}, {"part": "R", "at_ms": 84_000}
        ]))
        .unwrap();
        let star = stats(&[late], "2026-11-23").star;
        let shares: Vec<u32> = star
            .parts
            .iter()
            .map(|p| (p.time_share.unwrap() * 100.0).round() as u32)
            .collect();
        assert_eq!(shares, [15, 10, 55, 20]);
        assert!(star.advice.is_empty(), "{:?}", star.advice);
    }

    #[test]
    fn categories_and_stories_with_overuse_and_gaps() {
        let mut sessions = vec![session(
            "2026-11-01T09:00:00+00:00",
            "customer",
            150_000,
            Some("2222"),
            None,
        )];
        for n in 0..4 {
            sessions.push(session(
                &format!("2026-11-1{n}T09:00:00+00:00"),
                "conflict",
                150_000,
                Some("1111"),
                Some("Team reorg"),
            ));
        }
        sessions.push(session(
            "2026-11-20T09:00:00+00:00",
            "conflict",
            150_000,
            None,
            Some("team REORG"),
        ));
        sessions.push(session(
            "2026-11-21T09:00:00+00:00",
            "conflict",
            150_000,
            None,
            Some("Audit flag"),
        ));
        let figures = stats(&sessions, "2026-11-23");
        assert_eq!(figures.categories_never_practised, ["mistake"]);
        let conflict = figures
            .categories
            .iter()
            .find(|c| c.category == "conflict")
            .unwrap();
        assert_eq!(
            (
                conflict.answers,
                conflict.last_practised,
                conflict.average_total
            ),
            (6, Some(day("2026-11-21")), Some(4.0))
        );
        assert_eq!(figures.stories[0].story, "Team reorg");
        assert_eq!(figures.stories[0].used, 5);
        let overuse = figures.story_overused.unwrap();
        assert_eq!(overuse.story, "Team reorg");
        assert!((overuse.share - 5.0 / 6.0).abs() < 1e-9);
        assert_eq!(figures.categories_without_story, ["customer"]);
    }

    #[test]
    fn the_heatmap_covers_26_weeks_ending_today() {
        let figures = stats(
            &[session(
                "2026-11-23T09:00:00+00:00",
                "conflict",
                150_000,
                None,
                None,
            )],
            "2026-11-24",
        );
        let heatmap = &figures.practice.heatmap;
        assert_eq!(heatmap.first().unwrap().date, day("2026-06-01"));
        assert_eq!(heatmap.last().unwrap().date, day("2026-11-24"));
        assert_eq!(heatmap.iter().map(|d| d.answers).sum::<usize>(), 1);
        assert_eq!(figures.practice.last_7_days, 1);
    }

    #[test]
    fn an_empty_history_has_no_figures_but_names_every_category() {
        let figures = stats(&[], "2026-11-24");
        assert_eq!(figures.timing.median_s, None);
        assert_eq!(figures.star.weakest, None);
        assert_eq!(figures.categories_never_practised.len(), 3);
        assert_eq!(figures.story_overused, None);
    }

    #[test]
    fn a_trend_compares_the_earlier_half_of_the_answers_with_the_later() {
        assert_eq!(
            Trend::of(&[3.0, 2.0, 1.0], Better::Lower),
            None,
            "too few to tell"
        );
        let trend = Trend::of(&[3.0, 1.0, 1.0, 0.0, 0.0], Better::Lower).unwrap();
        assert_eq!((trend.earlier, trend.recent), (2.0, 1.0 / 3.0));
        assert_eq!(trend.direction, Direction::Improving);
        let fewer_i = Trend::of(&[0.8, 0.8, 0.5, 0.5], Better::Higher).unwrap();
        assert_eq!(fewer_i.direction, Direction::GettingWorse);
        let steady = Trend::of(&[4.0, 4.0, 3.8, 3.8], Better::Lower).unwrap();
        assert_eq!(steady.direction, Direction::AboutTheSame, "under a tenth");
    }

    #[test]
    fn a_pace_improves_by_coming_nearer_the_aim_from_either_side() {
        let aim = Better::Within(130.0, 170.0);
        let direction = |values: &[f64]| Trend::of(values, aim).unwrap().direction;
        assert_eq!(
            direction(&[200.0, 196.0, 176.0, 172.0]),
            Direction::Improving
        );
        assert_eq!(
            direction(&[100.0, 104.0, 120.0, 126.0]),
            Direction::Improving
        );
        // Inside the aim both times: no distance to close.
        assert_eq!(
            direction(&[140.0, 140.0, 165.0, 165.0]),
            Direction::AboutTheSame
        );
        // From just slow to well fast is farther off, though the number rose.
        assert_eq!(
            direction(&[125.0, 125.0, 190.0, 190.0]),
            Direction::GettingWorse
        );
        assert_eq!(
            direction(&[171.0, 171.0, 173.0, 173.0]),
            Direction::AboutTheSame
        );
    }
}

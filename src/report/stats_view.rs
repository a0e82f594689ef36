//! `rehearse stats` as text: the figures from `stats`, laid out for a terminal and readable
//! without colour (the heatmap's shades are characters, not only colours).

use crate::text::{counted, shown_line};
use std::fmt::Write as _;
use std::time::Duration;

use chrono::{Datelike, NaiveDate};
use crossterm::style::Color;

use super::disk::format_bytes;
use super::stats::{DayCount, Direction, Stats, Trend, WeekShare};
use crate::domain::duration::format_clock;
use crate::paint::Paint;

/// Heatmap shades from no answer to four or more, lightest first.
const SHADES: [char; 5] = ['·', '░', '▒', '▓', '█'];

/// Sparkline bars from 0% to 100%.
const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// The whole report; the stories' titles are cut to fit `width` when there is one.
pub fn render(stats: &Stats, width: Option<usize>, paint: Paint) -> String {
    let mut out = String::new();
    practice(&mut out, stats, paint);
    timing(&mut out, stats, paint);
    star(&mut out, stats, paint);
    categories(&mut out, stats, paint);
    stories(&mut out, stats, width, paint);
    sound(&mut out, stats, paint);
    words(&mut out, stats, paint);
    out
}

/// The recordings: how many answers were measured, the disk they take, and whether long
/// pauses and the wait for the first word are going down. Left out for a user who never
/// recorded.
fn sound(out: &mut String, stats: &Stats, paint: Paint) {
    let sound = &stats.sound;
    if sound.measured_answers == 0 && sound.recordings == 0 {
        return;
    }
    heading(out, "Recordings", paint);
    let files = counted(sound.recordings, "file", "files");
    let _ = writeln!(
        out,
        "  {} measured; {} on disk ({files})",
        counted(sound.measured_answers, "answer", "answers"),
        format_bytes(sound.disk_bytes)
    );
    let trend = |name, trend, unit| {
        trend_line(name, trend, "recorded", |value| format!("{value:.1}{unit}"))
    };
    let _ = writeln!(
        out,
        "{}",
        trend("long pauses an answer", sound.long_pauses, "")
    );
    let _ = writeln!(
        out,
        "{}",
        trend("first word after", sound.first_word_s, " s")
    );
}

/// What the transcripts tell over time: pace against the aim, fillers a minute and the
/// share of "I", each said to be improving or not. Left out for a user with no transcript.
fn words(out: &mut String, stats: &Stats, paint: Paint) {
    let words = &stats.words;
    if words.transcribed_answers == 0 {
        return;
    }
    heading(out, "Speech", paint);
    let (low, high) = words.pace_aim;
    let _ = writeln!(
        out,
        "  {} transcribed; pace aimed at {low:.0} to {high:.0} words a minute",
        counted(words.transcribed_answers, "answer", "answers")
    );
    let trend =
        |name, trend, shown: fn(f64) -> String| trend_line(name, trend, "transcribed", shown);
    let lines = [
        trend("pace", words.wpm, |wpm| format!("{wpm:.0} wpm")),
        trend("fillers a minute", words.fillers_per_min, |rate| {
            format!("{rate:.1}")
        }),
        trend("\"I\" against \"we\"", words.i_share, |share| {
            format!("{:.0}% I", share * 100.0)
        }),
    ];
    for line in lines {
        let _ = writeln!(out, "{line}");
    }
}

/// `  name: 2.5 earlier, 0.3 lately (improving)`, or why there is no trend yet.
fn trend_line(
    name: &str,
    trend: Option<Trend>,
    kind: &str,
    shown: impl Fn(f64) -> String,
) -> String {
    match trend {
        None => format!(
            "  {name}: too few {kind} answers to tell a trend ({} needed)",
            Trend::FEWEST
        ),
        Some(trend) => {
            let direction = match trend.direction {
                Direction::Improving => "improving",
                Direction::GettingWorse => "getting worse",
                Direction::AboutTheSame => "about the same",
            };
            format!(
                "  {name}: {} earlier, {} lately ({direction})",
                shown(trend.earlier),
                shown(trend.recent)
            )
        }
    }
}

fn heading(out: &mut String, title: &str, paint: Paint) {
    if !out.is_empty() {
        out.push('\n');
    }
    let _ = writeln!(out, "{}", paint.bold(title));
}

fn percent(share: Option<f64>) -> String {
    share.map_or("-".to_string(), |share| {
        format!("{}%", (share * 100.0).round())
    })
}

fn one_decimal(value: Option<f64>) -> String {
    value.map_or("-".to_string(), |value| format!("{value:.1}"))
}

fn days(count: u32) -> String {
    counted(count as usize, "day", "days")
}

fn practice(out: &mut String, stats: &Stats, paint: Paint) {
    let practice = &stats.practice;
    heading(out, "Practice", paint);
    let _ = writeln!(out, "  {}", answers_line(practice));
    // Counted to an `--until` day in the past, the streak and the last days end there.
    let to = if stats.before_today {
        format!("to {}: ", stats.today)
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "  {to}streak {} (longest {})   last 7 days: {}   last 30 days: {}",
        days(practice.current_streak),
        days(practice.longest_streak),
        practice.last_7_days,
        practice.last_30_days
    );
    out.push('\n');
    out.push_str(&heatmap(&practice.heatmap, paint));
}

/// `37 answers on 20 days, not counting 3 aborted`: the completed answers and the days
/// they were given on, and the aborted ones apart, so no one wonders which the count holds.
fn answers_line(practice: &crate::report::stats::Practice) -> String {
    let answers = format!(
        "{} on {}",
        counted(practice.completed, "answer", "answers"),
        days(practice.days_practised as u32)
    );
    match practice.aborted {
        0 => answers,
        aborted => format!("{answers}, not counting {aborted} aborted"),
    }
}

/// The calendar of the last 26 weeks: weekdays as rows, weeks as columns, month names over
/// the week a month begins in, and a legend.
pub fn heatmap(days: &[DayCount], paint: Paint) -> String {
    let Some(first) = days.first() else {
        return String::new();
    };
    let weeks = days.len().div_ceil(7);
    let mut grid = vec![vec![' '; weeks]; 7];
    let mut counts = vec![vec![0usize; weeks]; 7];
    for (index, day) in days.iter().enumerate() {
        let (week, weekday) = (index / 7, index % 7);
        grid[weekday][week] = SHADES[day.answers.min(SHADES.len() - 1)];
        counts[weekday][week] = day.answers;
    }
    let mut out = String::new();
    out.push_str(&month_labels(first.date, weeks));
    for (weekday, row) in grid.iter().enumerate() {
        let _ = write!(out, "  {} ", WEEKDAYS[weekday]);
        for (week, cell) in row.iter().enumerate() {
            let text = cell.to_string();
            let shaded = match counts[weekday][week] {
                0 => paint.dim(&text),
                _ => paint.color(&text, Color::Green),
            };
            let _ = write!(out, " {shaded}");
        }
        out.push('\n');
    }
    let legend: Vec<String> = SHADES.iter().map(char::to_string).collect();
    let _ = writeln!(
        out,
        "       less {} more (answers a day: 0 1 2 3 4+)",
        legend.join(" ")
    );
    out
}

/// Month names placed over the first week that holds the month's first day (the first
/// week always gets its month).
fn month_labels(first_monday: NaiveDate, weeks: usize) -> String {
    let mut line: Vec<char> = vec![' '; 6 + weeks * 2 + 4];
    let mut last_end = 0;
    for week in 0..weeks {
        let monday = first_monday + chrono::Days::new(7 * week as u64);
        let sunday = monday + chrono::Days::new(6);
        let starts_month = week == 0 || monday.month() != sunday.month() || monday.day() == 1;
        if !starts_month {
            continue;
        }
        let named = if week == 0 || monday.day() == 1 {
            monday
        } else {
            sunday
        };
        let name = named.format("%b").to_string();
        let column = 7 + week * 2;
        if column < last_end + 1 {
            continue;
        }
        for (offset, c) in name.chars().enumerate() {
            if let Some(slot) = line.get_mut(column + offset) {
                *slot = c;
            }
        }
        last_end = column + name.len();
    }
    let text: String = line.into_iter().collect();
    format!("{}\n", text.trim_end())
}

fn timing(out: &mut String, stats: &Stats, paint: Paint) {
    let timing = &stats.timing;
    heading(out, "Timing", paint);
    let clock = |seconds: Option<f64>| {
        seconds.map_or("-".to_string(), |s| {
            format_clock(Duration::from_secs_f64(s))
        })
    };
    let _ = writeln!(
        out,
        "  median {}   mean {}",
        clock(timing.median_s),
        clock(timing.mean_s)
    );
    let _ = writeln!(
        out,
        "  short {}   in window {}   over {}",
        percent(timing.short_share),
        percent(timing.in_window_share),
        percent(timing.over_share)
    );
    let _ = writeln!(
        out,
        "  in window, week by week: {}  (26 weeks, now on the right)",
        sparkline(&timing.weekly_in_window)
    );
}

/// One bar a week for its in-window share; `·` for a week with no answers.
pub fn sparkline(weeks: &[WeekShare]) -> String {
    weeks
        .iter()
        .map(|week| match week.in_window_share {
            None => '·',
            Some(share) => {
                BARS[((share * (BARS.len() - 1) as f64).round() as usize).min(BARS.len() - 1)]
            }
        })
        .collect()
}

fn star(out: &mut String, stats: &Stats, paint: Paint) {
    let star = &stats.star;
    heading(out, "STAR", paint);
    let _ = writeln!(
        out,
        "  {} scored, {} with part marks",
        counted(star.scored_answers, "answer", "answers"),
        star.marked_answers
    );
    let _ = writeln!(
        out,
        "  {:<10} {:>7} {:>9} {:>9} {:>6}",
        "part", "average", "scored 0", "time", "guide"
    );
    for figures in &star.parts {
        let zeros = match figures.zero_share {
            Some(_) => format!("{} ({})", figures.zeros, percent(figures.zero_share)),
            None => "-".to_string(),
        };
        let _ = writeln!(
            out,
            "  {:<10} {:>7} {:>9} {:>9} {:>6}",
            figures.part.name(),
            one_decimal(figures.average),
            zeros,
            percent(figures.time_share),
            percent(Some(figures.guide_share))
        );
    }
    if let Some(weakest) = star.weakest
        && let Some(figures) = star.parts.iter().find(|figures| figures.part == weakest)
    {
        let _ = writeln!(
            out,
            "  Weakest part: {} (average {}, scored 0 in {} of the answers that rated it)",
            paint.color(weakest.name(), Color::Yellow),
            one_decimal(figures.average),
            percent(figures.zero_share)
        );
    }
    for advice in &star.advice {
        let _ = writeln!(out, "  {advice}");
    }
}

fn categories(out: &mut String, stats: &Stats, paint: Paint) {
    heading(out, "Categories", paint);
    if !stats.categories.is_empty() {
        let width = stats
            .categories
            .iter()
            .map(|row| row.category.len())
            .max()
            .unwrap_or(8)
            .max(8);
        let _ = writeln!(
            out,
            "  {:<width$} {:>7}  {:<10}  {:>8}",
            "category", "answers", "last", "avg STAR"
        );
        for row in &stats.categories {
            let last = row
                .last_practised
                .map_or("-".to_string(), |day| day.to_string());
            let _ = writeln!(
                out,
                "  {:<width$} {:>7}  {:<10}  {:>8}",
                shown_line(&row.category),
                row.answers,
                last,
                one_decimal(row.average_total)
            );
        }
    }
    if !stats.categories_never_practised.is_empty() {
        let _ = writeln!(
            out,
            "  Never practised: {}",
            paint.color(&stats.categories_never_practised.join(", "), Color::Yellow)
        );
    }
}

/// Everything of a stories row but its title: the indent and the used, last and average
/// columns with their spaces.
const STORY_ROW_REST: usize = 2 + 1 + 5 + 2 + 10 + 2 + 8;

/// The narrowest a story's title is cut to, however narrow the output.
const STORY_TITLE_READABLE: usize = 12;

fn stories(out: &mut String, stats: &Stats, width: Option<usize>, paint: Paint) {
    heading(out, "Stories", paint);
    if stats.stories.is_empty() {
        let _ = writeln!(
            out,
            "  No answer names a story yet (`--story` or the review after a drill)."
        );
        return;
    }
    let longest = stats
        .stories
        .iter()
        .map(|row| row.story.chars().count())
        .max()
        .unwrap_or(5)
        .max(5);
    // Whole titles where the output has room (two titles alike for 40 characters must not
    // read the same), cut to fit where it has not.
    let width = width.map_or(longest, |limit| {
        longest
            .min(limit.saturating_sub(STORY_ROW_REST))
            .max(STORY_TITLE_READABLE)
    });
    let _ = writeln!(
        out,
        "  {:<width$} {:>5}  {:<10}  {:>8}",
        "story", "used", "last", "avg STAR"
    );
    for row in &stats.stories {
        let title = crate::text::truncate_to_width(&shown_line(&row.story), width);
        let _ = writeln!(
            out,
            "  {:<width$} {:>5}  {:<10}  {:>8}",
            title,
            row.used,
            row.last_used,
            one_decimal(row.average_total)
        );
    }
    if let Some(overuse) = &stats.story_overused {
        let warning = format!(
            "\"{}\" serves {} of the answers that name a story; prepare another for its categories.",
            overuse.story,
            percent(Some(overuse.share))
        );
        let _ = writeln!(out, "  {}", paint.color(&warning, Color::Yellow));
    }
    if !stats.categories_without_story.is_empty() {
        let _ = writeln!(
            out,
            "  Practised with no story behind them: {}",
            shown_line(&stats.categories_without_story.join(", "))
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::star::Part;
    use crate::report::stats::StatsBuilder;
    use crate::session::record::Session;
    use crate::testkit::SessionBuilder;

    const PLAIN: Paint = Paint { enabled: false };

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    /// A varied, fixed history: mornings over several months, some scored, some marked.
    fn history() -> Vec<Session> {
        let mut sessions = Vec::new();
        let categories = ["conflict", "mistake", "customer", "conflict", "leadership"];
        let stories = [
            Some("Team reorg"),
            Some("Audit flag broke time entry"),
            None,
            Some("Team reorg"),
            Some("Team reorg"),
        ];
        // Every few days through the summer and autumn, then every day for the last week, with
        // a few busy days of two to four answers.
        let dates = (0..56u64)
            .map(|n| day("2026-05-28") + chrono::Days::new(n * 3 - n % 2))
            .chain((0..7).map(|n| day("2026-11-18") + chrono::Days::new(n)));
        let busy =
            |n: u64| 1 + usize::from(n.is_multiple_of(9)) + 2 * usize::from(n.is_multiple_of(13));
        let dates: Vec<NaiveDate> = dates
            .enumerate()
            .flat_map(|(n, date)| std::iter::repeat_n(date, busy(n as u64)))
            .collect();
        for (n, date) in dates.into_iter().enumerate() {
            let n = n as u64;
            let answer_ms = 90_000 + (n * 7_919) % 120_000;
            let mut session = SessionBuilder::new("p")
                .id(&format!("s{n}"))
                .at(&format!("{date}T07:30:00+01:00"))
                .category(categories[(n % 5) as usize])
                .text("q")
                .answer_ms(answer_ms);
            if !n.is_multiple_of(3) {
                let typed = format!("2{}2{}", n % 2, (n / 2) % 3);
                session = session.scores(&typed);
            }
            if n.is_multiple_of(4) {
                session = session
                    .mark(Part::Situation, 0)
                    .mark(Part::Task, answer_ms / 4)
                    .mark(Part::Action, answer_ms / 3)
                    .mark(Part::Result, answer_ms * 4 / 5);
            }
            if n % 11 == 5 {
                session = session.aborted();
            }
            if let Some(story) = stories[(n % 5) as usize] {
                session = session.story(story);
            }
            sessions.push(session.build());
        }
        sessions
    }

    fn report() -> Stats {
        let mut builder = StatsBuilder::default();
        history().iter().for_each(|s| builder.add(s));
        builder.finish(
            day("2026-11-24"),
            &["ambiguity", "conflict", "customer", "leadership", "mistake"],
        )
    }

    #[test]
    fn the_heatmap_has_weekday_rows_month_labels_and_a_legend() {
        let text = heatmap(&report().practice.heatmap, PLAIN);
        insta::assert_snapshot!(text);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 1 + 7 + 1);
        assert!(
            lines[0].contains("Jun") && lines[0].contains("Nov"),
            "{}",
            lines[0]
        );
        assert!(lines[1].starts_with("  Mon "));
        assert!(lines[7].starts_with("  Sun "));
        // Days after today in the current week are left blank.
        assert!(lines[7].ends_with(' ') || !lines[7].ends_with('·'));
    }

    #[test]
    fn the_whole_report_reads_without_colour() {
        let text = render(&report(), None, PLAIN);
        insta::assert_snapshot!(text);
        assert!(!text.contains('\u{1b}'));
    }

    #[test]
    fn sparkline_bars_follow_the_share_and_empty_weeks_show_a_dot() {
        let week = |share| WeekShare {
            week: day("2026-11-23"),
            answers: 1,
            in_window_share: share,
        };
        assert_eq!(
            sparkline(&[
                week(Some(0.0)),
                week(Some(0.5)),
                week(Some(1.0)),
                week(None)
            ]),
            "▁▅█·"
        );
    }

    #[test]
    fn recordings_show_their_disk_and_which_way_pauses_and_first_words_go() {
        use crate::speech::measures::{Pause, SoundMeasures};
        let mut builder = StatsBuilder::default().with_disk(5, 9_600_000);
        for (n, pauses) in [3usize, 2, 1, 0, 0].into_iter().enumerate() {
            let mut session = SessionBuilder::new("conflict-one")
                .at(&format!("2026-11-{:02}T08:00:00+01:00", 10 + n))
                .build();
            session.set_sound(SoundMeasures {
                speaking_ms: 140_000,
                silence_ms: 10_000,
                first_word_ms: Some(3_000 - 500 * n as u64),
                long_pauses: vec![
                    Pause {
                        at_ms: 1_000,
                        ms: 2_600
                    };
                    pauses
                ],
                longest_pause_ms: 2_600,
            });
            builder.add(&session);
        }
        let text = render(&builder.finish(day("2026-11-20"), &[]), None, PLAIN);
        let section = &text[text.find("Recordings").expect("a recordings section")..];
        assert!(
            section.contains("5 answers measured; 9.6 MB on disk (5 files)"),
            "{section}"
        );
        assert!(
            section.contains("long pauses an answer: 2.5 earlier, 0.3 lately (improving)"),
            "{section}"
        );
        assert!(
            section.contains("first word after: 2.8 s earlier, 1.5 s lately (improving)"),
            "{section}"
        );
        let never = render(
            &StatsBuilder::default().finish(day("2026-11-20"), &[]),
            None,
            PLAIN,
        );
        assert!(
            !never.contains("Recordings"),
            "left out for one who never recorded"
        );
    }

    #[test]
    fn the_speech_section_says_which_measure_improves_and_which_does_not() {
        use crate::session::record::{Speech, WordMeasures};
        use crate::speech::coach::Fillers;
        let mut builder = StatsBuilder::default();
        // Pace from too fast to inside the aim, fillers up, "I" the same.
        for (n, (wpm, fillers)) in [(195.0, 2.0), (191.0, 2.0), (160.0, 4.0), (150.0, 5.0)]
            .into_iter()
            .enumerate()
        {
            let mut session = SessionBuilder::new("conflict-one")
                .at(&format!("2026-11-{:02}T08:00:00+01:00", 10 + n))
                .build();
            session.speech = Some(Speech {
                words: Some(WordMeasures {
                    words: 300,
                    wpm: Some(wpm),
                    fillers: Fillers {
                        per_min: Some(fillers),
                        ..Fillers::default()
                    },
                    i_share: Some(0.6),
                    ..WordMeasures::default()
                }),
                ..Speech::default()
            });
            builder.add(&session);
        }
        let text = render(&builder.finish(day("2026-11-20"), &[]), None, PLAIN);
        let section = &text[text.find("Speech").expect("a speech section")..];
        for line in [
            "4 answers transcribed; pace aimed at 130 to 170 words a minute",
            "pace: 193 wpm earlier, 155 wpm lately (improving)",
            "fillers a minute: 2.0 earlier, 4.5 lately (getting worse)",
            "\"I\" against \"we\": 60% I earlier, 60% I lately (about the same)",
        ] {
            assert!(section.contains(line), "{line} not in:\n{section}");
        }
        let never = render(
            &StatsBuilder::default().finish(day("2026-11-20"), &[]),
            None,
            PLAIN,
        );
        assert!(!never.contains("Speech"), "left out without transcripts");
    }
}

//! One session in full, as `show` prints it: when and what was asked, the answer against its
//! window, the part timeline, the review, and how to fill in what is missing.

use std::path::Path;
use std::time::Duration;

use crate::domain::duration::{format_clock, format_tenths};
use crate::domain::star::{Score, Scores};
use crate::paint::Paint;
use crate::report::speech_view::word_lines;
use crate::report::summary::{Verdict, follow_up_time, shown_answer};
use crate::session::audio::Take;
use crate::session::record::Session;
use crate::speech::coach::part_agreement;
use crate::speech::measures::SoundMeasures;
use crate::text::{shown, shown_line};

/// Labels are padded to this width so the values form a column.
const LABEL_WIDTH: usize = 10;

/// The whole session as lines of `label  value`; long free text is wrapped to `width`.
/// `transcript` is the answer's transcript as marked for reading, when it has one.
pub fn session_lines(
    session: &Session,
    path: &Path,
    transcript: Option<&str>,
    width: Option<usize>,
    paint: Paint,
) -> Vec<String> {
    let label = |name: &str| paint.dim(&format!("{name:LABEL_WIDTH$}"));
    let indent = " ".repeat(LABEL_WIDTH);
    let wrap = |text: &str| {
        wrapped(
            &shown(text),
            width.map(|width| width.saturating_sub(LABEL_WIDTH)),
        )
    };
    let mut lines = vec![paint.bold(&format!("session {}", session.id))];
    lines.push(format!(
        "{}{}",
        label("started"),
        session.started_at.format("%a %Y-%m-%d %H:%M:%S %:z")
    ));
    lines.push(format!(
        "{}{} ({})",
        label("prompt"),
        shown_line(&session.prompt.id),
        shown_line(&session.prompt.category)
    ));
    lines.extend(
        wrap(&session.prompt.text)
            .into_iter()
            .map(|line| format!("{indent}{line}")),
    );
    let window = session.window;
    lines.push(format!(
        "{}{} to {}",
        label("window"),
        format_clock(window.min()),
        format_clock(window.max())
    ));
    lines.push(format!(
        "{}{}",
        label("answer"),
        answer_and_verdict(session, paint)
    ));
    if session.paused_ms > 0 {
        lines.push(format!(
            "{}{}",
            label("paused"),
            format_tenths(Duration::from_millis(session.paused_ms))
        ));
    }
    let timeline = part_timeline(session);
    match timeline.split_first() {
        None => lines.push(format!("{}- (no part marks)", label("parts"))),
        Some((first, rest)) => {
            lines.push(format!("{}{first}", label("parts")));
            lines.extend(rest.iter().map(|line| format!("{indent}{line}")));
        }
    }
    if let Some(line) = parts_found_line(session) {
        lines.push(format!("{indent}{line}"));
    }
    if let Some(follow_up) = &session.follow_up {
        // The probe as asked, then its answer's time the way the main answer's is given.
        let mut block = wrap(&follow_up.text);
        block.push(format!("answer {}", follow_up_time(session)));
        for (index, line) in block.into_iter().enumerate() {
            let head = if index == 0 {
                label("follow-up")
            } else {
                indent.clone()
            };
            lines.push(format!("{head}{line}"));
        }
    }
    for take in Take::ALL {
        let Some((recording, speech)) = sound_lines(session, take) else {
            continue;
        };
        let name = match take {
            Take::Answer => "recording",
            Take::FollowUp => "follow-up",
        };
        if take == Take::FollowUp && session.audio.is_none() {
            // Only the follow-up was recorded: say whose recording it is.
            lines.push(format!("{}{recording} (the follow-up)", label("recording")));
        } else if take == Take::FollowUp {
            lines.push(format!("{indent}{name}: {recording}"));
        } else {
            lines.push(format!("{}{recording}", label(name)));
        }
        for line in speech {
            lines.push(format!("{indent}{line}"));
        }
    }
    // A block of lines under one label, the label on the first.
    let labelled = |name: &str, block: Vec<String>| {
        block
            .into_iter()
            .enumerate()
            .map(|(index, line)| {
                let head = if index == 0 {
                    label(name)
                } else {
                    indent.clone()
                };
                format!("{head}{line}")
            })
            .collect::<Vec<_>>()
    };
    if let Some(words) = session.word_measures() {
        lines.extend(labelled("speech", word_lines(words)));
    }
    if let Some(text) = transcript {
        // Already made safe to show, marks and all: wrapped only.
        let block = wrapped(text, width.map(|width| width.saturating_sub(LABEL_WIDTH)));
        lines.extend(labelled("said", block));
    }
    lines.push(format!(
        "{}{}",
        label("story"),
        shown_line(session.story.as_deref().unwrap_or("-"))
    ));
    lines.push(format!("{}{}", label("scores"), scores_line(session)));
    let note = session
        .note
        .as_deref()
        .map(wrap)
        .unwrap_or_else(|| vec!["-".to_string()]);
    lines.extend(labelled("note", note));
    lines.push(format!(
        "{}{}",
        label("file"),
        shown_line(&path.display().to_string())
    ));
    if let Some(hint) = fill_in_hint(session) {
        lines.push(String::new());
        lines.push(paint.dim(&hint));
    }
    lines
}

/// What a take's recording is (its length and file, or when it was pruned) and what its
/// sound told, when the take was recorded.
fn sound_lines(session: &Session, take: Take) -> Option<(String, Vec<String>)> {
    let (audio, speech) = match take {
        Take::Answer => (session.audio.as_ref()?, session.sound()),
        Take::FollowUp => {
            let follow_up = session.follow_up.as_ref()?;
            (follow_up.audio.as_ref()?, follow_up.sound())
        }
    };
    let length = format_tenths(Duration::from_millis(audio.ms));
    let mut recording = match audio.pruned_on {
        Some(day) => format!("{length}, deleted by prune on {day}"),
        None => format!("{length}  {}", shown_line(&audio.file)),
    };
    if let Some(from) = &audio.attached_from {
        recording.push_str(&format!(" (from {})", shown_line(from)));
    }
    Some((recording, speech.map(speech_lines).unwrap_or_default()))
}

/// The measures of a recording's sound, for a person.
pub fn speech_lines(speech: &SoundMeasures) -> Vec<String> {
    let clock = |ms: u64| format_clock(Duration::from_millis(ms));
    let seconds = |ms: u64| format!("{:.1} s", ms as f64 / 1000.0);
    let first_word = match speech.first_word_ms {
        Some(ms) => format!("first word at {}", seconds(ms)),
        None => "no speech heard".to_string(),
    };
    let tenths = |ms: u64| format_tenths(Duration::from_millis(ms));
    let mut lines = vec![format!(
        "speaking {}, silent {}; {first_word}",
        tenths(speech.speaking_ms),
        tenths(speech.silence_ms)
    )];
    let pauses = &speech.long_pauses;
    lines.push(match pauses.len() {
        0 => format!(
            "no pause of {} or more",
            seconds(crate::speech::measures::LONG_PAUSE_MS)
        ),
        count => {
            let each: Vec<String> = pauses
                .iter()
                .map(|pause| format!("{} ({})", clock(pause.at_ms), seconds(pause.ms)))
                .collect();
            let name = if count == 1 {
                "long pause"
            } else {
                "long pauses"
            };
            format!("{count} {name} at {}", each.join(", "))
        }
    });
    lines
}

/// One line on what a take's recording told (`attach`, the review), when it was measured.
pub fn sound_summary(session: &Session, take: Take) -> Option<String> {
    let (recording, speech) = sound_lines(session, take)?;
    Some(
        std::iter::once(recording)
            .chain(speech)
            .collect::<Vec<_>>()
            .join("; "),
    )
}

/// `text` in lines of at most `width` columns, or as it is without a width.
fn wrapped(text: &str, width: Option<usize>) -> Vec<String> {
    match width {
        Some(width) => textwrap::wrap(text, width.max(20))
            .into_iter()
            .map(String::from)
            .collect(),
        None => text.lines().map(String::from).collect(),
    }
}

/// `2:41.2  in window`, `1:47.7  short by 0:12.3`, or `0:37.0  aborted`.
fn answer_and_verdict(session: &Session, paint: Paint) -> String {
    let verdict = Verdict::of(session);
    let shown = format_tenths(shown_answer(session));
    format!(
        "{shown}  {}",
        paint.color(&verdict.to_string(), verdict.color())
    )
}

/// What the parts found in the words add to the timeline: that they are its marks, when
/// the speaker marked none, or how far each is from the speaker's own mark.
pub fn parts_found_line(session: &Session) -> Option<String> {
    if session.parts_detected.is_empty() {
        return None;
    }
    if session.parts.is_empty() {
        return Some("(found in the words: no parts were marked)".to_string());
    }
    let agreement = part_agreement(&session.parts, &session.parts_detected);
    if agreement.is_empty() {
        return None;
    }
    let each: Vec<String> = agreement
        .iter()
        .map(|part| {
            let seconds = part.difference_ms.unsigned_abs() as f64 / 1000.0;
            let name = part.part.name();
            match part.difference_ms {
                d if d.unsigned_abs() < 1_000 => format!("{name} where you marked it"),
                d if d > 0 => format!("{name} {seconds:.0} s later"),
                _ => format!("{name} {seconds:.0} s earlier"),
            }
        })
        .collect();
    Some(format!("the words begin {}", each.join(", ")))
}

/// The parts as they ran, one line a part mark, saying when it started and how long it ran:
/// `Situation  started 0:00.0, ran 0:41.0 (25%)`. A part runs from its mark to the next
/// mark, the last one to the end of the answer; any talk before the first mark gets its own
/// line so the parts add up to the answer. The marks are [`Session::part_marks`]; nothing
/// when there are none. `show` and the review both give the parts this way.
pub fn part_timeline(session: &Session) -> Vec<String> {
    let end = session.answer_ms / 100;
    let mut marks: Vec<(String, u64)> = session
        .part_marks()
        .iter()
        .map(|mark| (mark.part.name().to_string(), (mark.at_ms / 100).min(end)))
        .collect();
    marks.sort_by_key(|(_, at)| *at);
    if let Some(&(_, first)) = marks.first()
        && first > 0
    {
        marks.insert(0, ("(unmarked)".to_string(), 0));
    }
    let name_width = marks.iter().map(|(name, _)| name.len()).max().unwrap_or(0);
    let tenths = |count: u64| format_tenths(Duration::from_millis(count * 100));
    marks
        .iter()
        .enumerate()
        .map(|(index, (name, start))| {
            let stop = marks.get(index + 1).map_or(end, |(_, next)| *next);
            let took = stop - start;
            // Rounded to the nearest percent; an answer of no length has no shares.
            let share = (took * 100 + end / 2).checked_div(end).unwrap_or(0);
            format!(
                "{name:name_width$}  started {}, ran {} ({share}%)",
                tenths(*start),
                tenths(took)
            )
        })
        .collect()
}

/// `Situation 2/2  Task 1/2  Action 2/2  Result 2/2  total 7/8`, or `-` when unscored.
fn scores_line(session: &Session) -> String {
    let Some(scores) = &session.scores else {
        return "-".to_string();
    };
    let parts = scores.iter().map(|(part, score)| match score {
        Some(score) => format!("{} {score}/{}", part.name(), Score::MAX),
        None => format!("{} -", part.name()),
    });
    let total = match scores.total() {
        Some(total) => format!("total {total}"),
        None => "total -".to_string(),
    };
    parts.chain([total]).collect::<Vec<_>>().join("  ")
}

/// The `rehearse edit` command that fills in the review answers still missing, if any.
fn fill_in_hint(session: &Session) -> Option<String> {
    let unrated = session
        .scores
        .is_none_or(|scores| scores.iter().any(|(_, score)| score.is_none()));
    let score_flag = format!("--score {}", Scores::example(","));
    let flags: Vec<&str> = [
        (session.story.is_none(), "--story ..."),
        (unrated, score_flag.as_str()),
        (session.note.is_none(), "--note ..."),
    ]
    .into_iter()
    .filter_map(|(missing, flag)| missing.then_some(flag))
    .collect();
    (!flags.is_empty()).then(|| {
        format!(
            "fill in with: rehearse edit {} {}",
            session.id,
            flags.join(" ")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::star::Part;
    use crate::session::record::Outcome;
    use crate::testkit::SessionBuilder;

    const PLAIN: Paint = Paint { enabled: false };

    fn session(answer_ms: u64, marks: &[(&str, u64)]) -> Session {
        let mut session = SessionBuilder::new("conflict-manager")
            .id("20261123-073105-k3f9")
            .at("2026-11-23T07:31:05.120+01:00")
            .text("Tell me about a disagreement with your manager.")
            .answer_ms(answer_ms)
            .paused_ms(12_345)
            .story("Audit flag broke time entry")
            .scores("2122")
            .note("Result too vague; give the number.");
        for (letter, at_ms) in marks {
            let part = Part::from_letter(letter.chars().next().unwrap()).unwrap();
            session = session.mark(part, *at_ms);
        }
        session.build()
    }

    #[test]
    fn the_full_view_of_a_reviewed_session() {
        let marks = [("S", 0), ("T", 20_500), ("A", 41_000), ("R", 130_000)];
        let lines = session_lines(
            &session(161_234, &marks),
            Path::new("/h/sessions/2026/11/x.json"),
            None,
            None,
            PLAIN,
        );
        insta::assert_snapshot!(lines.join("\n"));
    }

    #[test]
    fn parts_add_up_to_the_answer_as_shown() {
        let timeline = part_timeline(&session(161_234, &[("S", 0), ("A", 41_050)]));
        assert_eq!(
            timeline,
            [
                "Situation  started 0:00.0, ran 0:41.0 (25%)",
                "Action     started 0:41.0, ran 2:00.2 (75%)",
            ]
        );
    }

    #[test]
    fn talk_before_the_first_mark_is_its_own_line() {
        let timeline = part_timeline(&session(100_000, &[("T", 10_000)]));
        assert_eq!(
            timeline,
            [
                "(unmarked)  started 0:00.0, ran 0:10.0 (10%)",
                "Task        started 0:10.0, ran 1:30.0 (90%)",
            ]
        );
        assert!(part_timeline(&session(0, &[])).is_empty());
    }

    #[test]
    fn verdicts_come_from_the_shown_tenths() {
        let line = |ms| answer_and_verdict(&session(ms, &[]), PLAIN);
        assert_eq!(line(161_234), "2:41.2  in window");
        assert_eq!(line(107_700), "1:47.7  short by 0:12.3");
        assert_eq!(line(185_400), "3:05.4  over by 0:05.4");
        let mut aborted = session(37_000, &[]);
        aborted.outcome = Outcome::Aborted;
        assert_eq!(answer_and_verdict(&aborted, PLAIN), "0:37.0  aborted");
    }

    #[test]
    fn missing_review_answers_are_dashes_with_the_command_to_fill_them() {
        let mut bare = session(150_000, &[]);
        bare.story = None;
        bare.scores = None;
        bare.note = None;
        let lines = session_lines(&bare, Path::new("x.json"), None, None, PLAIN);
        assert!(
            lines.contains(&format!("{:LABEL_WIDTH$}-", "story")),
            "{lines:#?}"
        );
        assert!(
            lines.contains(&format!("{:LABEL_WIDTH$}-", "scores")),
            "{lines:#?}"
        );
        assert_eq!(
            lines.last().unwrap(),
            "fill in with: rehearse edit 20261123-073105-k3f9 --story ... --score 2,1,2,2 --note ..."
        );
        let reviewed = session_lines(
            &session(150_000, &[]),
            Path::new("x.json"),
            None,
            None,
            PLAIN,
        );
        assert!(
            !reviewed.iter().any(|line| line.starts_with("fill in")),
            "{reviewed:#?}"
        );
    }
}

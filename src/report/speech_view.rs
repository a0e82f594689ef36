//! The speech report as a person reads it: the transcript with its fillers, long pauses and
//! part starts marked, and a line a measure of what the words showed. For `transcript`,
//! `show` and the drill's review.

use crate::report::speech::Assessment;
use crate::session::record::{Session, WordMeasures};
use crate::speech::coach::PaceFlag;
use crate::speech::transcript::Transcript;
use crate::story::points::coverage_line;
use crate::text::{shown, shown_line};

/// The transcript with its fillers in `*stars*`, each long pause as `[3.1 s]` where it fell,
/// and `[Action]` where a part begins: the speaker's own marks, else the ones found.
pub fn transcript_text(
    transcript: &Transcript,
    assessment: &Assessment,
    session: &Session,
) -> String {
    let report = &assessment.report;
    let own = !session.parts.is_empty();
    let marks = if own {
        &session.parts
    } else {
        &assessment.parts_detected
    };
    let pauses = session
        .sound()
        .map(|sound| sound.long_pauses.as_slice())
        .unwrap_or_default();
    let mut pending_pauses = pauses.iter().peekable();
    let mut pending_marks = marks.iter().peekable();
    let mut words = Vec::with_capacity(transcript.words.len());
    for (index, word) in transcript.words.iter().enumerate() {
        if let Some(start) = word.start_ms {
            while let Some(mark) = pending_marks.next_if(|mark| mark.at_ms <= start) {
                words.push(format!("[{}]", mark.part.name()));
            }
            while let Some(pause) = pending_pauses.next_if(|pause| pause.at_ms <= start) {
                words.push(format!("[{:.1} s]", pause.ms as f64 / 1000.0));
            }
        } else if !own
            && let Some(at) = report
                .parts_detected_at_words
                .iter()
                .find(|at| at.word == index)
        {
            words.push(format!("[{}]", at.part.name()));
        }
        let text = shown(&word.text).into_owned();
        words.push(if report.fillers_marked.contains(&index) {
            format!("*{text}*")
        } else {
            text
        });
    }
    words.join(" ")
}

/// What the words showed, a line a measure: pace, fillers, ownership, hedges, the
/// Result's figure and the story's points.
pub fn word_lines(words: &WordMeasures) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(wpm) = words.wpm {
        let flag = match words.pace_flag {
            Some(PaceFlag::Slow) => " (slow)",
            Some(PaceFlag::Fast) => " (fast)",
            None => "",
        };
        lines.push(format!("pace: {wpm:.0} words a minute{flag}"));
    }
    let fillers = &words.fillers;
    let mut by_word: Vec<String> = fillers
        .by_word
        .iter()
        .map(|(word, count)| format!("{} {count}", shown_line(word)))
        .collect();
    if fillers.hesitations_from_audio > 0 {
        by_word.push(format!(
            "{} more heard in the pauses",
            fillers.hesitations_from_audio
        ));
    }
    let per_min = fillers
        .per_min
        .map(|rate| format!(", {rate:.1} a minute"))
        .unwrap_or_default();
    lines.push(match fillers.total {
        0 => "fillers: none".to_string(),
        total => format!("fillers: {total} ({}){per_min}", by_word.join(", ")),
    });
    if let Some(share) = words.i_share {
        lines.push(format!(
            "ownership: \"I\" in {:.0}% of I and we",
            share * 100.0
        ));
    }
    let hedges: Vec<String> = words
        .hedges
        .by_phrase
        .iter()
        .map(|(phrase, count)| format!("{} {count}", shown_line(phrase)))
        .collect();
    lines.push(match words.hedges.total {
        0 => "hedges: none".to_string(),
        total => format!("hedges: {total} ({})", hedges.join(", ")),
    });
    if let Some(figure) = words.result_has_number {
        lines.push(if figure {
            "result: states a figure".to_string()
        } else {
            "result: no figure in it (say the number: how much, how many, how fast)".to_string()
        });
    }
    if let Some(points) = &words.talking_points {
        let line = coverage_line(points.covered, points.total, &points.missed);
        lines.push(format!("story points: {}", shown_line(&line)));
    }
    lines
}

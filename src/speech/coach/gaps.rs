//! Hesitations the recogniser dropped: a recogniser writes what was meant, so the "um"
//! between two words is often missing from the transcript though the recording has it.
//! A gap between heard words that holds voiced sound is most likely that "um".
//!
//! Voiced sound is told from the rest frame by frame: loud enough against the recording's
//! own levels (its quiet floor and its words), and with few zero crossings, as a voice's
//! low, periodic sound has and a breath's or a hiss's noise has not.

use serde::{Deserialize, Serialize};

use crate::speech::transcript::Word;

/// A gap between words shorter than this is the ordinary space between them.
pub const MIN_GAP_MS: u64 = 250;

/// Voiced sound in a gap must last this long to be a hesitation, not a word's tail.
pub const MIN_HESITATION_MS: u64 = 150;

/// The frame the sound is read in.
const FRAME_MS: u64 = 10;

/// Word times are a recogniser's guess to a few tens of ms; this much of each edge of a
/// gap is left unread, so the words' own sound is not taken for a hesitation.
const EDGE_GUARD_MS: u64 = 40;

/// A hesitation stands apart from the words around it: this much quiet lies between it and
/// each edge of its gap. Voice that runs into an edge is a word the recogniser timed too
/// short (its word times are often 100 ms or more off), not an "um"; in answers told
/// without one, that was 8 false finds a minute before this rule.
const QUIET_AROUND_MS: u64 = 50;

/// How far above the quiet floor a voiced frame is, in dB.
const FLOOR_MARGIN_DB: f64 = 10.0;

/// How far below the typical frame of a word a hesitation may be, in dB: an "um" is
/// softer than the words around it but in the same voice.
const BELOW_WORDS_DB: f64 = 20.0;

/// A voice crosses zero a few hundred to a couple of thousand times a second (its lowest
/// resonances); a breath or a hiss crosses several thousand times.
const VOICED_MAX_CROSSINGS_PER_S: f64 = 3_000.0;

/// The hesitations found in the gaps of one answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct VoicedGaps {
    /// How many were found.
    pub count: usize,
    /// Each, in order.
    pub gaps: Vec<VoicedGap>,
}

/// One gap between words that held voiced sound.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoicedGap {
    /// The index of the word before the gap.
    pub after_word: usize,
    /// When the voiced sound began, in ms from the start of the recording.
    pub at_ms: u64,
    /// How long it lasted.
    pub ms: u64,
}

/// One frame's level and whether it sounds like a voice.
struct Frame {
    level_db: f64,
    crossings_per_s: f64,
}

/// The gaps of at least [`MIN_GAP_MS`] between consecutive timed `words` in which the
/// recording (`samples` of mono sound at `sample_rate`, timed like the words) holds voiced
/// sound for at least [`MIN_HESITATION_MS`], with quiet on both sides of it. Untimed words and an empty recording have
/// none.
pub fn voiced_gaps(words: &[Word], samples: &[i16], sample_rate: u32) -> VoicedGaps {
    let frame_len = (u64::from(sample_rate) * FRAME_MS / 1000) as usize;
    if frame_len == 0 || samples.is_empty() {
        return VoicedGaps::default();
    }
    let frames: Vec<Frame> = samples
        .chunks(frame_len)
        .map(|chunk| frame(chunk, sample_rate))
        .collect();
    let frame_at = |ms: u64| (ms / FRAME_MS) as usize;
    let spans: Vec<(usize, u64, u64)> = words
        .iter()
        .enumerate()
        .filter_map(|(index, word)| Some((index, word.start_ms?, word.end_ms?)))
        .collect();
    let Some(threshold) = threshold_db(&frames, spans.iter().map(|&(_, a, b)| (a, b))) else {
        return VoicedGaps::default();
    };
    let voiced = |frame: &Frame| {
        frame.level_db > threshold && frame.crossings_per_s < VOICED_MAX_CROSSINGS_PER_S
    };
    let mut gaps = Vec::new();
    for pair in spans.windows(2) {
        let ((index, _, end), (_, start, _)) = (pair[0], pair[1]);
        if start < end + MIN_GAP_MS {
            continue;
        }
        let from = frame_at(end + EDGE_GUARD_MS).min(frames.len());
        let to = frame_at(start.saturating_sub(EDGE_GUARD_MS)).min(frames.len());
        let gap = &frames[from.min(to)..to];
        let quiet = (QUIET_AROUND_MS / FRAME_MS) as usize;
        let quiet_at = |range: std::ops::Range<usize>| {
            gap.get(range)
                .is_some_and(|frames| !frames.iter().any(voiced))
        };
        if let Some((first, length)) = longest_run(gap, voiced)
            && length as u64 * FRAME_MS >= MIN_HESITATION_MS
            && first >= quiet
            && quiet_at(first - quiet..first)
            && quiet_at(first + length..first + length + quiet)
        {
            gaps.push(VoicedGap {
                after_word: index,
                at_ms: (from + first) as u64 * FRAME_MS,
                ms: length as u64 * FRAME_MS,
            });
        }
    }
    VoicedGaps {
        count: gaps.len(),
        gaps,
    }
}

fn frame(samples: &[i16], sample_rate: u32) -> Frame {
    let power = samples
        .iter()
        .map(|&s| (f64::from(s) / 32768.0).powi(2))
        .sum::<f64>()
        / samples.len() as f64;
    let crossings = samples
        .windows(2)
        .filter(|pair| (pair[0] < 0) != (pair[1] < 0))
        .count();
    Frame {
        level_db: 10.0 * (power + 1e-10).log10(),
        crossings_per_s: crossings as f64 * f64::from(sample_rate) / samples.len() as f64,
    }
}

/// The level above which a frame may be a hesitation: clear of the recording's quiet floor
/// (its quietest twentieth) and not far below its words' typical frame. `None` when no
/// word's frames are in the recording.
fn threshold_db(frames: &[Frame], words: impl Iterator<Item = (u64, u64)>) -> Option<f64> {
    let mut all: Vec<f64> = frames.iter().map(|frame| frame.level_db).collect();
    all.sort_by(f64::total_cmp);
    let floor = *all.get((all.len().saturating_sub(1)) / 20)?;
    let mut spoken: Vec<f64> = words
        .flat_map(|(start, end)| {
            let from = ((start / FRAME_MS) as usize).min(frames.len());
            let to = ((end / FRAME_MS) as usize).min(frames.len());
            frames[from.min(to)..to].iter().map(|frame| frame.level_db)
        })
        .collect();
    spoken.sort_by(f64::total_cmp);
    let typical = *spoken.get(spoken.len() / 2)?;
    Some((floor + FLOOR_MARGIN_DB).max(typical - BELOW_WORDS_DB))
}

/// The longest run of frames that are `voiced`, as its first index and length; a single
/// frame's dip inside a run does not end it, as a voice flickers.
fn longest_run(frames: &[Frame], voiced: impl Fn(&Frame) -> bool) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    let mut run: Option<(usize, usize)> = None;
    for (at, frame) in frames.iter().enumerate() {
        let dip_inside = !voiced(frame) && run.is_some() && frames.get(at + 1).is_some_and(&voiced);
        if voiced(frame) || dip_inside {
            let (first, _) = run.unwrap_or((at, 0));
            run = Some((first, at + 1 - first));
            if best.is_none_or(|(_, length)| at + 1 - first > length) {
                best = run;
            }
        } else {
            run = None;
        }
    }
    best
}

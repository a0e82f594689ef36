//! Pace: words a minute over the whole answer and over each stretch of it, and whether
//! the whole was far enough from the aim to say so.

use serde::{Deserialize, Serialize};

use crate::speech::measures::SoundMeasures;
use crate::speech::transcript::Transcript;

/// How long one stretch of [`wpm_by_stretch`] is: long enough to hold a few sentences,
/// short enough that a rush through the Result shows.
pub const STRETCH_MS: u64 = 15_000;

/// A last stretch shorter than this is folded into the one before, since three words in
/// a second would read as a rate no one speaks at.
const SHORTEST_STRETCH_MS: u64 = 5_000;

/// How far outside the aim a pace is before it is flagged: the aim is where to be, the
/// flag is for a pace a listener notices.
pub const PACE_FLAG_MARGIN: f64 = 20.0;

/// The pace to aim for, in words a minute; 130 to 170 unless the config says otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PaceRange {
    pub low: f64,
    pub high: f64,
}

impl Default for PaceRange {
    fn default() -> PaceRange {
        PaceRange {
            low: 130.0,
            high: 170.0,
        }
    }
}

/// A pace far enough from the aim to tell the speaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PaceFlag {
    /// More than [`PACE_FLAG_MARGIN`] below the aim (below 110 by default).
    Slow,
    /// More than [`PACE_FLAG_MARGIN`] above the aim (above 190 by default).
    Fast,
}

impl PaceRange {
    /// The flag for a pace of `wpm`: `None` inside the aim and a little either side of it.
    pub fn flag(&self, wpm: f64) -> Option<PaceFlag> {
        if wpm < self.low - PACE_FLAG_MARGIN {
            Some(PaceFlag::Slow)
        } else if wpm > self.high + PACE_FLAG_MARGIN {
            Some(PaceFlag::Fast)
        } else {
            None
        }
    }

    /// Whether `wpm` is inside the aim.
    pub fn contains(&self, wpm: f64) -> bool {
        (self.low..=self.high).contains(&wpm)
    }
}

/// From the first word's start to the last word's end, in ms; `None` untimed.
pub fn words_span_ms(transcript: &Transcript) -> Option<(u64, u64)> {
    if !transcript.is_timed() {
        return None;
    }
    let start = transcript.words.iter().filter_map(|w| w.start_ms).min()?;
    let end = transcript.words.iter().filter_map(|w| w.end_ms).max()?;
    Some((start, end.max(start)))
}

/// How long the answer was, in ms, for rates a minute: the whole recording when its
/// measures are given (a typed transcript of a recorded answer too), else from the first
/// word to the last; `None` with neither.
pub fn answer_ms(transcript: &Transcript, sound: Option<&SoundMeasures>) -> Option<u64> {
    let ms = match sound {
        Some(sound) if sound.speaking_ms + sound.silence_ms > 0 => {
            sound.speaking_ms + sound.silence_ms
        }
        _ => {
            let (start, end) = words_span_ms(transcript)?;
            end - start
        }
    };
    (ms > 0).then_some(ms)
}

/// Words a minute over the time spent speaking: the recording's speaking time when its
/// measures are given (the pauses left out; a typed transcript of a recorded answer has
/// its pace this way), else from the first word's start to the last word's end. `None`
/// with neither: an untimed transcript alone has no time to divide by.
///
/// Every word heard counts, fillers included: they took the time too.
pub fn wpm(transcript: &Transcript, sound: Option<&SoundMeasures>) -> Option<f64> {
    if transcript.words.is_empty() {
        return None;
    }
    let ms = match sound {
        Some(sound) if sound.speaking_ms > 0 => sound.speaking_ms,
        _ => {
            let (start, end) = words_span_ms(transcript)?;
            end - start
        }
    };
    (ms > 0).then(|| transcript.words.len() as f64 * 60_000.0 / ms as f64)
}

/// Words a minute in each [`STRETCH_MS`] of the answer from its first word, a word
/// counted in the stretch it began in; empty untimed. A last stretch shorter than five
/// seconds is folded into the one before, and a last stretch is measured to the last
/// word's end, not to its full length. Pauses count here: a stretch with a long silence
/// reads slow, which is what a listener hears.
pub fn wpm_by_stretch(transcript: &Transcript) -> Vec<f64> {
    let Some((start, end)) = words_span_ms(transcript) else {
        return Vec::new();
    };
    if end == start {
        return Vec::new();
    }
    let stretches = (end - start).div_ceil(STRETCH_MS).max(1) as usize;
    let mut counts = vec![0usize; stretches];
    for word in &transcript.words {
        let at = word.start_ms.unwrap_or(start).saturating_sub(start);
        counts[((at / STRETCH_MS) as usize).min(stretches - 1)] += 1;
    }
    let mut lengths = vec![STRETCH_MS; stretches];
    lengths[stretches - 1] = (end - start) - STRETCH_MS * (stretches as u64 - 1);
    if stretches > 1 && lengths[stretches - 1] < SHORTEST_STRETCH_MS {
        let (count, length) = (counts.pop().unwrap_or(0), lengths.pop().unwrap_or(0));
        counts[stretches - 2] += count;
        lengths[stretches - 2] += length;
    }
    counts
        .iter()
        .zip(&lengths)
        .map(|(&count, &length)| {
            if length == 0 {
                0.0
            } else {
                count as f64 * 60_000.0 / length as f64
            }
        })
        .collect()
}

//! What is measured from the sound of an answer alone: how long was spoken and how long
//! was silent, when the first word came, and the long pauses inside the answer.
//!
//! Speech is found in two steps. First the energy of 10 ms frames is held against a
//! threshold set from the recording itself, its quiet floor (the room, the microphone's
//! hiss, or digital silence) and its typical speech frame, so a quiet microphone or a
//! steady hiss is measured like a loud, clean one; gaps shorter than a breath between
//! words, and the dips inside words, count as speech, and only a silence long enough to
//! hear as a pause counts as silence. Then each stretch's edges are placed sample by
//! sample where its sound, the noise's share taken away, is within 43 dB of its loudest:
//! a word can fade out over a hundred milliseconds, which whole frames place too coarsely.

use serde::{Deserialize, Serialize};

use super::wav::samples_to_ms;

/// A silence inside the answer at least this long is a long pause: long enough that a
/// listener wonders whether the speaker has lost the thread.
pub const LONG_PAUSE_MS: u64 = 2500;

/// The measures of one recording. Times are milliseconds from the start of the recording;
/// `speaking_ms + silence_ms` is its whole length.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SoundMeasures {
    /// Time spent speaking, the short gaps between words included.
    pub speaking_ms: u64,
    /// Everything else: the lead-in before the first word, the pauses, and the tail.
    pub silence_ms: u64,
    /// When the first word began; `None` when nothing was said.
    pub first_word_ms: Option<u64>,
    /// Every silence of at least [`LONG_PAUSE_MS`] between the first word and the last
    /// (the lead-in and the tail are not pauses), in order.
    pub long_pauses: Vec<Pause>,
    /// The longest silence between the first word and the last, however short; zero when
    /// there was none.
    pub longest_pause_ms: u64,
}

/// A silence inside an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pause {
    /// When the silence began (the end of the words before it).
    pub at_ms: u64,
    /// How long it lasted.
    pub ms: u64,
}

/// The frame the energy is measured over: short enough to find a stretch of speech to
/// within a few of them, long enough to hold a few periods of a voice.
pub(crate) const FRAME_MS: u32 = 10;

/// The share of frames below which the floor is read: even an answer spoken without a
/// break has this much of breaths, closures and gaps between words.
const FLOOR_PERCENTILE: f64 = 0.05;

/// A frame below this (an RMS under half of 16-bit's smallest step) holds no sound at all.
const DIGITAL_SILENCE_DB: f64 = -96.0;

/// The power given to digital silence, so a frame of zeros has a level in dB.
const SILENT_POWER: f64 = 1e-10;

/// How far the threshold sits above the quiet floor, in dB: far above the floor's own
/// flicker (a hiss's 10 ms energy varies by about a decibel), so a hiss is never speech.
const FLOOR_MARGIN_DB: f64 = 10.0;

/// How far below the typical speech frame the threshold may go, in dB, when the floor is
/// lower still: deep enough that a phrase's soft words are found as speech.
const SPEECH_DEPTH_DB: f64 = 35.0;

/// Sound shorter than this on its own in a silence is a click or a knock, not a word.
pub(crate) const MIN_BURST_MS: u64 = 40;

/// Silences shorter than this count as speech: the gaps between words, the closure before
/// a `t` or a `k`, a quick breath. A pause a listener notices is longer.
pub(crate) const BRIDGE_MS: u64 = 300;

/// A stretch's edges are its first and last sound within this many dB of its loudest
/// sample (a window's power against the peak's square: a tone at 1% of the peak).
const EDGE_DB_BELOW_PEAK: f64 = 43.0;

/// The window the sound at an edge is measured over: a few periods of a voice. An edge is
/// placed to within half of it.
const EDGE_WINDOW_MS: u64 = 5;

/// How far an edge may move from where the frames put it.
const EDGE_REACH_MS: u64 = 200;

/// Measures a recording of mono samples at `sample_rate`.
pub fn measure(samples: &[i16], sample_rate: u32) -> SoundMeasures {
    let total_ms = samples_to_ms(samples.len() as u64, sample_rate);
    let spoken: Vec<(u64, u64)> = speech_spans(samples, sample_rate)
        .into_iter()
        .map(|(start, end)| {
            (
                samples_to_ms(start as u64, sample_rate),
                samples_to_ms(end as u64, sample_rate),
            )
        })
        .collect();
    let speaking_ms = spoken.iter().map(|(start, end)| end - start).sum();
    let inner_pauses: Vec<Pause> = spoken
        .windows(2)
        .map(|pair| Pause {
            at_ms: pair[0].1,
            ms: pair[1].0 - pair[0].1,
        })
        .collect();
    SoundMeasures {
        speaking_ms,
        silence_ms: total_ms - speaking_ms,
        first_word_ms: spoken.first().map(|(start, _)| *start),
        long_pauses: inner_pauses
            .iter()
            .copied()
            .filter(|pause| pause.ms >= LONG_PAUSE_MS)
            .collect(),
        longest_pause_ms: inner_pauses.iter().map(|pause| pause.ms).max().unwrap_or(0),
    }
}

/// The stretches of speech, as sample ranges `(start, end)` in order, gaps already bridged.
fn speech_spans(samples: &[i16], sample_rate: u32) -> Vec<(usize, usize)> {
    if samples.is_empty() || sample_rate == 0 {
        return Vec::new();
    }
    let frame_len = (sample_rate / (1000 / FRAME_MS)).max(1) as usize;
    let levels: Vec<f64> = samples.chunks(frame_len).map(level_db).collect();
    let Some(thresholds) = thresholds_db(&levels) else {
        return Vec::new();
    };
    let frames_in = |ms: u64| (ms / u64::from(FRAME_MS)) as usize;
    let mut runs = loud_runs(&levels, thresholds.speech);
    runs.retain(|(start, end)| end - start >= frames_in(MIN_BURST_MS));
    let mut spans: Vec<(usize, usize)> = bridged(runs, frames_in(BRIDGE_MS))
        .into_iter()
        .map(|(start, end)| (start * frame_len, (end * frame_len).min(samples.len())))
        .collect();
    let edges = Edges {
        noise_power: 10f64.powf(thresholds.floor / 10.0),
        window: ((EDGE_WINDOW_MS * u64::from(sample_rate) / 1000) as usize).max(1),
        reach: (EDGE_REACH_MS * u64::from(sample_rate) / 1000) as usize,
    };
    for index in 0..spans.len() {
        let before = if index == 0 { 0 } else { spans[index - 1].1 };
        let after = spans.get(index + 1).map_or(samples.len(), |next| next.0);
        spans[index] = edges.place(samples, spans[index], (before, after));
    }
    // Edges placed closer than a bridge's length make one stretch after all.
    bridged(spans, (BRIDGE_MS * u64::from(sample_rate) / 1000) as usize)
}

/// `spans` (in order, apart) with every gap shorter than `gap` closed.
fn bridged(spans: Vec<(usize, usize)>, gap: usize) -> Vec<(usize, usize)> {
    let mut joined: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
    for span in spans {
        match joined.last_mut() {
            Some(last) if span.0 < last.1 + gap => last.1 = span.1,
            _ => joined.push(span),
        }
    }
    joined
}

/// How a span's edges are placed.
struct Edges {
    /// The floor's mean power (full scale is 1).
    noise_power: f64,
    /// Samples in the window the sound is measured over.
    window: usize,
    /// How many samples an edge may move.
    reach: usize,
}

impl Edges {
    /// `span`'s edges moved, never past `limits`, to its first and last window whose
    /// power, less the noise's, is within [`EDGE_DB_BELOW_PEAK`] of the span's peak; and
    /// that is at least twice the noise's, so a flicker of hiss is never an edge.
    fn place(
        &self,
        samples: &[i16],
        (start, end): (usize, usize),
        limits: (usize, usize),
    ) -> (usize, usize) {
        let peak = samples[start..end]
            .iter()
            .map(|s| f64::from(s.unsigned_abs()) / 32768.0)
            .fold(0.0, f64::max);
        let target = (peak * peak * 10f64.powf(-EDGE_DB_BELOW_PEAK / 10.0)).max(self.noise_power)
            + self.noise_power;
        let from = start.saturating_sub(self.reach).max(limits.0);
        let to = (end + self.reach).min(limits.1);
        // Power of the window centred on a sample, from running sums over only the stretch an
        // edge is looked for in: a sum across the whole span would cost 8 bytes a sample of a
        // long unbroken stretch of speech, for the few hundred milliseconds at each end.
        let half = self.window / 2;
        let low = from.saturating_sub(half);
        let high = (to + half).min(samples.len());
        let power_over = |range: std::ops::Range<usize>| {
            let first = range.start.saturating_sub(half).max(low);
            let last = (range.end + half + 1).min(high).max(first);
            let mut prefix = Vec::with_capacity(last - first + 1);
            prefix.push(0.0);
            let mut sum = 0.0;
            for &sample in &samples[first..last] {
                sum += (f64::from(sample) / 32768.0).powi(2);
                prefix.push(sum);
            }
            move |at: usize| {
                let a = at.saturating_sub(half).max(low) - first;
                let b = (at + half + 1).min(high) - first;
                (prefix[b] - prefix[a]) / (b - a) as f64 >= target
            }
        };
        let opening = from..(start + self.reach).min(end);
        let sounds = power_over(opening.clone());
        let first = opening.into_iter().find(|&at| sounds(at)).unwrap_or(start);
        let closing = end.saturating_sub(self.reach).max(first)..to;
        let sounds = power_over(closing.clone());
        let last = closing
            .rev()
            .find(|&at| sounds(at))
            .map_or(end, |at| at + 1);
        (first, last.max(first))
    }
}

/// A frame's mean power in dB relative to full scale.
pub(crate) fn level_db(frame: &[i16]) -> f64 {
    let power: f64 = frame
        .iter()
        .map(|&s| (f64::from(s) / 32768.0).powi(2))
        .sum::<f64>()
        / frame.len() as f64;
    10.0 * (power + SILENT_POWER).log10()
}

/// The levels speech is found by, in dB of full scale.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Thresholds {
    /// The quiet floor: the room, the hiss, or digital silence.
    pub(crate) floor: f64,
    /// Above this a frame is speech.
    pub(crate) speech: f64,
}

/// The thresholds, from the recording's own floor and speech level; `None` when nothing
/// rises clearly above the floor (silence, or only hiss).
pub(crate) fn thresholds_db(levels: &[f64]) -> Option<Thresholds> {
    let mut sorted = levels.to_vec();
    sorted.sort_by(f64::total_cmp);
    // Digital silence (a pause a program cut in, a noise gate) is no floor for the rest:
    // the floor is read among the frames that hold any sound, when there are some.
    let sounding = &sorted[sorted.partition_point(|&level| level < DIGITAL_SILENCE_DB)..];
    let quiet = if sounding.is_empty() {
        &sorted[..]
    } else {
        sounding
    };
    let floor = quiet[((quiet.len() - 1) as f64 * FLOOR_PERCENTILE) as usize];
    let above_floor = floor + FLOOR_MARGIN_DB;
    let loud = &sorted[sorted.partition_point(|&level| level <= above_floor)..];
    // The middle of the frames that are clearly sound is the typical speech frame, however
    // much of the recording is silence.
    let typical_speech = *loud.get(loud.len() / 2)?;
    Some(Thresholds {
        floor,
        speech: above_floor.max(typical_speech - SPEECH_DEPTH_DB),
    })
}

/// The runs of frames above `threshold`, as frame ranges `(start, end)`.
fn loud_runs(levels: &[f64], threshold: f64) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut start = None;
    for (index, &level) in levels.iter().enumerate() {
        match (level > threshold, start) {
            (true, None) => start = Some(index),
            (false, Some(from)) => {
                runs.push((from, index));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(from) = start {
        runs.push((from, levels.len()));
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::speech::SAMPLE_RATE;
    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// A made answer: phrases of speech-like sound (noise shaped into syllables of 120 to
    /// 260 ms, some with a 20 to 90 ms gap between words) at `level_db` below full scale,
    /// separated by the given silences, over a hiss at `hiss_db` (none when `None`).
    struct Answer {
        samples: Vec<i16>,
        /// Each phrase's start and end, in samples.
        phrases: Vec<(usize, usize)>,
    }

    fn answer(
        seed: u64,
        lead_in_ms: u64,
        silences_ms: &[u64],
        tail_ms: u64,
        level_db: f64,
        hiss_db: Option<f64>,
    ) -> Answer {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let rate = SAMPLE_RATE as usize;
        let at = |ms: u64| ms as usize * rate / 1000;
        let mut clean: Vec<f64> = vec![0.0; at(lead_in_ms)];
        let mut phrases = Vec::new();
        for index in 0..=silences_ms.len() {
            let start = clean.len();
            let syllables = rng.random_range(4..12);
            for syllable in 0..syllables {
                if syllable > 0 && rng.random_bool(0.3) {
                    clean.extend(std::iter::repeat_n(0.0, at(rng.random_range(20..90))));
                }
                let len = at(rng.random_range(120..260));
                let loudness = rng.random_range(0.4..1.0);
                for i in 0..len {
                    // A syllable swells and fades, with a quick onset like a consonant's.
                    let x = i as f64 / len as f64;
                    let envelope = (std::f64::consts::PI * x).sin().powf(0.6);
                    clean.push(loudness * envelope * rng.random_range(-1.0..1.0));
                }
            }
            phrases.push((start, clean.len()));
            let silence = silences_ms.get(index).copied().unwrap_or(tail_ms);
            clean.extend(std::iter::repeat_n(0.0, at(silence)));
        }
        let gain = 10f64.powf(level_db / 20.0);
        let hiss = hiss_db.map(|db| 10f64.powf(db / 20.0) * 3f64.sqrt());
        let samples = clean
            .iter()
            .map(|&value| {
                let noise = hiss.map_or(0.0, |h| h * rng.random_range(-1.0..1.0));
                ((value * gain + noise) * 32767.0)
                    .round()
                    .clamp(-32768.0, 32767.0) as i16
            })
            .collect();
        Answer { samples, phrases }
    }

    fn ms(sample: usize) -> i64 {
        (sample * 1000 / SAMPLE_RATE as usize) as i64
    }

    /// Every long pause, and the speaking time, as the made answer has them.
    fn check(answer: &Answer, label: &str) -> SoundMeasures {
        let measures = measure(&answer.samples, SAMPLE_RATE);
        let truth_pauses: Vec<(i64, i64)> = answer
            .phrases
            .windows(2)
            .map(|pair| (ms(pair[0].1), ms(pair[1].0) - ms(pair[0].1)))
            .filter(|&(_, length)| length >= LONG_PAUSE_MS as i64)
            .collect();
        assert_eq!(
            measures.long_pauses.len(),
            truth_pauses.len(),
            "{label}: {measures:?}"
        );
        for (found, (at, length)) in measures.long_pauses.iter().zip(&truth_pauses) {
            assert!(
                (found.at_ms as i64 - at).abs() <= 50,
                "{label}: {found:?} for {at}"
            );
            assert!(
                (found.ms as i64 - length).abs() <= 50,
                "{label}: {found:?} for {length}"
            );
        }
        let speaking: i64 = answer.phrases.iter().map(|&(a, b)| ms(b) - ms(a)).sum();
        let error = (measures.speaking_ms as i64 - speaking).abs() as f64 / speaking as f64;
        assert!(
            error <= 0.02,
            "{label}: {} spoken for {speaking}",
            measures.speaking_ms
        );
        let first = ms(answer.phrases[0].0);
        let found_first = measures.first_word_ms.unwrap() as i64;
        assert!(
            (found_first - first).abs() <= 50,
            "{label}: first word {found_first}"
        );
        let total = answer.samples.len() as u64 * 1000 / u64::from(SAMPLE_RATE);
        assert_eq!(measures.speaking_ms + measures.silence_ms, total, "{label}");
        measures
    }

    const PAUSES: [u64; 6] = [3_000, 800, 2_600, 500, 4_200, 800];

    #[test]
    fn long_pauses_and_speaking_time_from_a_loud_clean_answer() {
        for seed in 0..5 {
            let made = answer(seed, 1_200, &PAUSES, 1_500, -6.0, None);
            let measures = check(&made, &format!("seed {seed}"));
            assert_eq!(measures.long_pauses.len(), 3);
            assert!(measures.longest_pause_ms >= 4_150);
        }
    }

    #[test]
    fn a_quiet_microphone_or_a_hiss_is_measured_the_same() {
        for (level, hiss) in [
            (-45.0, None),
            (-6.0, Some(-50.0)),
            (-40.0, Some(-80.0)),
            (-55.0, Some(-85.0)),
        ] {
            for seed in 10..13 {
                let made = answer(seed, 900, &PAUSES, 2_000, level, hiss);
                check(
                    &made,
                    &format!("speech {level} dB, hiss {hiss:?}, seed {seed}"),
                );
            }
        }
    }

    #[test]
    fn the_lead_in_and_the_tail_are_silence_but_not_pauses() {
        let made = answer(3, 5_000, &[800], 6_000, -12.0, Some(-70.0));
        let measures = check(&made, "long lead-in and tail");
        assert!(measures.long_pauses.is_empty());
        assert!(measures.longest_pause_ms >= 750 && measures.longest_pause_ms <= 850);
        let first = measures.first_word_ms.unwrap();
        assert!((4_950..=5_050).contains(&first), "{first}");
    }

    #[test]
    fn a_pause_just_under_the_mark_is_not_long_and_one_just_over_is() {
        let made = answer(4, 500, &[2_400, 2_600], 500, -10.0, None);
        let measures = measure(&made.samples, SAMPLE_RATE);
        assert_eq!(measures.long_pauses.len(), 1, "{measures:?}");
        assert!(measures.long_pauses[0].ms >= 2_550);
    }

    /// A second of hiss (`hiss_db`, or none), a second of a 500 Hz tone at half scale
    /// over it, then the tone fading by 1 dB every 6 ms for 600 ms, and last a second of
    /// digital silence (the hiss cut off, as a program that trims a recording leaves it).
    /// The tone falls to 1% of its peak (40 dB down, a window's power 43 dB below the
    /// peak's square) 240 ms into the fade, at 2.24 s.
    fn fading_tone(hiss_db: Option<f64>) -> Vec<i16> {
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        let rate = f64::from(SAMPLE_RATE);
        let hiss = hiss_db.map_or(0.0, |db| 10f64.powf(db / 20.0) * 3f64.sqrt());
        let mut samples: Vec<i16> = (0..(rate * 2.6) as usize)
            .map(|i| {
                let t = i as f64 / rate;
                let fade_db = (t - 2.0).max(0.0) * 1000.0 / 6.0;
                let tone = if t < 1.0 {
                    0.0
                } else {
                    let phase = t * 500.0 * std::f64::consts::TAU;
                    0.5 * 10f64.powf(-fade_db / 20.0) * phase.sin()
                };
                let noise = hiss * rng.random_range(-1.0..1.0);
                ((tone + noise) * 32768.0).round() as i16
            })
            .collect();
        samples.extend(std::iter::repeat_n(0, SAMPLE_RATE as usize));
        samples
    }

    #[test]
    fn a_fading_word_ends_where_it_falls_40_db_below_the_phrase() {
        for hiss in [None, Some(-75.0)] {
            let measures = measure(&fading_tone(hiss), SAMPLE_RATE);
            // An edge is placed to within half the window it is measured over.
            let began = measures.first_word_ms.unwrap();
            assert!(
                began.abs_diff(1_000) <= 3,
                "{hiss:?}: began at {began}: {measures:?}"
            );
            let ended = began + measures.speaking_ms;
            assert!(ended.abs_diff(2_240) <= 5, "{hiss:?}: ended at {ended}");
        }
    }

    #[test]
    fn a_click_in_a_pause_does_not_split_it() {
        let mut made = answer(5, 500, &[4_000], 500, -10.0, None);
        let middle = (made.phrases[0].1 + made.phrases[1].0) / 2;
        for sample in &mut made.samples[middle..middle + 160] {
            *sample = 20_000;
        }
        let measures = measure(&made.samples, SAMPLE_RATE);
        assert_eq!(measures.long_pauses.len(), 1, "{measures:?}");
    }

    #[test]
    fn silence_hiss_alone_and_nothing_at_all_have_no_speech() {
        let silent = vec![0i16; 5 * SAMPLE_RATE as usize];
        let mut rng = ChaCha8Rng::seed_from_u64(6);
        let hiss: Vec<i16> = (0..5 * SAMPLE_RATE as usize)
            .map(|_| rng.random_range(-300..300))
            .collect();
        for samples in [&silent, &hiss] {
            let measures = measure(samples, SAMPLE_RATE);
            assert_eq!(
                measures,
                SoundMeasures {
                    speaking_ms: 0,
                    silence_ms: 5_000,
                    first_word_ms: None,
                    long_pauses: vec![],
                    longest_pause_ms: 0,
                }
            );
        }
        assert_eq!(measure(&[], SAMPLE_RATE), SoundMeasures::default());
        assert_eq!(measure(&[1, 2, 3], 0), SoundMeasures::default());
    }

    #[test]
    fn speech_from_the_first_sample_to_the_last_has_no_silence() {
        let made = answer(7, 0, &[], 0, -10.0, None);
        let measures = check(&made, "no silence at all");
        assert!(measures.first_word_ms.unwrap() <= 10, "{measures:?}");
        assert!(measures.silence_ms <= 30, "{measures:?}");
    }

    #[test]
    fn another_sample_rate_gives_the_same_times() {
        let made = answer(8, 1_000, &[3_000], 1_000, -10.0, None);
        // The same answer at 8 kHz, every other sample.
        let halved: Vec<i16> = made.samples.iter().step_by(2).copied().collect();
        let at_16k = measure(&made.samples, SAMPLE_RATE);
        let at_8k = measure(&halved, 8_000);
        assert_eq!(at_8k.long_pauses.len(), 1);
        assert!(
            at_8k.long_pauses[0]
                .at_ms
                .abs_diff(at_16k.long_pauses[0].at_ms)
                <= 10
        );
        assert!(at_8k.speaking_ms.abs_diff(at_16k.speaking_ms) <= 40);
    }

    #[test]
    fn the_record_keeps_these_field_names() {
        let measures = SoundMeasures {
            speaking_ms: 61_000,
            silence_ms: 9_500,
            first_word_ms: Some(1_200),
            long_pauses: vec![Pause {
                at_ms: 30_000,
                ms: 3_100,
            }],
            longest_pause_ms: 3_100,
        };
        let json = serde_json::to_string(&measures).unwrap();
        assert_eq!(
            json,
            r#"{"speaking_ms":61000,"silence_ms":9500,"first_word_ms":1200,"long_pauses":[{"at_ms":30000,"ms":3100}],"longest_pause_ms":3100}"#
        );
        assert_eq!(
            serde_json::from_str::<SoundMeasures>(&json).unwrap(),
            measures
        );
    }
}

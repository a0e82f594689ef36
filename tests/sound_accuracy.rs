#![cfg(feature = "record")]
//! How closely the measures from sound match answers built to known timings: sentences
//! spoken by `espeak-ng`, put together by `sox` with silences of known lengths between
//! them, at several voices, speeds and levels, with and without a hiss, and the same
//! answers as FLAC, Ogg Vorbis and MP3. The issue's targets: every long pause's start and
//! length within 50 ms, the speaking time within 2%.
//!
//! Needs `espeak-ng` and `sox` on PATH (CI installs them for the `record` feature's tests);
//! without them every test here fails and says so, since a pass that measured nothing
//! would be a lie. MP3 is checked when sox can write it (Debian's `libsox-fmt-mp3`).
//!
//! `benches/speech_accuracy.rs` runs many more answers through this same builder, so the
//! helpers here are public to it.
//!
//! # The truth
//!
//! Each sentence is synthesised on its own, and its speech is the span from its first
//! sample to its last whose 5 ms around it are within 43 dB of the sentence's loudest
//! sample (the power of a tone at 1% of the peak): espeak-ng pads a sentence with
//! near-silence, and that span is what a listener hears as the words. It is found on the
//! sentence as espeak-ng wrote it, before any change of level, resampling, coding or hiss,
//! so the truth does not depend on what is measured. Every sentence is checked to hold no
//! silence of 250 ms or more inside that span (so the truth's speaking time, the sum of
//! the spans, has no pause a measure should leave out). The answer is then the pieces one
//! after another, each piece's length read back from the file sox wrote, so a pause's true
//! start is where its sentence's span ends and its length runs to where the next
//! sentence's span begins.
//!
//! Where a fading word "ends" is a convention, and this is the one the measure places its
//! edges by; what these tests check is that it finds those edges through everything done
//! to the sound. The bench also scores the measure against another convention (the first
//! and last sample of 1% of the peak), which some voices' long faint fades move by up to
//! a tenth of a second.

use std::path::{Path, PathBuf};
use std::process::Command;

use rehearse::speech::SAMPLE_RATE;
use rehearse::speech::decode::decode_file;
use rehearse::speech::measures::{LONG_PAUSE_MS, SoundMeasures, measure};

/// What espeak-ng writes: mono 16-bit at this rate, so every answer here is also resampled.
pub const SYNTH_RATE: u32 = 22_050;

/// The targets of issue 14.
pub const PAUSE_TOLERANCE_MS: f64 = 50.0;
pub const SPEAKING_TOLERANCE: f64 = 0.02;

/// A sentence of an answer, and how it is said.
#[derive(Debug, Clone)]
pub struct Sentence {
    pub text: String,
    /// An espeak-ng voice, with a variant if wanted: `en-us+f3`.
    pub voice: String,
    pub words_per_minute: u32,
    /// Its level against espeak-ng's own, in dB.
    pub gain_db: f64,
}

/// An answer to build: sentences with silences between them.
#[derive(Debug, Clone)]
pub struct Answer {
    pub name: String,
    pub sentences: Vec<Sentence>,
    /// The silence after each sentence but the last, in ms.
    pub silences_ms: Vec<u32>,
    pub lead_in_ms: u32,
    pub tail_ms: u32,
    /// A steady white hiss over the whole answer, at this RMS level in dB of full scale.
    pub hiss_db: Option<f64>,
}

/// When the answer's speech and pauses really are, in ms from its start.
#[derive(Debug, Clone)]
pub struct Truth {
    pub first_word_ms: f64,
    /// Silences of at least [`LONG_PAUSE_MS`] between sentences: start and length.
    pub long_pauses: Vec<(f64, f64)>,
    pub speaking_ms: f64,
    /// Each sentence's speech, start and end, in order.
    pub sentence_spans_ms: Vec<(f64, f64)>,
}

/// A built answer: its WAV (at [`SYNTH_RATE`]) and its truth.
#[derive(Debug, Clone)]
pub struct Built {
    pub wav: PathBuf,
    pub truth: Truth,
    /// The truth by another convention, each sentence's first and last sample of at least
    /// 1% of its peak, for the bench to show how far the convention alone moves an edge
    /// (a fading voice can sit near 1% for a hundred milliseconds).
    pub truth_by_peak_sample: Truth,
}

/// How far measures are from the truth: the worst of each kind.
#[derive(Debug, Clone, Default)]
pub struct Errors {
    pub pause_start_ms: f64,
    pub pause_length_ms: f64,
    pub first_word_ms: f64,
    /// Relative: 0.01 is 1%.
    pub speaking: f64,
    /// Long pauses found that are not there, or there and not found.
    pub wrong_pause_count: bool,
}

impl Errors {
    pub fn within_targets(&self) -> bool {
        !self.wrong_pause_count
            && self.pause_start_ms <= PAUSE_TOLERANCE_MS
            && self.pause_length_ms <= PAUSE_TOLERANCE_MS
            && self.first_word_ms <= PAUSE_TOLERANCE_MS
            && self.speaking <= SPEAKING_TOLERANCE
    }

    /// The worse of two, kind by kind.
    pub fn worst(&self, other: &Errors) -> Errors {
        Errors {
            pause_start_ms: self.pause_start_ms.max(other.pause_start_ms),
            pause_length_ms: self.pause_length_ms.max(other.pause_length_ms),
            first_word_ms: self.first_word_ms.max(other.first_word_ms),
            speaking: self.speaking.max(other.speaking),
            wrong_pause_count: self.wrong_pause_count || other.wrong_pause_count,
        }
    }
}

/// Fails, saying what to install, when espeak-ng or sox is missing.
pub fn require_tools() {
    for (tool, probe) in [("espeak-ng", "--version"), ("sox", "--version")] {
        let works = Command::new(tool)
            .arg(probe)
            .output()
            .is_ok_and(|output| output.status.success());
        assert!(
            works,
            "the sound accuracy tests need {tool} on PATH: install espeak-ng and sox \
             (Debian and Ubuntu: apt-get install espeak-ng sox; add libsox-fmt-mp3 to \
             check MP3 too)"
        );
    }
}

/// Whether this sox can write files of `format` (`flac`, `ogg`, `mp3`).
pub fn sox_writes(format: &str) -> bool {
    let Ok(output) = Command::new("sox").arg("-h").output() else {
        return false;
    };
    let help = String::from_utf8_lossy(&output.stdout);
    help.lines()
        .find_map(|line| line.strip_prefix("AUDIO FILE FORMATS:"))
        .is_some_and(|formats| formats.split_whitespace().any(|known| known == format))
}

fn run(command: &mut Command) {
    let output = command
        .output()
        .unwrap_or_else(|error| panic!("{command:?}: {error}"));
    assert!(
        output.status.success(),
        "{command:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A WAV's samples, which must be mono at [`SYNTH_RATE`].
fn samples_of(path: &Path) -> Vec<i16> {
    let mut reader = hound::WavReader::open(path).unwrap();
    let spec = reader.spec();
    assert_eq!(
        (spec.channels, spec.sample_rate),
        (1, SYNTH_RATE),
        "{path:?}"
    );
    reader.samples::<i16>().map(Result::unwrap).collect()
}

/// The span of a sentence's speech, as the module's doc says: from the first to one past
/// the last sample whose 5 ms around it are within 43 dB of the sentence's peak. Panics if
/// a silence of 250 ms or more lies inside.
fn speech_span(samples: &[i16], what: &str) -> (usize, usize) {
    let peak = samples.iter().map(|s| s.unsigned_abs()).max().unwrap_or(0);
    let target = (f64::from(peak) / 32768.0).powi(2) * 10f64.powf(-4.3);
    let half = (SYNTH_RATE / 400) as usize;
    let mut prefix = vec![0.0];
    for &sample in samples {
        let power = (f64::from(sample) / 32768.0).powi(2);
        prefix.push(prefix.last().unwrap() + power);
    }
    let loud: Vec<bool> = (0..samples.len())
        .map(|at| {
            let a = at.saturating_sub(half);
            let b = (at + half + 1).min(samples.len());
            (prefix[b] - prefix[a]) / (b - a) as f64 >= target
        })
        .collect();
    let first = loud.iter().position(|&l| l).expect("a silent sentence");
    let last = loud.iter().rposition(|&l| l).unwrap();
    let mut quiet_run = 0;
    for &sounds in &loud[first..=last] {
        quiet_run = if sounds { 0 } else { quiet_run + 1 };
        let quiet_ms = quiet_run as f64 * 1000.0 / f64::from(SYNTH_RATE);
        assert!(
            quiet_ms < 250.0,
            "{what} holds a silence of 250 ms inside; the truth assumes none"
        );
    }
    (first, last + 1)
}

/// The span from the first to one past the last sample of at least 1% of the peak.
fn peak_sample_span(samples: &[i16]) -> (usize, usize) {
    let peak = samples.iter().map(|s| s.unsigned_abs()).max().unwrap_or(0);
    let loud = |s: &i16| u32::from(s.unsigned_abs()) * 100 >= u32::from(peak);
    let first = samples.iter().position(loud).unwrap_or(0);
    let last = samples.iter().rposition(loud).unwrap_or(0);
    (first, last + 1)
}

/// The truth of an answer whose sentences' speech spans `spans`, in samples from its start.
fn truth_of(spans: &[(usize, usize)]) -> Truth {
    let ms = |sample: usize| sample as f64 * 1000.0 / f64::from(SYNTH_RATE);
    Truth {
        first_word_ms: ms(spans[0].0),
        long_pauses: spans
            .windows(2)
            .map(|pair| (ms(pair[0].1), ms(pair[1].0) - ms(pair[0].1)))
            .filter(|&(_, length)| length >= LONG_PAUSE_MS as f64)
            .collect(),
        speaking_ms: spans.iter().map(|&(start, end)| ms(end) - ms(start)).sum(),
        sentence_spans_ms: spans
            .iter()
            .map(|&(start, end)| (ms(start), ms(end)))
            .collect(),
    }
}

/// Builds `answer` in `folder`: every sentence with espeak-ng, then the whole with sox.
pub fn build(answer: &Answer, folder: &Path) -> Built {
    assert_eq!(answer.silences_ms.len() + 1, answer.sentences.len());
    let piece = |name: String| folder.join(format!("{}-{name}.wav", answer.name));
    let silence = |ms: u32| {
        let path = piece(format!("silence-{ms}"));
        run(Command::new("sox")
            .args(["-n", "-r", &SYNTH_RATE.to_string(), "-c", "1", "-b", "16"])
            .arg(&path)
            .args(["trim", "0", &format!("{:.6}", f64::from(ms) / 1000.0)]));
        path
    };
    let mut pieces = vec![silence(answer.lead_in_ms)];
    let mut spans = Vec::new();
    let mut peak_sample_spans = Vec::new();
    let mut at = samples_of(&pieces[0]).len();
    for (index, sentence) in answer.sentences.iter().enumerate() {
        let spoken = piece(format!("sentence-{index}"));
        run(Command::new("espeak-ng")
            .args(["-v", &sentence.voice])
            .args(["-s", &sentence.words_per_minute.to_string()])
            .arg("-w")
            .arg(&spoken)
            .arg(&sentence.text));
        let samples = samples_of(&spoken);
        let what = format!("{}'s sentence {index} ({:?})", answer.name, sentence.text);
        let (first, end) = speech_span(&samples, &what);
        spans.push((at + first, at + end));
        let (first, end) = peak_sample_span(&samples);
        peak_sample_spans.push((at + first, at + end));
        at += samples.len();
        let leveled = piece(format!("sentence-{index}-leveled"));
        run(Command::new("sox")
            .arg(&spoken)
            .arg(&leveled)
            .args(["vol", &format!("{}dB", sentence.gain_db)]));
        pieces.push(leveled);
        let after = answer
            .silences_ms
            .get(index)
            .copied()
            .unwrap_or(answer.tail_ms);
        let gap = silence(after);
        at += samples_of(&gap).len();
        pieces.push(gap);
    }
    let clean = piece("clean".into());
    run(Command::new("sox").args(&pieces).arg(&clean));
    assert_eq!(samples_of(&clean).len(), at, "sox changed a piece's length");
    let wav = piece("answer".into());
    match answer.hiss_db {
        None => std::fs::rename(&clean, &wav).unwrap(),
        Some(hiss_db) => {
            let seconds = format!("{:.6}", at as f64 / f64::from(SYNTH_RATE));
            let hiss = piece("hiss".into());
            // -R: the same hiss every run. White noise at full scale has an RMS of -4.8 dB.
            run(Command::new("sox")
                .args([
                    "-R",
                    "-n",
                    "-r",
                    &SYNTH_RATE.to_string(),
                    "-c",
                    "1",
                    "-b",
                    "16",
                ])
                .arg(&hiss)
                .args(["synth", &seconds, "whitenoise"])
                .args(["vol", &format!("{}dB", hiss_db + 4.8)]));
            run(Command::new("sox")
                .args(["-R", "-m", "-v", "1"])
                .arg(&clean)
                .args(["-v", "1"])
                .arg(&hiss)
                .arg(&wav));
        }
    }
    Built {
        wav,
        truth: truth_of(&spans),
        truth_by_peak_sample: truth_of(&peak_sample_spans),
    }
}

/// `wav` converted by sox to `format`, beside it.
pub fn convert(wav: &Path, format: &str) -> PathBuf {
    let converted = wav.with_extension(format);
    run(Command::new("sox").arg(wav).arg(&converted));
    converted
}

/// The measures of a recording file, decoded as the program decodes one.
pub fn measure_file(path: &Path) -> SoundMeasures {
    let pcm = decode_file(path).unwrap_or_else(|error| panic!("{error}"));
    measure(pcm.samples(), SAMPLE_RATE)
}

pub fn errors(measures: &SoundMeasures, truth: &Truth) -> Errors {
    let mut errors = Errors {
        wrong_pause_count: measures.long_pauses.len() != truth.long_pauses.len(),
        speaking: (measures.speaking_ms as f64 - truth.speaking_ms).abs() / truth.speaking_ms,
        first_word_ms: measures.first_word_ms.map_or(f64::INFINITY, |first| {
            (first as f64 - truth.first_word_ms).abs()
        }),
        ..Errors::default()
    };
    for (found, &(at, length)) in measures.long_pauses.iter().zip(&truth.long_pauses) {
        errors.pause_start_ms = errors.pause_start_ms.max((found.at_ms as f64 - at).abs());
        errors.pause_length_ms = errors.pause_length_ms.max((found.ms as f64 - length).abs());
    }
    errors
}

/// Sentences of the kind an answer has, each one breath long and without a comma (whose
/// pause, at a slow speed, would be a silence inside the truth's span).
pub const SENTENCES: [&str; 12] = [
    "I led the migration of our billing system to a new database",
    "The old system failed every night under the load of the batch jobs",
    "My task was to move it without a single hour of downtime",
    "First I wrote a plan and checked it with the two teams that used it",
    "Then we copied the data in the background while both systems ran",
    "We switched over on a quiet Sunday morning in under ten minutes",
    "The nightly failures stopped and the reports came out two hours sooner",
    "What I learned is to test the way back before you test the way forward",
    "Our customers never noticed that anything had changed",
    "I would now ask for a second reviewer much earlier",
    "The team still uses the checklist we wrote that week",
    "In the end the project finished a month ahead of the plan",
];

/// The answers every run checks: a voice, speed and level each, the long pauses of 3.0,
/// 2.6 and 4.2 s among short ones of 0.8 s that must not count.
pub fn fixed_answers() -> Vec<Answer> {
    let answer = |name: &str, voice: &str, wpm: u32, gains: &[f64], hiss: Option<f64>| {
        let sentences = (0..6)
            .map(|index| Sentence {
                text: SENTENCES[(index * 5 + name.len()) % SENTENCES.len()].into(),
                voice: voice.into(),
                words_per_minute: wpm,
                gain_db: gains[index % gains.len()],
            })
            .collect();
        Answer {
            name: name.into(),
            sentences,
            silences_ms: vec![3_000, 800, 2_600, 800, 4_200],
            lead_in_ms: 1_200,
            tail_ms: 1_500,
            hiss_db: hiss,
        }
    };
    vec![
        answer("us-175-clean", "en-us", 175, &[0.0], None),
        answer("gb-140-quiet", "en-gb", 140, &[-30.0], Some(-85.0)),
        answer(
            "f3-200-hiss",
            "en-us+f3",
            200,
            &[-3.0, -8.0, -5.0],
            Some(-62.0),
        ),
        answer(
            "scotland-150",
            "en-gb-scotland+m3",
            150,
            &[-2.0, -6.0],
            None,
        ),
        answer("klatt-120", "en-029+klatt", 120, &[-10.0], Some(-65.0)),
    ]
}

#[test]
fn long_pauses_and_speaking_time_match_the_built_answers() {
    require_tools();
    let folder = tempfile::tempdir().unwrap();
    for answer in fixed_answers() {
        let built = build(&answer, folder.path());
        let measures = measure_file(&built.wav);
        let errors = errors(&measures, &built.truth);
        assert!(
            errors.within_targets(),
            "{}: {errors:?}\nmeasured {measures:?}\ntruth {:?}",
            answer.name,
            built.truth
        );
        assert_eq!(measures.long_pauses.len(), 3, "{}", answer.name);
        // Each sentence's own span, as the transcript bench times the parts by them.
        let spans = &built.truth.sentence_spans_ms;
        assert_eq!(spans.len(), answer.sentences.len(), "{}", answer.name);
        assert_eq!(spans[0].0, built.truth.first_word_ms, "{}", answer.name);
        assert!(
            spans.windows(2).all(|pair| pair[0].1 < pair[1].0),
            "{spans:?}"
        );
    }
}

#[test]
fn flac_ogg_and_mp3_of_an_answer_measure_as_its_wav_does() {
    require_tools();
    let folder = tempfile::tempdir().unwrap();
    let mut formats = vec!["flac", "ogg"];
    if sox_writes("mp3") {
        formats.push("mp3");
    } else {
        eprintln!("sox here cannot write MP3 (libsox-fmt-mp3): MP3 not checked");
    }
    for answer in &fixed_answers()[..3] {
        let built = build(answer, folder.path());
        let from_wav = measure_file(&built.wav);
        for format in &formats {
            assert!(sox_writes(format), "sox cannot write {format}");
            let measures = measure_file(&convert(&built.wav, format));
            let errors = errors(&measures, &built.truth);
            assert!(
                errors.within_targets(),
                "{} as {format}: {errors:?}\nmeasured {measures:?}\nfrom WAV {from_wav:?}",
                answer.name
            );
            // And the same pauses as the WAV gave, to within a few frames.
            for (ours, theirs) in measures.long_pauses.iter().zip(&from_wav.long_pauses) {
                assert!(
                    ours.at_ms.abs_diff(theirs.at_ms) <= 30,
                    "{} {format}",
                    answer.name
                );
                assert!(
                    ours.ms.abs_diff(theirs.ms) <= 30,
                    "{} {format}",
                    answer.name
                );
            }
        }
    }
}

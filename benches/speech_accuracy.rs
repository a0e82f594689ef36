//! How closely the pauses and speaking time measured from sound match the truth over many
//! made answers, and what resampling and measuring cost.
//!
//! Run from the repository root (needs espeak-ng and sox, as `tests/sound_accuracy.rs`):
//!
//! ```text
//! cargo bench --features record --bench speech_accuracy [-- --answers N] [--seed S]
//! ```
//!
//! Answers are drawn with a fixed seed (42 unless `--seed` says otherwise), 60 by default:
//! 4 to 8 sentences each, a voice of eight, 110 to 230 words a minute, a level from 0 to
//! -35 dB with each sentence up to 4 dB either side of it, half of them under a steady hiss
//! 30 to 50 dB below the speech, and silences between sentences either short (0.3 to 2 s,
//! never a long pause) or long (2.7 to 6 s); the fixed answers of the tests come first.
//! Every fourth answer is also measured as FLAC, Ogg Vorbis and MP3 (when sox writes it).
//! The truth and the builder are the tests' own, so the bench and the tests agree on what
//! right is.
//!
//! It prints the worst error of each kind (and the 95th percentile), how many answers
//! missed a target, the same against a truth by another convention of where a sentence
//! starts and ends (to show how much the convention alone moves an edge), then the cost:
//! resampling from 44.1, 48 and 96 kHz in the 10 ms pieces a sound card hands over, and
//! measuring, as times faster than real time and as the share of one core that real time
//! takes. A missed target is printed, not fatal; it stops (panics) only when something
//! could not be measured at all.

use std::time::Instant;

use rand::seq::IndexedRandom;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use rehearse::speech::SAMPLE_RATE;
use rehearse::speech::measures::measure;
use rehearse::speech::resample::Resampler;

// Shared with the tests and the transcript bench, which read parts of it this bench does not.
#[allow(dead_code)]
#[path = "../tests/sound_accuracy.rs"]
mod accuracy;

use accuracy::{
    Answer, Errors, SENTENCES, Sentence, build, convert, errors, fixed_answers, measure_file,
    require_tools, sox_writes,
};

const VOICES: [&str; 8] = [
    "en-us",
    "en-gb",
    "en-us+f3",
    "en-gb-scotland+m3",
    "en-029+klatt",
    "en-us+m7",
    "en-gb-x-rp+f2",
    "en-us-nyc+f4",
];

/// About the level of espeak-ng's typical 10 ms speech frame, in dB of full scale.
const SPEECH_FRAME_DB: f64 = -22.0;

fn random_answer(rng: &mut ChaCha8Rng, index: usize) -> Answer {
    let voice = *VOICES.choose(rng).unwrap();
    let words_per_minute = rng.random_range(110..=230);
    let level_db = rng.random_range(-35.0..=0.0);
    let count = rng.random_range(4..=8);
    let sentences: Vec<Sentence> = SENTENCES
        .sample(rng, count)
        .map(|text| Sentence {
            text: (*text).into(),
            voice: voice.into(),
            words_per_minute,
            gain_db: level_db + rng.random_range(-4.0..=4.0),
        })
        .collect();
    let silences_ms = (1..count)
        .map(|_| {
            if rng.random_bool(0.5) {
                rng.random_range(2_700..=6_000)
            } else {
                rng.random_range(300..=2_000)
            }
        })
        .collect();
    let hiss_db = rng
        .random_bool(0.5)
        .then(|| level_db + SPEECH_FRAME_DB - rng.random_range(30.0..=50.0));
    Answer {
        name: format!("random-{index}"),
        sentences,
        silences_ms,
        lead_in_ms: rng.random_range(0..=3_000),
        tail_ms: rng.random_range(0..=3_000),
        hiss_db,
    }
}

/// Errors of many answers: the worst, and each answer's for percentiles.
#[derive(Default)]
struct Tally {
    worst: Errors,
    all: Vec<Errors>,
    missed: Vec<String>,
}

impl Tally {
    fn add(&mut self, label: &str, errors: Errors) {
        if !errors.within_targets() {
            self.missed.push(format!("{label}: {errors:?}"));
        }
        self.worst = self.worst.worst(&errors);
        self.all.push(errors);
    }

    fn percentile(&self, pick: impl Fn(&Errors) -> f64, share: f64) -> f64 {
        let mut values: Vec<f64> = self.all.iter().map(pick).collect();
        values.sort_by(f64::total_cmp);
        values[((values.len() - 1) as f64 * share).round() as usize]
    }

    fn print(&self, title: &str) {
        if self.all.is_empty() {
            return;
        }
        println!("\n{title} ({} answers)", self.all.len());
        println!("  {:<22} {:>10} {:>10}   target", "", "worst", "95th pct");
        let row = |name: &str, pick: &dyn Fn(&Errors) -> f64, unit: &str, target: &str| {
            println!(
                "  {name:<22} {:>8.1}{unit} {:>8.1}{unit}   {target}",
                pick(&self.worst),
                self.percentile(pick, 0.95)
            );
        };
        row("pause start", &|e| e.pause_start_ms, "ms", "50 ms");
        row("pause length", &|e| e.pause_length_ms, "ms", "50 ms");
        row("first word", &|e| e.first_word_ms, "ms", "50 ms");
        row("speaking time", &|e| e.speaking * 100.0, " %", "2 %");
        let wrong = self.all.iter().filter(|e| e.wrong_pause_count).count();
        println!("  long pauses miscounted in {wrong} answers");
        println!("  outside a target: {}", self.missed.len());
        const SHOWN: usize = 5;
        for missed in self.missed.iter().take(SHOWN) {
            println!("    {missed}");
        }
        if self.missed.len() > SHOWN {
            println!("    and {} more", self.missed.len() - SHOWN);
        }
    }
}

fn accuracy(answers: usize, seed: u64) {
    require_tools();
    let folder = tempfile::tempdir().expect("a temporary folder");
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut all: Vec<Answer> = fixed_answers();
    let random = answers.saturating_sub(all.len());
    all.extend((0..random).map(|index| random_answer(&mut rng, index)));
    let mut formats = vec!["flac", "ogg"];
    if sox_writes("mp3") {
        formats.push("mp3");
    }
    let mut from_wav = Tally::default();
    let mut by_peak_sample = Tally::default();
    let mut converted = Tally::default();
    let started = Instant::now();
    for (index, answer) in all.iter().enumerate() {
        let built = build(answer, folder.path());
        let measures = measure_file(&built.wav);
        from_wav.add(&answer.name, errors(&measures, &built.truth));
        by_peak_sample.add(&answer.name, errors(&measures, &built.truth_by_peak_sample));
        if index % 4 == 0 {
            for format in &formats {
                let measures = measure_file(&convert(&built.wav, format));
                converted.add(
                    &format!("{} as {format}", answer.name),
                    errors(&measures, &built.truth),
                );
            }
        }
    }
    println!(
        "speech accuracy: {} answers, seed {seed}, built and measured in {:.0} s",
        all.len(),
        started.elapsed().as_secs_f64()
    );
    from_wav.print("from WAV (22.05 kHz, resampled)");
    converted.print(&format!("from {}", formats.join(", ")));
    by_peak_sample.print(
        "from WAV, against the truth by another convention (1% of a sentence's peak sample)",
    );
}

/// Seconds of work per second of sound, measured over `seconds` of input.
fn cost(seconds: f64, work: impl Fn()) -> f64 {
    // Once to warm the caches and build the filter tables, then the best of three.
    work();
    let best = (0..3)
        .map(|_| {
            let started = Instant::now();
            work();
            started.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min);
    best / seconds
}

fn throughput() {
    const SECONDS: f64 = 60.0;
    println!("\ncost (one core; {SECONDS:.0} s of sound each)");
    println!(
        "  {:<30} {:>14} {:>16}",
        "", "x real time", "core at real time"
    );
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    for rate in [44_100u32, 48_000, 96_000] {
        let input: Vec<f32> = (0..(f64::from(rate) * SECONDS) as usize)
            .map(|_| rng.random_range(-0.5..0.5))
            .collect();
        // In the pieces a sound card hands over: 10 ms at a time.
        let piece = rate as usize / 100;
        let share = cost(SECONDS, || {
            let mut resampler = Resampler::new(rate);
            let mut out = Vec::with_capacity(SAMPLE_RATE as usize * SECONDS as usize + 16);
            for chunk in input.chunks(piece) {
                resampler.push(chunk, &mut out);
            }
            resampler.finish(&mut out);
            assert!(out.len() >= SAMPLE_RATE as usize * 59);
        });
        println!(
            "  {:<30} {:>13.0}x {:>15.2}%",
            format!("resample {rate} Hz to 16 kHz"),
            1.0 / share,
            share * 100.0
        );
    }
    let speech: Vec<i16> = (0..(f64::from(SAMPLE_RATE) * SECONDS) as usize)
        .map(|i| {
            // Bursts and gaps, so the measure has edges to follow.
            let loud = (i / 4_000) % 3 != 0;
            if loud {
                rng.random_range(-8_000..8_000)
            } else {
                rng.random_range(-30..30)
            }
        })
        .collect();
    let share = cost(SECONDS, || {
        assert!(measure(&speech, SAMPLE_RATE).speaking_ms > 0);
    });
    println!(
        "  {:<30} {:>13.0}x {:>15.3}%",
        "measure (16 kHz)",
        1.0 / share,
        share * 100.0
    );
}

fn main() {
    let mut answers = 60;
    let mut seed = 42;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| -> u64 {
            args.next()
                .and_then(|value| value.parse().ok())
                .unwrap_or_else(|| panic!("{name} needs a number"))
        };
        match arg.as_str() {
            "--answers" => answers = value("--answers") as usize,
            "--seed" => seed = value("--seed"),
            // `cargo bench` passes --bench; anything else is a mistake worth saying.
            "--bench" => {}
            other => panic!("unknown argument {other}; try --answers N or --seed S"),
        }
    }
    accuracy(answers, seed);
    throughput();
}

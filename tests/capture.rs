//! The sound card adapters with no sound card: recording from a stand-in microphone, and
//! playing into a stand-in speaker.
//!
//! ALSA's `file` plugin plays the microphone: in a temporary `HOME`, `.asoundrc` makes
//! `pcm.!default` a `type file` PCM over the `null` PCM whose `infile` is a FIFO. Whatever
//! is written to the FIFO is what the microphone "hears", in the sample format and rate the
//! capture chose. A FIFO rather than a plain file because the plugin reads as fast as the
//! callback asks (hundreds of times real time): with a FIFO the test hands over the sound in
//! batches and waits for each to arrive, so nothing overflows and pause and resume fall at
//! exact samples. The speaker is the same plugin with only an output `file`, which gets
//! every frame written to the device.
//!
//! ALSA reads its configuration once per process, so each scenario runs in a child: this
//! test binary run again on one `child_*` test, with `HOME` and `XDG_CONFIG_HOME` pointing
//! at the sandbox and [`SCENARIO`] naming it. The `child_*` tests return at once in a
//! normal run.

#![cfg(feature = "record")]

use std::ffi::CString;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rehearse::speech::capture::{Capture, CaptureCounts, Microphone, NoMicrophone};
use rehearse::speech::playback::{PlayState, Playback, SoundCard};

/// The variable that tells a child which scenario to run.
const SCENARIO: &str = "REHEARSE_CAPTURE_SCENARIO";
/// The variable that gives a child the FIFO's path.
const FIFO: &str = "REHEARSE_CAPTURE_FIFO";

/// Frames the test writes at a time: a multiple of any period ALSA picks for the `null`
/// PCM here (240 frames at 48 kHz), so every read the plugin makes finds a whole period, and
/// small enough that a batch fits in the FIFO's 64 KiB at once.
const BATCH_FRAMES: usize = 4_800;

/// `pcm.!default` as a microphone of any channel count that reads the FIFO at `@FIFO@`.
const MONO_ASOUNDRC: &str = r#"
pcm.!default {
    type file
    slave.pcm "null"
    file "/dev/null"
    infile "@FIFO@"
    format "raw"
}
"#;

/// The same microphone over a `multi` PCM whose one binding of two channels leaves the
/// client no choice but stereo. The file plugin must be on top: it reads `infile` only for
/// its client's own reads, never for a plugin above it that maps its buffer.
const STEREO_ASOUNDRC: &str = r#"
pcm.two_channels {
    type multi
    slaves.a.pcm "null"
    slaves.a.channels 2
    bindings.0 { slave a; channel 0; }
    bindings.1 { slave a; channel 1; }
}
pcm.!default {
    type file
    slave.pcm "two_channels"
    file "/dev/null"
    infile "@FIFO@"
    format "raw"
}
"#;

/// `pcm.!default` as a speaker that keeps everything played in `@HOME@/played.raw`.
const SPEAKER_ASOUNDRC: &str = r#"
pcm.!default {
    type file
    slave.pcm "null"
    file "@HOME@/played.raw"
    format "raw"
}
"#;

/// A default PCM on a card that does not exist, as on a machine without a sound card.
const NO_CARD_ASOUNDRC: &str = r#"
pcm.!default {
    type hw
    card "NoSuchCard"
}
"#;

/// Runs `scenario` in a child process whose ALSA default is `asoundrc` with a fresh FIFO
/// at `@FIFO@` and the sandbox at `@HOME@`, and fails with the child's output if the child
/// fails. Gives what the child wrote on stderr.
fn run_in_child(scenario: &str, asoundrc: &str) -> String {
    let sandbox = tempfile::tempdir().unwrap();
    let fifo = sandbox.path().join("microphone.fifo");
    make_fifo(&fifo);
    let asoundrc = asoundrc
        .replace("@FIFO@", &fifo.display().to_string())
        .replace("@HOME@", &sandbox.path().display().to_string());
    std::fs::write(sandbox.path().join(".asoundrc"), asoundrc).unwrap();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([scenario, "--exact", "--nocapture", "--test-threads=1"])
        .env_clear()
        .env("HOME", sandbox.path())
        .env("XDG_CONFIG_HOME", sandbox.path().join("config"))
        .env(SCENARIO, scenario)
        .env(FIFO, &fifo)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{scenario} did not finish within a minute");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        output.status.success() && stdout.contains("1 passed"),
        "{scenario} failed:\n{stdout}\n{stderr}"
    );
    stderr
}

fn make_fifo(path: &Path) {
    let name = CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: `name` is a valid NUL-terminated path that outlives the call.
    let made = unsafe { libc::mkfifo(name.as_ptr(), 0o600) };
    assert_eq!(made, 0, "mkfifo {}", path.display());
}

#[test]
fn a_mono_microphone_is_recorded_sample_for_sample_at_its_rate() {
    run_in_child("child_records_a_mono_tone", MONO_ASOUNDRC);
}

#[test]
fn a_stereo_microphone_is_mixed_down_to_mono() {
    run_in_child("child_mixes_a_stereo_tone", STEREO_ASOUNDRC);
}

#[test]
fn pausing_leaves_out_exactly_what_is_heard_while_paused() {
    run_in_child("child_pauses_and_resumes", MONO_ASOUNDRC);
}

#[test]
fn the_sound_card_plays_the_recording_from_the_wanted_sample() {
    run_in_child("child_plays_into_the_speaker", SPEAKER_ASOUNDRC);
}

#[test]
fn without_a_sound_card_open_says_no_microphone_found_and_nothing_else() {
    let stderr = run_in_child("child_finds_no_microphone", NO_CARD_ASOUNDRC);
    assert!(
        !stderr.contains("ALSA lib"),
        "ALSA's own lines got out:\n{stderr}"
    );
}

/// Whether this process is the child for `scenario`.
fn is_child(scenario: &str) -> bool {
    std::env::var(SCENARIO).is_ok_and(|value| value == scenario)
}

/// The child's side: the opened microphone, the FIFO's writing end, and what the sink got.
struct StandIn {
    /// Opened read-write so that neither this open nor ALSA's blocks, and ALSA's probing
    /// opens and closes never leave the pipe without a reader.
    fifo: Option<File>,
    rate: u32,
    channels: usize,
    format: cpal::SampleFormat,
    received: Arc<Mutex<Vec<f32>>>,
    capture: Option<Capture>,
}

impl StandIn {
    fn start() -> StandIn {
        let path = PathBuf::from(std::env::var_os(FIFO).unwrap());
        let fifo = OpenOptions::new()
            .read(true)
            .write(true)
            .open(path)
            .unwrap();
        let microphone = Microphone::open().unwrap();
        println!("microphone: {microphone}");
        let rate = microphone.rate();
        let channels = usize::from(microphone.channels());
        let format = microphone.sample_format();
        let received = Arc::new(Mutex::new(Vec::new()));
        let into = Arc::clone(&received);
        let capture = microphone
            .start(move |block| into.lock().unwrap().extend_from_slice(block))
            .unwrap();
        StandIn {
            fifo: Some(fifo),
            rate,
            channels,
            format,
            received,
            capture: Some(capture),
        }
    }

    fn capture(&self) -> &Capture {
        self.capture.as_ref().unwrap()
    }

    /// Writes interleaved frames in the capture's own sample format, one batch at a time,
    /// each batch waiting until `arrived` says the previous one went through.
    fn hear(&mut self, interleaved: &[f32], arrived: impl Fn(CaptureCounts, u64) -> bool) {
        let batch = BATCH_FRAMES * self.channels;
        assert_eq!(interleaved.len() % batch, 0, "whole batches only");
        for (index, samples) in interleaved.chunks(batch).enumerate() {
            let bytes = encode(self.format, samples);
            self.fifo.as_mut().unwrap().write_all(&bytes).unwrap();
            let frames = ((index + 1) * BATCH_FRAMES) as u64;
            self.wait_for(|counts| arrived(counts, frames));
        }
    }

    fn wait_for(&self, done: impl Fn(CaptureCounts) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let counts = self.capture().counts();
            if done(counts) {
                return;
            }
            assert!(Instant::now() < deadline, "stuck at {counts:?}");
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    /// Pauses (so the stale periods ALSA repeats once the FIFO ends are left out), closes
    /// the FIFO so the device's thread is not left waiting on it, and stops.
    fn finish(mut self) -> (Vec<f32>, rehearse::speech::capture::CaptureEnd) {
        self.capture().pause();
        drop(self.fifo.take());
        let end = self.capture.take().unwrap().stop();
        let received = std::mem::take(&mut *self.received.lock().unwrap());
        (received, end)
    }
}

/// Little-endian bytes of `samples` in `format`, as ALSA's raw file format holds them.
fn encode(format: cpal::SampleFormat, samples: &[f32]) -> Vec<u8> {
    match format {
        cpal::SampleFormat::F32 => samples.iter().flat_map(|s| s.to_le_bytes()).collect(),
        cpal::SampleFormat::I16 => samples
            .iter()
            .flat_map(|s| ((s * 32_768.0).round().clamp(-32_768.0, 32_767.0) as i16).to_le_bytes())
            .collect(),
        other => panic!("the stand-in microphone cannot write {other}"),
    }
}

/// What the capture's conversion should give back for `sample` written in `format`.
fn as_read(format: cpal::SampleFormat, sample: f32) -> f32 {
    match format {
        cpal::SampleFormat::I16 => {
            (sample * 32_768.0).round().clamp(-32_768.0, 32_767.0) / 32_768.0
        }
        _ => sample,
    }
}

fn tone(frequency: f64, amplitude: f64, rate: u32, frames: usize) -> Vec<f32> {
    (0..frames)
        .map(|i| {
            let t = i as f64 / f64::from(rate);
            (amplitude * (2.0 * std::f64::consts::PI * frequency * t).sin()) as f32
        })
        .collect()
}

/// Upward zero crossings a second: the frequency of a pure tone.
fn frequency(samples: &[f32], rate: u32) -> f64 {
    let upward = samples
        .windows(2)
        .filter(|pair| pair[0] < 0.0 && pair[1] >= 0.0)
        .count();
    upward as f64 * f64::from(rate) / samples.len() as f64
}

fn rms(samples: &[f32]) -> f64 {
    let power: f64 = samples.iter().map(|s| f64::from(*s).powi(2)).sum();
    (power / samples.len() as f64).sqrt()
}

/// One second of sound, in whole batches.
fn one_second(rate: u32) -> usize {
    (rate as usize).div_ceil(BATCH_FRAMES) * BATCH_FRAMES
}

#[test]
fn child_records_a_mono_tone() {
    if !is_child("child_records_a_mono_tone") {
        return;
    }
    let mut stand_in = StandIn::start();
    assert_eq!(
        stand_in.channels, 1,
        "the file PCM offers mono, which is preferred"
    );
    let rate = stand_in.rate;
    let heard = tone(440.0, 0.5, rate, one_second(rate));
    stand_in.hear(&heard, |counts, frames| counts.delivered == frames);
    let format = stand_in.format;
    let (received, end) = stand_in.finish();

    let expected: Vec<f32> = heard.iter().map(|s| as_read(format, *s)).collect();
    assert_eq!(received.len(), expected.len());
    assert!(
        received == expected,
        "the samples differ from what was heard"
    );
    assert!((frequency(&received, rate) - 440.0).abs() < 2.0);
    assert!((rms(&received) - 0.5 / 2f64.sqrt()).abs() < 0.005);
    assert_eq!(end.counts.dropped_for_overflow, 0);
    assert_eq!((end.overruns, end.error.as_deref()), (0, None));
    assert_eq!(end.warning(), None);
}

#[test]
fn child_mixes_a_stereo_tone() {
    if !is_child("child_mixes_a_stereo_tone") {
        return;
    }
    let mut stand_in = StandIn::start();
    assert_eq!(stand_in.channels, 2, "the multi plugin offers only stereo");
    let rate = stand_in.rate;
    let frames = one_second(rate);
    let left = tone(440.0, 0.5, rate, frames);
    let right = tone(440.0, 0.3, rate, frames);
    let interleaved: Vec<f32> = left
        .iter()
        .zip(&right)
        .flat_map(|(l, r)| [*l, *r])
        .collect();
    stand_in.hear(&interleaved, |counts, frames| counts.delivered == frames);
    let format = stand_in.format;
    let (received, end) = stand_in.finish();

    let expected: Vec<f32> = left
        .iter()
        .zip(&right)
        .map(|(l, r)| (as_read(format, *l) + as_read(format, *r)) * 0.5)
        .collect();
    assert!(
        received == expected,
        "the mix differs from the average of the channels"
    );
    assert!((frequency(&received, rate) - 440.0).abs() < 2.0);
    assert!((rms(&received) - 0.4 / 2f64.sqrt()).abs() < 0.005);
    assert_eq!(end.counts.dropped_for_overflow, 0);
}

#[test]
fn child_pauses_and_resumes() {
    if !is_child("child_pauses_and_resumes") {
        return;
    }
    let mut stand_in = StandIn::start();
    let format = stand_in.format;
    // A ramp: every sample different, so each one received says where it was heard.
    let total = 3 * BATCH_FRAMES;
    let ramp: Vec<f32> = (0..total)
        .map(|i| -0.9 + 1.8 * i as f32 / total as f32)
        .collect();
    let (before, rest) = ramp.split_at(BATCH_FRAMES);
    let (during, after) = rest.split_at(BATCH_FRAMES);

    stand_in.hear(before, |counts, frames| counts.delivered == frames);
    stand_in.capture().pause();
    assert!(stand_in.capture().is_paused());
    stand_in.hear(during, |counts, frames| {
        counts.skipped_while_paused == frames
    });
    stand_in.capture().resume();
    let resumed_at = stand_in.capture().counts().delivered;
    stand_in.hear(after, |counts, frames| {
        counts.delivered == resumed_at + frames
    });
    let counts = stand_in.capture().counts();
    let (received, _) = stand_in.finish();

    let expected: Vec<f32> = before
        .iter()
        .chain(after)
        .map(|s| as_read(format, *s))
        .collect();
    assert!(received == expected, "received other than before ++ after");
    assert_eq!(counts.skipped_while_paused, BATCH_FRAMES as u64);
    assert_eq!(counts.dropped_for_overflow, 0);
}

#[test]
fn child_finds_no_microphone() {
    if !is_child("child_finds_no_microphone") {
        return;
    }
    let error = Microphone::open().unwrap_err();
    assert_eq!(error, NoMicrophone::NotFound);
    assert_eq!(error.to_string(), "no microphone found");
}

#[test]
fn child_plays_into_the_speaker() {
    if !is_child("child_plays_into_the_speaker") {
        return;
    }
    // No sample is zero, so where the sound starts in the silence around it is plain.
    let samples: Arc<[i16]> = (0..8_000).map(|i| 1_000 + (i % 5_000) as i16).collect();
    let mut card = SoundCard::open(Arc::clone(&samples)).unwrap();
    println!("speaker: {}", card.describe());
    assert_eq!(
        card.rate(),
        16_000,
        "the stored rate is preferred, so nothing is interpolated"
    );
    assert_eq!(card.sample_format(), cpal::SampleFormat::F32);
    card.play_from(3_000).unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while card.state() != PlayState::Finished {
        assert!(Instant::now() < deadline, "stuck at {:?}", card.state());
        std::thread::sleep(Duration::from_millis(1));
    }
    assert_eq!(card.position(), samples.len());
    card.stop();
    drop(card);

    let home = PathBuf::from(std::env::var_os("HOME").unwrap());
    let played: Vec<f32> = std::fs::read(home.join("played.raw"))
        .unwrap()
        .chunks_exact(4)
        .map(|bytes| f32::from_le_bytes(bytes.try_into().unwrap()))
        .collect();
    let start = played
        .iter()
        .position(|s| *s != 0.0)
        .expect("nothing was played");
    let expected: Vec<f32> = samples[3_000..]
        .iter()
        .map(|s| f32::from(*s) / 32_768.0)
        .collect();
    assert!(
        played[start..start + expected.len()] == expected[..],
        "other sound was played"
    );
    assert!(
        played[start + expected.len()..].iter().all(|s| *s == 0.0),
        "sound after the end"
    );
}

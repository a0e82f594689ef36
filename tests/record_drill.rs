//! End-to-end: `rehearse drill --record --plain` as a person meets it, through the binary,
//! with a stand-in microphone and no sound card.
//!
//! The microphone is ALSA's `file` PCM reading a FIFO (see `tests/capture.rs`), set up by
//! an `.asoundrc` in the sandbox's `HOME`. The `file` PCM accepts any format, and the
//! capture asks for 48 kHz mono `f32` first, so that is what the test writes: speech from
//! `espeak-ng`, trimmed and brought to 48 kHz by `sox`, with a quiet hiss under everything
//! as a real microphone has. The plugin reads as fast as it is fed, so the test is the clock:
//! it writes 100 ms batches at the pace they would be spoken, each once the last was read.
//!
//! Nothing is asserted on speed. A test waits for what it can see (a line on stderr, the FIFO
//! read empty, the growing file reaching a length), with deadlines far above what a loaded
//! machine needs, and gives the drill half a second for the one step nothing outside it
//! shows (the timer's turn that rolls the recording, microseconds of work); what is asserted
//! are the bounds that follow from what was fed.

#![cfg(feature = "record")]

mod common;

use std::ffi::CString;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Read, Write};
use std::os::fd::AsRawFd;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use common::{Sandbox, mode};
use serde_json::Value;

/// How long anything may take before a test gives up.
const PATIENCE: Duration = Duration::from_secs(60);

const PROMPT: &str = "mistake-biggest-failure";

/// The rate the stand-in microphone opens at: the capture's first choice, which the `file`
/// PCM (accepting anything) gives it. Were it another, every length below would be off by
/// the ratio, so the length checks would say so.
const RATE: usize = 48_000;
/// The stored rate, and how many microphone frames make one stored sample.
const STORED_RATE: usize = 16_000;
const FRAMES_PER_STORED: usize = RATE / STORED_RATE;
/// Frames the test writes at a time: 100 ms, a multiple of the period ALSA picks for the
/// `null` PCM, and small enough (19,200 bytes) to fit the FIFO at once.
const BATCH_FRAMES: usize = 4_800;
const BATCH: Duration = Duration::from_millis(100);

/// The header `WavSink` writes before the samples.
const WAV_HEADER: u64 = 44;

/// Silence inserted between the two sentences: a long pause (2.5 s or more) to be found.
const INSERTED_PAUSE_MS: u64 = 3_000;

const FIRST_SENTENCE: &str = "We were three weeks from the audit and the numbers were wrong.";
const SECOND_SENTENCE: &str = "So I told the client that day, and we fixed it together.";

/// `pcm.!default` as a microphone reading the FIFO at `@FIFO@`.
const MICROPHONE_ASOUNDRC: &str = r#"
pcm.!default {
    type file
    slave.pcm "null"
    file "/dev/null"
    infile "@FIFO@"
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

// --- the stand-in microphone ----------------------------------------------------------------

/// What the microphone hears: the FIFO's writing end, opened read-write so that neither this
/// open nor ALSA's blocks and ALSA's probing opens and closes never leave it without a reader.
struct StandInMicrophone {
    fifo: File,
    /// The hiss's generator state, so every batch's noise follows on from the last.
    hiss: u64,
}

impl StandInMicrophone {
    /// Makes the sandbox's default ALSA device a microphone reading a FIFO in the sandbox.
    fn in_sandbox(sandbox: &Sandbox) -> StandInMicrophone {
        let fifo = sandbox.root().join("microphone.fifo");
        make_fifo(&fifo);
        let asoundrc = MICROPHONE_ASOUNDRC.replace("@FIFO@", &fifo.display().to_string());
        std::fs::write(sandbox.root().join(".asoundrc"), asoundrc).unwrap();
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .open(&fifo)
            .unwrap();
        StandInMicrophone {
            fifo: file,
            hiss: 0x2545_f491_4f6c_dd1d,
        }
    }

    /// Bytes written and not yet read by the drill's capture.
    fn unread(&self) -> usize {
        let mut bytes: libc::c_int = 0;
        // SAFETY: FIONREAD writes one int through the pointer, which points at `bytes`.
        let done = unsafe { libc::ioctl(self.fifo.as_raw_fd(), libc::FIONREAD, &mut bytes) };
        assert_eq!(done, 0, "FIONREAD on the FIFO");
        bytes as usize
    }

    fn wait_until_read(&self) {
        let deadline = Instant::now() + PATIENCE;
        while self.unread() > 0 {
            assert!(Instant::now() < deadline, "the drill stopped reading sound");
            thread::sleep(Duration::from_millis(2));
        }
    }

    /// Says `sound` (mono at [`RATE`], whole batches) at the pace it would be spoken, with
    /// the hiss added; returns once the drill has read all of it.
    fn hear(&mut self, sound: &[f32]) {
        assert_eq!(sound.len() % BATCH_FRAMES, 0, "whole batches only");
        let started = Instant::now();
        for (index, batch) in sound.chunks(BATCH_FRAMES).enumerate() {
            // Due times from the start, so the pace never drifts behind a slow wait.
            let due = started + BATCH * index as u32;
            if let Some(wait) = due.checked_duration_since(Instant::now()) {
                thread::sleep(wait);
            }
            self.wait_until_read();
            let bytes = self.with_hiss(batch);
            self.fifo.write_all(&bytes).unwrap();
        }
        self.wait_until_read();
    }

    /// Hears one batch of hiss alone, once 100 ms went by and the last batch was read;
    /// keeps a drill's capture going until it stops. Whether the batch was written.
    fn hear_hiss_batch(&mut self) -> bool {
        thread::sleep(BATCH);
        if self.unread() > 0 {
            return false;
        }
        let bytes = self.with_hiss(&[0.0; BATCH_FRAMES]);
        self.fifo.write_all(&bytes).unwrap();
        true
    }

    /// Little-endian `f32` bytes of `samples` with a steady hiss about 70 dB below full
    /// scale added: the floor a quiet room and a microphone give.
    fn with_hiss(&mut self, samples: &[f32]) -> Vec<u8> {
        samples
            .iter()
            .flat_map(|sample| {
                // xorshift64: a fixed, seeded noise.
                self.hiss ^= self.hiss << 13;
                self.hiss ^= self.hiss >> 7;
                self.hiss ^= self.hiss << 17;
                let noise = (self.hiss >> 40) as f32 / (1u64 << 24) as f32 - 0.5;
                (sample + 0.001 * noise).to_le_bytes()
            })
            .collect()
    }
}

fn make_fifo(path: &Path) {
    let name = CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: `name` is a valid NUL-terminated path that outlives the call.
    let made = unsafe { libc::mkfifo(name.as_ptr(), 0o600) };
    assert_eq!(made, 0, "mkfifo {}", path.display());
}

/// `text` spoken by espeak-ng, its leading and trailing silence trimmed, as mono `f32` at
/// [`RATE`].
fn spoken(sandbox: &Sandbox, text: &str) -> Vec<f32> {
    let wav = sandbox.root().join("speech.wav");
    let raw = sandbox.root().join("speech.raw");
    run_tool(Command::new("espeak-ng").arg("-w").arg(&wav).arg(text));
    // `silence` trims what is quieter than 45 dB below full scale at the start; reversed,
    // at the end. What is left starts and ends on a word.
    run_tool(
        Command::new("sox")
            .arg(&wav)
            .args([
                "-t",
                "raw",
                "-r",
                "48000",
                "-e",
                "floating-point",
                "-b",
                "32",
                "-c",
                "1",
            ])
            .arg(&raw)
            .args(["silence", "1", "0.005", "-45d", "reverse"])
            .args(["silence", "1", "0.005", "-45d", "reverse"]),
    );
    let bytes = std::fs::read(&raw).unwrap();
    bytes
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes(b.try_into().unwrap()))
        .collect()
}

fn run_tool(command: &mut Command) {
    let output = command
        .output()
        .unwrap_or_else(|error| panic!("{command:?}: {error} (install espeak-ng and sox)"));
    assert!(
        output.status.success(),
        "{command:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// `sound` followed by `ms` of silence.
fn then_silence(mut sound: Vec<f32>, ms: u64) -> Vec<f32> {
    sound.resize(sound.len() + ms as usize * RATE / 1000, 0.0);
    sound
}

/// `sound` with silence after it up to a whole number of batches.
fn to_whole_batches(mut sound: Vec<f32>) -> Vec<f32> {
    sound.resize(sound.len().next_multiple_of(BATCH_FRAMES), 0.0);
    sound
}

fn frames_to_ms(frames: usize) -> u64 {
    (frames * 1000 / RATE) as u64
}

// --- the drill ------------------------------------------------------------------------------

/// A drill running with stdin held open; killed on drop, so a failing test leaves nothing.
struct Drill {
    child: Child,
    stdin: Option<ChildStdin>,
    stderr_lines: Receiver<String>,
    stderr_seen: Vec<String>,
    stdout: Option<JoinHandle<String>>,
}

/// How a drill ended.
struct Ended {
    status: ExitStatus,
    stdout: String,
    stderr: String,
}

impl Drill {
    /// `rehearse drill --record --plain --min 1s --max 30s --prompt PROMPT` in the sandbox.
    fn start(sandbox: &Sandbox) -> Drill {
        Drill::start_with(sandbox, &[])
    }

    /// [`Drill::start`] with more environment variables.
    fn start_with(sandbox: &Sandbox, variables: &[(&str, std::ffi::OsString)]) -> Drill {
        let mut child = Command::new(env!("CARGO_BIN_EXE_rehearse"))
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", sandbox.root())
            .env("REHEARSE_HOME", sandbox.home())
            .envs(variables.iter().map(|(name, value)| (*name, value)))
            .args([
                "drill", "--record", "--plain", "--min", "1s", "--max", "30s",
            ])
            .args(["--prompt", PROMPT])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take();
        let mut out = child.stdout.take().unwrap();
        let stdout = thread::spawn(move || {
            let mut text = String::new();
            out.read_to_string(&mut text).unwrap();
            text
        });
        let err = child.stderr.take().unwrap();
        let (sender, stderr_lines) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(err).lines() {
                let Ok(line) = line else { break };
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        Drill {
            child,
            stdin,
            stderr_lines,
            stderr_seen: Vec::new(),
            stdout: Some(stdout),
        }
    }

    /// Waits until the answer is being timed and recorded. The instructions line comes just
    /// before the timer's first turn, which rolls the recording.
    fn wait_until_answering(&mut self) {
        self.wait_for_stderr("Answer out loud");
        settle();
    }

    fn wait_for_stderr(&mut self, needle: &str) {
        let deadline = Instant::now() + PATIENCE;
        while !self.stderr_seen.iter().any(|line| line.contains(needle)) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.stderr_lines.recv_timeout(left) {
                Ok(line) => self.stderr_seen.push(line),
                Err(_) => panic!("no {needle:?} on stderr; saw {:#?}", self.stderr_seen),
            }
        }
    }

    /// Ends the answer with Enter, keeping the microphone hearing hiss until the drill has
    /// exited (its capture reads the FIFO until it stops). Returns how it ended and how many
    /// batches of hiss were heard after the Enter, which the recording may hold some of.
    fn press_enter(mut self, microphone: &mut StandInMicrophone) -> (Ended, usize) {
        let stdin = self.stdin.as_mut().unwrap();
        stdin.write_all(b"\n").unwrap();
        stdin.flush().unwrap();
        let deadline = Instant::now() + PATIENCE;
        let mut after_enter = 0;
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(
                Instant::now() < deadline,
                "the drill did not end; stderr so far: {:#?}",
                self.stderr_seen
            );
            after_enter += usize::from(microphone.hear_hiss_batch());
        };
        (self.ended(status), after_enter)
    }

    /// Signals the drill by name with kill(1).
    fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .arg(format!("-{name}"))
            .arg(self.child.id().to_string())
            .status()
            .unwrap();
        assert!(status.success(), "kill -{name} failed");
    }

    /// Waits until the drill's state letter (from /proc) is or is not `T`, stopped.
    fn wait_until_stopped(&self, stopped: bool) {
        let deadline = Instant::now() + PATIENCE;
        while (process_state(self.child.id()) == 'T') != stopped {
            assert!(
                Instant::now() < deadline,
                "the drill never became stopped={stopped}"
            );
            thread::sleep(Duration::from_millis(10));
        }
    }

    /// Kills the drill with SIGKILL, as a crash or an OOM killer would, and reaps it.
    fn kill(mut self) -> Ended {
        self.child.kill().unwrap();
        let status = self.child.wait().unwrap();
        self.ended(status)
    }

    fn ended(&mut self, status: ExitStatus) -> Ended {
        drop(self.stdin.take());
        while let Ok(line) = self.stderr_lines.recv_timeout(PATIENCE) {
            self.stderr_seen.push(line);
        }
        let stdout = self.stdout.take().unwrap().join().unwrap();
        let mut stderr = self.stderr_seen.join("\n");
        stderr.push('\n');
        Ended {
            status,
            stdout,
            stderr,
        }
    }
}

impl Drop for Drill {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Time for the drill's next turn of the timer, which rolls or stops the recording: a few
/// microseconds of work once the drill is scheduled, given half a second for a loaded
/// machine. There is nothing outside the drill to see it by, and sound it reads before then
/// is left out, so were this too short the lengths checked would say so.
fn settle() {
    thread::sleep(Duration::from_millis(500));
}

fn process_state(pid: u32) -> char {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let after_name = &stat[stat.rfind(')').unwrap() + 2..];
    after_name.chars().next().unwrap()
}

// --- what the drill left --------------------------------------------------------------------

/// The files under the sandbox's sessions folder whose names end with `suffix`.
fn session_files(sandbox: &Sandbox, suffix: &str) -> Vec<PathBuf> {
    sandbox
        .record_files()
        .into_iter()
        .filter(|path| path.to_string_lossy().ends_with(suffix))
        .collect()
}

/// The one growing recording, once it holds at least `ms` of sound; its stored samples.
/// The writer keeps within a block of the sound it was given (the rest of a recording is
/// in its ring or resampler, milliseconds), so this waits only for the writer's thread.
fn wait_for_growing_recording(sandbox: &Sandbox, ms: u64) -> u64 {
    let wanted = ms * STORED_RATE as u64 / 1000;
    let deadline = Instant::now() + PATIENCE;
    loop {
        if let [path] = &session_files(sandbox, ".wav.recording")[..] {
            let bytes = std::fs::metadata(path).unwrap().len();
            let samples = bytes.saturating_sub(WAV_HEADER) / 2;
            if samples >= wanted {
                return samples;
            }
        }
        assert!(
            Instant::now() < deadline,
            "the recording never held {ms} ms: {:?}",
            sandbox.record_files()
        );
        thread::sleep(Duration::from_millis(5));
    }
}

/// The one saved record.
fn the_record(sandbox: &Sandbox) -> Value {
    let records: Vec<PathBuf> = session_files(sandbox, ".json")
        .into_iter()
        .filter(|path| !path.to_string_lossy().ends_with(".transcript.json"))
        .collect();
    assert_eq!(records.len(), 1, "expected one record: {records:?}");
    serde_json::from_str(&std::fs::read_to_string(&records[0]).unwrap()).unwrap()
}

/// A stored recording's samples, after checking it is the stored kind: 16 kHz mono 16-bit.
fn stored_samples(path: &Path) -> Vec<i16> {
    let reader = hound::WavReader::open(path).unwrap();
    let spec = reader.spec();
    assert_eq!(
        (spec.sample_rate, spec.channels, spec.bits_per_sample),
        (16_000, 1, 16),
        "{}",
        path.display()
    );
    reader.into_samples::<i16>().map(Result::unwrap).collect()
}

fn samples_to_ms(samples: usize) -> u64 {
    (samples * 1000 / STORED_RATE) as u64
}

// --- the tests ------------------------------------------------------------------------------

#[test]
fn a_recorded_answer_is_kept_beside_its_record_and_its_long_pause_is_found() {
    let sandbox = Sandbox::new();
    let mut microphone = StandInMicrophone::in_sandbox(&sandbox);
    let first = spoken(&sandbox, FIRST_SENTENCE);
    let second = spoken(&sandbox, SECOND_SENTENCE);
    let pause_at_ms = frames_to_ms(first.len());
    let mut answer = then_silence(first, INSERTED_PAUSE_MS);
    answer.extend(second);
    let answer = to_whole_batches(answer);
    let fed_ms = frames_to_ms(answer.len());

    let mut drill = Drill::start(&sandbox);
    drill.wait_until_answering();
    microphone.hear(&answer);
    // Enter once all of it has reached the file, so none of it can be on its way when the
    // recording stops.
    wait_for_growing_recording(&sandbox, fed_ms - 20);
    let (run, heard_after_enter) = drill.press_enter(&mut microphone);

    assert!(run.status.success(), "{}", run.stderr);
    assert!(
        !run.stderr.contains("warning"),
        "a whole recording has no warning: {}",
        run.stderr
    );
    assert!(run.stdout.contains(PROMPT), "{}", run.stdout);
    let record = the_record(&sandbox);
    let id = record["id"].as_str().unwrap();
    let audio = &record["audio"];
    assert_eq!(audio["file"], format!("{id}.wav"), "{record}");
    assert_eq!(audio["sample_rate"], 16_000, "{record}");
    assert_eq!(audio["paused"], "not_recorded", "{record}");

    let wav = session_files(&sandbox, ".wav");
    assert_eq!(wav.len(), 1, "{:?}", sandbox.record_files());
    assert_eq!(
        wav[0].file_name().unwrap().to_string_lossy(),
        format!("{id}.wav")
    );
    assert_eq!(mode(&wav[0]), 0o600);
    assert!(session_files(&sandbox, ".recording").is_empty());
    let samples = stored_samples(&wav[0]);
    let recorded_ms = samples_to_ms(samples.len());
    assert_eq!(
        audio["ms"], recorded_ms,
        "the record says the file's length"
    );

    // Every fed frame became a third of a stored sample (48 kHz to 16 kHz, the resampler's
    // tail flushed at the end), so nothing may be missing. The only extra there may be is the
    // hiss heard between the Enter and the drill acting on it, at most every batch written
    // after the Enter (usually none: the drill acts in microseconds).
    assert_eq!(answer.len() % FRAMES_PER_STORED, 0);
    let most_ms = fed_ms + 100 * heard_after_enter as u64;
    assert!(
        (fed_ms..=most_ms).contains(&recorded_ms),
        "recorded {recorded_ms} ms, fed {fed_ms} ms then {heard_after_enter} batches of hiss"
    );

    // The one long pause is the silence put between the sentences. 100 ms is twice what the
    // measures promise for an edge (50 ms): the sentences' first and last sounds are faint
    // phonemes, which sox's trim (at 45 dB below full scale) and the measure (43 dB below the
    // phrase's loudest sample, over a hiss 70 dB down) place a few tens of milliseconds
    // apart, on the resampled sound, in 10 ms frames.
    let pauses = record["speech"]["long_pauses"].as_array().unwrap();
    assert_eq!(pauses.len(), 1, "{record}");
    let (at_ms, ms) = (
        pauses[0]["at_ms"].as_u64().unwrap(),
        pauses[0]["ms"].as_u64().unwrap(),
    );
    assert!(
        ms.abs_diff(INSERTED_PAUSE_MS) <= 100,
        "a pause of {ms} ms for {INSERTED_PAUSE_MS} ms of silence: {record}"
    );
    assert!(
        at_ms.abs_diff(pause_at_ms) <= 100,
        "the pause at {at_ms} ms, the first sentence ends at {pause_at_ms} ms: {record}"
    );
}

/// With the `transcribe` feature and the real model (`REHEARSE_MODEL`, as tests/transcribe.rs
/// needs it), the drill hears the answer while it is given: the record it saves has the
/// transcript, and the transcript holds the words said.
#[cfg(feature = "transcribe")]
#[test]
fn a_recorded_drill_is_transcribed_while_it_is_answered() {
    let Some(model) = std::env::var_os("REHEARSE_MODEL") else {
        panic!(
            "REHEARSE_MODEL is not set: run .ci/whisper-model.sh and set it to the path it prints"
        );
    };
    let sandbox = Sandbox::new();
    let mut microphone = StandInMicrophone::in_sandbox(&sandbox);
    let mut answer = then_silence(spoken(&sandbox, FIRST_SENTENCE), INSERTED_PAUSE_MS);
    answer.extend(spoken(&sandbox, SECOND_SENTENCE));
    let answer = to_whole_batches(answer);
    let fed_ms = frames_to_ms(answer.len());
    let mut drill = Drill::start_with(&sandbox, &[("REHEARSE_MODEL", model)]);
    drill.wait_until_answering();
    microphone.hear(&answer);
    wait_for_growing_recording(&sandbox, fed_ms - 20);
    let (run, _) = drill.press_enter(&mut microphone);
    assert!(run.status.success(), "{}", run.stderr);

    let record = the_record(&sandbox);
    let id = record["id"].as_str().unwrap();
    let transcript = &record["transcript"];
    assert_eq!(
        transcript["file"],
        format!("{id}.transcript.json"),
        "{record}"
    );
    let words = transcript["words"].as_u64().unwrap();
    assert!(
        (15..=30).contains(&words),
        "{words} words for 24 said: {record}"
    );
    assert!(record["speech"]["wpm"].as_f64().is_some(), "{record}");
    let file = session_files(&sandbox, ".transcript.json");
    assert_eq!(file.len(), 1);
    let text = std::fs::read_to_string(&file[0]).unwrap().to_lowercase();
    for said in ["audit", "numbers", "client", "fixed"] {
        assert!(text.contains(said), "'{said}' not heard: {text}");
    }
}

#[test]
fn a_drill_killed_mid_answer_leaves_a_recording_the_next_command_repairs() {
    let sandbox = Sandbox::new();
    let mut microphone = StandInMicrophone::in_sandbox(&sandbox);
    // Not a whole half second, so the last part of the file came after the header's last
    // restatement (every half second of sound) and only a repair counts it.
    let answer = to_whole_batches(then_silence(spoken(&sandbox, FIRST_SENTENCE), 400));
    let fed_ms = frames_to_ms(answer.len());
    assert_ne!(fed_ms % 500, 0);

    let mut drill = Drill::start(&sandbox);
    drill.wait_until_answering();
    microphone.hear(&answer);
    let on_disk = wait_for_growing_recording(&sandbox, fed_ms - 20);
    let run = drill.kill();
    assert!(!run.status.success());

    let growing = session_files(&sandbox, ".wav.recording");
    assert_eq!(growing.len(), 1, "{:?}", sandbox.record_files());
    assert!(
        session_files(&sandbox, ".json").is_empty(),
        "killed before it saved its record"
    );
    let name = growing[0].file_name().unwrap().to_string_lossy();
    let id = name.strip_suffix(".wav.recording").unwrap().to_string();

    let output = sandbox.cmd().arg("history").output().unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "one warning line: {stderr}");
    assert!(
        stderr.starts_with("rehearse: warning: ")
            && stderr.contains(&format!("repaired and kept as {id}.wav"))
            && stderr.contains("rehearse log"),
        "{stderr}"
    );

    assert!(session_files(&sandbox, ".recording").is_empty());
    let kept = session_files(&sandbox, ".wav");
    assert_eq!(kept.len(), 1, "{:?}", sandbox.record_files());
    assert_eq!(mode(&kept[0]), 0o600);
    let samples = stored_samples(&kept[0]).len() as u64;
    // All the writer had written when it was killed survives, which was within 20 ms of all
    // that was fed: a kill loses only what was still on its way to the file.
    assert!(
        samples >= on_disk,
        "repaired {samples} samples of the {on_disk} on disk at the kill"
    );
    let kept_ms = samples_to_ms(samples as usize);
    assert!(
        (fed_ms - 20..=fed_ms).contains(&kept_ms),
        "{kept_ms} ms kept of the {fed_ms} ms fed"
    );

    // Repaired once: the next command has nothing to say.
    let again = sandbox.cmd().arg("history").output().unwrap();
    assert!(again.status.success() && again.stderr.is_empty());
}

#[test]
fn without_a_microphone_a_plain_drill_warns_once_and_saves_the_answer_unrecorded() {
    let sandbox = Sandbox::new();
    std::fs::write(sandbox.root().join(".asoundrc"), NO_CARD_ASOUNDRC).unwrap();
    let output = sandbox
        .cmd()
        .args([
            "drill", "--record", "--plain", "--min", "1s", "--max", "30s",
        ])
        .args(["--prompt", PROMPT])
        .write_stdin("\n")
        .timeout(PATIENCE)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let about_it: Vec<&str> = stderr
        .lines()
        .filter(|line| line.contains("microphone") || line.contains("record"))
        .collect();
    assert_eq!(
        about_it,
        ["rehearse: warning: no microphone found; the drill goes on without recording"],
        "{stderr}"
    );
    assert!(
        !stderr.contains("ALSA"),
        "ALSA's own lines got out: {stderr}"
    );
    let record = the_record(&sandbox);
    assert_eq!(record["outcome"], "completed", "{record}");
    assert!(record.get("audio").is_none() && record.get("speech").is_none());
    assert_eq!(sandbox.record_files().len(), 1, "only the record");
}

#[test]
fn a_suspended_plain_drill_records_on_from_where_it_stopped() {
    let sandbox = Sandbox::new();
    let mut microphone = StandInMicrophone::in_sandbox(&sandbox);
    let before = to_whole_batches(spoken(&sandbox, FIRST_SENTENCE));
    let after = to_whole_batches(spoken(&sandbox, SECOND_SENTENCE));
    let fed_ms = frames_to_ms(before.len() + after.len());
    let away = Duration::from_millis(1_500);

    let mut drill = Drill::start(&sandbox);
    drill.wait_until_answering();
    microphone.hear(&before);
    wait_for_growing_recording(&sandbox, frames_to_ms(before.len()) - 20);
    drill.signal("TSTP");
    drill.wait_until_stopped(true);
    thread::sleep(away);
    drill.signal("CONT");
    drill.wait_until_stopped(false);
    // In plain mode there is no key to resume: the answer goes on once the drill does.
    settle();
    microphone.hear(&after);
    wait_for_growing_recording(&sandbox, fed_ms - 20);
    let (run, heard_after_enter) = drill.press_enter(&mut microphone);

    assert!(run.status.success(), "{}", run.stderr);
    let record = the_record(&sandbox);
    assert!(
        record["paused_ms"].as_u64().unwrap() >= away.as_millis() as u64,
        "{record}"
    );
    let recorded_ms = record["audio"]["ms"].as_u64().unwrap();
    let most_ms = fed_ms + 100 * heard_after_enter as u64;
    assert!(
        (fed_ms..=most_ms).contains(&recorded_ms),
        "recorded {recorded_ms} ms of the {fed_ms} ms fed around the stop: {record}"
    );
    // The sentences follow each other as they were said: the time away is no pause in it.
    let longest_ms = record["speech"]["longest_pause_ms"].as_u64().unwrap();
    assert!(longest_ms < away.as_millis() as u64, "{record}");
    let wav = session_files(&sandbox, ".wav");
    assert_eq!(samples_to_ms(stored_samples(&wav[0]).len()), recorded_ms);
}

//! Playing a recording through whichever sound program is installed: `aplay`, `paplay`,
//! `pw-play` or `afplay`, tried in that order.
//!
//! The program gets the recording from the wanted sample on: through a pipe for those that
//! read standard input, in a temporary WAV file for `afplay`, which reads only files.
//! Pausing stops the program and playing again starts a new one at the position, which is
//! reckoned from the clock since it started (a program says nothing about where it is).
//! A program is never left running: pausing, stopping, playing elsewhere and dropping the
//! player all kill it and wait for it.

use std::ffi::OsStr;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::Instant;

use super::SAMPLE_RATE;
use super::playback::{Now, PlayState, Playback};
use super::wav::stored_header;

/// A sound program this player knows how to drive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlayerProgram {
    /// ALSA's player, from alsa-utils: raw samples on standard input.
    Aplay,
    /// PulseAudio's (and pipewire-pulse's) player: raw samples on standard input.
    Paplay,
    /// PipeWire's player: a WAV stream on standard input.
    PwPlay,
    /// macOS's player: a WAV file.
    Afplay,
}

/// How a program takes its sound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Feed {
    RawOnStdin,
    WavOnStdin,
    WavFile,
}

impl PlayerProgram {
    /// Every program, in the order they are tried: the ALSA one first because it is there
    /// whenever the sound card is, the desktop servers' next, macOS's last.
    pub const ALL: [PlayerProgram; 4] = [
        PlayerProgram::Aplay,
        PlayerProgram::Paplay,
        PlayerProgram::PwPlay,
        PlayerProgram::Afplay,
    ];

    /// The program's file name.
    pub fn name(self) -> &'static str {
        match self {
            PlayerProgram::Aplay => "aplay",
            PlayerProgram::Paplay => "paplay",
            PlayerProgram::PwPlay => "pw-play",
            PlayerProgram::Afplay => "afplay",
        }
    }

    fn feed(self) -> Feed {
        match self {
            PlayerProgram::Aplay | PlayerProgram::Paplay => Feed::RawOnStdin,
            PlayerProgram::PwPlay => Feed::WavOnStdin,
            PlayerProgram::Afplay => Feed::WavFile,
        }
    }

    /// The arguments before the file (if any): raw input is described in full, since
    /// nothing in the stream says what it is.
    fn args(self) -> Vec<String> {
        let rate = SAMPLE_RATE.to_string();
        match self {
            PlayerProgram::Aplay => [
                "-q", "-t", "raw", "-f", "S16_LE", "-c", "1", "-r", &rate, "-",
            ]
            .map(str::to_owned)
            .to_vec(),
            PlayerProgram::Paplay => vec![
                "--raw".to_owned(),
                "--format=s16le".to_owned(),
                "--channels=1".to_owned(),
                format!("--rate={rate}"),
            ],
            PlayerProgram::PwPlay => vec!["-".to_owned()],
            PlayerProgram::Afplay => Vec::new(),
        }
    }
}

/// An installed sound program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundPlayer {
    pub program: PlayerProgram,
    /// Where it was found on `PATH`.
    pub path: PathBuf,
}

/// The first sound program in [`PlayerProgram::ALL`] found on `path` (the value of `PATH`).
pub fn find_player(path: Option<&OsStr>) -> Option<FoundPlayer> {
    let dirs: Vec<PathBuf> = std::env::split_paths(path?).collect();
    PlayerProgram::ALL.into_iter().find_map(|program| {
        dirs.iter()
            .map(|dir| dir.join(program.name()))
            .find(|candidate| is_executable(candidate))
            .map(|path| FoundPlayer { program, path })
    })
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .is_ok_and(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0)
}

/// The line shown when nothing can play sound. `sound_card` is why the sound card could not
/// be used, when the build has it.
pub fn no_player(sound_card: Option<&str>) -> String {
    match sound_card {
        None => "no way to play sound here: install alsa-utils (aplay) or build with --features \
                 record"
            .to_owned(),
        Some(reason) => {
            let names: Vec<&str> = PlayerProgram::ALL.iter().map(|p| p.name()).collect();
            format!(
                "no way to play sound here: the sound card cannot be opened ({reason}) and no \
                 player ({}) is on PATH; install alsa-utils (aplay)",
                names.join(", ")
            )
        }
    }
}

/// Writes `samples` as 16-bit little-endian bytes, a few thousand at a time so the copy
/// stays small whatever the recording's length.
fn write_samples(out: &mut impl Write, samples: &[i16]) -> io::Result<()> {
    let mut bytes = Vec::with_capacity(8_192);
    for block in samples.chunks(4_096) {
        bytes.clear();
        bytes.extend(block.iter().flat_map(|sample| sample.to_le_bytes()));
        out.write_all(&bytes)?;
    }
    Ok(())
}

/// Plays a recording through an external program.
pub struct ExternalPlayer {
    found: FoundPlayer,
    samples: Arc<[i16]>,
    now: Now,
    state: State,
}

enum State {
    Idle { at: usize },
    Playing(Running),
    Finished,
    Failed { at: usize, reason: String },
}

/// A program playing, with what feeds it.
struct Running {
    child: Child,
    /// The thread writing standard input; it ends when the data does or the program goes.
    feeder: Option<JoinHandle<()>>,
    from: usize,
    started: Instant,
    /// `afplay`'s file, removed when the program is done with it.
    _segment: Option<tempfile::TempPath>,
}

impl ExternalPlayer {
    /// A player of `samples` (16 kHz mono) through `found`, its position reckoned with `now`.
    pub fn new(found: FoundPlayer, samples: Arc<[i16]>, now: Now) -> ExternalPlayer {
        ExternalPlayer {
            found,
            samples,
            now,
            state: State::Idle { at: 0 },
        }
    }

    /// The program in use.
    pub fn program(&self) -> PlayerProgram {
        self.found.program
    }

    /// The process id of the program while one is running.
    pub fn child_id(&self) -> Option<u32> {
        match &self.state {
            State::Playing(running) => Some(running.child.id()),
            _ => None,
        }
    }

    fn spawn(&self, from: usize) -> io::Result<Running> {
        let program = self.found.program;
        let segment = &self.samples[from..];
        let mut command = Command::new(&self.found.path);
        command
            .args(program.args())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let file = match program.feed() {
            Feed::WavFile => {
                // A scratch copy for a program that cannot read a pipe, not the user's
                // data, so a plain temporary file rather than the atomic writer.
                let mut file = tempfile::Builder::new()
                    .prefix("rehearse-play-")
                    .suffix(".wav")
                    .tempfile()?;
                file.write_all(&stored_header(segment.len() as u64))?;
                write_samples(&mut file, segment)?;
                file.flush()?;
                let path = file.into_temp_path();
                command.arg(&path).stdin(Stdio::null());
                Some(path)
            }
            Feed::RawOnStdin | Feed::WavOnStdin => {
                command.stdin(Stdio::piped());
                None
            }
        };
        let mut child = command.spawn().map_err(|error| {
            io::Error::new(error.kind(), format!("{}: {error}", program.name()))
        })?;
        let started = (self.now)();
        let feeder = child.stdin.take().map(|stdin| {
            let samples = Arc::clone(&self.samples);
            let with_header = program.feed() == Feed::WavOnStdin;
            thread::spawn(move || feed(stdin, &samples[from..], with_header))
        });
        Ok(Running {
            child,
            feeder,
            from,
            started,
            _segment: file,
        })
    }

    /// Notices a program that ended by itself: played to the end, or failed.
    fn refresh(&mut self) {
        let State::Playing(running) = &mut self.state else {
            return;
        };
        let exited = match running.child.try_wait() {
            Ok(None) => return,
            Ok(Some(status)) => Ok(status),
            Err(error) => Err(error),
        };
        let at = self.estimate();
        let State::Playing(running) = std::mem::replace(&mut self.state, State::Finished) else {
            return;
        };
        let reason = match exited {
            Ok(status) if status.success() => {
                finish(running);
                return;
            }
            Ok(status) => {
                let said = finish(running);
                match said.lines().map(str::trim).rfind(|line| !line.is_empty()) {
                    Some(line) => line.to_owned(),
                    None => status.to_string(),
                }
            }
            Err(error) => {
                finish(running);
                error.to_string()
            }
        };
        self.state = State::Failed {
            at,
            reason: format!("{} stopped: {reason}", self.found.program.name()),
        };
    }

    /// Where the sound is, from the clock, while a program plays.
    fn estimate(&self) -> usize {
        match &self.state {
            State::Idle { at } | State::Failed { at, .. } => *at,
            State::Finished => self.samples.len(),
            State::Playing(running) => {
                let elapsed = (self.now)().saturating_duration_since(running.started);
                let played = elapsed.as_nanos() * u128::from(SAMPLE_RATE) / 1_000_000_000;
                let played = usize::try_from(played).unwrap_or(usize::MAX);
                running.from.saturating_add(played).min(self.samples.len())
            }
        }
    }

    /// Ends any running program, leaving the player idle at `at`.
    fn halt(&mut self, at: usize) {
        if let State::Playing(running) = std::mem::replace(&mut self.state, State::Idle { at }) {
            let _ = kill_and_reap(running);
        }
    }
}

/// Kills a running program and waits for it and its feeder.
fn kill_and_reap(mut running: Running) -> String {
    let _ = running.child.kill();
    finish(running)
}

/// Waits for an ended (or killed) program and its feeder; gives what it said on stderr.
fn finish(mut running: Running) -> String {
    let _ = running.child.wait();
    if let Some(feeder) = running.feeder.take() {
        let _ = feeder.join();
    }
    let mut said = String::new();
    if let Some(mut stderr) = running.child.stderr.take() {
        let _ = stderr.read_to_string(&mut said);
    }
    said
}

/// The feeder thread: the samples (after a WAV header for programs that want one) down the
/// pipe. A write fails once the program is killed, which simply ends the thread.
fn feed(mut stdin: ChildStdin, samples: &[i16], with_header: bool) {
    if with_header
        && stdin
            .write_all(&stored_header(samples.len() as u64))
            .is_err()
    {
        return;
    }
    let _ = write_samples(&mut stdin, samples);
}

impl Playback for ExternalPlayer {
    fn len(&self) -> usize {
        self.samples.len()
    }

    fn play_from(&mut self, sample: usize) -> io::Result<()> {
        let from = sample.min(self.samples.len());
        self.halt(from);
        if from == self.samples.len() {
            self.state = State::Finished;
            return Ok(());
        }
        let running = self.spawn(from)?;
        self.state = State::Playing(running);
        Ok(())
    }

    fn pause(&mut self) {
        self.refresh();
        if let State::Playing(_) = self.state {
            let at = self.estimate();
            self.halt(at);
        }
    }

    fn stop(&mut self) {
        self.halt(0);
    }

    fn position(&mut self) -> usize {
        self.refresh();
        self.estimate()
    }

    fn state(&mut self) -> PlayState {
        self.refresh();
        match &self.state {
            State::Idle { .. } => PlayState::Idle,
            State::Playing(_) => PlayState::Playing,
            State::Finished => PlayState::Finished,
            State::Failed { reason, .. } => PlayState::Failed(reason.clone()),
        }
    }

    fn describe(&self) -> String {
        self.found.program.name().to_owned()
    }
}

impl Drop for ExternalPlayer {
    fn drop(&mut self) {
        self.halt(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;
    use std::sync::Mutex;
    use std::time::Duration;

    fn install(dir: &Path, name: &str, script: &str) {
        let path = dir.join(name);
        std::fs::write(&path, format!("#!/bin/sh\n{script}\n")).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }

    /// A clock that moves only when told.
    #[derive(Clone)]
    struct FakeClock(Arc<Mutex<Instant>>);

    impl FakeClock {
        fn new() -> FakeClock {
            FakeClock(Arc::new(Mutex::new(Instant::now())))
        }

        fn advance(&self, by: Duration) {
            *self.0.lock().unwrap() += by;
        }

        fn now(&self) -> Now {
            let clock = self.clone();
            Box::new(move || *clock.0.lock().unwrap())
        }
    }

    /// A sound program on a fresh `PATH` that writes what it is given to `heard.<pid>` in
    /// the same folder, runs `then` after, and whose arguments go to `args.<pid>`.
    struct FakeProgram {
        dir: tempfile::TempDir,
    }

    impl FakeProgram {
        fn new(name: &str, then: &str) -> FakeProgram {
            let dir = tempfile::tempdir().unwrap();
            let folder = dir.path().display();
            let script = format!(
                "printf '%s\\n' \"$@\" > {folder}/args.$$\ncat > {folder}/heard.$$\n{then}"
            );
            install(dir.path(), name, &script);
            FakeProgram { dir }
        }

        fn player(&self, samples: &Arc<[i16]>, clock: &FakeClock) -> ExternalPlayer {
            let found = find_player(Some(self.dir.path().as_os_str())).unwrap();
            ExternalPlayer::new(found, Arc::clone(samples), clock.now())
        }

        fn heard(&self, pid: u32) -> Vec<u8> {
            std::fs::read(self.dir.path().join(format!("heard.{pid}"))).unwrap_or_default()
        }

        fn args(&self, pid: u32) -> String {
            std::fs::read_to_string(self.dir.path().join(format!("args.{pid}"))).unwrap()
        }

        /// Waits (for real) until the program `pid` has been given `bytes` bytes.
        fn wait_for_bytes(&self, pid: u32, bytes: usize) -> Vec<u8> {
            let deadline = Instant::now() + Duration::from_secs(10);
            loop {
                let heard = self.heard(pid);
                if heard.len() >= bytes || Instant::now() > deadline {
                    return heard;
                }
                thread::sleep(Duration::from_millis(5));
            }
        }
    }

    fn recording(len: usize) -> Arc<[i16]> {
        (0..len).map(|i| (i as i16).wrapping_mul(7)).collect()
    }

    fn bytes(samples: &[i16]) -> Vec<u8> {
        samples.iter().flat_map(|s| s.to_le_bytes()).collect()
    }

    fn wait_until_finished(player: &mut ExternalPlayer) -> PlayState {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let state = player.state();
            if state != PlayState::Playing || Instant::now() > deadline {
                return state;
            }
            thread::sleep(Duration::from_millis(5));
        }
    }

    fn is_gone(pid: u32) -> bool {
        // Gone and reaped: a zombie would still have its /proc entry.
        !Path::new(&format!("/proc/{pid}")).exists()
    }

    #[test]
    fn the_program_is_given_exactly_the_samples_from_the_wanted_one() {
        let fake = FakeProgram::new("aplay", "");
        let samples = recording(20_000);
        let clock = FakeClock::new();
        let mut player = fake.player(&samples, &clock);
        player.play_from(1_234).unwrap();
        let pid = player.child_id().unwrap();
        assert_eq!(wait_until_finished(&mut player), PlayState::Finished);
        assert_eq!(fake.heard(pid), bytes(&samples[1_234..]));
        assert_eq!(
            fake.args(pid),
            "-q\n-t\nraw\n-f\nS16_LE\n-c\n1\n-r\n16000\n-\n"
        );
        assert_eq!(player.position(), samples.len());
        assert!(is_gone(pid));
    }

    #[test]
    fn pause_and_resume_start_again_at_the_sample_the_clock_reached() {
        let fake = FakeProgram::new("aplay", "exec sleep 30");
        let samples = recording(32_000);
        let clock = FakeClock::new();
        let mut player = fake.player(&samples, &clock);
        player.play_from(0).unwrap();
        let first = player.child_id().unwrap();
        clock.advance(Duration::from_millis(500));
        assert_eq!(player.position(), 8_000);
        assert_eq!(player.state(), PlayState::Playing);

        player.pause();
        assert_eq!(player.state(), PlayState::Idle);
        assert_eq!(player.child_id(), None);
        assert!(is_gone(first));
        clock.advance(Duration::from_secs(10));
        assert_eq!(player.position(), 8_000, "time paused does not count");

        player.resume().unwrap();
        let second = player.child_id().unwrap();
        assert_ne!(first, second);
        let expected = bytes(&samples[8_000..]);
        assert_eq!(fake.wait_for_bytes(second, expected.len()), expected);
        clock.advance(Duration::from_millis(250));
        assert_eq!(player.position(), 12_000);
    }

    #[test]
    fn the_position_stops_at_the_end_while_the_program_drains() {
        let fake = FakeProgram::new("aplay", "exec sleep 30");
        let samples = recording(16_000);
        let clock = FakeClock::new();
        let mut player = fake.player(&samples, &clock);
        player.play_from(4_000).unwrap();
        clock.advance(Duration::from_secs(60));
        assert_eq!(player.position(), 16_000);
        assert_eq!(player.state(), PlayState::Playing);
        player.stop();
        assert_eq!((player.position(), player.state()), (0, PlayState::Idle));
    }

    #[test]
    fn playing_from_the_end_is_finished_without_a_program() {
        let fake = FakeProgram::new("aplay", "");
        let samples = recording(100);
        let mut player = fake.player(&samples, &FakeClock::new());
        player.play_from(5_000).unwrap();
        assert_eq!(player.child_id(), None);
        assert!(player.is_finished());
        assert_eq!(player.position(), 100);
    }

    #[test]
    fn a_program_that_fails_is_reported_in_its_own_words() {
        let fake = FakeProgram::new(
            "aplay",
            "echo 'aplay: main:831: audio open error: No such file or directory' >&2\nexit 1",
        );
        let samples = recording(1_000);
        let mut player = fake.player(&samples, &FakeClock::new());
        player.play_from(0).unwrap();
        assert_eq!(
            wait_until_finished(&mut player),
            PlayState::Failed(
                "aplay stopped: aplay: main:831: audio open error: No such file or directory"
                    .to_owned()
            )
        );
    }

    #[test]
    fn dropping_the_player_kills_and_reaps_the_program() {
        let fake = FakeProgram::new("aplay", "exec sleep 30");
        let samples = recording(1_000);
        let mut player = fake.player(&samples, &FakeClock::new());
        player.play_from(0).unwrap();
        let pid = player.child_id().unwrap();
        assert!(!is_gone(pid));
        drop(player);
        assert!(is_gone(pid));
    }

    #[test]
    fn playing_elsewhere_replaces_the_program() {
        let fake = FakeProgram::new("aplay", "exec sleep 30");
        let samples = recording(1_000);
        let mut player = fake.player(&samples, &FakeClock::new());
        player.play_from(0).unwrap();
        let first = player.child_id().unwrap();
        player.play_from(500).unwrap();
        assert!(is_gone(first));
        let second = player.child_id().unwrap();
        assert_eq!(fake.wait_for_bytes(second, 1_000), bytes(&samples[500..]));
    }

    #[test]
    fn pw_play_is_given_a_wav_stream_on_stdin() {
        let fake = FakeProgram::new("pw-play", "");
        let samples = recording(3_000);
        let mut player = fake.player(&samples, &FakeClock::new());
        player.play_from(1_000).unwrap();
        let pid = player.child_id().unwrap();
        assert_eq!(wait_until_finished(&mut player), PlayState::Finished);
        let reader = hound::WavReader::new(io::Cursor::new(fake.heard(pid))).unwrap();
        assert_eq!(reader.spec().sample_rate, SAMPLE_RATE);
        let heard: Vec<i16> = reader.into_samples().map(Result::unwrap).collect();
        assert_eq!(heard, samples[1_000..]);
    }

    #[test]
    fn afplay_is_given_a_wav_file_that_is_removed_afterwards() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().display();
        install(
            dir.path(),
            "afplay",
            &format!("echo \"$1\" > {folder}/path\ncp \"$1\" {folder}/heard.wav"),
        );
        let samples = recording(3_000);
        let found = find_player(Some(dir.path().as_os_str())).unwrap();
        let mut player = ExternalPlayer::new(found, Arc::clone(&samples), FakeClock::new().now());
        player.play_from(2_000).unwrap();
        assert_eq!(wait_until_finished(&mut player), PlayState::Finished);
        let reader = hound::WavReader::open(dir.path().join("heard.wav")).unwrap();
        let heard: Vec<i16> = reader.into_samples().map(Result::unwrap).collect();
        assert_eq!(heard, samples[2_000..]);
        let segment = std::fs::read_to_string(dir.path().join("path")).unwrap();
        assert!(
            !Path::new(segment.trim()).exists(),
            "the segment was left behind"
        );
    }

    #[test]
    fn programs_are_tried_in_order_across_the_path() {
        let first = tempfile::tempdir().unwrap();
        let second = tempfile::tempdir().unwrap();
        install(first.path(), "afplay", "");
        install(second.path(), "paplay", "");
        let path = std::env::join_paths([first.path(), second.path()]).unwrap();
        let found = find_player(Some(&path)).unwrap();
        assert_eq!(found.program, PlayerProgram::Paplay);
        assert_eq!(found.path, second.path().join("paplay"));
    }

    #[test]
    fn nothing_on_the_path_finds_nothing() {
        let empty = tempfile::tempdir().unwrap();
        assert_eq!(find_player(Some(empty.path().as_os_str())), None);
        assert_eq!(find_player(None), None);
    }

    #[test]
    fn raw_input_is_described_at_the_stored_rate() {
        assert!(PlayerProgram::Aplay.args().contains(&"16000".to_owned()));
        assert!(
            PlayerProgram::Paplay
                .args()
                .contains(&"--rate=16000".to_owned())
        );
    }

    #[test]
    fn the_wav_header_describes_16_khz_mono_16_bit() {
        let header = stored_header(10);
        assert_eq!(&header[0..4], b"RIFF");
        assert_eq!(
            u32::from_le_bytes(header[4..8].try_into().unwrap()),
            36 + 20
        );
        assert_eq!(
            u32::from_le_bytes(header[24..28].try_into().unwrap()),
            16_000
        );
        assert_eq!(u32::from_le_bytes(header[40..44].try_into().unwrap()), 20);
        // A reader that knows WAV agrees.
        let mut file = header.to_vec();
        write_samples(&mut file, &[1, -2, 3, -4, 5, -6, 7, -8, 9, -10]).unwrap();
        let reader = hound::WavReader::new(io::Cursor::new(file)).unwrap();
        let spec = reader.spec();
        assert_eq!(
            (spec.channels, spec.sample_rate, spec.bits_per_sample),
            (1, 16_000, 16)
        );
        let read: Vec<i16> = reader.into_samples().map(Result::unwrap).collect();
        assert_eq!(read, [1, -2, 3, -4, 5, -6, 7, -8, 9, -10]);
    }

    #[test]
    fn the_message_without_a_player_says_what_to_install() {
        assert_eq!(
            no_player(None),
            "no way to play sound here: install alsa-utils (aplay) or build with --features record"
        );
        assert!(no_player(Some("no sound card")).contains("(no sound card)"));
    }
}

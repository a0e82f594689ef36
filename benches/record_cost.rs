//! What recording costs: CPU and memory of the capture path (the device's thread, the
//! callback copying into the ring, the thread handing blocks to the sink), with no sound card.
//!
//! Run from the repository root:
//!
//!     cargo bench --features record --bench record_cost -- [--real-time SECONDS]
//!         [--fast MINUTES] [--speed TIMES]
//!
//! The microphone is ALSA's `file` plugin reading a FIFO, set up in a temporary `HOME` as in
//! `tests/capture.rs`. This process is the person speaking: it writes a 440 Hz tone into the
//! FIFO. A child process (this benchmark again, told by `REHEARSE_BENCH_CHILD`) records it,
//! so the writing is not counted in the figures, and reports its own `getrusage` and
//! resident memory:
//!
//! - real time (`--real-time`, 30 s by default): the tone written at the speed it would be
//!   spoken, 100 ms at a time, so CPU time over wall time is the share of one core a real
//!   recording takes;
//! - fast (`--fast`, 10 minutes of sound by default): the tone written `--speed` times
//!   faster than spoken (30 by default), a ten-minute answer in twenty seconds, to show
//!   memory stays flat however long the answer; resident memory is read after every minute
//!   of sound. Unpaced, the file plugin reads well over a thousand times real time and the
//!   ring overflows, which would measure the dropping rather than the delivering.
//!
//! The sink only sums the samples, so the figures are the capture's own, without the
//! resampler and the WAV writer that a drill puts behind it. The exit code is 0 when the
//! figures were taken (whatever they are) and 1 when they could not be.

use std::ffi::CString;
use std::fs::OpenOptions;
use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::process::{Command, ExitCode, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rehearse::speech::capture::Microphone;

/// Set in the child to the mode it records in: "real-time" or "fast", then a space and the
/// seconds of sound to record.
const CHILD: &str = "REHEARSE_BENCH_CHILD";

/// Frames written at a time: a multiple of the 240-frame period ALSA picks for the `null`
/// PCM, so no read of the plugin's ever straddles two writes.
const CHUNK_FRAMES: usize = 4_800;

fn main() -> ExitCode {
    let result = match std::env::var(CHILD) {
        Ok(mode) => record(&mode),
        Err(_) => measure(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("record_cost: {error}");
            ExitCode::FAILURE
        }
    }
}

/// What to measure: seconds at real time, minutes fast, and how much faster.
struct Plan {
    real_time_seconds: u64,
    fast_minutes: u64,
    speed: u32,
}

/// Reads `--real-time SECONDS`, `--fast MINUTES` and `--speed TIMES`; cargo's own `--bench`
/// is let through.
fn arguments() -> Result<Plan, String> {
    let mut plan = Plan {
        real_time_seconds: 30,
        fast_minutes: 10,
        speed: 30,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut number = |name: &str| -> Result<u64, String> {
            args.next()
                .and_then(|value| value.parse().ok())
                .ok_or_else(|| format!("{name} needs a whole number"))
        };
        match arg.as_str() {
            "--real-time" => plan.real_time_seconds = number("--real-time")?,
            "--fast" => plan.fast_minutes = number("--fast")?,
            "--speed" => plan.speed = number("--speed")?.clamp(1, 1_000) as u32,
            "--bench" => {}
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(plan)
}

/// The parent: one child per mode, each fed the tone through its own FIFO.
fn measure() -> Result<(), String> {
    let plan = arguments()?;
    println!("capture path, ALSA file PCM over a FIFO, 440 Hz tone, sink sums samples");
    if plan.real_time_seconds > 0 {
        run_child("real-time", plan.real_time_seconds, 1)?;
    }
    if plan.fast_minutes > 0 {
        run_child("fast", plan.fast_minutes * 60, plan.speed)?;
    }
    Ok(())
}

/// Records `seconds` of sound in a child, written `speed` times faster than spoken.
fn run_child(mode: &str, seconds: u64, speed: u32) -> Result<(), String> {
    let sandbox = tempfile::tempdir().map_err(|e| e.to_string())?;
    let fifo = sandbox.path().join("microphone.fifo");
    make_fifo(&fifo)?;
    let asoundrc = format!(
        "pcm.!default {{\n    type file\n    slave.pcm \"null\"\n    file \"/dev/null\"\n    \
         infile \"{}\"\n    format \"raw\"\n}}\n",
        fifo.display()
    );
    std::fs::write(sandbox.path().join(".asoundrc"), asoundrc).map_err(|e| e.to_string())?;
    // Read-write, so the open never waits for a reader and ALSA's probing opens and closes
    // never leave the pipe without one.
    let mut pipe = OpenOptions::new()
        .read(true)
        .write(true)
        .open(&fifo)
        .map_err(|e| format!("{}: {e}", fifo.display()))?;
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut child = Command::new(exe)
        .env_clear()
        .env("HOME", sandbox.path())
        .env("XDG_CONFIG_HOME", sandbox.path().join("config"))
        .env(CHILD, format!("{mode} {seconds}"))
        .stdin(Stdio::null())
        .stdout(Stdio::inherit())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;

    // The child opens the device at 48 kHz f32 mono, which this file PCM always allows
    // and the capture prefers; it checks that and says so if not.
    let rate = 48_000usize;
    let chunk = tone_chunk(rate);
    // Two seconds more than the child records, so it stops on sound, never on the stale
    // periods ALSA repeats once the FIFO is closed.
    let chunks = (seconds as usize + 2) * rate / CHUNK_FRAMES;
    let started = Instant::now();
    let chunk_time = Duration::from_secs_f64(CHUNK_FRAMES as f64 / rate as f64 / f64::from(speed));
    for index in 0..chunks {
        // Due times from the start, not sleeps after each write, so the pace never drifts.
        let due = started + chunk_time * index as u32;
        if let Some(wait) = due.checked_duration_since(Instant::now()) {
            std::thread::sleep(wait);
        }
        if pipe.write_all(&chunk).is_err() {
            break; // the child is gone; its status says why
        }
        if child.try_wait().map_err(|e| e.to_string())?.is_some() {
            break;
        }
    }
    drop(pipe);
    let output = child.wait_with_output().map_err(|e| e.to_string())?;
    if !output.status.success() {
        return Err(format!(
            "the {mode} recording failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok(())
}

fn make_fifo(path: &Path) -> Result<(), String> {
    let name = CString::new(path.as_os_str().as_bytes()).map_err(|e| e.to_string())?;
    // SAFETY: `name` is a valid NUL-terminated path that outlives the call.
    if unsafe { libc::mkfifo(name.as_ptr(), 0o600) } != 0 {
        return Err(format!("mkfifo {}", path.display()));
    }
    Ok(())
}

/// One chunk of a 0.5-amplitude 440 Hz tone as little-endian f32 (440 Hz fits a 100 ms
/// chunk a whole number of times, so chunks follow on without a click).
fn tone_chunk(rate: usize) -> Vec<u8> {
    (0..CHUNK_FRAMES)
        .map(|i| 0.5 * (2.0 * std::f32::consts::PI * 440.0 * i as f32 / rate as f32).sin())
        .flat_map(f32::to_le_bytes)
        .collect()
}

/// The child: records `seconds` of sound and reports what it cost.
fn record(mode: &str) -> Result<(), String> {
    let (mode, seconds) = mode
        .split_once(' ')
        .and_then(|(mode, seconds)| Some((mode, seconds.parse::<u64>().ok()?)))
        .ok_or_else(|| format!("bad {CHILD} value {mode:?}"))?;
    let microphone = Microphone::open().map_err(|e| e.to_string())?;
    if (microphone.rate(), microphone.channels()) != (48_000, 1)
        || microphone.sample_format() != cpal::SampleFormat::F32
    {
        return Err(format!("expected 48 kHz mono f32, got {microphone}"));
    }
    let rate = u64::from(microphone.rate());
    let wanted = seconds * rate;
    let sum = Arc::new(AtomicU64::new(0));
    let into = Arc::clone(&sum);
    let before = usage();
    let rss_before = resident_kib();
    let started = Instant::now();
    let capture = microphone
        .start(move |block| {
            let total: f32 = block.iter().map(|s| s.abs()).sum();
            into.fetch_add(total as u64, Ordering::Relaxed);
        })
        .map_err(|e| e.to_string())?;

    let mut rss_each_minute = Vec::new();
    let mut next_minute = 60 * rate;
    loop {
        let counts = capture.counts();
        let heard = counts.delivered + counts.dropped_for_overflow;
        while heard >= next_minute {
            rss_each_minute.push(resident_kib());
            next_minute += 60 * rate;
        }
        if heard >= wanted {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    // Pause first so the stale periods after the FIFO closes are left out.
    capture.pause();
    let end = capture.stop();
    let wall = started.elapsed().as_secs_f64();
    let after = usage();
    let cpu = (after.0 - before.0) + (after.1 - before.1);
    let audio = (end.counts.delivered + end.counts.dropped_for_overflow) as f64 / rate as f64;

    println!();
    println!(
        "{mode}: {audio:.1} s of sound in {wall:.1} s ({:.1}x real time)",
        audio / wall
    );
    println!(
        "  cpu: {cpu:.3} s (user {:.3}, system {:.3}) = {:.2}% of one core over the wall clock, \
         {:.2} s per hour of sound",
        after.0 - before.0,
        after.1 - before.1,
        100.0 * cpu / wall,
        cpu / audio * 3600.0
    );
    println!(
        "  samples: {} delivered, {} dropped for overflow, {} device overruns, error {:?}",
        end.counts.delivered, end.counts.dropped_for_overflow, end.overruns, end.error
    );
    let minutes: Vec<String> = rss_each_minute.iter().map(|kib| kib.to_string()).collect();
    println!(
        "  resident memory: {rss_before} KiB before start, {} KiB after each minute of sound, \
         {} KiB at most (VmHWM)",
        if minutes.is_empty() {
            "-".to_owned()
        } else {
            minutes.join(", ")
        },
        peak_resident_kib()
    );
    Ok(())
}

/// User and system CPU seconds of this process so far.
fn usage() -> (f64, f64) {
    // SAFETY: an all-zero rusage is a valid value, and getrusage only writes the struct it
    // is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    (seconds(usage.ru_utime), seconds(usage.ru_stime))
}

/// The resident set now, in KiB, from `/proc/self/status`.
fn resident_kib() -> u64 {
    status_kib("VmRSS:")
}

/// The most the resident set has been, in KiB.
fn peak_resident_kib() -> u64 {
    status_kib("VmHWM:")
}

fn status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|line| line.starts_with(field))?;
            line.split_whitespace().nth(1)?.parse().ok()
        })
        .unwrap_or(0)
}

//! Signals that stop a drill: SIGINT (Ctrl-C outside raw mode), SIGTERM and SIGHUP.
//!
//! Handlers only set flags; the drill's input checks them between waits, so the loop ends the
//! normal way and the terminal is given back by the same code as on any other exit.

use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGTSTP};

use super::driver::Action;

/// How often a waiting input looks at the flags. A signal is noticed within this time, and
/// a few wake-ups a second cost nothing measurable.
pub const CHECK_INTERVAL: Duration = Duration::from_millis(200);

/// Flags raised by the stopping signals.
///
/// While an answer is timed (`hold`), SIGTERM and SIGHUP only raise a flag, so the drill
/// ends through its normal path and gives the terminal back. Outside that (`release`) they
/// act as usual again, so nothing after the timer (a review prompt) can outlive them.
#[derive(Debug, Clone)]
pub struct StopSignals {
    interrupt: Arc<AtomicBool>,
    terminate: Arc<AtomicBool>,
    /// SIGTSTP (kill -TSTP, or Ctrl-Z in a terminal not in raw mode).
    suspend: Arc<AtomicBool>,
    act_as_usual: Arc<AtomicBool>,
}

impl StopSignals {
    /// The process's handlers, installed on first use. They start released.
    pub fn get() -> io::Result<StopSignals> {
        static INSTALLED: OnceLock<StopSignals> = OnceLock::new();
        if let Some(signals) = INSTALLED.get() {
            return Ok(signals.clone());
        }
        let signals = StopSignals {
            interrupt: Arc::new(AtomicBool::new(false)),
            terminate: Arc::new(AtomicBool::new(false)),
            suspend: Arc::new(AtomicBool::new(false)),
            act_as_usual: Arc::new(AtomicBool::new(true)),
        };
        for (signal, flag) in [
            (SIGTERM, &signals.terminate),
            (SIGHUP, &signals.terminate),
            (SIGTSTP, &signals.suspend),
        ] {
            // The default action must be registered first so that it runs before the flag.
            signal_hook::flag::register_conditional_default(
                signal,
                Arc::clone(&signals.act_as_usual),
            )?;
            signal_hook::flag::register(signal, Arc::clone(flag))?;
        }
        // Ctrl-C stays a flag throughout: a review prompt turns it into an error we handle.
        signal_hook::flag::register(SIGINT, Arc::clone(&signals.interrupt))?;
        Ok(INSTALLED.get_or_init(|| signals).clone())
    }

    /// From now until the returned guard drops, SIGTERM and SIGHUP only raise the flag.
    pub fn hold(&self) -> HeldSignals {
        self.interrupt.store(false, Ordering::SeqCst);
        self.terminate.store(false, Ordering::SeqCst);
        self.suspend.store(false, Ordering::SeqCst);
        self.act_as_usual.store(false, Ordering::SeqCst);
        HeldSignals {
            signals: self.clone(),
        }
    }

    /// Whether SIGTERM or SIGHUP has arrived (and not been taken yet).
    pub fn terminate_requested(&self) -> bool {
        self.terminate.load(Ordering::SeqCst)
    }

    /// The action for a signal that arrived since the last look, if any. Each signal is
    /// reported once.
    pub fn take(&self) -> Option<Action> {
        if self.terminate.swap(false, Ordering::SeqCst) {
            Some(Action::Terminate)
        } else if self.interrupt.swap(false, Ordering::SeqCst) {
            Some(Action::Interrupt)
        } else if self.suspend.swap(false, Ordering::SeqCst) {
            Some(Action::Suspend)
        } else {
            None
        }
    }
}

/// Stops this process (SIGSTOP, which cannot be caught) until the shell continues it.
pub fn stop_here() -> io::Result<()> {
    // SAFETY: raise has no preconditions; SIGSTOP only stops the process.
    match unsafe { libc::raise(libc::SIGSTOP) } {
        0 => Ok(()),
        _ => Err(io::Error::last_os_error()),
    }
}

/// Gives SIGTERM, SIGHUP and SIGTSTP their usual effect back when dropped.
pub struct HeldSignals {
    signals: StopSignals,
}

impl Drop for HeldSignals {
    fn drop(&mut self) {
        self.signals.act_as_usual.store(true, Ordering::SeqCst);
    }
}

/// Waits up to `timeout` (for ever when `None`) for an action from `poll`, looking at the
/// signal flags between slices. `poll(slice)` waits at most `slice` for an action of its own.
pub fn wait_watching_signals(
    signals: &StopSignals,
    timeout: Option<Duration>,
    mut poll: impl FnMut(Duration) -> io::Result<Option<Action>>,
) -> io::Result<Option<Action>> {
    let started = Instant::now();
    loop {
        if let Some(action) = signals.take() {
            return Ok(Some(action));
        }
        let Some(slice) = next_slice(timeout, started.elapsed()) else {
            return Ok(None);
        };
        if let Some(action) = poll(slice)? {
            return Ok(Some(action));
        }
    }
}

/// The next slice of a wait of `timeout` (for ever when `None`) that has `waited` so far:
/// never longer than `CHECK_INTERVAL`; `None` when the wait is over.
fn next_slice(timeout: Option<Duration>, waited: Duration) -> Option<Duration> {
    match timeout {
        None => Some(CHECK_INTERVAL),
        Some(total) if waited >= total => None,
        Some(total) => Some((total - waited).min(CHECK_INTERVAL)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_cover_the_wait_in_short_steps() {
        let ms = Duration::from_millis;
        assert_eq!(next_slice(Some(ms(500)), ms(0)), Some(ms(200)));
        assert_eq!(next_slice(Some(ms(500)), ms(400)), Some(ms(100)));
        assert_eq!(next_slice(Some(ms(500)), ms(500)), None);
        assert_eq!(next_slice(None, ms(10_000)), Some(CHECK_INTERVAL));
    }

    #[test]
    fn a_raised_flag_is_reported_once() {
        let signals = StopSignals {
            interrupt: Arc::new(AtomicBool::new(true)),
            terminate: Arc::new(AtomicBool::new(false)),
            suspend: Arc::new(AtomicBool::new(false)),
            act_as_usual: Arc::new(AtomicBool::new(false)),
        };
        assert_eq!(signals.take(), Some(Action::Interrupt));
        assert_eq!(signals.take(), None);
    }
}

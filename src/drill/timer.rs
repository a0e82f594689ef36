//! The answer timer: a pure state machine that times one spoken answer.
//!
//! It knows the optional prep countdown, pausing, the min/max answer window,
//! STAR part marks and the cues the drill screen reacts to. It draws nothing,
//! reads no keys and never sleeps.
//!
//! Time is injected: every method takes the caller's `now` instead of reading
//! the clock. That keeps the machine deterministic, so the tests can walk
//! through minutes of simulated answering in microseconds and check the
//! arithmetic to the nanosecond, and the terminal loop stays the only place
//! that knows about real time.
//!
//! The caller's loop is expected to look like: `tick(now)` and react to the
//! cues, draw, then wait for a key for at most `until_next_change(now)`.
//! `now` must never go backwards; if it does, spans saturate at zero rather
//! than panic.

use std::time::{Duration, Instant};

use crate::domain::duration::millis;
use crate::domain::star::{Part, PartMap};
pub use crate::domain::window::{Window, Zone};

/// How one answer is timed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimerSettings {
    /// The good range of answer lengths.
    pub window: Window,
    /// Countdown before the answer starts; zero starts answering at once.
    pub prep: Duration,
    /// Whether reaching `window.max()` ends the answer by itself.
    pub auto_stop: bool,
}

/// Where the timer is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Phase {
    /// Counting down before the answer starts.
    Prep,
    /// The answer is running.
    Answering,
    /// The answer clock is held; the time spent here is counted separately.
    Paused,
    /// The answer is done and will be recorded.
    Finished,
    /// The user gave up on this answer.
    Aborted,
}

impl Phase {
    /// Whether the timer has stopped for good (finished or aborted).
    pub fn is_stopped(self) -> bool {
        matches!(self, Phase::Finished | Phase::Aborted)
    }
}

/// The moment, in answer time, at which the speaker started one STAR part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    /// The part that started.
    pub part: Part,
    /// Answer time when it started; time spent paused is not included.
    pub at: Duration,
}

/// Something that just happened which the screen may announce (a beep, a flash).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cue {
    /// Prep ended (by running out or by `skip_prep`) and the answer began.
    AnswerStarted,
    /// Answer time reached `min` for the first time.
    MinReached,
    /// Answer time reached `max` for the first time.
    MaxReached,
    /// With `auto_stop`, the timer finished itself at exactly `max`.
    AutoStopped,
}

/// The phase together with the instant its running span began, so that a
/// phase can never be missing the instant it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// The answer clock will start at `ends_at`. Answer time is measured from
    /// here rather than from whichever tick notices, so a late tick loses nothing.
    Prep {
        ends_at: Instant,
    },
    Answering {
        since: Instant,
    },
    Paused {
        since: Instant,
    },
    Finished,
    Aborted,
}

/// Times one answer. See the module docs for how the caller drives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timer {
    settings: TimerSettings,
    state: State,
    /// Answer time from stretches already closed by a pause or a stop.
    answer_banked: Duration,
    /// Paused time from pauses already resumed or closed by a stop.
    paused_banked: Duration,
    /// Each cue fires once ever, even if answer time is later re-examined.
    min_cued: bool,
    max_cued: bool,
    /// One mark a part, so re-marking moves it.
    marks: PartMap<Option<Duration>>,
    /// Cues noticed by any method, held until `tick` or `skip_prep` hands
    /// them out, so a key pressed just before a tick never swallows one.
    pending: Vec<Cue>,
    /// Whether the answer has begun (prep is over), so one given up during
    /// the countdown can be told from one given up at 0:00.
    began: bool,
}

impl Timer {
    /// Starts timing at `now`: in prep if `settings.prep` is non-zero,
    /// otherwise answering at once (and then no `AnswerStarted` cue is given,
    /// since the caller started the answer itself).
    pub fn new(settings: TimerSettings, now: Instant) -> Timer {
        let state = if settings.prep.is_zero() {
            State::Answering { since: now }
        } else {
            State::Prep {
                ends_at: now + settings.prep,
            }
        };
        let mut timer = Timer {
            settings,
            state,
            answer_banked: Duration::ZERO,
            paused_banked: Duration::ZERO,
            min_cued: false,
            max_cued: false,
            marks: PartMap::default(),
            pending: Vec::new(),
            began: settings.prep.is_zero(),
        };
        // A zero min is reached the instant answering starts; queue that cue now.
        timer.advance(now);
        timer
    }

    /// Brings the timer up to `now` and returns the cues that happened since
    /// the last call, in the order they happened. Several can come at once
    /// when a tick is late (prep end, min and max in one go).
    #[must_use = "cues are handed out only once"]
    pub fn tick(&mut self, now: Instant) -> Vec<Cue> {
        self.advance(now);
        std::mem::take(&mut self.pending)
    }

    /// Ends prep early: the answer starts at `now`. Returns cues like `tick`
    /// does; outside prep it changes nothing but still hands out pending cues.
    #[must_use = "cues are handed out only once"]
    pub fn skip_prep(&mut self, now: Instant) -> Vec<Cue> {
        self.advance(now);
        if let State::Prep { .. } = self.state {
            self.state = State::Prep { ends_at: now };
        }
        self.tick(now)
    }

    /// Pauses a running answer or resumes a paused one; ignored in other phases.
    pub fn toggle_pause(&mut self, now: Instant) {
        self.advance(now);
        match self.state {
            State::Answering { since } => {
                self.answer_banked += now.saturating_duration_since(since);
                self.state = State::Paused { since: now };
            }
            State::Paused { since } => {
                self.paused_banked += now.saturating_duration_since(since);
                self.state = State::Answering { since: now };
            }
            State::Prep { .. } | State::Finished | State::Aborted => {}
        }
    }

    /// Marks `part` as starting at the current answer time. Marking a part
    /// again moves its mark. Ignored unless answering or paused, and for a part
    /// that is not scored.
    pub fn mark(&mut self, part: Part, now: Instant) {
        self.advance(now);
        if part.is_scored() && matches!(self.phase(), Phase::Answering | Phase::Paused) {
            self.marks[part] = Some(self.answer_elapsed(now));
        }
    }

    /// Marks the part after the current one (Situation if nothing is marked
    /// yet) and returns it. Returns `None` and marks nothing after Result or
    /// when marking is not allowed in this phase.
    pub fn mark_next(&mut self, now: Instant) -> Option<Part> {
        self.advance(now);
        if !matches!(self.phase(), Phase::Answering | Phase::Paused) {
            return None;
        }
        let next = match self.current_part() {
            None => Part::SCORED.first().copied(),
            Some(current) => current.next_scored(),
        }?;
        self.mark(next, now);
        Some(next)
    }

    /// Ends the answer normally. Does nothing in prep (the caller maps Enter
    /// there to `skip_prep`) or once stopped.
    pub fn finish(&mut self, now: Instant) {
        self.advance(now);
        if matches!(self.phase(), Phase::Answering | Phase::Paused) {
            self.close_running_span(now);
            self.state = State::Finished;
        }
    }

    /// Gives up on the answer, keeping the answer and paused time so far.
    /// Works from prep too; does nothing once stopped.
    pub fn abort(&mut self, now: Instant) {
        self.advance(now);
        if !self.phase().is_stopped() {
            self.close_running_span(now);
            self.state = State::Aborted;
        }
    }

    /// Whether the answer has begun: the countdown is over (or there was none).
    pub fn started(&self) -> bool {
        self.began
    }

    /// The current phase, as of the last method call that took `now`.
    pub fn phase(&self) -> Phase {
        match self.state {
            State::Prep { .. } => Phase::Prep,
            State::Answering { .. } => Phase::Answering,
            State::Paused { .. } => Phase::Paused,
            State::Finished => Phase::Finished,
            State::Aborted => Phase::Aborted,
        }
    }

    /// Time spent answering, without pauses; frozen once stopped. With
    /// `auto_stop` it never exceeds `max`, even before the tick that stops it.
    pub fn answer_elapsed(&self, now: Instant) -> Duration {
        let running = match self.state {
            // Counts from the scheduled prep end once `now` is past it, even unticked.
            State::Prep { ends_at } => now.saturating_duration_since(ends_at),
            State::Answering { since } => now.saturating_duration_since(since),
            State::Paused { .. } | State::Finished | State::Aborted => Duration::ZERO,
        };
        let answer = self.answer_banked + running;
        if self.settings.auto_stop {
            answer.min(self.settings.window.max())
        } else {
            answer
        }
    }

    /// Total time spent paused, including a pause still in progress.
    pub fn paused_elapsed(&self, now: Instant) -> Duration {
        match self.state {
            State::Paused { since } => self.paused_banked + now.saturating_duration_since(since),
            _ => self.paused_banked,
        }
    }

    /// `answer_elapsed` in whole milliseconds (truncated), as records store it.
    pub fn answer_ms(&self, now: Instant) -> u64 {
        whole_millis(self.answer_elapsed(now))
    }

    /// `paused_elapsed` in whole milliseconds (truncated), as records store it.
    pub fn paused_ms(&self, now: Instant) -> u64 {
        whole_millis(self.paused_elapsed(now))
    }

    /// Prep time left; zero outside prep.
    pub fn prep_remaining(&self, now: Instant) -> Duration {
        match self.state {
            State::Prep { ends_at } => ends_at.saturating_duration_since(now),
            _ => Duration::ZERO,
        }
    }

    /// Where the answer so far falls relative to the window.
    pub fn zone(&self, now: Instant) -> Zone {
        self.settings.window.zone(self.answer_elapsed(now))
    }

    /// The marks, earliest first; marks at the same time come in S, T, A, R order.
    pub fn marks(&self) -> Vec<Mark> {
        let mut marks: Vec<Mark> = self
            .marks
            .present()
            .map(|(part, &at)| Mark { part, at })
            .collect();
        // Stable, so ties keep the S, T, A, R order they were collected in.
        marks.sort_by_key(|mark| mark.at);
        marks
    }

    /// The part being told now: the one with the latest mark (on a tie, the
    /// later in S, T, A, R order). `None` before any mark.
    pub fn current_part(&self) -> Option<Part> {
        self.marks().last().map(|mark| mark.part)
    }

    /// How long the caller may wait for a key before the screen needs
    /// redrawing: until the prep countdown's displayed second changes (it
    /// shows remaining time rounded up), or until the answer clock's
    /// displayed second changes (m:ss, truncated), `min` or `max`, whichever
    /// is first. `None` while paused or stopped: only a key changes anything.
    ///
    /// Right after `tick(now)` this is never zero, even exactly on a
    /// boundary. It is `Some(Duration::ZERO)` only when something is already
    /// due that only `tick` delivers (a phase change or a pending cue).
    pub fn until_next_change(&self, now: Instant) -> Option<Duration> {
        let mut settled = self.clone();
        settled.advance(now);
        if !settled.pending.is_empty() || settled.state != self.state {
            return Some(Duration::ZERO);
        }
        match settled.state {
            State::Prep { ends_at } => {
                // Positive: a prep that had run out would have been advanced away.
                let remaining = ends_at.saturating_duration_since(now);
                let shown_secs = ceil_secs(remaining);
                Some(remaining - Duration::from_secs(shown_secs - 1))
            }
            State::Answering { .. } => {
                let answer = settled.answer_elapsed(now);
                let window = settled.settings.window;
                // Every target is strictly after `answer`, so the wait is never zero.
                [
                    Some(Duration::from_secs(answer.as_secs() + 1)),
                    (window.min() > answer).then_some(window.min()),
                    (window.max() > answer).then_some(window.max()),
                ]
                .into_iter()
                .flatten()
                .min()
                .map(|target| target - answer)
            }
            State::Paused { .. } | State::Finished | State::Aborted => None,
        }
    }

    /// The answer window this timer judges against.
    pub fn window(&self) -> Window {
        self.settings.window
    }

    /// The settings this timer was built with.
    pub fn settings(&self) -> TimerSettings {
        self.settings
    }

    /// Applies whatever `now` has made due (prep end, min, max, auto-stop) and
    /// queues the cues. Every `&mut` method starts here, so a key handled
    /// before the loop's tick still sees the true phase.
    fn advance(&mut self, now: Instant) {
        if let State::Prep { ends_at } = self.state
            && now >= ends_at
        {
            self.state = State::Answering { since: ends_at };
            self.began = true;
            self.pending.push(Cue::AnswerStarted);
        }
        if let State::Answering { since } = self.state {
            let window = self.settings.window;
            let answer = self.answer_banked + now.saturating_duration_since(since);
            if !self.min_cued && answer >= window.min() {
                self.min_cued = true;
                self.pending.push(Cue::MinReached);
            }
            if !self.max_cued && answer >= window.max() {
                self.max_cued = true;
                self.pending.push(Cue::MaxReached);
                if self.settings.auto_stop {
                    // The answer ended at max, not at whichever later tick noticed.
                    self.answer_banked = window.max();
                    self.state = State::Finished;
                    self.pending.push(Cue::AutoStopped);
                }
            }
        }
    }

    /// Banks the span running in the current phase, before leaving it for good.
    fn close_running_span(&mut self, now: Instant) {
        match self.state {
            State::Answering { since } => {
                self.answer_banked += now.saturating_duration_since(since);
            }
            State::Paused { since } => {
                self.paused_banked += now.saturating_duration_since(since);
            }
            State::Prep { .. } | State::Finished | State::Aborted => {}
        }
    }
}

fn whole_millis(duration: Duration) -> u64 {
    millis(duration)
}

/// Whole seconds, rounded up: what the prep countdown displays.
fn ceil_secs(duration: Duration) -> u64 {
    duration.as_secs() + u64::from(duration.subsec_nanos() > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NS: Duration = Duration::from_nanos(1);

    fn secs(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    fn settings(min: Duration, max: Duration, prep: Duration, auto_stop: bool) -> TimerSettings {
        TimerSettings {
            window: Window::new(min, max).unwrap(),
            prep,
            auto_stop,
        }
    }

    /// A 1–2 minute window, no prep, no auto-stop, started at the returned instant.
    fn answering() -> (Timer, Instant) {
        let start = Instant::now();
        let timer = Timer::new(settings(secs(60), secs(120), Duration::ZERO, false), start);
        (timer, start)
    }

    fn prepping(prep: Duration) -> (Timer, Instant) {
        let start = Instant::now();
        let timer = Timer::new(settings(secs(60), secs(120), prep, false), start);
        (timer, start)
    }

    fn parts(marks: &[Mark]) -> Vec<Part> {
        marks.iter().map(|mark| mark.part).collect()
    }

    // --- starting and prep ---

    #[test]
    fn without_prep_the_answer_runs_from_creation_with_no_start_cue() {
        let (mut timer, start) = answering();
        assert_eq!(timer.phase(), Phase::Answering);
        assert_eq!(timer.answer_elapsed(start + ms(1500)), ms(1500));
        assert_eq!(timer.tick(start + ms(1500)), vec![]);
        assert_eq!(timer.prep_remaining(start + ms(1500)), Duration::ZERO);
    }

    #[test]
    fn prep_counts_down_while_the_answer_clock_stays_at_zero() {
        let (mut timer, start) = prepping(secs(5));
        assert_eq!(timer.phase(), Phase::Prep);
        assert_eq!(timer.prep_remaining(start), secs(5));
        assert_eq!(timer.tick(start + ms(3200)), vec![]);
        assert_eq!(timer.phase(), Phase::Prep);
        assert_eq!(timer.prep_remaining(start + ms(3200)), ms(1800));
        assert_eq!(timer.answer_elapsed(start + ms(3200)), Duration::ZERO);
        assert_eq!(timer.zone(start + ms(3200)), Zone::TooShort);
    }

    #[test]
    fn prep_ends_into_answering_exactly_at_its_end() {
        let (mut timer, start) = prepping(secs(5));
        assert_eq!(timer.tick(start + secs(5) - NS), vec![]);
        assert_eq!(timer.tick(start + secs(5)), vec![Cue::AnswerStarted]);
        assert_eq!(timer.phase(), Phase::Answering);
        assert_eq!(timer.prep_remaining(start + secs(5)), Duration::ZERO);
        assert_eq!(timer.answer_elapsed(start + secs(7)), secs(2));
        assert_eq!(timer.tick(start + secs(7)), vec![], "start cue fires once");
    }

    #[test]
    fn a_late_tick_after_prep_loses_no_answer_time() {
        let (mut timer, start) = prepping(secs(5));
        let late = start + secs(5) + ms(700);
        assert_eq!(
            timer.answer_elapsed(late),
            ms(700),
            "counts before the tick too"
        );
        assert_eq!(timer.tick(late), vec![Cue::AnswerStarted]);
        assert_eq!(timer.answer_elapsed(late), ms(700));
    }

    #[test]
    fn a_very_late_tick_delivers_every_missed_cue_in_order() {
        let start = Instant::now();
        let mut timer = Timer::new(settings(secs(60), secs(120), secs(10), false), start);
        let cues = timer.tick(start + secs(10) + secs(150));
        assert_eq!(
            cues,
            vec![Cue::AnswerStarted, Cue::MinReached, Cue::MaxReached]
        );
        assert_eq!(timer.zone(start + secs(160)), Zone::Over);
    }

    #[test]
    fn skip_prep_starts_the_answer_at_that_moment() {
        let (mut timer, start) = prepping(secs(10));
        let skipped_at = start + ms(2300);
        assert_eq!(timer.skip_prep(skipped_at), vec![Cue::AnswerStarted]);
        assert_eq!(timer.phase(), Phase::Answering);
        assert_eq!(timer.prep_remaining(skipped_at), Duration::ZERO);
        assert_eq!(timer.answer_elapsed(skipped_at + secs(4)), secs(4));
        // The original prep end passing must not restart or re-announce the answer.
        assert_eq!(timer.tick(start + secs(11)), vec![]);
        assert_eq!(timer.answer_elapsed(start + secs(11)), secs(11) - ms(2300));
    }

    #[test]
    fn skip_prep_outside_prep_changes_nothing() {
        let (mut timer, start) = answering();
        let before = timer.answer_elapsed(start + secs(3));
        assert_eq!(timer.skip_prep(start + secs(3)), vec![]);
        assert_eq!(timer.phase(), Phase::Answering);
        assert_eq!(timer.answer_elapsed(start + secs(3)), before);
    }

    #[test]
    fn pause_mark_and_finish_are_ignored_during_prep() {
        let (mut timer, start) = prepping(secs(5));
        timer.toggle_pause(start + secs(1));
        timer.mark(Part::Situation, start + secs(2));
        assert_eq!(timer.mark_next(start + secs(2)), None);
        timer.finish(start + secs(3));
        assert_eq!(timer.phase(), Phase::Prep);
        assert!(timer.marks().is_empty());
        assert_eq!(timer.tick(start + secs(5)), vec![Cue::AnswerStarted]);
        assert_eq!(timer.paused_elapsed(start + secs(6)), Duration::ZERO);
    }

    #[test]
    fn a_key_pressed_after_prep_ran_out_but_before_the_tick_acts_on_the_answer() {
        let (mut timer, start) = prepping(secs(5));
        timer.mark(Part::Situation, start + secs(6));
        assert_eq!(timer.phase(), Phase::Answering);
        assert_eq!(
            timer.marks(),
            vec![Mark {
                part: Part::Situation,
                at: secs(1)
            }]
        );
        // The start cue is not swallowed by the key; the next tick hands it out.
        assert_eq!(timer.tick(start + secs(6)), vec![Cue::AnswerStarted]);
    }

    #[test]
    fn a_zero_min_is_reached_as_the_answer_starts() {
        let start = Instant::now();
        let mut timer = Timer::new(settings(Duration::ZERO, secs(60), secs(3), false), start);
        assert_eq!(timer.zone(start), Zone::InWindow);
        assert_eq!(
            timer.skip_prep(start + secs(1)),
            vec![Cue::AnswerStarted, Cue::MinReached]
        );

        let mut no_prep = Timer::new(
            settings(Duration::ZERO, secs(60), Duration::ZERO, false),
            start,
        );
        assert_eq!(no_prep.tick(start), vec![Cue::MinReached]);
    }

    // --- pausing ---

    #[test]
    fn a_pause_holds_the_answer_clock_and_counts_separately() {
        let (mut timer, start) = answering();
        timer.toggle_pause(start + secs(10));
        assert_eq!(timer.phase(), Phase::Paused);
        assert_eq!(timer.answer_elapsed(start + secs(25)), secs(10));
        assert_eq!(
            timer.paused_elapsed(start + secs(25)),
            secs(15),
            "pause in progress counts"
        );
        timer.toggle_pause(start + secs(30));
        assert_eq!(timer.phase(), Phase::Answering);
        assert_eq!(timer.answer_elapsed(start + secs(35)), secs(15));
        assert_eq!(timer.paused_elapsed(start + secs(35)), secs(20));
    }

    #[test]
    fn a_three_minute_answer_with_many_pauses_accounts_for_every_nanosecond() {
        let (mut timer, start) = answering();
        let mut now = start;
        let mut answered = Duration::ZERO;
        let mut paused = Duration::ZERO;
        let mut heard = Vec::new();
        let mut step: u64 = 0;
        while answered < secs(180) {
            step += 1;
            // Uneven spans with odd nanoseconds, so rounding anywhere would show.
            let talk =
                ms(700 + (step * 379) % 4100) + Duration::from_nanos(step * 7919 % 1_000_000);
            let talk = talk.min(secs(180) - answered);
            now += talk;
            answered += talk;
            timer.toggle_pause(now);
            assert_eq!(timer.phase(), Phase::Paused);

            let rest =
                ms(50 + (step * 613) % 2900) + Duration::from_nanos(step * 104_729 % 1_000_000);
            now += rest;
            paused += rest;
            heard.extend(timer.tick(now));
            timer.toggle_pause(now);

            assert_eq!(timer.answer_elapsed(now), answered);
            assert_eq!(timer.paused_elapsed(now), paused);
            assert_eq!(
                timer.answer_elapsed(now) + timer.paused_elapsed(now),
                now - start
            );
        }
        assert!(
            step > 50,
            "the walk should pause many times, paused {step} times"
        );
        assert_eq!(heard, vec![Cue::MinReached, Cue::MaxReached]);
        timer.finish(now);
        assert_eq!(timer.answer_elapsed(now + secs(99)), secs(180));
        assert_eq!(timer.paused_elapsed(now + secs(99)), paused);
        assert_eq!(timer.answer_ms(now), 180_000);
        assert_eq!(
            timer.paused_ms(now),
            u64::try_from(paused.as_millis()).unwrap()
        );
    }

    #[test]
    fn no_cues_fire_while_paused_and_they_fire_on_time_after_resuming() {
        let (mut timer, start) = answering();
        timer.toggle_pause(start + secs(50));
        assert_eq!(
            timer.tick(start + secs(500)),
            vec![],
            "the answer is held at 50s"
        );
        assert_eq!(timer.zone(start + secs(500)), Zone::TooShort);
        timer.toggle_pause(start + secs(500));
        assert_eq!(timer.tick(start + secs(510) - NS), vec![]);
        assert_eq!(timer.tick(start + secs(510)), vec![Cue::MinReached]);
    }

    #[test]
    fn pausing_is_ignored_once_stopped() {
        let (mut timer, start) = answering();
        timer.finish(start + secs(70));
        timer.toggle_pause(start + secs(71));
        assert_eq!(timer.phase(), Phase::Finished);
        assert_eq!(timer.paused_elapsed(start + secs(90)), Duration::ZERO);
    }

    // --- window and cues ---

    #[test]
    fn zone_boundaries_are_inclusive_at_min_and_max() {
        let (timer, start) = answering();
        assert_eq!(timer.zone(start), Zone::TooShort);
        assert_eq!(timer.zone(start + secs(60) - NS), Zone::TooShort);
        assert_eq!(timer.zone(start + secs(60) - ms(1)), Zone::TooShort);
        assert_eq!(timer.zone(start + secs(60)), Zone::InWindow);
        assert_eq!(timer.zone(start + secs(120)), Zone::InWindow);
        assert_eq!(timer.zone(start + secs(120) + NS), Zone::Over);
        assert_eq!(timer.zone(start + secs(120) + ms(1)), Zone::Over);
    }

    #[test]
    fn min_and_max_cue_once_each_on_the_tick_that_reaches_them() {
        let (mut timer, start) = answering();
        let mut heard = Vec::new();
        // A quarter-second tick for four minutes, landing exactly on 60s and 120s.
        for quarter in 0..=(4 * 60 * 4) {
            let now = start + ms(250 * quarter);
            for cue in timer.tick(now) {
                heard.push((cue, now - start));
            }
        }
        assert_eq!(
            heard,
            vec![(Cue::MinReached, secs(60)), (Cue::MaxReached, secs(120))]
        );
        assert_eq!(
            timer.phase(),
            Phase::Answering,
            "without auto-stop it keeps going"
        );
        assert_eq!(timer.zone(start + secs(240)), Zone::Over);
    }

    #[test]
    fn a_tick_that_jumps_past_min_and_max_fires_both_in_order() {
        let (mut timer, start) = answering();
        assert_eq!(timer.tick(start + secs(30)), vec![]);
        assert_eq!(
            timer.tick(start + secs(200)),
            vec![Cue::MinReached, Cue::MaxReached]
        );
        assert_eq!(timer.tick(start + secs(201)), vec![]);
    }

    #[test]
    fn equal_min_and_max_fire_both_cues_at_that_instant() {
        let start = Instant::now();
        let mut timer = Timer::new(settings(secs(90), secs(90), Duration::ZERO, false), start);
        assert_eq!(timer.tick(start + secs(90) - NS), vec![]);
        assert_eq!(
            timer.tick(start + secs(90)),
            vec![Cue::MinReached, Cue::MaxReached]
        );
        assert_eq!(timer.zone(start + secs(90)), Zone::InWindow);
    }

    #[test]
    fn cues_noticed_by_a_key_press_wait_for_the_next_tick() {
        let (mut timer, start) = answering();
        timer.toggle_pause(start + secs(65));
        assert_eq!(timer.tick(start + secs(66)), vec![Cue::MinReached]);
        assert_eq!(timer.tick(start + secs(67)), vec![]);
    }

    #[test]
    fn auto_stop_finishes_at_exactly_max_even_when_the_tick_is_late() {
        let start = Instant::now();
        let mut timer = Timer::new(settings(secs(60), secs(120), Duration::ZERO, true), start);
        let late = start + secs(125) + ms(3);
        assert_eq!(
            timer.answer_elapsed(late),
            secs(120),
            "capped before the tick notices"
        );
        assert_eq!(
            timer.tick(late),
            vec![Cue::MinReached, Cue::MaxReached, Cue::AutoStopped]
        );
        assert_eq!(timer.phase(), Phase::Finished);
        assert_eq!(timer.answer_elapsed(late + secs(60)), secs(120));
        assert_eq!(timer.answer_ms(late), 120_000);
        assert_eq!(timer.zone(late), Zone::InWindow);
    }

    #[test]
    fn auto_stop_counts_only_answer_time_not_pauses() {
        let start = Instant::now();
        let mut timer = Timer::new(settings(secs(60), secs(120), Duration::ZERO, true), start);
        timer.toggle_pause(start + secs(100));
        timer.toggle_pause(start + secs(130));
        assert_eq!(timer.tick(start + secs(150) - NS), vec![Cue::MinReached]);
        assert_eq!(timer.phase(), Phase::Answering);
        assert_eq!(
            timer.tick(start + secs(150)),
            vec![Cue::MaxReached, Cue::AutoStopped]
        );
        assert_eq!(timer.paused_elapsed(start + secs(200)), secs(30));
    }

    #[test]
    fn auto_stop_wins_over_a_late_finish() {
        let start = Instant::now();
        let mut timer = Timer::new(settings(secs(60), secs(120), Duration::ZERO, true), start);
        timer.finish(start + secs(130));
        assert_eq!(timer.phase(), Phase::Finished);
        assert_eq!(timer.answer_elapsed(start + secs(130)), secs(120));
        assert_eq!(
            timer.tick(start + secs(130)),
            vec![Cue::MinReached, Cue::MaxReached, Cue::AutoStopped]
        );
    }

    // --- marks ---

    #[test]
    fn marks_made_in_any_order_come_back_sorted_by_time() {
        let (mut timer, start) = answering();
        timer.mark(Part::Action, start + secs(40));
        timer.mark(Part::Situation, start + secs(2));
        timer.mark(Part::Result, start + secs(75));
        timer.mark(Part::Task, start + secs(20));
        assert_eq!(
            timer.marks(),
            vec![
                Mark {
                    part: Part::Situation,
                    at: secs(2)
                },
                Mark {
                    part: Part::Task,
                    at: secs(20)
                },
                Mark {
                    part: Part::Action,
                    at: secs(40)
                },
                Mark {
                    part: Part::Result,
                    at: secs(75)
                },
            ]
        );
        assert_eq!(timer.current_part(), Some(Part::Result));
    }

    #[test]
    fn marks_out_of_star_order_sort_by_time_not_by_part() {
        let (mut timer, start) = answering();
        timer.mark(Part::Result, start + secs(5));
        timer.mark(Part::Situation, start + secs(9));
        assert_eq!(parts(&timer.marks()), vec![Part::Result, Part::Situation]);
        assert_eq!(timer.current_part(), Some(Part::Situation));
    }

    #[test]
    fn marking_a_part_again_moves_its_mark() {
        let (mut timer, start) = answering();
        timer.mark(Part::Situation, start + secs(1));
        timer.mark(Part::Task, start + secs(10));
        timer.mark(Part::Situation, start + secs(30));
        assert_eq!(
            timer.marks(),
            vec![
                Mark {
                    part: Part::Task,
                    at: secs(10)
                },
                Mark {
                    part: Part::Situation,
                    at: secs(30)
                },
            ]
        );
        assert_eq!(timer.current_part(), Some(Part::Situation));
    }

    #[test]
    fn marks_at_the_same_time_tie_in_star_order() {
        let (mut timer, start) = answering();
        timer.toggle_pause(start + secs(8));
        timer.mark(Part::Action, start + secs(9));
        timer.mark(Part::Task, start + secs(12));
        assert_eq!(parts(&timer.marks()), vec![Part::Task, Part::Action]);
        assert_eq!(timer.current_part(), Some(Part::Action));
    }

    #[test]
    fn mark_next_walks_s_t_a_r_then_stops() {
        let (mut timer, start) = answering();
        assert_eq!(timer.current_part(), None);
        let mut walked = Vec::new();
        for second in 1..=4 {
            walked.push(timer.mark_next(start + secs(second * 10)));
        }
        assert_eq!(
            walked,
            vec![
                Some(Part::Situation),
                Some(Part::Task),
                Some(Part::Action),
                Some(Part::Result)
            ]
        );
        assert_eq!(timer.mark_next(start + secs(50)), None);
        let marks = timer.marks();
        assert_eq!(marks.len(), 4);
        assert_eq!(
            marks[3],
            Mark {
                part: Part::Result,
                at: secs(40)
            },
            "R did not move"
        );
    }

    #[test]
    fn mark_next_continues_from_the_latest_mark() {
        let (mut timer, start) = answering();
        timer.mark(Part::Action, start + secs(5));
        assert_eq!(timer.mark_next(start + secs(8)), Some(Part::Result));
        timer.mark(Part::Situation, start + secs(9));
        assert_eq!(timer.mark_next(start + secs(12)), Some(Part::Task));
    }

    #[test]
    fn marks_during_a_pause_use_the_held_answer_time() {
        let (mut timer, start) = answering();
        timer.toggle_pause(start + secs(20));
        timer.mark(Part::Situation, start + secs(45));
        assert_eq!(timer.mark_next(start + secs(50)), Some(Part::Task));
        assert_eq!(
            timer.marks(),
            vec![
                Mark {
                    part: Part::Situation,
                    at: secs(20)
                },
                Mark {
                    part: Part::Task,
                    at: secs(20)
                },
            ]
        );
        timer.toggle_pause(start + secs(60));
        timer.mark(Part::Action, start + secs(65));
        assert_eq!(
            timer.marks()[2],
            Mark {
                part: Part::Action,
                at: secs(25)
            }
        );
    }

    #[test]
    fn marks_are_ignored_once_stopped() {
        let (mut finished, start) = answering();
        finished.mark(Part::Situation, start + secs(1));
        finished.finish(start + secs(61));
        finished.mark(Part::Task, start + secs(62));
        assert_eq!(finished.mark_next(start + secs(63)), None);
        assert_eq!(parts(&finished.marks()), vec![Part::Situation]);

        let (mut aborted, start) = answering();
        aborted.abort(start + secs(5));
        aborted.mark(Part::Situation, start + secs(6));
        assert_eq!(aborted.mark_next(start + secs(7)), None);
        assert!(aborted.marks().is_empty());
    }

    // --- finishing and aborting ---

    #[test]
    fn finish_freezes_the_answer_time() {
        let (mut timer, start) = answering();
        timer.finish(start + ms(75_250));
        assert_eq!(timer.phase(), Phase::Finished);
        assert_eq!(timer.answer_elapsed(start + secs(500)), ms(75_250));
        assert_eq!(timer.answer_ms(start + secs(500)), 75_250);
        assert_eq!(timer.zone(start + secs(500)), Zone::InWindow);
        assert_eq!(timer.tick(start + secs(500)), vec![Cue::MinReached]);
        assert_eq!(
            timer.tick(start + secs(501)),
            vec![],
            "no max cue after stopping"
        );
    }

    #[test]
    fn finishing_while_paused_counts_the_pause_up_to_the_finish() {
        let (mut timer, start) = answering();
        timer.toggle_pause(start + secs(70));
        timer.finish(start + secs(80));
        assert_eq!(timer.phase(), Phase::Finished);
        assert_eq!(timer.answer_elapsed(start + secs(200)), secs(70));
        assert_eq!(timer.paused_elapsed(start + secs(200)), secs(10));
    }

    #[test]
    fn abort_during_prep_keeps_zero_answer_time() {
        let (mut timer, start) = prepping(secs(5));
        timer.abort(start + secs(2));
        assert_eq!(timer.phase(), Phase::Aborted);
        assert_eq!(timer.prep_remaining(start + secs(2)), Duration::ZERO);
        assert_eq!(timer.answer_elapsed(start + secs(60)), Duration::ZERO);
        assert_eq!(
            timer.tick(start + secs(60)),
            vec![],
            "the answer never starts"
        );
        assert_eq!(timer.phase(), Phase::Aborted);
    }

    #[test]
    fn abort_while_answering_keeps_the_time_so_far() {
        let (mut timer, start) = answering();
        timer.mark(Part::Situation, start + secs(3));
        timer.abort(start + ms(42_500));
        assert_eq!(timer.phase(), Phase::Aborted);
        assert_eq!(timer.answer_elapsed(start + secs(300)), ms(42_500));
        assert_eq!(timer.marks().len(), 1, "marks survive an abort");
    }

    #[test]
    fn abort_while_paused_keeps_answer_and_pause_time() {
        let (mut timer, start) = answering();
        timer.toggle_pause(start + secs(30));
        timer.abort(start + secs(45));
        assert_eq!(timer.phase(), Phase::Aborted);
        assert_eq!(timer.answer_elapsed(start + secs(300)), secs(30));
        assert_eq!(timer.paused_elapsed(start + secs(300)), secs(15));
    }

    #[test]
    fn nothing_changes_a_stopped_timer() {
        let (mut finished, start) = answering();
        finished.finish(start + secs(90));
        let _ = finished.tick(start + secs(90));
        let snapshot = finished.clone();
        finished.abort(start + secs(95));
        finished.finish(start + secs(96));
        finished.toggle_pause(start + secs(97));
        assert_eq!(finished.skip_prep(start + secs(98)), vec![]);
        assert_eq!(finished.tick(start + secs(99)), vec![]);
        assert_eq!(finished, snapshot);
        assert_eq!(finished.phase(), Phase::Finished);

        let (mut aborted, start) = answering();
        aborted.abort(start + secs(10));
        let snapshot = aborted.clone();
        aborted.finish(start + secs(20));
        aborted.abort(start + secs(30));
        assert_eq!(aborted, snapshot);
        assert_eq!(aborted.phase(), Phase::Aborted);
    }

    // --- until_next_change ---

    #[test]
    fn prep_waits_until_the_rounded_up_countdown_changes() {
        let (mut timer, start) = prepping(secs(5));
        let _ = timer.tick(start);
        assert_eq!(
            timer.until_next_change(start),
            Some(secs(1)),
            "5 shown, 4 next"
        );
        // 2.3s left shows 3; it turns to 2 in 0.3s.
        let now = start + ms(2700);
        let _ = timer.tick(now);
        assert_eq!(timer.until_next_change(now), Some(ms(300)));
        // Exactly 3s left: 3 is already shown, the next change is a full second away.
        let now = start + secs(2);
        assert_eq!(timer.until_next_change(now), Some(secs(1)));
        // The last partial second ends with the prep itself.
        let now = start + ms(4600);
        assert_eq!(timer.until_next_change(now), Some(ms(400)));
        assert_eq!(timer.until_next_change(start + secs(5) - NS), Some(NS));
    }

    #[test]
    fn answering_waits_until_the_next_whole_second() {
        let (mut timer, start) = answering();
        let _ = timer.tick(start);
        assert_eq!(timer.until_next_change(start), Some(secs(1)));
        assert_eq!(timer.until_next_change(start + ms(5250)), Some(ms(750)));
        assert_eq!(timer.until_next_change(start + secs(5)), Some(secs(1)));
        assert_eq!(timer.until_next_change(start + secs(5) - NS), Some(NS));
    }

    #[test]
    fn answering_waits_for_min_and_max_between_seconds() {
        let start = Instant::now();
        let window = (ms(30_500), ms(90_250));
        let mut timer = Timer::new(settings(window.0, window.1, Duration::ZERO, false), start);
        assert_eq!(timer.until_next_change(start + ms(30_200)), Some(ms(300)));
        let at_min = start + ms(30_500);
        assert_eq!(timer.tick(at_min), vec![Cue::MinReached]);
        assert_eq!(
            timer.until_next_change(at_min),
            Some(ms(500)),
            "on min: the next second"
        );
        assert_eq!(timer.until_next_change(start + ms(90_100)), Some(ms(150)));
        let at_max = start + ms(90_250);
        assert_eq!(timer.tick(at_max), vec![Cue::MaxReached]);
        assert_eq!(
            timer.until_next_change(at_max),
            Some(ms(750)),
            "on max: the next second"
        );
        assert_eq!(timer.until_next_change(start + secs(300)), Some(secs(1)));
    }

    #[test]
    fn answer_time_counts_from_the_resume_when_waiting_after_a_pause() {
        let (mut timer, start) = answering();
        timer.toggle_pause(start + ms(4600));
        timer.toggle_pause(start + secs(10));
        // Answer time 4.6s at the resume: 0:05 shows 0.4s later.
        assert_eq!(timer.until_next_change(start + secs(10)), Some(ms(400)));
    }

    #[test]
    fn nothing_to_wait_for_while_paused_or_stopped() {
        let (mut paused, start) = answering();
        paused.toggle_pause(start + secs(3));
        assert_eq!(paused.until_next_change(start + secs(4)), None);

        let (mut finished, start) = answering();
        finished.finish(start + secs(3));
        assert_eq!(finished.until_next_change(start + secs(4)), None);

        let (mut aborted, start) = prepping(secs(5));
        aborted.abort(start + secs(1));
        assert_eq!(aborted.until_next_change(start + secs(2)), None);
    }

    #[test]
    fn something_due_but_not_yet_ticked_asks_for_a_tick_now() {
        let (timer, start) = prepping(secs(5));
        assert_eq!(
            timer.until_next_change(start + secs(6)),
            Some(Duration::ZERO)
        );

        let (mut timer, start) = answering();
        timer.mark(Part::Situation, start + secs(61));
        assert_eq!(
            timer.until_next_change(start + secs(61)),
            Some(Duration::ZERO)
        );
        assert_eq!(timer.tick(start + secs(61)), vec![Cue::MinReached]);
        assert_eq!(timer.until_next_change(start + secs(61)), Some(secs(1)));
    }

    #[test]
    fn sleeping_exactly_as_told_never_spins_and_hits_every_boundary() {
        // Uneven prep and window so that boundaries fall between seconds.
        let start = Instant::now();
        let mut timer = Timer::new(settings(ms(30_500), ms(45_250), ms(3_700), true), start);
        let mut now = start;
        let mut heard = Vec::new();
        let mut waits = 0;
        loop {
            for cue in timer.tick(now) {
                heard.push((cue, now - start));
            }
            let Some(wait) = timer.until_next_change(now) else {
                break;
            };
            assert!(wait > Duration::ZERO, "zero wait at {:?}", now - start);
            assert!(
                wait <= secs(1),
                "wait {wait:?} would leave the display stale"
            );
            now += wait;
            waits += 1;
            assert!(waits < 200, "too many wake-ups; the loop is spinning");
        }
        let prep_end = ms(3_700);
        assert_eq!(
            heard,
            vec![
                (Cue::AnswerStarted, prep_end),
                (Cue::MinReached, prep_end + ms(30_500)),
                (Cue::MaxReached, prep_end + ms(45_250)),
                (Cue::AutoStopped, prep_end + ms(45_250)),
            ]
        );
        // 4 countdown steps, 45 whole seconds plus the min and max wake-ups.
        assert_eq!(waits, 4 + 45 + 2);
        assert_eq!(timer.phase(), Phase::Finished);
        assert_eq!(timer.answer_elapsed(now), ms(45_250));
    }

    // --- helpers ---

    #[test]
    fn millisecond_helpers_truncate() {
        let (mut timer, start) = answering();
        assert_eq!(timer.answer_ms(start + Duration::from_micros(1999)), 1);
        timer.toggle_pause(start + secs(1));
        assert_eq!(
            timer.paused_ms(start + secs(1) + Duration::from_micros(2999)),
            2
        );
    }

    #[test]
    fn window_zone_matches_the_timer_zone() {
        let window = Window::new(secs(60), secs(120)).unwrap();
        assert_eq!(window.zone(secs(60) - NS), Zone::TooShort);
        assert_eq!(window.zone(secs(60)), Zone::InWindow);
        assert_eq!(window.zone(secs(120)), Zone::InWindow);
        assert_eq!(window.zone(secs(120) + NS), Zone::Over);
        let (timer, _) = answering();
        assert_eq!(timer.window(), window);
        assert!(Phase::Finished.is_stopped() && Phase::Aborted.is_stopped());
        assert!(!Phase::Paused.is_stopped());
    }
}

//! The loop that times one answer, shared by the full-screen and the plain mode.
//!
//! The loop owns no terminal and no clock: keys or lines arrive through `Input`, the screen
//! or progress lines go out through `View`, and time comes from `Clock`. Tests drive it with a
//! scripted input and a fake clock, so minutes of answering run in microseconds.

use std::io;
use std::time::{Duration, Instant};

use super::layout::Snapshot;
use super::timer::{Cue, Mark, Phase, Timer, TimerSettings};
use crate::domain::star::Part;

/// Where the time comes from.
pub trait Clock {
    fn now(&self) -> Instant;
}

/// The real monotonic clock.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }
}

/// What the user did, from a key, a line or a signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Enter (or a line in plain mode): skip the prep, or finish the answer.
    Enter,
    /// The lines on standard input ran out: the answer ends, and one that never began is
    /// given up.
    EndOfInput,
    TogglePause,
    Mark(Part),
    MarkNext,
    /// `q` or Esc: give up on this answer.
    Quit,
    /// Ctrl-C.
    Interrupt,
    /// SIGTERM or SIGHUP: the program is asked to stop.
    Terminate,
    /// The terminal changed size: draw everything again.
    Resize,
    /// Ctrl-Z or SIGTSTP: the person wants the shell back for a while.
    Suspend,
    /// `←`, `→` or a digit: another of the stories offered.
    Choose(Choose),
    /// `c`: show or hide the story's cue card during the answer.
    ToggleCard,
}

/// Which story a choosing key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choose {
    Previous,
    Next,
    /// The story numbered this on the screen, from 1.
    Numbered(usize),
}

/// What the person is offered around the answer: how many stories' cue cards there are,
/// which is chosen at first, and how long after a countdown runs out by itself an Enter is
/// taken as meant for the start (zero for lines, which are never pressed by accident).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Offer {
    pub cards: usize,
    pub chosen: usize,
    pub enter_grace: Duration,
}

impl Offer {
    /// No story to offer, and no grace.
    pub const NONE: Offer = Offer {
        cards: 0,
        chosen: 0,
        enter_grace: Duration::ZERO,
    };
}

/// An Enter this soon after a countdown ran out by itself was meant to start the answer (the
/// person pressed it as the clock reached zero), so it does not also end it.
pub const ENTER_GRACE: Duration = Duration::from_millis(600);

/// Where actions come from.
pub trait Input {
    /// Waits up to `timeout` (for ever when `None`) for the next action; `None` when the time
    /// ran out first.
    fn wait(&mut self, timeout: Option<Duration>) -> io::Result<Option<Action>>;
}

/// Where the drill shows itself.
pub trait View {
    /// Shows the drill as it stands. `full` asks for a complete redraw (after a resize).
    fn show(&mut self, snapshot: &Snapshot, full: bool) -> io::Result<()>;
    /// Announces a moment: the answer starting, min or max reached.
    fn cue(&mut self, cue: Cue, snapshot: &Snapshot) -> io::Result<()>;

    /// Stops the program until it is continued (`fg`), giving the terminal back meanwhile
    /// and taking it again after. True when the answer should stay paused after, for the
    /// person to resume with a key; the default (lines, with no key to resume) only stops,
    /// and the answer goes on when the program does.
    fn suspend(&mut self) -> io::Result<bool> {
        super::signals::stop_here()?;
        Ok(false)
    }
}

/// How an answer ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// Enter, a line, end of input, or `--auto-stop` at max.
    Finished,
    /// `q` or Esc.
    Quit,
    /// Ctrl-C.
    Interrupted,
    /// SIGTERM or SIGHUP.
    Terminated,
}

/// One timed answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub ending: Ending,
    /// Answer time, pauses excluded.
    pub answer: Duration,
    pub paused: Duration,
    pub marks: Vec<Mark>,
    /// Whether the answer began at all (not given up during the countdown).
    pub started: bool,
    /// The story chosen among those offered, when any were and a card was on the screen
    /// (with no preparation and the card never asked for, nothing was chosen).
    pub chosen: Option<usize>,
    /// How long the cue card was on the screen while the answer ran.
    pub card_shown: Duration,
    /// Whether it was ended by the end of the input rather than by the person.
    pub input_ended: bool,
}

/// Which cue card is chosen, whether it is on the screen during the answer, and for how long
/// it has been.
struct CardState {
    offer: Offer,
    /// Since when the card has been on the screen during the answer.
    shown_since: Option<Instant>,
    shown: Duration,
    /// Whether the card was ever on the screen: only then was a story chosen.
    seen: bool,
}

impl CardState {
    fn new(offer: Offer) -> CardState {
        let chosen = offer.chosen.min(offer.cards.saturating_sub(1));
        CardState {
            offer: Offer { chosen, ..offer },
            shown_since: None,
            shown: Duration::ZERO,
            seen: false,
        }
    }

    /// Whether the card is on the screen in `phase`: always while preparing, during the
    /// answer only when asked for.
    fn visible(&self, phase: Phase) -> bool {
        self.offer.cards > 0 && (phase == Phase::Prep || self.shown_since.is_some())
    }

    fn choose(&mut self, choose: Choose) {
        let cards = self.offer.cards;
        if cards == 0 {
            return;
        }
        let chosen = &mut self.offer.chosen;
        *chosen = match choose {
            Choose::Previous => (*chosen + cards - 1) % cards,
            Choose::Next => (*chosen + 1) % cards,
            Choose::Numbered(number) if (1..=cards).contains(&number) => number - 1,
            Choose::Numbered(_) => *chosen,
        };
    }

    fn toggle(&mut self, now: Instant) {
        if self.offer.cards == 0 {
            return;
        }
        match self.shown_since.take() {
            Some(since) => self.shown += now.saturating_duration_since(since),
            None => self.shown_since = Some(now),
        }
    }

    /// The time shown so far, closing the span still open.
    fn shown_until(&self, now: Instant) -> Duration {
        self.shown
            + self
                .shown_since
                .map_or(Duration::ZERO, |since| now.saturating_duration_since(since))
    }

    fn snapshot(&mut self, timer: &Timer, now: Instant) -> Snapshot {
        let mut snapshot = Snapshot::of(timer, now);
        if self.offer.cards > 0 {
            snapshot.chosen = Some(self.offer.chosen);
            snapshot.card_shown = self.visible(timer.phase());
            self.seen |= snapshot.card_shown;
        }
        snapshot
    }
}

/// What listens to the answer while it runs (a recording): it is told, whenever the timer may
/// have changed phase, whether the person is answering now. Only answering time is taped:
/// not the preparation, not a pause, not time suspended.
pub trait Tape {
    fn roll(&mut self, answering: bool);
}

/// The tape of an answer nobody records.
pub struct NoTape;

impl Tape for NoTape {
    fn roll(&mut self, _answering: bool) {}
}

/// Times one answer from `settings`, with the stories of `offer` to choose from, until it is
/// finished or given up.
pub fn time_answer(
    settings: TimerSettings,
    offer: Offer,
    clock: &dyn Clock,
    input: &mut dyn Input,
    view: &mut dyn View,
) -> io::Result<Answer> {
    time_taped_answer(settings, offer, clock, input, view, &mut NoTape)
}

/// [`time_answer`], telling `tape` when the answer runs.
pub fn time_taped_answer(
    settings: TimerSettings,
    offer: Offer,
    clock: &dyn Clock,
    input: &mut dyn Input,
    view: &mut dyn View,
    tape: &mut dyn Tape,
) -> io::Result<Answer> {
    let began = clock.now();
    let mut timer = Timer::new(settings, began);
    let mut cards = CardState::new(offer);
    // When the countdown runs out by itself; None once Enter cut it short.
    let mut prep_end = (!settings.prep.is_zero()).then(|| began + settings.prep);
    let mut ending = Ending::Finished;
    let mut input_ended = false;
    let mut full_redraw = true;
    // A screen that can no longer be drawn on (the terminal went away) ends the answer the
    // way a hang-up does: what was measured is kept, and the drill saves it.
    loop {
        let now = clock.now();
        if announce(timer.tick(now), &timer, now, view).is_err() {
            timer.abort(now);
            ending = Ending::Terminated;
        }
        // Every change of phase comes back here before the next wait: a key's, or time's.
        tape.roll(timer.phase() == Phase::Answering);
        if timer.phase().is_stopped() {
            break;
        }
        if view
            .show(&cards.snapshot(&timer, now), full_redraw)
            .is_err()
        {
            timer.abort(now);
            ending = Ending::Terminated;
            break;
        }
        full_redraw = false;
        let Some(action) = input.wait(timer.until_next_change(now))? else {
            continue;
        };
        let now = clock.now();
        // Deliver what time has already made due before the key changes anything.
        if announce(timer.tick(now), &timer, now, view).is_err() {
            timer.abort(now);
            ending = Ending::Terminated;
            break;
        }
        match action {
            Action::Enter if timer.phase() == Phase::Prep => {
                prep_end = None;
                let cues = timer.skip_prep(now);
                announce(cues, &timer, now, view)?;
            }
            Action::Enter if prep_end.is_some_and(|end| now < end + offer.enter_grace) => {}
            Action::Enter => timer.finish(now),
            Action::EndOfInput => {
                input_ended = true;
                // Input gone before the answer began: nothing was answered.
                timer.finish(now);
                timer.abort(now);
            }
            Action::Choose(choose) if cards.visible(timer.phase()) => cards.choose(choose),
            Action::Choose(_) => {}
            Action::ToggleCard if matches!(timer.phase(), Phase::Answering | Phase::Paused) => {
                cards.toggle(now);
            }
            Action::ToggleCard => {}
            Action::TogglePause => timer.toggle_pause(now),
            Action::Mark(part) => timer.mark(part, now),
            Action::MarkNext => {
                timer.mark_next(now);
            }
            Action::Quit | Action::Interrupt | Action::Terminate => {
                timer.abort(now);
                ending = match action {
                    Action::Quit => Ending::Quit,
                    Action::Interrupt => Ending::Interrupted,
                    _ => Ending::Terminated,
                };
            }
            Action::Resize => full_redraw = true,
            Action::Suspend => {
                // Time away never counts as answering: the answer is held paused, and stays
                // paused after `fg` until the person resumes it.
                if timer.phase() == Phase::Prep {
                    let cues = timer.skip_prep(now);
                    if announce(cues, &timer, now, view).is_err() {
                        timer.abort(now);
                        ending = Ending::Terminated;
                        break;
                    }
                }
                let was_answering = timer.phase() == Phase::Answering;
                if was_answering {
                    timer.toggle_pause(now);
                }
                tape.roll(false);
                match view.suspend() {
                    Ok(stays_paused) => {
                        if was_answering && !stays_paused {
                            timer.toggle_pause(clock.now());
                        }
                    }
                    Err(_) => {
                        timer.abort(clock.now());
                        ending = Ending::Terminated;
                        break;
                    }
                }
                full_redraw = true;
            }
        }
    }
    tape.roll(false);
    let now = clock.now();
    Ok(Answer {
        ending,
        answer: timer.answer_elapsed(now),
        paused: timer.paused_elapsed(now),
        marks: timer.marks(),
        started: timer.started(),
        chosen: cards.seen.then_some(cards.offer.chosen),
        card_shown: cards.shown_until(now),
        input_ended,
    })
}

fn announce(cues: Vec<Cue>, timer: &Timer, now: Instant, view: &mut dyn View) -> io::Result<()> {
    if cues.is_empty() {
        return Ok(());
    }
    let snapshot = Snapshot::of(timer, now);
    for cue in cues {
        view.cue(cue, &snapshot)?;
    }
    Ok(())
}

#[cfg(test)]
pub mod testing {
    //! A fake clock and a scripted input for driving the loop in tests.

    use std::cell::Cell;
    use std::collections::VecDeque;
    use std::rc::Rc;

    use super::*;

    /// A clock that moves only when the scripted input says time passed.
    #[derive(Clone)]
    pub struct FakeClock {
        now: Rc<Cell<Instant>>,
        pub start: Instant,
    }

    impl FakeClock {
        pub fn new() -> FakeClock {
            let start = Instant::now();
            FakeClock {
                now: Rc::new(Cell::new(start)),
                start,
            }
        }

        pub fn elapsed(&self) -> Duration {
            self.now.get() - self.start
        }
    }

    impl Default for FakeClock {
        fn default() -> FakeClock {
            FakeClock::new()
        }
    }

    impl Clock for FakeClock {
        fn now(&self) -> Instant {
            self.now.get()
        }
    }

    /// Actions at set times after the start; waiting moves the fake clock forward.
    pub struct ScriptedInput {
        pub clock: FakeClock,
        pub script: VecDeque<(Duration, Action)>,
        /// Every timeout the loop asked for, to check it never spins.
        pub waits: Vec<Option<Duration>>,
    }

    impl ScriptedInput {
        pub fn new(clock: &FakeClock, script: &[(u64, Action)]) -> ScriptedInput {
            ScriptedInput {
                clock: clock.clone(),
                script: script
                    .iter()
                    .map(|&(ms, action)| (Duration::from_millis(ms), action))
                    .collect(),
                waits: Vec::new(),
            }
        }
    }

    impl Input for ScriptedInput {
        fn wait(&mut self, timeout: Option<Duration>) -> io::Result<Option<Action>> {
            self.waits.push(timeout);
            assert!(self.waits.len() < 100_000, "the loop is spinning");
            let now = self.clock.elapsed();
            match self.script.front() {
                Some(&(at, action)) if timeout.is_none_or(|t| at <= now + t) => {
                    self.script.pop_front();
                    self.clock.now.set(self.clock.start + at.max(now));
                    Ok(Some(action))
                }
                _ => {
                    let timeout = timeout.expect("waiting for ever with nothing scripted");
                    self.clock.now.set(self.clock.now.get() + timeout);
                    Ok(None)
                }
            }
        }
    }

    /// Records what the loop showed and announced.
    #[derive(Default)]
    pub struct RecordingView {
        pub shown: Vec<Snapshot>,
        pub full_redraws: usize,
        pub cues: Vec<(Cue, Duration)>,
    }

    impl View for RecordingView {
        fn show(&mut self, snapshot: &Snapshot, full: bool) -> io::Result<()> {
            self.full_redraws += usize::from(full);
            self.shown.push(snapshot.clone());
            Ok(())
        }

        fn cue(&mut self, cue: Cue, snapshot: &Snapshot) -> io::Result<()> {
            self.cues.push((cue, snapshot.answer));
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testing::*;
    use super::*;
    use crate::drill::layout::Stage;
    use crate::drill::timer::Window;

    fn settings(prep_s: u64, auto_stop: bool) -> TimerSettings {
        TimerSettings {
            window: Window::new(Duration::from_secs(120), Duration::from_secs(180)).unwrap(),
            prep: Duration::from_secs(prep_s),
            auto_stop,
        }
    }

    fn run(
        settings: TimerSettings,
        script: &[(u64, Action)],
    ) -> (Answer, RecordingView, ScriptedInput) {
        let clock = FakeClock::new();
        let mut input = ScriptedInput::new(&clock, script);
        let mut view = RecordingView::default();
        let answer = time_answer(settings, Offer::NONE, &clock, &mut input, &mut view).unwrap();
        (answer, view, input)
    }

    /// When a tape was told the answer started and stopped running, in clock time.
    struct TapeLog {
        clock: FakeClock,
        rolling: bool,
        changes: Vec<(u64, bool)>,
    }

    impl Tape for TapeLog {
        fn roll(&mut self, answering: bool) {
            if answering != self.rolling {
                self.rolling = answering;
                let at = u64::try_from(self.clock.elapsed().as_millis()).unwrap();
                self.changes.push((at, answering));
            }
        }
    }

    #[test]
    fn the_tape_runs_only_while_answering_not_in_preparation_or_a_pause() {
        let clock = FakeClock::new();
        let script = [
            (10_000, Action::TogglePause),
            (15_000, Action::TogglePause),
            (20_000, Action::Enter),
        ];
        let mut input = ScriptedInput::new(&clock, &script);
        let mut view = RecordingView::default();
        let mut tape = TapeLog {
            clock: clock.clone(),
            rolling: false,
            changes: Vec::new(),
        };
        let answer = time_taped_answer(
            settings(3, false),
            Offer::NONE,
            &clock,
            &mut input,
            &mut view,
            &mut tape,
        )
        .unwrap();
        assert_eq!(answer.answer, Duration::from_secs(12));
        assert_eq!(
            tape.changes,
            [
                (3_000, true),
                (10_000, false),
                (15_000, true),
                (20_000, false)
            ]
        );
    }

    #[test]
    fn enter_finishes_with_the_time_spoken_and_cues_fire_once() {
        let (answer, view, input) = run(settings(0, false), &[(150_250, Action::Enter)]);
        assert_eq!(answer.ending, Ending::Finished);
        assert_eq!(answer.answer, Duration::from_millis(150_250));
        assert_eq!(view.cues, [(Cue::MinReached, Duration::from_secs(120))]);
        // It waited about once a second, never for nothing and never for ever.
        assert!(
            input
                .waits
                .iter()
                .all(|w| w.is_some_and(|w| !w.is_zero() && w <= Duration::from_secs(1)))
        );
        assert!(
            (150..=152).contains(&input.waits.len()),
            "{} waits",
            input.waits.len()
        );
    }

    #[test]
    fn prep_then_pause_then_marks_then_finish() {
        let script = [
            (10_000, Action::Mark(Part::Situation)), // ignored: still in prep
            (30_000, Action::Mark(Part::Situation)), // answer 0:00
            (40_000, Action::TogglePause),           // answer 0:10
            (100_000, Action::TogglePause),          // paused 60s
            (110_000, Action::MarkNext),             // T at 0:20
            (120_000, Action::Mark(Part::Action)),
            (150_000, Action::Enter), // answer 1:00
        ];
        let (answer, _, input) = run(settings(30, false), &script);
        assert_eq!(answer.answer, Duration::from_secs(60));
        assert_eq!(answer.paused, Duration::from_secs(60));
        let marks: Vec<(Part, u64)> = answer
            .marks
            .iter()
            .map(|m| (m.part, m.at.as_secs()))
            .collect();
        assert_eq!(
            marks,
            [(Part::Situation, 0), (Part::Task, 20), (Part::Action, 30)]
        );
        assert!(
            input.waits.contains(&None),
            "a pause should wait for a key without waking"
        );
    }

    #[test]
    fn enter_in_prep_starts_the_answer_at_once() {
        let (answer, view, _) = run(
            settings(60, false),
            &[(5_000, Action::Enter), (15_000, Action::Enter)],
        );
        assert_eq!(answer.answer, Duration::from_secs(10));
        assert_eq!(view.cues[0].0, Cue::AnswerStarted);
    }

    #[test]
    fn auto_stop_ends_at_max_and_both_cues_fire() {
        let (answer, view, _) = run(settings(0, true), &[]);
        assert_eq!(answer.ending, Ending::Finished);
        assert_eq!(answer.answer, Duration::from_secs(180));
        let cues: Vec<Cue> = view.cues.iter().map(|(cue, _)| *cue).collect();
        assert_eq!(cues, [Cue::MinReached, Cue::MaxReached, Cue::AutoStopped]);
    }

    #[test]
    fn quit_interrupt_and_terminate_keep_the_time_so_far() {
        for (action, ending) in [
            (Action::Quit, Ending::Quit),
            (Action::Interrupt, Ending::Interrupted),
            (Action::Terminate, Ending::Terminated),
        ] {
            let (answer, _, _) = run(settings(0, false), &[(37_500, action)]);
            assert_eq!(answer.ending, ending);
            assert_eq!(answer.answer, Duration::from_millis(37_500));
        }
        let (answer, _, _) = run(settings(20, false), &[(5_000, Action::Interrupt)]);
        assert_eq!(
            (answer.ending, answer.answer),
            (Ending::Interrupted, Duration::ZERO)
        );
    }

    #[test]
    fn a_suspend_holds_the_answer_paused_until_it_is_resumed() {
        /// A view whose suspend only counts, as a stopped process would not.
        #[derive(Default)]
        struct Counting {
            inner: RecordingView,
            suspended: usize,
        }
        impl View for Counting {
            fn show(&mut self, snapshot: &Snapshot, full: bool) -> io::Result<()> {
                self.inner.show(snapshot, full)
            }
            fn cue(&mut self, cue: Cue, snapshot: &Snapshot) -> io::Result<()> {
                self.inner.cue(cue, snapshot)
            }
            fn suspend(&mut self) -> io::Result<bool> {
                self.suspended += 1;
                Ok(true)
            }
        }
        let clock = FakeClock::new();
        // Suspended at 20 s, back and resumed at 620 s, finished at 650 s.
        let script = [
            (20_000, Action::Suspend),
            (620_000, Action::TogglePause),
            (650_000, Action::Enter),
        ];
        let mut input = ScriptedInput::new(&clock, &script);
        let mut view = Counting::default();
        let answer = time_answer(
            settings(0, false),
            Offer::NONE,
            &clock,
            &mut input,
            &mut view,
        )
        .unwrap();
        assert_eq!(view.suspended, 1);
        assert_eq!(answer.answer, Duration::from_secs(50));
        assert_eq!(answer.paused, Duration::from_secs(600));
        assert!(view.inner.full_redraws >= 2, "redrawn after coming back");
        // Suspended during prep: the answer starts, held paused, at zero.
        let clock = FakeClock::new();
        let script = [(5_000, Action::Suspend), (100_000, Action::Enter)];
        let mut input = ScriptedInput::new(&clock, &script);
        let answer = time_answer(
            settings(30, false),
            Offer::NONE,
            &clock,
            &mut input,
            &mut Counting::default(),
        )
        .unwrap();
        assert_eq!(answer.answer, Duration::ZERO);
    }

    fn offered(cards: usize, chosen: usize) -> Offer {
        Offer {
            cards,
            chosen,
            enter_grace: ENTER_GRACE,
        }
    }

    fn run_offered(
        settings: TimerSettings,
        offer: Offer,
        script: &[(u64, Action)],
    ) -> (Answer, RecordingView) {
        let clock = FakeClock::new();
        let mut input = ScriptedInput::new(&clock, script);
        let mut view = RecordingView::default();
        let answer = time_answer(settings, offer, &clock, &mut input, &mut view).unwrap();
        (answer, view)
    }

    #[test]
    fn stories_are_chosen_while_preparing_by_arrow_or_number() {
        let script = [
            (1_000, Action::Choose(Choose::Next)),
            (2_000, Action::Choose(Choose::Next)),
            (3_000, Action::Choose(Choose::Next)), // round to the first
            (4_000, Action::Choose(Choose::Previous)),
            (5_000, Action::Choose(Choose::Numbered(7))), // no seventh: stays
            (6_000, Action::Choose(Choose::Numbered(2))),
            (7_000, Action::Enter),
            (20_000, Action::Choose(Choose::Numbered(1))), // card hidden: ignored
            (30_000, Action::Enter),
        ];
        let (answer, view) = run_offered(settings(10, false), offered(3, 0), &script);
        assert_eq!(answer.chosen, Some(1));
        let chosen: Vec<Option<usize>> = view.shown.iter().map(|shot| shot.chosen).collect();
        assert!(chosen.contains(&Some(2)) && chosen.contains(&Some(0)));
        assert!(
            view.shown
                .iter()
                .all(|shot| shot.card_shown == matches!(shot.stage, Stage::Prep(_))),
            "the card is on screen while preparing, hidden while answering"
        );
        assert_eq!(answer.card_shown, Duration::ZERO);
        let (none, _) = run_offered(settings(10, false), Offer::NONE, &script);
        assert_eq!(none.chosen, None);
    }

    #[test]
    fn the_card_shown_during_the_answer_is_timed_pauses_and_all() {
        let script = [
            (10_000, Action::ToggleCard), // shown at 0:10
            (25_000, Action::TogglePause),
            (35_000, Action::TogglePause),
            (40_000, Action::ToggleCard), // hidden: 30 s on screen
            (50_000, Action::ToggleCard), // shown again to the end
            (55_000, Action::Choose(Choose::Numbered(2))), // chosen while shown
            (60_000, Action::Enter),
        ];
        let (answer, view) = run_offered(settings(0, false), offered(2, 0), &script);
        assert_eq!(answer.card_shown, Duration::from_secs(40));
        assert_eq!(answer.chosen, Some(1));
        assert!(view.shown.iter().any(|shot| shot.card_shown));
        // With no story to show, the key does nothing.
        let (bare, _) = run_offered(settings(0, false), Offer::NONE, &script);
        assert_eq!(bare.card_shown, Duration::ZERO);
    }

    #[test]
    fn an_enter_as_the_countdown_runs_out_starts_the_answer_and_does_not_end_it() {
        // The countdown ends at 5 s by itself; Enter 0.4 s later was meant for the start.
        let script = [(5_400, Action::Enter), (65_000, Action::Enter)];
        let (answer, _) = run_offered(settings(5, false), offered(0, 0), &script);
        assert_eq!(answer.answer, Duration::from_secs(60));
        // Later than the grace it ends the answer, as always.
        let script = [(5_700, Action::Enter)];
        let (answer, _) = run_offered(settings(5, false), offered(0, 0), &script);
        assert_eq!(answer.answer, Duration::from_millis(700));
        // Lines in plain mode get no grace: each line is meant.
        let script = [(5_100, Action::Enter)];
        let (answer, _) = run_offered(settings(5, false), Offer::NONE, &script);
        assert_eq!(answer.answer, Duration::from_millis(100));
    }

    #[test]
    fn quitting_or_losing_the_input_while_preparing_never_starts_the_answer() {
        for action in [Action::Quit, Action::EndOfInput, Action::Interrupt] {
            let (answer, _) = run_offered(settings(10, false), Offer::NONE, &[(3_000, action)]);
            assert!(!answer.started, "{action:?}");
            assert_eq!(answer.answer, Duration::ZERO);
        }
        let (answer, _) = run_offered(
            settings(0, false),
            Offer::NONE,
            &[(3_000, Action::EndOfInput)],
        );
        assert!(answer.started && answer.input_ended);
        assert_eq!(answer.ending, Ending::Finished);
        assert_eq!(answer.answer, Duration::from_secs(3));
    }

    #[test]
    fn a_resize_asks_for_a_full_redraw() {
        let (_, view, _) = run(
            settings(0, false),
            &[(2_000, Action::Resize), (3_000, Action::Enter)],
        );
        assert_eq!(
            view.full_redraws, 2,
            "the first frame and the one after the resize"
        );
    }
}

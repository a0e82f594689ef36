//! The drill, step by step: choose the prompts, then for each one show it, time the answer,
//! save it, link its story, time a follow-up, ask the review, and summarise; at the end, the
//! table of a series and the nudge. All of it meets the person through a [`Console`], so the
//! whole flow runs in tests with a scripted input and a fake clock.
//!
//! A new step of the drill (recording the answer, a transcript) is one more call in
//! [`Drill::one_answer`].

use std::io::{self, Write};
use std::time::Duration;

use anyhow::{Context, Result};
use chrono::{DateTime, FixedOffset, NaiveDate};
use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use super::driver::{Answer, Ending};
use super::review::{Ask, Asked, ReviewEnd};
use super::timer::TimerSettings;
use super::{DrillSettings, Question};
use crate::bank::draw::{Choice, draw};
use crate::bank::pick::{PracticeFacts, picker_rng};
use crate::bank::{Bank, Prompt};
use crate::domain::duration::{MAX_TYPED, millis};
use crate::domain::window::Window;
use crate::exit::BadInput;
use crate::paint::Paint;
use crate::report::nudge::nudge;
use crate::report::summary::{answers_table, summary_with_streak};
use crate::session::brief::{Brief, story_titles};
use crate::session::record::{FollowUp, MAX_PAUSED, Outcome, PartMark, Session};
use crate::session::review::{Review, ReviewChanges};
use crate::session::store::{Store, new_session_id};
use crate::story::link::{Started, StoryLink, StoryRequest, start_story};
use crate::story::{Story, story_choices};
use crate::ui::{self, Output};

/// Where a drill meets the person: how an answer is timed and how the review is asked.
pub trait Console {
    /// Shows `question` and times the answer to it.
    fn answer(&mut self, question: &Question, settings: &DrillSettings) -> io::Result<Answer>;

    /// Whether the review questions can be asked here (a terminal to answer them on).
    fn can_ask(&self) -> bool;

    /// Asks the review questions; `stories` are offered in order.
    fn ask_review(
        &mut self,
        review: &mut Review,
        stories: &[String],
        ask: Ask,
    ) -> io::Result<Asked>;
}

/// The window a follow-up probe is answered in: shorter than the main answer's.
fn follow_up_window() -> Window {
    Window::new(Duration::from_secs(30), Duration::from_secs(60)).expect("a valid window")
}

/// What the prompts of a drill are.
#[derive(Debug, Clone)]
pub enum Prompts {
    /// This one prompt (`--prompt`), and the seed of its follow-up probes.
    Given { id: String, seed: Option<u64> },
    /// `count` drawn from the bank.
    Drawn { choice: Choice, count: usize },
}

/// Everything one drill works with, gathered by the command.
pub struct Drill<'a> {
    pub bank: &'a Bank,
    pub prompts: Prompts,
    pub settings: DrillSettings,
    pub follow_ups: bool,
    pub review: bool,
    /// Review answers given as flags.
    pub given: ReviewChanges,
    /// What `--story` or `--new-story` asks.
    pub story: Option<StoryRequest>,
    pub store: &'a Store,
    /// The user's story files, read once, and where new ones go.
    pub stories: Vec<Story>,
    pub stories_dir: std::path::PathBuf,
    /// Every saved session in brief, newest first; each answer is added as it is saved.
    pub history: Vec<Brief>,
    pub today: NaiveDate,
    /// The wall clock, for each record's start time.
    pub now: &'a dyn Fn() -> DateTime<FixedOffset>,
}

/// How a drill ended, for the exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// Every answer was saved.
    Done,
    /// Ctrl-C, after saving what was answered.
    Interrupted,
    /// SIGTERM or SIGHUP, after saving what was answered.
    Terminated,
    /// A record could not be saved (it was printed instead), or the review failed.
    Failed,
    /// Every answer was saved, but printing about one failed (a closed pipe, a full disk).
    Unreported,
}

/// One answer's outcome: its record when saved, and whether the drill goes on.
struct Answered {
    session: Option<Session>,
    stop: Option<Stop>,
}

impl<'a> Drill<'a> {
    /// Runs the drill.
    pub fn run(mut self, console: &mut dyn Console, out: &mut Output<'_>) -> Result<Stop> {
        let (prompts, mut rng) = self.choose()?;
        // Checked before the first answer: an ambiguous --story must not cost a timed answer.
        let past_titles = story_titles(&self.history);
        let link = StoryLink::link_changes(
            &self.stories,
            &past_titles,
            self.story.as_ref(),
            &mut self.given,
        )?;
        let count = prompts.len();
        let mut answered: Vec<Session> = Vec::new();
        let mut stop = Stop::Done;
        for (index, prompt) in prompts.iter().enumerate() {
            if count > 1 {
                ui::note(format!("question {} of {count}", index + 1));
            }
            let one = self.one_answer(prompt, link.as_ref(), &mut rng, console, out)?;
            answered.extend(one.session);
            if let Some(early) = one.stop {
                stop = early;
                break;
            }
        }
        let paint = Paint {
            enabled: self.settings.color,
        };
        if count > 1
            && !answered.is_empty()
            && stop != Stop::Unreported
            && write!(out, "\n{}", answers_table(&answered, paint))
                .and_then(|()| out.flush())
                .is_err()
        {
            ui::note("the answers are saved; their table could not be written");
            stop = Stop::Unreported;
        }
        if !answered.is_empty() && stop == Stop::Done {
            ui::note(nudge(&self.history, &self.bank.categories(), self.today));
        }
        Ok(stop)
    }

    /// The prompts to ask, and the rng the rest of the drill draws from (so a seed repeats
    /// the follow-up probes too).
    fn choose(&self) -> Result<(Vec<&'a Prompt>, ChaCha8Rng), BadInput> {
        let bank: &'a Bank = self.bank;
        match &self.prompts {
            Prompts::Given { id, seed } => Ok((vec![bank.prompt(id)?], picker_rng(*seed))),
            Prompts::Drawn { choice, count } => {
                let facts = || PracticeFacts::from_briefs(&self.history);
                let drawn = draw(bank, choice, *count, facts, self.today)?;
                Ok((drawn.chosen, drawn.rng))
            }
        }
    }

    /// Times one answer (and its follow-up), saves it, reviews it and prints its summary.
    fn one_answer(
        &mut self,
        prompt: &Prompt,
        link: Option<&StoryLink>,
        rng: &mut ChaCha8Rng,
        console: &mut dyn Console,
        out: &mut Output<'_>,
    ) -> Result<Answered> {
        let started_at = (self.now)();
        let question = Question {
            text: &prompt.text,
            detail: format!("  category: {}   id: {}", prompt.category, prompt.id),
        };
        let answer = console
            .answer(&question, &self.settings)
            .context("timing the answer")?;
        let mut session = Session::new(
            new_session_id(&started_at),
            started_at,
            prompt.as_asked(),
            self.settings.timer.window,
        );
        record_answer(&mut session, &answer);
        session.set_review(Review::default().changed(&self.given));

        // Saved before anything is asked or printed: a review cut short never costs the answer.
        if !self.save(&mut session, out)? {
            return Ok(Answered {
                session: None,
                stop: Some(Stop::Failed),
            });
        }
        if let Some(StoryLink::New(title)) = link {
            self.start_story(title, &prompt.category);
        }

        let follow_up_ending = self.follow_up(prompt, &mut session, rng, console, out)?;
        let Some(follow_up_ending) = follow_up_ending else {
            return Ok(Answered {
                session: Some(session),
                stop: Some(Stop::Failed),
            });
        };

        let wants_review = session.is_completed()
            && follow_up_ending == Ending::Finished
            && self.review
            && console.can_ask();
        let mut review_end = ReviewEnd::Done;
        if wants_review {
            let before = Review::of(&session);
            let mut review = before.clone();
            let choices = story_choices(
                &self.stories,
                &story_titles(&self.history),
                &prompt.category,
            );
            let asked = match console.ask_review(&mut review, &choices, Ask::Unanswered) {
                Ok(asked) => asked,
                Err(error) => {
                    ui::note(format!(
                        "the review could not be asked ({error}); the answer is saved as {}",
                        session.id
                    ));
                    fill_in_hint(&session);
                    return Ok(Answered {
                        session: Some(session),
                        stop: Some(Stop::Failed),
                    });
                }
            };
            review_end = asked.end;
            if asked.new_story
                && let Some(title) = &review.story
            {
                review.story = Some(self.start_story(title, &prompt.category));
            }
            // Only what the person changed, onto the record as it is on disk now.
            let changes = ReviewChanges::between(&before, &review);
            let change = |session: &mut Session| {
                let changed = Review::of(session).changed(&changes);
                session.set_review(changed);
            };
            if !self.update(&mut session, change, out, "review")? {
                return Ok(Answered {
                    session: Some(session),
                    stop: Some(Stop::Failed),
                });
            }
        }

        // Newest first, like the rest of the history.
        self.history.insert(0, Brief::of(&session));
        let summary = summary_with_streak(&session, &self.history, self.today);
        let unreported = writeln!(out, "{summary}")
            .and_then(|()| out.flush())
            .is_err();
        ui::note(format!("saved as {}", session.id));
        if unreported {
            ui::note("the answer is saved, but its summary could not be written");
        }
        if review_end == ReviewEnd::Terminated {
            ui::note("stopped during the review; the answer is saved without it");
        }
        if review_end != ReviewEnd::Done {
            fill_in_hint(&session);
        }
        let stop = match (answer.ending, follow_up_ending, review_end) {
            (Ending::Terminated, ..) | (_, Ending::Terminated, _) | (.., ReviewEnd::Terminated) => {
                Some(Stop::Terminated)
            }
            (Ending::Interrupted, ..)
            | (_, Ending::Interrupted, _)
            | (.., ReviewEnd::Interrupted) => Some(Stop::Interrupted),
            // An answer given up ends the series, like a signal, but the program succeeded.
            _ if unreported => Some(Stop::Unreported),
            (Ending::Quit, ..) => Some(Stop::Done),
            _ => None,
        };
        Ok(Answered {
            session: Some(session),
            stop,
        })
    }

    /// Asks one of the prompt's follow-up probes when the drill asks them and the answer was
    /// completed, and saves it in the record. Returns how it ended (`Finished` when none was
    /// asked), or `None` when the record could not be written back.
    fn follow_up(
        &mut self,
        prompt: &Prompt,
        session: &mut Session,
        rng: &mut ChaCha8Rng,
        console: &mut dyn Console,
        out: &mut Output<'_>,
    ) -> Result<Option<Ending>> {
        if !(self.follow_ups && session.is_completed()) {
            return Ok(Some(Ending::Finished));
        }
        if prompt.follow_ups.is_empty() {
            ui::note(format!("{} has no follow-up probes", prompt.id));
            return Ok(Some(Ending::Finished));
        }
        let probe = &prompt.follow_ups[rng.random_range(0..prompt.follow_ups.len())];
        let shown = format!("Follow-up: {probe}");
        let question = Question {
            text: &shown,
            detail: format!("  follow-up to: {}", prompt.id),
        };
        let settings = DrillSettings {
            timer: TimerSettings {
                window: follow_up_window(),
                prep: Duration::ZERO,
                auto_stop: self.settings.timer.auto_stop,
            },
            ..self.settings.clone()
        };
        let answer = console
            .answer(&question, &settings)
            .context("timing the follow-up")?;
        let follow_up = FollowUp {
            text: probe.clone(),
            answer_ms: millis(answer.answer),
            outcome: outcome_of(answer.ending),
            extra: Default::default(),
        };
        let change = |session: &mut Session| session.follow_up = Some(follow_up.clone());
        if !self.update(session, change, out, "follow-up")? {
            return Ok(None);
        }
        Ok(Some(answer.ending))
    }

    fn save(&self, session: &mut Session, out: &mut Output<'_>) -> Result<bool> {
        Ok(self.store.save_or_print(session, out.raw()?)?)
    }

    fn update(
        &self,
        session: &mut Session,
        change: impl Fn(&mut Session),
        out: &mut Output<'_>,
        what: &str,
    ) -> Result<bool> {
        Ok(self
            .store
            .update_or_print(session, change, out.raw()?, what)?)
    }

    /// Starts a story file for a title told for the first time and gives back the title to
    /// record. A file that cannot be written is only warned about: the session is saved.
    fn start_story(&mut self, title: &str, category: &str) -> String {
        let started = start_story(&self.stories_dir, &self.stories, title, category);
        started.tell();
        if let Started::Created { title, .. } = &started {
            self.stories
                .push(Story::bare(title, &[category.to_string()]));
        }
        started.title().to_string()
    }
}

fn fill_in_hint(session: &Session) {
    ui::note(format!(
        "review skipped; fill it in later with: rehearse edit {} --story TITLE --score {}",
        session.id,
        crate::domain::star::Scores::example(",")
    ));
}

fn outcome_of(ending: Ending) -> Outcome {
    match ending {
        Ending::Finished => Outcome::Completed,
        Ending::Quit | Ending::Interrupted | Ending::Terminated => Outcome::Aborted,
    }
}

/// Copies the timed answer into the record.
fn record_answer(session: &mut Session, answer: &Answer) {
    session.outcome = outcome_of(answer.ending);
    // A drill left running for a day is held at the longest a record may say, so what
    // this program saves it never calls damaged later.
    let held = answer.answer.min(MAX_TYPED);
    session.answer_ms = millis(held);
    session.paused_ms = millis(answer.paused.min(MAX_PAUSED));
    // The timer keeps one mark a part, in time order; held at the answer's end like it, the
    // marks stay in order and none is after the answer.
    session.parts = answer
        .marks
        .iter()
        .map(|mark| PartMark {
            part: mark.part,
            at_ms: millis(mark.at.min(held)),
        })
        .collect();
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, VecDeque};

    use super::*;
    use crate::domain::star::Scores;
    use crate::drill::driver::testing::{FakeClock, RecordingView, ScriptedInput};
    use crate::drill::driver::{Action, time_answer};
    use crate::testkit::prompt;

    #[test]
    fn an_answer_held_at_a_day_keeps_its_marks_inside_it_and_in_order() {
        use crate::domain::star::Part;
        use crate::drill::timer::Mark;
        let day = MAX_TYPED;
        let answer = Answer {
            ending: Ending::Finished,
            answer: day + Duration::from_secs(600),
            paused: Duration::ZERO,
            marks: [
                (Part::Situation, Duration::from_secs(1)),
                (Part::Action, day + Duration::from_secs(60)),
                (Part::Result, day + Duration::from_secs(120)),
            ]
            .into_iter()
            .map(|(part, at)| Mark { part, at })
            .collect(),
        };
        let mut session = Session::new(
            "20261101-080000-aaaa".into(),
            DateTime::parse_from_rfc3339("2026-11-01T08:00:00+00:00").unwrap(),
            crate::session::record::PromptRef::new("p", "conflict", "q"),
            Window::new(Duration::from_secs(120), Duration::from_secs(180)).unwrap(),
        );
        record_answer(&mut session, &answer);
        assert_eq!(session.impossibility(), None, "{:?}", session.parts);
        assert_eq!(session.parts.len(), 3);
    }

    /// A person who answers each question after a scripted time and reviews as told.
    struct Scripted {
        /// Per answer: the moments (ms of answer time) and keys.
        answers: VecDeque<Vec<(u64, Action)>>,
        /// Per review: the scores typed and how the review ends, or an error of the terminal.
        reviews: VecDeque<Result<(&'static str, ReviewEnd), io::ErrorKind>>,
        /// The questions shown, in order.
        shown: Vec<String>,
        /// How many records were on disk each time a review was asked.
        saved_before_review: Vec<usize>,
        store: Store,
    }

    impl Console for Scripted {
        fn answer(&mut self, question: &Question, settings: &DrillSettings) -> io::Result<Answer> {
            self.shown.push(question.text.to_string());
            let script = self.answers.pop_front().expect("an answer was scripted");
            let clock = FakeClock::new();
            let mut input = ScriptedInput::new(&clock, &script);
            time_answer(
                settings.timer,
                &clock,
                &mut input,
                &mut RecordingView::default(),
            )
        }

        fn can_ask(&self) -> bool {
            true
        }

        fn ask_review(
            &mut self,
            review: &mut Review,
            _stories: &[String],
            _ask: Ask,
        ) -> io::Result<Asked> {
            self.saved_before_review.push(self.store.all().0.len());
            match self.reviews.pop_front().expect("a review was scripted") {
                Ok((typed, end)) => {
                    review.scores = Scores::parse(typed).ok();
                    Ok(Asked {
                        end,
                        new_story: false,
                    })
                }
                Err(kind) => Err(io::Error::from(kind)),
            }
        }
    }

    fn bank() -> Bank {
        let mut prompts: Vec<Prompt> = ["conflict-a", "conflict-b", "mistake-a"]
            .iter()
            .map(|id| prompt(id, id.split('-').next().unwrap()))
            .collect();
        for prompt in &mut prompts {
            prompt.follow_ups = (1..=5)
                .map(|n| format!("probe {n} of {}", prompt.id))
                .collect();
        }
        Bank::new(prompts, BTreeMap::new())
    }

    fn settings() -> DrillSettings {
        DrillSettings {
            timer: TimerSettings {
                window: Window::new(Duration::from_secs(60), Duration::from_secs(120)).unwrap(),
                prep: Duration::ZERO,
                auto_stop: false,
            },
            plain: true,
            bell: false,
            speak: false,
            color: false,
        }
    }

    fn now() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-24T08:00:00+01:00").unwrap()
    }

    /// Runs a drill over `bank` in a fresh home; returns how it stopped, what it printed, what
    /// the person saw, the records saved (newest first), and the console.
    fn run(
        bank: &Bank,
        prompts: Prompts,
        follow_ups: bool,
        console: impl FnOnce(Store) -> Scripted,
    ) -> (Stop, String, Vec<Session>, Scripted) {
        run_with(bank, prompts, follow_ups, true, console)
    }

    fn run_with(
        bank: &Bank,
        prompts: Prompts,
        follow_ups: bool,
        review: bool,
        console: impl FnOnce(Store) -> Scripted,
    ) -> (Stop, String, Vec<Session>, Scripted) {
        let home = tempfile::tempdir().unwrap();
        let store = Store::new(home.path());
        let mut console = console(store.clone());
        let drill = Drill {
            bank,
            prompts,
            settings: settings(),
            follow_ups,
            review,
            given: ReviewChanges::default(),
            story: None,
            store: &store,
            stories: Vec::new(),
            stories_dir: home.path().join("stories"),
            history: Vec::new(),
            today: now().date_naive(),
            now: &now,
        };
        let mut bytes = Vec::new();
        let mut out = Output::new(&mut bytes as &mut dyn Write);
        let stop = drill.run(&mut console, &mut out).unwrap();
        drop(out);
        let out = bytes;
        let (sessions, skipped) = store.all();
        assert!(skipped.is_empty(), "{skipped:?}");
        (stop, String::from_utf8(out).unwrap(), sessions, console)
    }

    fn person(
        answers: Vec<Vec<(u64, Action)>>,
        reviews: Vec<Result<(&'static str, ReviewEnd), io::ErrorKind>>,
    ) -> impl FnOnce(Store) -> Scripted {
        move |store| Scripted {
            answers: answers.into(),
            reviews: reviews.into(),
            shown: Vec::new(),
            saved_before_review: Vec::new(),
            store,
        }
    }

    fn seeded(count: usize) -> Prompts {
        Prompts::Drawn {
            choice: Choice {
                seed: Some(42),
                ..Choice::default()
            },
            count,
        }
    }

    #[test]
    fn a_seeded_series_repeats_its_prompts_and_its_follow_up_probes() {
        let bank = bank();
        let answer = vec![(90_000, Action::Enter)];
        let probe = vec![(40_000, Action::Enter)];
        let reviews = || vec![Ok(("2122", ReviewEnd::Done)), Ok(("2222", ReviewEnd::Done))];
        let answers = || vec![answer.clone(), probe.clone(), answer.clone(), probe.clone()];
        let (stop, out, sessions, first) =
            run(&bank, seeded(2), true, person(answers(), reviews()));
        assert_eq!(stop, Stop::Done);
        assert_eq!(sessions.len(), 2);
        assert_eq!(first.shown.len(), 4, "{:?}", first.shown);
        assert_ne!(
            first.shown[0], first.shown[2],
            "a series never repeats a prompt"
        );
        assert!(first.shown[1].starts_with("Follow-up: probe"));
        // Each record was on disk before its review was asked.
        assert_eq!(first.saved_before_review, [1, 2]);
        assert!(
            out.contains("STAR 7/8") && out.contains("STAR 8/8"),
            "{out}"
        );
        for session in &sessions {
            let follow_up = session.follow_up.as_ref().unwrap();
            assert_eq!(follow_up.answer_ms, 40_000);
        }
        let (_, _, _, second) = run(&bank, seeded(2), true, person(answers(), reviews()));
        assert_eq!(first.shown, second.shown, "the same seed, the same drill");
    }

    #[test]
    fn a_review_the_terminal_cannot_ask_keeps_the_answer_and_fails() {
        let bank = bank();
        let (stop, _, sessions, _) = run(
            &bank,
            Prompts::Given {
                id: "mistake-a".into(),
                seed: None,
            },
            false,
            person(
                vec![vec![(75_500, Action::Enter)]],
                vec![Err(io::ErrorKind::PermissionDenied)],
            ),
        );
        assert_eq!(stop, Stop::Failed);
        assert_eq!(sessions.len(), 1);
        assert_eq!(sessions[0].answer_ms, 75_500);
        assert_eq!(sessions[0].scores, None);
    }

    #[test]
    fn giving_up_ends_the_series_and_ctrl_c_says_so() {
        let bank = bank();
        let (stop, _, sessions, console) = run(
            &bank,
            seeded(3),
            false,
            person(vec![vec![(10_000, Action::Quit)]], vec![]),
        );
        assert_eq!(stop, Stop::Done);
        assert_eq!(console.shown.len(), 1);
        assert_eq!(sessions[0].outcome, Outcome::Aborted);
        assert!(
            console.saved_before_review.is_empty(),
            "no review of an aborted answer"
        );
        let (stop, _, sessions, _) = run(
            &bank,
            seeded(3),
            false,
            person(
                vec![
                    vec![(70_000, Action::Enter)],
                    vec![(5_000, Action::Interrupt)],
                ],
                vec![Ok(("1111", ReviewEnd::Done))],
            ),
        );
        assert_eq!(stop, Stop::Interrupted);
        assert_eq!(sessions.len(), 2);
    }

    #[test]
    fn with_the_review_off_nothing_is_asked_and_the_answer_is_saved() {
        let bank = bank();
        let (stop, out, sessions, console) = run_with(
            &bank,
            Prompts::Given {
                id: "conflict-a".into(),
                seed: None,
            },
            false,
            false,
            person(vec![vec![(65_000, Action::Enter)]], vec![]),
        );
        assert_eq!(stop, Stop::Done);
        assert!(console.saved_before_review.is_empty(), "a review was asked");
        assert_eq!(sessions.len(), 1);
        assert!(out.contains("not scored"), "{out}");
    }
}

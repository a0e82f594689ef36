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

use super::driver::{Answer, Ending, Tape};
use super::recording::{Finished, Recorders, Recording};
use super::review::{Ask, Asked, ReviewEnd};
use super::timer::TimerSettings;
use super::{Card, DrillSettings, Question};
use crate::bank::draw::{Choice, draw, draw_each};
use crate::bank::pick::{PracticeFacts, picker_rng};
use crate::bank::{Bank, Prompt};
use crate::domain::duration::{MAX_TYPED, format_tenths, millis};
use crate::domain::window::Window;
use crate::exit::BadInput;
use crate::paint::Paint;
use crate::report::nudge::nudge;
use crate::report::plan::{Target, plan, plan_progress};
use crate::report::session_view::{part_timeline, parts_found_line, speech_lines};
use crate::report::speech::assess_and_keep;
use crate::report::speech_view::word_lines;
use crate::report::story_rank::{Offered, stories_for};
use crate::report::summary::{Verdict, answers_table, shown_answer, summary_with_streak};
use crate::session::audio::Take;
use crate::session::brief::{Brief, story_titles};
use crate::session::record::{
    AudioRef, FollowUp, MAX_PAUSED, Outcome, PartMark, PausedAudio, Session, Speech,
};
use crate::session::review::{Review, ReviewChanges};
use crate::session::store::{Store, new_session_id};
use crate::speech::background::{Feed, Hear, Listening};
use crate::speech::coach::PaceRange;
use crate::speech::measures::{SoundMeasures, measure};
use crate::speech::wav::read_stored;
use crate::story::cue::CueCard;
use crate::story::link::{Started, StoryLink, StoryRequest, start_story};
use crate::story::{Story, same_title, story_choices};
use crate::text::shown_line;
use crate::ui::{self, Output};

/// Where a drill meets the person: how an answer is timed and how the review is asked.
pub trait Console {
    /// Shows `question` and times the answer to it, rolling `tape` while the person answers.
    fn answer(
        &mut self,
        question: &Question,
        settings: &DrillSettings,
        tape: &mut dyn Tape,
    ) -> io::Result<Answer>;

    /// Whether the review questions can be asked here (a terminal to answer them on).
    fn can_ask(&self) -> bool;

    /// Shows what happened in the answer, above the review questions, where it stays while
    /// they are answered.
    fn show_before_review(&mut self, text: &str);

    /// Offers to play the answer's recording at `path` back before the scores are asked, and
    /// plays it if the person wants; false when they stopped the program (Ctrl-C) while it
    /// played. Where nothing can be played or asked, nothing is offered.
    fn offer_playback(&mut self, _path: &std::path::Path, _session: &Session) -> bool {
        true
    }

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

/// The shortest a timed answer must be to count as one: less is a key pressed by mistake, or
/// input that ended at once, and nothing is saved for it.
pub const SHORTEST_ANSWER: Duration = Duration::from_secs(1);

/// The longest preparation a follow-up probe gets: a moment to hear it, not to plan again.
const FOLLOW_UP_PREP: Duration = Duration::from_secs(5);

/// The most stories offered for one question: one for each digit key.
const MOST_CARDS: usize = 9;

/// What the prompts of a drill are.
#[derive(Debug, Clone)]
pub enum Prompts {
    /// This one prompt (`--prompt`), and the seed of its follow-up probes.
    Given { id: String, seed: Option<u64> },
    /// `count` drawn from the bank.
    Drawn { choice: Choice, count: usize },
    /// One question for each story named (`--story`, several times or with `--count`), drawn
    /// from that story's categories, the story recorded without asking.
    ForStories {
        choice: Choice,
        stories: Vec<String>,
    },
    /// Today's plan (`--plan`): a question for each of its drills not done yet.
    Planned {
        choice: Choice,
        targets: Vec<Target>,
    },
}

/// One question of the drill, and the story it is to be answered with, when that is known
/// before the answer.
struct Turn<'a> {
    prompt: &'a Prompt,
    link: Option<StoryLink>,
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
    /// Words a minute, for the stories' spoken length on their cue cards.
    pub pace: u32,
    /// The pace the speech report aims at.
    pub pace_aim: PaceRange,
    /// How many drills today's plan has, for saying after each answer what is left of it.
    pub plan_count: usize,
    /// Where each answer's recording comes from, when the drill records.
    pub recorders: Option<Box<dyn Recorders + 'a>>,
    /// What hears each recorded answer while it is given (the speech model, loaded once for
    /// the drill), when answers are transcribed. Lent to one answer at a time.
    pub hearer: Option<Box<dyn Hear>>,
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
        // Checked before the first answer: an ambiguous --story must not cost a timed answer.
        let (turns, mut rng) = self.choose()?;
        let count = turns.len();
        let mut answered: Vec<Session> = Vec::new();
        let mut stop = Stop::Done;
        for (index, turn) in turns.iter().enumerate() {
            let position = (count > 1).then_some((index + 1, count));
            if let Some((at, of)) = position {
                ui::note(format!("question {at} of {of}"));
            }
            let one = self.one_answer(turn, position, &mut rng, console, out)?;
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

    /// The questions to ask and their stories, and the rng the rest of the drill draws from
    /// (so a seed repeats the follow-up probes too).
    fn choose(&mut self) -> Result<(Vec<Turn<'a>>, ChaCha8Rng), BadInput> {
        let bank: &'a Bank = self.bank;
        let past_titles = story_titles(&self.history);
        let facts = || PracticeFacts::from_briefs(&self.history);
        // What --story or --new-story names, for every question of a drill that has one.
        let link = StoryLink::link_changes(
            &self.stories,
            &past_titles,
            self.story.as_ref(),
            &mut self.given,
        )?;
        let each = |prompts: Vec<&'a Prompt>, link: &Option<StoryLink>| -> Vec<Turn<'a>> {
            prompts
                .into_iter()
                .map(|prompt| Turn {
                    prompt,
                    link: link.clone(),
                })
                .collect()
        };
        match &self.prompts {
            Prompts::Given { id, seed } => {
                Ok((each(vec![bank.prompt(id)?], &link), picker_rng(*seed)))
            }
            Prompts::Drawn { choice, count } => {
                let drawn = draw(bank, choice, *count, facts, self.today)?;
                Ok((each(drawn.chosen, &link), drawn.rng))
            }
            Prompts::ForStories { choice, stories } => {
                let mut links = Vec::new();
                for text in stories {
                    let request = StoryRequest::Existing(text.clone());
                    let found = StoryLink::resolve(&self.stories, &past_titles, &request)?;
                    links.push(found.ok_or_else(|| {
                        BadInput::new("--story '' names no story; give a title to practise")
                    })?);
                }
                let known = bank.categories();
                let wanted: Vec<Vec<String>> = links
                    .iter()
                    .map(|link| {
                        let categories = self.categories_of(link.title());
                        if !categories.iter().any(|c| known.contains(&c.as_str())) {
                            ui::note(format!(
                                "'{}' names no category of the prompt bank ({}): any question \
                                 will do; give it categories with `rehearse stories edit`",
                                shown_line(link.title()),
                                match categories.is_empty() {
                                    true => "none given".to_string(),
                                    false => categories.join(", "),
                                }
                            ));
                        }
                        categories
                    })
                    .collect();
                let drawn = draw_each(bank, &wanted, choice, facts, self.today)?;
                let turns = drawn
                    .chosen
                    .into_iter()
                    .zip(links)
                    .map(|(prompt, link)| Turn {
                        prompt,
                        link: Some(link),
                    })
                    .collect();
                Ok((turns, drawn.rng))
            }
            Prompts::Planned { choice, targets } => {
                let wanted: Vec<Vec<String>> = targets
                    .iter()
                    .map(|target| match target {
                        Target::Story { categories, .. } => categories.clone(),
                        Target::Category { category } => vec![category.clone()],
                    })
                    .collect();
                let drawn = draw_each(bank, &wanted, choice, facts, self.today)?;
                let turns = drawn
                    .chosen
                    .into_iter()
                    .zip(targets)
                    .map(|(prompt, target)| Turn {
                        prompt,
                        link: match target {
                            Target::Story { title, .. } => Some(StoryLink::Known(title.clone())),
                            // --plan takes no --story or --new-story: nothing else to link.
                            Target::Category { .. } => None,
                        },
                    })
                    .collect();
                Ok((turns, drawn.rng))
            }
        }
    }

    /// The categories of the story titled `title` (none for a title told before that has no
    /// file: any question will do).
    fn categories_of(&self, title: &str) -> Vec<String> {
        self.stories
            .iter()
            .find(|story| same_title(&story.title, title))
            .map(|story| story.categories.clone())
            .unwrap_or_default()
    }

    /// The stories to offer for `prompt` as cue cards, best first, and which to start from:
    /// the story the drill was given, else the first. Those that fit the category are
    /// offered; when none does, every story is, so a bank not yet sorted still helps.
    fn cards_for(&self, prompt: &Prompt, link: Option<&StoryLink>) -> (Vec<Card>, usize) {
        let offered = stories_for(&self.stories, &self.history, &prompt.category);
        let fitting = offered.iter().filter(|offered| offered.fits).count();
        let take = if fitting > 0 { fitting } else { offered.len() };
        let mut chosen: Vec<&Offered> = offered.iter().take(take.min(MOST_CARDS)).collect();
        let given = link.and_then(|link| {
            offered
                .iter()
                .find(|offered| same_title(&offered.story.title, link.title()))
        });
        let preferred = match given {
            Some(story) => match chosen.iter().position(|offered| offered == &story) {
                Some(at) => at,
                None => {
                    chosen.insert(0, story);
                    chosen.truncate(MOST_CARDS);
                    0
                }
            },
            None => 0,
        };
        let window = self.settings.timer.window;
        let cards = chosen
            .into_iter()
            .map(|offered| {
                let card = CueCard::of(offered.story, self.pace, window);
                Card {
                    lines: card.body_lines(),
                    title: card.title,
                    reason: offered.reason(&prompt.category),
                }
            })
            .collect();
        (cards, preferred)
    }

    /// Times one answer (and its follow-up), saves it, reviews it and prints its summary.
    fn one_answer(
        &mut self,
        turn: &Turn,
        position: Option<(usize, usize)>,
        rng: &mut ChaCha8Rng,
        console: &mut dyn Console,
        out: &mut Output<'_>,
    ) -> Result<Answered> {
        let prompt = turn.prompt;
        let link = turn.link.as_ref();
        let started_at = (self.now)();
        let planned_id = new_session_id(&started_at);
        let (cards, preferred) = self.cards_for(prompt, link);
        let header = match position {
            Some((at, of)) => format!("{} \u{b7} question {at} of {of}", prompt.category),
            None => prompt.category.clone(),
        };
        let question = Question {
            text: &prompt.text,
            detail: format!("  category: {}   id: {}", prompt.category, prompt.id),
            header,
            cards,
            preferred,
        };
        let (mut recording, listening) = self.start_heard_recording(&planned_id);
        let answer = console
            .answer(&question, &self.settings, &mut recording)
            .context("timing the answer")?;
        let recorded = finish_recording(recording);
        if let Some(not_one) = not_an_answer(&answer) {
            // Nothing to hear: dropped, the hearing stops (the drill ends here anyway).
            drop(listening);
            discard(recorded);
            ui::note(format!("nothing saved: {not_one}"));
            let stop = match answer.ending {
                Ending::Interrupted => Stop::Interrupted,
                Ending::Terminated => Stop::Terminated,
                // Given up, or input that ended: the series ends, as after any given-up answer.
                Ending::Quit | Ending::Finished => Stop::Done,
            };
            return Ok(Answered {
                session: None,
                stop: Some(stop),
            });
        }
        let mut session = Session::new(
            planned_id,
            started_at,
            prompt.as_asked(),
            self.settings.timer.window,
        );
        record_answer(&mut session, &answer, !question.cards.is_empty());
        session.audio = recorded.as_ref().map(|finished| {
            audio_ref(
                Store::recording_name(&session.id, Take::Answer),
                finished.ms,
            )
        });
        session.speech = recorded
            .as_ref()
            .and_then(|finished| measured(finished.file.path()))
            .map(Speech::of_sound);
        let mut given = self.given.clone();
        if let Some(link) = link {
            given.story = Some(link.title().to_string());
        }
        session.set_review(Review::default().changed(&given));
        // The card chosen before the answer, as the story the review offers first.
        let chosen_story = answer
            .chosen
            .and_then(|at| question.cards.get(at))
            .map(|card| card.title.clone());

        // Saved before anything is asked or printed: a review cut short never costs the answer.
        if !self.save(&mut session, out)? {
            discard(recorded);
            return Ok(Answered {
                session: None,
                stop: Some(Stop::Failed),
            });
        }
        if let Some(finished) = recorded
            && !self.keep_recording(&mut session, finished, out)?
        {
            return Ok(Answered {
                session: Some(session),
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

        let stopping = [answer.ending, follow_up_ending]
            .iter()
            .any(|ending| matches!(ending, Ending::Interrupted | Ending::Terminated));
        match listening {
            // Stopped by a signal, the person wants out now, not once the model is done.
            Some(listening) if !stopping && session.audio.is_some() => {
                self.keep_transcript(&mut session, listening);
            }
            _ => {}
        }

        let wants_review = session.is_completed()
            && follow_up_ending == Ending::Finished
            && self.review
            && console.can_ask();
        let mut review_end = ReviewEnd::Done;
        if wants_review {
            let before = Review::of(&session);
            let mut review = before.clone();
            let mut choices = story_choices(
                &self.stories,
                &story_titles(&self.history),
                &prompt.category,
            );
            if let Some(title) = &chosen_story {
                choices.retain(|choice| !same_title(choice, title));
                choices.insert(0, title.clone());
            }
            let chosen_card = answer.chosen.and_then(|at| question.cards.get(at));
            console.show_before_review(&before_review(&session, chosen_card));
            let recording = self.store.recording_of(&session.id, Take::Answer);
            if let Some(path) = recording
                && !console.offer_playback(&path, &session)
            {
                ui::note(format!(
                    "stopped while playing back; the answer is saved as {}",
                    session.id
                ));
                fill_in_hint(&session);
                return Ok(Answered {
                    session: Some(session),
                    stop: Some(Stop::Interrupted),
                });
            }
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
        let planned = plan(
            &self.stories,
            &self.history,
            &self.bank.categories(),
            self.today,
            self.plan_count,
        );
        if let Some(progress) = plan_progress(&planned) {
            ui::note(progress);
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
        let question = Question::bare(
            &shown,
            format!("  follow-up to: {}", prompt.id),
            format!("{} \u{b7} follow-up", prompt.category),
        );
        let settings = DrillSettings {
            timer: TimerSettings {
                window: follow_up_window(),
                prep: self.settings.timer.prep.min(FOLLOW_UP_PREP),
                auto_stop: self.settings.timer.auto_stop,
            },
            ..self.settings.clone()
        };
        // The follow-up is recorded but not heard: the speech report is about the answer,
        // and `rehearse transcribe` does the main take only.
        let mut recording = self.start_recording(&session.id, Take::FollowUp, None);
        let answer = console
            .answer(&question, &settings, &mut recording)
            .context("timing the follow-up")?;
        let finished = finish_recording(recording);
        let speech = finished
            .as_ref()
            .and_then(|finished| measured(finished.file.path()))
            .map(Speech::of_sound);
        let audio = finished.and_then(|finished| {
            let ms = finished.ms;
            match self
                .store
                .keep_recording(finished.file, &session.id, Take::FollowUp)
            {
                Ok(file) => Some(audio_ref(file, ms)),
                Err(error) => {
                    ui::warn(format!(
                        "the follow-up's recording could not be kept: {error}"
                    ));
                    None
                }
            }
        });
        let follow_up = FollowUp {
            text: probe.clone(),
            answer_ms: millis(answer.answer),
            outcome: outcome_of(answer.ending),
            audio,
            speech,
            extra: Default::default(),
        };
        let change = |session: &mut Session| session.follow_up = Some(follow_up.clone());
        if !self.update(session, change, out, "follow-up")? {
            return Ok(None);
        }
        Ok(Some(answer.ending))
    }

    /// The recording of the answer for the session to be saved as `id`, when the drill
    /// records, and when it has a hearer, the answer being heard while it is given.
    fn start_heard_recording(
        &mut self,
        id: &str,
    ) -> (Option<Box<dyn Recording>>, Option<Listening>) {
        let hearer = match self.recorders {
            Some(_) => self.hearer.take(),
            None => None,
        };
        let Some(hearer) = hearer else {
            return (self.start_recording(id, Take::Answer, None), None);
        };
        let (listening, feed) = Listening::start(hearer);
        let recording = self.start_recording(id, Take::Answer, Some(feed));
        if recording.is_none() {
            // Its feed is gone with it: the hearing ends at once, and the hearer is back.
            self.hearer = listening.wait().hearer;
            return (None, None);
        }
        (recording, Some(listening))
    }

    /// Waits until the saved answer is heard (with a spinner while its last stretch still
    /// is), keeps its transcript beside the record, and takes the hearer back for the next
    /// answer. A transcript that cannot be made or kept is one warning; the drill goes on.
    fn keep_transcript(&mut self, session: &mut Session, listening: Listening) {
        let heard = if listening.is_heard() {
            listening.wait()
        } else {
            let spinner = ui::Spinner::start("hearing the answer\u{2026}");
            let heard = listening.wait();
            spinner.finish();
            heard
        };
        self.hearer = heard.hearer;
        let transcript = match heard.transcript {
            Ok(transcript) => transcript,
            Err(error) => {
                ui::warn(format!(
                    "the answer could not be transcribed ({error}); try `rehearse transcribe {}`",
                    session.id
                ));
                return;
            }
        };
        if let Err(error) = self.store.save_transcript(&session.id, &transcript) {
            ui::warn(format!(
                "the answer's transcript could not be kept: {error}"
            ));
            return;
        }
        match assess_and_keep(
            self.store,
            &self.stories,
            &session.id,
            &transcript,
            self.pace_aim,
        ) {
            Ok((saved, _)) => *session = saved,
            Err(error) => ui::warn(format!(
                "the answer's speech report could not be kept: {error}"
            )),
        }
    }

    /// A recording of `take` for the session saved (or to be saved) as `id`, when the drill
    /// records, handing what it records to `feed` when there is one. One that cannot start
    /// is said, and the answer goes on unrecorded.
    fn start_recording(
        &mut self,
        id: &str,
        take: Take,
        feed: Option<Feed>,
    ) -> Option<Box<dyn Recording>> {
        let recorders = self.recorders.as_mut()?;
        let file = match self.store.begin_recording(id, take) {
            Ok(file) => file,
            Err(error) => {
                ui::warn(format!(
                    "not recording this answer: its file cannot be made ({error})"
                ));
                return None;
            }
        };
        match recorders.start(file, feed) {
            Ok(recording) => Some(recording),
            Err(reason) => {
                ui::warn(format!("not recording this answer: {reason}"));
                None
            }
        }
    }

    /// Gives the saved answer's recording its name beside the record; when the record was
    /// saved under another id than the one it was begun for, or the recording cannot be
    /// kept, the record is told. False when the record could not be written back.
    fn keep_recording(
        &self,
        session: &mut Session,
        finished: Finished,
        out: &mut Output<'_>,
    ) -> Result<bool> {
        let planned = session.audio.as_ref().map(|audio| audio.file.clone());
        let kept = match self
            .store
            .keep_recording(finished.file, &session.id, Take::Answer)
        {
            Ok(name) => Some(name),
            Err(error) => {
                ui::warn(format!("the answer's recording could not be kept: {error}"));
                None
            }
        };
        if kept == planned {
            return Ok(true);
        }
        let audio = kept.map(|file| AudioRef {
            file,
            ..session
                .audio
                .clone()
                .expect("a recorded answer has its audio")
        });
        self.update(
            session,
            move |session: &mut Session| session.audio = audio.clone(),
            out,
            "recording",
        )
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

/// Stops a recording and completes its file; a file that cannot be completed is said and
/// left for the store to repair.
fn finish_recording(recording: Option<Box<dyn Recording>>) -> Option<Finished> {
    match recording?.finish() {
        Ok(finished) => {
            if let Some(trouble) = &finished.trouble {
                ui::warn(format!("the recording is not whole: {trouble}"));
            }
            Some(finished)
        }
        Err(error) => {
            ui::warn(format!("the recording could not be finished: {error}"));
            None
        }
    }
}

/// What the sound of a finished recording tells; a file that cannot be read is said, and its
/// answer saved without.
fn measured(path: &std::path::Path) -> Option<SoundMeasures> {
    match read_stored(path) {
        Ok(audio) => Some(measure(audio.samples(), crate::speech::SAMPLE_RATE)),
        Err(error) => {
            ui::warn(format!("the recording could not be measured: {error}"));
            None
        }
    }
}

/// Removes the recording of an answer that is not saved.
fn discard(recorded: Option<Finished>) {
    if let Some(finished) = recorded
        && let Err(error) = finished.file.discard()
    {
        ui::warn(format!(
            "an unsaved answer's recording could not be removed: {error}"
        ));
    }
}

/// How the record names a drill's recording.
fn audio_ref(file: String, ms: u64) -> AudioRef {
    AudioRef {
        file,
        ms,
        sample_rate: crate::speech::SAMPLE_RATE,
        paused: Some(PausedAudio::NotRecorded),
        attached_from: None,
        pruned_on: None,
        extra: Default::default(),
    }
}

/// Why `answer` is not one to save, if it is not: given up (or the input gone) before it
/// began, or in its first second. An answer the person ends with Enter, however short, and
/// one cut short by a signal, are saved as what they were.
fn not_an_answer(answer: &Answer) -> Option<&'static str> {
    let at_once = answer.answer < SHORTEST_ANSWER;
    if !answer.started {
        Some("the answer had not started")
    } else if answer.input_ended && at_once {
        Some("the input ended as the answer began")
    } else if answer.ending == Ending::Quit && at_once {
        Some("given up as it began")
    } else {
        None
    }
}

/// What the review shows before its first question: the question, the time and verdict,
/// the parts as they ran, and the cue card of the story chosen before the answer.
fn before_review(session: &Session, card: Option<&Card>) -> String {
    let mut lines = vec![
        session.prompt.text.clone(),
        format!(
            "{}  {}",
            format_tenths(shown_answer(session)),
            Verdict::of(session)
        ),
    ];
    lines.extend(part_timeline(session));
    lines.extend(parts_found_line(session));
    if let Some(sound) = session.sound() {
        lines.extend(speech_lines(sound));
    }
    if let Some(words) = session.word_measures() {
        lines.extend(word_lines(words));
    }
    if let Some(card) = card {
        lines.push(format!("Story chosen: {}", card.title));
        lines.extend(card.lines.iter().map(|line| format!("  {line}")));
    }
    lines.join("\n")
}

/// How to fill in later what the review left unanswered: only the flags still needed.
fn fill_in_hint(session: &Session) {
    let mut flags = Vec::new();
    if session.story.is_none() {
        flags.push("--story TITLE".to_string());
    }
    if session.scores.is_none() {
        flags.push(format!(
            "--score {}",
            crate::domain::star::Scores::example(",")
        ));
    }
    if session.note.is_none() {
        flags.push("--note TEXT".to_string());
    }
    if flags.is_empty() {
        return;
    }
    ui::note(format!(
        "review skipped; fill it in later with: rehearse edit {} {}",
        session.id,
        flags.join(" ")
    ));
}

fn outcome_of(ending: Ending) -> Outcome {
    match ending {
        Ending::Finished => Outcome::Completed,
        Ending::Quit | Ending::Interrupted | Ending::Terminated => Outcome::Aborted,
    }
}

/// Copies the timed answer into the record; `offered` when stories' cards were.
fn record_answer(session: &mut Session, answer: &Answer, offered: bool) {
    session.outcome = outcome_of(answer.ending);
    // A drill left running for a day is held at the longest a record may say, so what
    // this program saves it never calls damaged later.
    let held = answer.answer.min(MAX_TYPED);
    session.answer_ms = millis(held);
    session.paused_ms = millis(answer.paused.min(MAX_PAUSED));
    // Said whenever a card was offered: 0 is an answer told without reading.
    session.cue_shown_ms =
        offered.then(|| millis(answer.card_shown.min(held + answer.paused.min(MAX_PAUSED))));
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
    use crate::drill::driver::{Action, time_taped_answer};
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
            started: true,
            chosen: None,
            card_shown: Duration::ZERO,
            input_ended: false,
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
        record_answer(&mut session, &answer, false);
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
        /// How many records named a transcript each time a review was asked.
        transcribed_before_review: Vec<usize>,
        /// The questions asked, with their cards, as the console got them.
        questions: Vec<(String, Vec<Card>, usize)>,
        /// What was shown before each review, and the stories it offered.
        before_reviews: Vec<String>,
        offered: Vec<Vec<String>>,
        store: Store,
    }

    impl Console for Scripted {
        fn answer(
            &mut self,
            question: &Question,
            settings: &DrillSettings,
            tape: &mut dyn Tape,
        ) -> io::Result<Answer> {
            self.shown.push(question.text.to_string());
            self.questions.push((
                question.header.clone(),
                question.cards.clone(),
                question.preferred,
            ));
            let script = self.answers.pop_front().expect("an answer was scripted");
            let clock = FakeClock::new();
            let mut input = ScriptedInput::new(&clock, &script);
            time_taped_answer(
                settings.timer,
                question.offer(Duration::ZERO),
                &clock,
                &mut input,
                &mut RecordingView::default(),
                tape,
            )
        }

        fn can_ask(&self) -> bool {
            true
        }

        fn show_before_review(&mut self, text: &str) {
            self.before_reviews.push(text.to_string());
        }

        fn ask_review(
            &mut self,
            review: &mut Review,
            stories: &[String],
            _ask: Ask,
        ) -> io::Result<Asked> {
            self.offered.push(stories.to_vec());
            let saved = self.store.all().0;
            self.saved_before_review.push(saved.len());
            self.transcribed_before_review
                .push(saved.iter().filter(|s| s.transcript.is_some()).count());
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
        run_stories(
            bank,
            prompts,
            Vec::new(),
            settings(),
            follow_ups,
            review,
            console,
        )
    }

    fn run_stories(
        bank: &Bank,
        prompts: Prompts,
        stories: Vec<Story>,
        settings: DrillSettings,
        follow_ups: bool,
        review: bool,
        console: impl FnOnce(Store) -> Scripted,
    ) -> (Stop, String, Vec<Session>, Scripted) {
        let home = tempfile::tempdir().unwrap();
        let settings = Setup {
            settings,
            follow_ups,
            review,
            recorders: None,
            hearer: None,
        };
        run_in(home.path(), bank, prompts, stories, settings, console)
    }

    /// How a test drill is set up.
    struct Setup {
        settings: DrillSettings,
        follow_ups: bool,
        review: bool,
        recorders: Option<Box<dyn Recorders>>,
        hearer: Option<Box<dyn Hear>>,
    }

    fn run_in(
        home: &std::path::Path,
        bank: &Bank,
        prompts: Prompts,
        stories: Vec<Story>,
        setup: Setup,
        console: impl FnOnce(Store) -> Scripted,
    ) -> (Stop, String, Vec<Session>, Scripted) {
        let Setup {
            settings,
            follow_ups,
            review,
            recorders,
            hearer,
        } = setup;
        let store = Store::new(home);
        let mut console = console(store.clone());
        let drill = Drill {
            bank,
            prompts,
            settings,
            follow_ups,
            review,
            given: ReviewChanges::default(),
            story: None,
            store: &store,
            stories,
            stories_dir: home.join("stories"),
            history: Vec::new(),
            today: now().date_naive(),
            now: &now,
            pace: 150,
            pace_aim: PaceRange::default(),
            plan_count: 3,
            recorders,
            hearer,
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
            transcribed_before_review: Vec::new(),
            questions: Vec::new(),
            before_reviews: Vec::new(),
            offered: Vec::new(),
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

    fn stories() -> Vec<Story> {
        let mut told = Story::bare("Shipped the audit late", &["mistake".to_string()]);
        told.parts[crate::domain::star::Part::Situation] =
            Some("The audit export was due on Friday. We missed it.".to_string());
        vec![
            Story::bare("Argued for the smaller rewrite", &["conflict".to_string()]),
            told,
            Story::bare("Paired with the new hire", &["conflict".to_string()]),
        ]
    }

    #[test]
    fn a_story_drill_asks_what_the_story_answers_offers_its_card_and_records_it() {
        let bank = bank();
        let prompts = Prompts::ForStories {
            choice: Choice {
                seed: Some(9),
                ..Choice::default()
            },
            stories: vec!["shipped".into(), "argued".into()],
        };
        let answers = vec![vec![(70_000, Action::Enter)], vec![(80_000, Action::Enter)]];
        let reviews = vec![Ok(("2222", ReviewEnd::Done)), Ok(("1111", ReviewEnd::Done))];
        let (stop, _, sessions, console) = run_stories(
            &bank,
            prompts,
            stories(),
            settings(),
            false,
            true,
            person(answers, reviews),
        );
        assert_eq!(stop, Stop::Done);
        // Both saved at the test's one instant, so in no particular order.
        let mut told: Vec<(&str, Option<&str>)> = sessions
            .iter()
            .map(|s| (s.prompt.category.as_str(), s.story.as_deref()))
            .collect();
        told.sort();
        assert_eq!(
            told,
            [
                ("conflict", Some("Argued for the smaller rewrite")),
                ("mistake", Some("Shipped the audit late")),
            ]
        );
        let (header, cards, preferred) = &console.questions[0];
        assert_eq!(header, "mistake \u{b7} question 1 of 2");
        assert_eq!(cards[*preferred].title, "Shipped the audit late");
        assert!(
            cards[*preferred].lines[0].starts_with("S  The audit export was due on Friday."),
            "{cards:?}"
        );
        let (_, cards, preferred) = &console.questions[1];
        let titles: Vec<&str> = cards.iter().map(|card| card.title.as_str()).collect();
        assert_eq!(
            titles.len(),
            2,
            "only the stories of the category: {titles:?}"
        );
        assert_eq!(cards[*preferred].title, "Argued for the smaller rewrite");
        assert!(sessions.iter().all(|s| s.cue_shown_ms == Some(0)));
    }

    #[test]
    fn the_story_chosen_before_the_answer_is_shown_and_offered_first_in_the_review() {
        let bank = bank();
        let prompts = Prompts::Given {
            id: "conflict-a".into(),
            seed: None,
        };
        // The second conflict story chosen while preparing, its card shown for the last 20 s.
        let answer = vec![
            (
                1_000,
                Action::Choose(crate::drill::driver::Choose::Numbered(2)),
            ),
            (45_000, Action::MarkNext),
            (55_000, Action::ToggleCard),
            (75_000, Action::Enter),
        ];
        let mut with_prep = settings();
        with_prep.timer.prep = Duration::from_secs(5);
        let (_, _, sessions, console) = run_stories(
            &bank,
            prompts,
            stories(),
            with_prep,
            false,
            true,
            person(vec![answer], vec![Ok(("2122", ReviewEnd::Done))]),
        );
        let (_, cards, _) = &console.questions[0];
        let second = cards[1].title.clone();
        assert_eq!(console.offered[0][0], second);
        let shown = &console.before_reviews[0];
        assert!(
            shown.starts_with("Question conflict-a?\n1:10.0  in window"),
            "{shown}"
        );
        assert!(
            shown.contains("Situation   started 0:40.0, ran 0:30.0 (43%)"),
            "{shown}"
        );
        assert!(
            shown.contains(&format!("Story chosen: {second}")),
            "{shown}"
        );
        assert_eq!(sessions[0].cue_shown_ms, Some(20_000));
        assert_eq!(sessions[0].story, None, "chosen is offered, not recorded");
    }

    /// Records "sound" while rolled: its take (a second of a tone, unless told) for each
    /// roll into answering, written and fed when the recording finishes.
    struct FakeRecorders {
        started: std::rc::Rc<std::cell::Cell<usize>>,
        take: Vec<i16>,
    }

    impl FakeRecorders {
        fn tone(started: std::rc::Rc<std::cell::Cell<usize>>) -> FakeRecorders {
            let tone: Vec<i16> = (0..16_000)
                .map(|n| ((n as f32 * 0.2).sin() * 8_000.0) as i16)
                .collect();
            FakeRecorders {
                started,
                take: tone,
            }
        }
    }

    struct FakeRecording {
        file: crate::atomic::GrowingFile,
        feed: Option<Feed>,
        take: Vec<i16>,
        rolls: usize,
        rolling: bool,
    }

    impl Tape for FakeRecording {
        fn roll(&mut self, answering: bool) {
            if answering && !self.rolling {
                self.rolls += 1;
            }
            self.rolling = answering;
        }
    }

    impl Recording for FakeRecording {
        fn finish(self: Box<Self>) -> io::Result<Finished> {
            let mut sink = crate::speech::wav::WavSink::new(self.file)?;
            for _ in 0..self.rolls {
                sink.write(&self.take)?;
                if let Some(feed) = &self.feed {
                    feed.give(&self.take);
                }
            }
            let samples = (self.take.len() * self.rolls) as u64;
            Ok(Finished {
                file: sink.finish()?,
                ms: crate::speech::wav::samples_to_ms(samples, 16_000),
                trouble: None,
            })
        }
    }

    impl Recorders for FakeRecorders {
        fn start(
            &mut self,
            file: crate::atomic::GrowingFile,
            feed: Option<Feed>,
        ) -> Result<Box<dyn Recording>, String> {
            self.started.set(self.started.get() + 1);
            Ok(Box::new(FakeRecording {
                file,
                feed,
                take: self.take.clone(),
                rolls: 0,
                rolling: false,
            }))
        }
    }

    /// The names of the files in the month folder of the drill's records.
    fn month_files(home: &std::path::Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(home.join("sessions/2026/11"))
            .map(|entries| {
                entries
                    .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    #[test]
    fn a_recorded_drill_keeps_each_take_in_its_own_file_beside_the_record() {
        let home = tempfile::tempdir().unwrap();
        let started = std::rc::Rc::new(std::cell::Cell::new(0));
        let setup = Setup {
            settings: settings(),
            follow_ups: true,
            review: false,
            recorders: Some(Box::new(FakeRecorders::tone(started.clone()))),
            hearer: None,
        };
        // Paused once in the answer: two stretches of it are recorded.
        let answer = vec![
            (10_000, Action::TogglePause),
            (20_000, Action::TogglePause),
            (70_000, Action::Enter),
        ];
        let follow_up = vec![(35_000, Action::Enter)];
        let (stop, _, sessions, _) = run_in(
            home.path(),
            &bank(),
            seeded(1),
            Vec::new(),
            setup,
            person(vec![answer, follow_up], vec![]),
        );
        assert_eq!(stop, Stop::Done);
        assert_eq!(started.get(), 2, "one recording a take");
        let session = &sessions[0];
        let audio = session.audio.as_ref().expect("the answer's recording");
        assert_eq!(audio.file, format!("{}.wav", session.id));
        assert_eq!((audio.ms, audio.sample_rate), (2_000, 16_000));
        assert_eq!(audio.paused, Some(PausedAudio::NotRecorded));
        let probe = session.follow_up.as_ref().unwrap().audio.as_ref().unwrap();
        assert_eq!(probe.file, format!("{}.follow-up.wav", session.id));
        assert_eq!(
            month_files(home.path()),
            [
                format!("{}.follow-up.wav", session.id),
                format!("{}.json", session.id),
                format!("{}.wav", session.id),
            ]
        );
        let month = home.path().join("sessions/2026/11");
        let kept = read_stored(&month.join(&audio.file)).unwrap();
        assert_eq!(kept.ms(), 2_000, "two stretches of a second");
        let speech = session.sound().expect("measured from the recording");
        assert_eq!(speech.speaking_ms + speech.silence_ms, 2_000);
        assert!(session.follow_up.as_ref().unwrap().sound().is_some());
    }

    /// A recorded drill of `count` answers, each with a follow-up and a review, whose
    /// answers say `take` and are heard by `hearer`.
    fn heard_drill(
        home: &std::path::Path,
        count: usize,
        take: Vec<i16>,
        hearer: Box<dyn Hear>,
    ) -> (Stop, Vec<Session>, Scripted) {
        let setup = Setup {
            settings: settings(),
            follow_ups: true,
            review: true,
            recorders: Some(Box::new(FakeRecorders {
                started: Default::default(),
                take,
            })),
            hearer: Some(hearer),
        };
        let answer = vec![(70_000, Action::Enter)];
        let follow_up = vec![(35_000, Action::Enter)];
        let answers = (0..count)
            .flat_map(|_| [answer.clone(), follow_up.clone()])
            .collect();
        let reviews = (0..count).map(|_| Ok(("2122", ReviewEnd::Done))).collect();
        let (stop, _, sessions, console) = run_in(
            home,
            &bank(),
            seeded(count),
            Vec::new(),
            setup,
            person(answers, reviews),
        );
        (stop, sessions, console)
    }

    #[test]
    fn a_recorded_answer_is_heard_and_its_transcript_kept_before_the_review() {
        use crate::speech::background::testing::{FakeHearer, spoken};
        let home = tempfile::tempdir().unwrap();
        let hearer = FakeHearer::new();
        let given = std::sync::Arc::clone(&hearer.heard);
        // 22 s of sound an answer: two stretches (0-11.3 s and 11.7-21.3 s).
        let take = spoken(&[5, 5, 5, 3]);
        let (stop, sessions, console) = heard_drill(home.path(), 2, take, Box::new(hearer));
        assert_eq!(stop, Stop::Done);
        assert_eq!(
            console.transcribed_before_review,
            [1, 2],
            "each transcript kept before its review"
        );
        // Two stretches an answer, the follow-ups not heard, and one hearer for the drill.
        assert_eq!(given.lock().unwrap().len(), 4);
        let store = Store::new(home.path());
        for session in &sessions {
            let named = session.transcript.as_ref().expect("the record names it");
            assert_eq!(named.file, format!("{}.transcript.json", session.id));
            assert_eq!((named.words, named.model.as_str()), (20, "fake-model"));
            let transcript = store.transcript_of(&session.id).unwrap().unwrap();
            // The second stretch's first word, where that stretch begins in the answer.
            let second = &transcript.words[11];
            assert!(second.text.ends_with("w1"), "{}", second.text);
            assert!((11_800..12_200).contains(&second.start_ms.unwrap()));
            assert!(session.follow_up.as_ref().unwrap().audio.is_some());
        }
        let mut heard_first: Vec<String> = sessions
            .iter()
            .map(|s| {
                store.transcript_of(&s.id).unwrap().unwrap().words[0]
                    .text
                    .clone()
            })
            .collect();
        heard_first.sort();
        assert_eq!(
            heard_first,
            ["s1w1", "s3w1"],
            "stretches numbered across the drill"
        );
    }

    #[test]
    fn a_failed_hearing_is_a_warning_and_the_drill_goes_on() {
        use crate::speech::background::testing::{FakeHearer, spoken};
        let home = tempfile::tempdir().unwrap();
        let mut hearer = FakeHearer::new();
        hearer.fails_on = Some(1);
        let take = spoken(&[5, 5, 5, 3]);
        let (stop, sessions, console) = heard_drill(home.path(), 2, take, Box::new(hearer));
        assert_eq!(stop, Stop::Done);
        assert_eq!(console.saved_before_review, [1, 2]);
        // The first answer's hearing failed; the hearer, given back, heard the second.
        let transcribed: Vec<bool> = sessions.iter().map(|s| s.transcript.is_some()).collect();
        assert_eq!(
            transcribed.iter().filter(|&&t| t).count(),
            1,
            "{transcribed:?}"
        );
        assert!(
            sessions
                .iter()
                .all(|s| s.audio.is_some() && s.scores.is_some())
        );
    }

    #[test]
    fn an_answer_not_saved_leaves_no_recording_behind() {
        let home = tempfile::tempdir().unwrap();
        let mut with_prep = settings();
        with_prep.timer.prep = Duration::from_secs(10);
        let setup = Setup {
            settings: with_prep,
            follow_ups: false,
            review: false,
            recorders: Some(Box::new(FakeRecorders::tone(Default::default()))),
            hearer: None,
        };
        let (_, _, sessions, _) = run_in(
            home.path(),
            &bank(),
            seeded(1),
            Vec::new(),
            setup,
            person(vec![vec![(3_000, Action::Quit)]], vec![]),
        );
        assert!(sessions.is_empty());
        let left: Vec<String> = month_files(home.path())
            .into_iter()
            .filter(|name| !name.starts_with('.'))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }

    #[test]
    fn quitting_while_preparing_or_at_once_saves_nothing() {
        let bank = bank();
        let mut with_prep = settings();
        with_prep.timer.prep = Duration::from_secs(10);
        for script in [vec![(3_000, Action::Quit)], vec![(10_400, Action::Quit)]] {
            let (stop, out, sessions, _) = run_stories(
                &bank,
                seeded(2),
                Vec::new(),
                with_prep.clone(),
                false,
                true,
                person(vec![script.clone()], vec![]),
            );
            assert_eq!(stop, Stop::Done, "{script:?}");
            assert!(sessions.is_empty(), "{script:?}: {sessions:?}");
            assert!(out.is_empty(), "{out}");
        }
        // Given up a while into the answer, it is an aborted answer, as before.
        let (_, _, sessions, _) = run_stories(
            &bank,
            seeded(1),
            Vec::new(),
            with_prep,
            false,
            true,
            person(vec![vec![(25_000, Action::Quit)]], vec![]),
        );
        assert_eq!(sessions[0].outcome, Outcome::Aborted);
        assert_eq!(sessions[0].answer_ms, 15_000);
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

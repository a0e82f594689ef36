//! The questions after an answer: which story was told, how well each STAR part was covered,
//! and a note. Asked on the terminal with dialoguer; answers given as flags are not asked.
//! The story list comes from the caller (`story::story_choices`: the stories that fit the
//! prompt first); a title typed as "a new story..." is reported back so a file can be started.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use dialoguer::theme::{ColorfulTheme, SimpleTheme, Theme};
use dialoguer::{FuzzySelect, Input};

use rustix::termios::OptionalActions;

use super::signals::{HeldSignals, StopSignals};
use crate::exit::Exit;
use crate::session::record::Scores;

/// The answers to the review, each possibly left empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Review {
    pub story: Option<String>,
    pub scores: Option<Scores>,
    pub note: Option<String>,
}

/// How asking the review ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewEnd {
    /// Every question was answered or skipped on purpose.
    Done,
    /// Esc, or the terminal went away: what was answered before stays.
    Cancelled,
    /// Ctrl-C.
    Interrupted,
    /// SIGTERM or SIGHUP.
    Terminated,
}

const NEW_STORY: &str = "a new story...";
const NO_STORY: &str = "no particular story";

/// Which questions to ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    /// Only those with no answer yet (after a drill, where flags may have answered some).
    Unanswered,
    /// All of them, offering the current answers to keep or change (`rehearse edit`).
    All,
}

/// How asking the review went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asked {
    pub end: ReviewEnd,
    /// Whether the story was typed in as "a new story..." (and not chosen from the list), so
    /// the caller can start a story file for it.
    pub new_story: bool,
}

/// Asks the review questions on the terminal. `stories` are offered in order (the caller puts
/// those that fit the prompt first).
pub fn ask_review(review: &mut Review, stories: &[String], ask: Ask, color: bool) -> Asked {
    let watch = TerminateWatch::start();
    let colorful = ColorfulTheme::default();
    let theme: &dyn Theme = if color { &colorful } else { &SimpleTheme };
    let mut new_story = false;
    let ended = ask_each(review, stories, ask == Ask::All, theme, &mut new_story);
    // dialoguer hides the cursor while it draws a list; an interrupted list leaves it hidden.
    let _ = crossterm::execute!(io::stderr(), crossterm::cursor::Show);
    let new_story = new_story && review.story.is_some();
    if watch.is_some_and(TerminateWatch::finish) {
        return Asked {
            end: ReviewEnd::Terminated,
            new_story,
        };
    }
    let end = match ended {
        Ok(true) => ReviewEnd::Done,
        Ok(false) => ReviewEnd::Cancelled,
        Err(dialoguer::Error::IO(error)) if error.kind() == io::ErrorKind::Interrupted => {
            ReviewEnd::Interrupted
        }
        Err(_) => ReviewEnd::Cancelled,
    };
    Asked { end, new_story }
}

/// `Ok(false)` when the user backed out with Esc. `new_story` is set when the story was
/// typed in as a new one.
fn ask_each(
    review: &mut Review,
    stories: &[String],
    all: bool,
    theme: &dyn Theme,
    new_story: &mut bool,
) -> dialoguer::Result<bool> {
    if all || review.story.is_none() {
        let mut items: Vec<&str> = stories.iter().map(String::as_str).collect();
        if let Some(current) = review.story.as_deref()
            && !items.contains(&current)
        {
            items.insert(0, current);
        }
        items.extend([NEW_STORY, NO_STORY]);
        let current = review
            .story
            .as_deref()
            .and_then(|story| items.iter().position(|item| *item == story));
        let Some(choice) = FuzzySelect::with_theme(theme)
            .with_prompt("Which story did you tell? (type to search, Esc to skip the review)")
            .items(&items)
            .default(current.unwrap_or(0))
            .interact_opt()?
        else {
            return Ok(false);
        };
        review.story = match items[choice] {
            NO_STORY => None,
            NEW_STORY => {
                let typed = non_empty(
                    Input::<String>::with_theme(theme)
                        .with_prompt("Title of the new story")
                        .allow_empty(true)
                        .interact_text()?,
                );
                *new_story = typed.is_some();
                typed
            }
            title => Some(title.to_string()),
        };
    }
    if all || review.scores.is_none() {
        let current = review
            .scores
            .map(|scores| compact_scores(&scores))
            .unwrap_or_default();
        let typed: String = Input::with_theme(theme)
            .with_prompt("Score S T A R, 0 missed, 1 thin, 2 solid (like 2122; Enter skips)")
            .with_initial_text(current)
            .allow_empty(true)
            .validate_with(|text: &String| -> Result<(), String> {
                if text.trim().is_empty() {
                    return Ok(());
                }
                Scores::parse(text)
                    .map(|_| ())
                    .map_err(|error| error.to_string())
            })
            .interact_text()?;
        review.scores = non_empty(typed).and_then(|text| Scores::parse(&text).ok());
    }
    if all || review.note.is_none() {
        let typed: String = Input::with_theme(theme)
            .with_prompt("Note to yourself (Enter skips)")
            .with_initial_text(review.note.clone().unwrap_or_default())
            .allow_empty(true)
            .interact_text()?;
        review.note = non_empty(typed);
    }
    Ok(true)
}

/// A prompt blocked reading a key cannot be interrupted by SIGTERM or SIGHUP (the read is
/// restarted), and a default exit would leave the terminal in raw mode. So while the review
/// is asked, those signals only raise a flag, and this watcher answers it: it gives back the
/// terminal settings from before the review, shows the cursor and ends the program. The
/// record was saved before the review began.
struct TerminateWatch {
    /// Set by whichever acts first on the end of the review: the watcher when a signal came,
    /// or `finish` when the prompts returned. The other then stands back.
    claimed: Arc<AtomicBool>,
    thread: JoinHandle<()>,
    signals: StopSignals,
    _held: HeldSignals,
}

/// How often the watcher looks at the flag while the review waits for the user.
const WATCH_INTERVAL: Duration = Duration::from_millis(100);

impl TerminateWatch {
    fn start() -> Option<TerminateWatch> {
        let signals = StopSignals::get().ok()?;
        let held = signals.hold();
        let before_review = rustix::termios::tcgetattr(io::stdin()).ok();
        let claimed = Arc::new(AtomicBool::new(false));
        let (watched, claim) = (signals.clone(), Arc::clone(&claimed));
        let thread = std::thread::spawn(move || {
            while !claim.load(Ordering::SeqCst) {
                if watched.terminate_requested() && !claim.swap(true, Ordering::SeqCst) {
                    if let Some(settings) = &before_review {
                        let _ =
                            rustix::termios::tcsetattr(io::stdin(), OptionalActions::Now, settings);
                    }
                    let _ = crossterm::execute!(io::stderr(), crossterm::cursor::Show);
                    eprintln!(
                        "\nrehearse: stopped during the review; the answer is saved without it"
                    );
                    std::process::exit(Exit::Terminated as i32);
                }
                std::thread::sleep(WATCH_INTERVAL);
            }
        });
        Some(TerminateWatch {
            claimed,
            thread,
            signals,
            _held: held,
        })
    }

    /// Stops watching; true when SIGTERM or SIGHUP ended the review.
    fn finish(self) -> bool {
        if self.claimed.swap(true, Ordering::SeqCst) {
            // The watcher is already giving the terminal back and ending the program.
            loop {
                std::thread::park();
            }
        }
        let _ = self.thread.join();
        self.signals.terminate_requested()
    }
}

/// `2122`: scores as typed at the prompt; an unrated part is left out.
fn compact_scores(scores: &Scores) -> String {
    crate::star::Part::ALL
        .iter()
        .filter_map(|&part| scores.get(part))
        .map(|score| score.to_string())
        .collect()
}

/// The trimmed text, or `None` when nothing is left.
pub fn non_empty(text: impl AsRef<str>) -> Option<String> {
    let trimmed = text.as_ref().trim();
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

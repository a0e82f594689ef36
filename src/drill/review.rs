//! The questions after an answer: which story was told, how well each STAR part was covered,
//! and a note. Asked on the terminal with dialoguer; answers given as flags are not asked.
//! The story list comes from the caller (`story::story_choices`: the stories that fit the
//! prompt first); a title typed as "a new story..." is reported back so a file can be started.

use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use dialoguer::FuzzySelect;
use dialoguer::theme::{ColorfulTheme, SimpleTheme, Theme};

use super::line_edit::{Typed, read_line};
use super::signals::{HeldSignals, StopSignals};
use crate::domain::star::Scores;
use crate::session::review::{Review, non_empty};
use crate::text::{shown, shown_line, truncate_to_width};
use unicode_width::UnicodeWidthStr;

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
/// those that fit the prompt first). An error of the terminal itself (not Esc, Ctrl-C, a
/// stopping signal or the terminal going away) comes back as an error.
pub fn ask_review(
    review: &mut Review,
    stories: &[String],
    ask: Ask,
    color: bool,
) -> io::Result<Asked> {
    let watch = TerminateWatch::start();
    let colorful = ColorfulTheme::default();
    let theme: &dyn Theme = if color { &colorful } else { &SimpleTheme };
    let mut new_story = false;
    let width = crossterm::terminal::size().map_or(80, |(columns, _)| usize::from(columns));
    let signals = watch.as_ref().map(|watch| &watch.signals);
    let ended = ask_each(
        review,
        stories,
        ask == Ask::All,
        theme,
        width,
        signals,
        &mut new_story,
    );
    // dialoguer hides the cursor while it draws a list; an interrupted list leaves it hidden.
    let _ = crossterm::execute!(io::stderr(), crossterm::cursor::Show);
    let new_story = new_story && review.story.is_some();
    if watch.is_some_and(TerminateWatch::finish) {
        return Ok(Asked {
            end: ReviewEnd::Terminated,
            new_story,
        });
    }
    let end = match ended {
        Ok(end) => end,
        Err(dialoguer::Error::IO(error)) => match error.kind() {
            io::ErrorKind::Interrupted => {
                // The list is left on its line; what follows starts on the next.
                let _ = writeln!(io::stderr());
                ReviewEnd::Interrupted
            }
            io::ErrorKind::UnexpectedEof | io::ErrorKind::BrokenPipe => ReviewEnd::Cancelled,
            _ => return Err(error),
        },
    };
    Ok(Asked { end, new_story })
}

/// What typing a line came to, for the questions that follow: go on with the text, or end
/// the review as the person asked.
fn go_on(typed: io::Result<Typed>) -> Result<Result<String, ReviewEnd>, dialoguer::Error> {
    Ok(match typed? {
        Typed::Line(text) => Ok(text),
        Typed::Left => Err(ReviewEnd::Cancelled),
        Typed::Interrupted => Err(ReviewEnd::Interrupted),
        Typed::Terminated => Err(ReviewEnd::Terminated),
    })
}

/// How the questions ended: all answered, or Esc, Ctrl-C or a stopping signal at one of them
/// (the answers before it stay). `new_story` is set when the story was typed in as a new
/// one. `width` is the terminal's, in columns.
fn ask_each(
    review: &mut Review,
    stories: &[String],
    all: bool,
    theme: &dyn Theme,
    width: usize,
    signals: Option<&StopSignals>,
    new_story: &mut bool,
) -> Result<ReviewEnd, dialoguer::Error> {
    let anything = |_: &str| Ok(());
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
        // Shown made harmless and cut to fit; the choice is read back from `items`, as titled.
        let shown_items: Vec<String> = items.iter().map(|item| story_item(item, width)).collect();
        let Some(choice) = FuzzySelect::with_theme(theme)
            .with_prompt(story_prompt(width))
            .items(&shown_items)
            .default(current.unwrap_or(0))
            .interact_opt()?
        else {
            return Ok(ReviewEnd::Cancelled);
        };
        review.story = match items[choice] {
            NO_STORY => None,
            NEW_STORY => {
                let typed = go_on(read_line("Title of the new story:", "", &anything, signals))?;
                let typed = match typed {
                    Ok(text) => non_empty(text),
                    Err(end) => return Ok(end),
                };
                *new_story = typed.is_some();
                typed
            }
            title => Some(title.to_string()),
        };
    }
    if all || review.scores.is_none() {
        let current = review
            .scores
            .map(|scores| scores.compact())
            .unwrap_or_default();
        let valid = |text: &str| -> Result<(), String> {
            if text.trim().is_empty() {
                return Ok(());
            }
            Scores::parse(text)
                .map(|_| ())
                .map_err(|error| error.to_string())
        };
        let typed = match go_on(read_line(&score_prompt(width), &current, &valid, signals))? {
            Ok(text) => text,
            Err(end) => return Ok(end),
        };
        review.scores = non_empty(typed).and_then(|text| Scores::parse(&text).ok());
    }
    if all || review.note.is_none() {
        let offered = offered_note(review.note.as_deref());
        let prompt = "Note to yourself (Enter skips):";
        let typed = match go_on(read_line(prompt, &offered, &anything, signals))? {
            Ok(text) => text,
            Err(end) => return Ok(end),
        };
        review.note = note_taken(review.note.take(), &offered, typed);
    }
    Ok(ReviewEnd::Done)
}

/// dialoguer redraws the story list by counting the lines it wrote, not the rows they took:
/// a line wider than the terminal wraps, and is drawn again below itself at every key. So
/// the question and every item must fit on one row, the question with room for a search.
///
/// Columns around the question: the theme's `? ` and ` › `, the cursor, one to spare.
const QUESTION_FRAME: usize = 7;

/// Columns left for typing a search after the question.
const SEARCH_ROOM: usize = 24;

/// Columns before an item: the theme's `❯ ` and one to spare.
const ITEM_FRAME: usize = 3;

/// The story question in the longest form that fits `width` columns with room for a search.
fn story_prompt(width: usize) -> &'static str {
    const FORMS: [&str; 4] = [
        "Which story did you tell? (type to search, Esc to skip the review)",
        "Which story? (type to search, Esc skips)",
        "Which story? (type to search)",
        "Story?",
    ];
    FORMS
        .into_iter()
        .find(|form| form.width() + QUESTION_FRAME + SEARCH_ROOM <= width)
        .unwrap_or(FORMS[FORMS.len() - 1])
}

/// A story of the list as shown: harmless, on one line, cut to fit `width` columns.
fn story_item(title: &str, width: usize) -> String {
    truncate_to_width(&shown_line(title), width.saturating_sub(ITEM_FRAME).max(4))
}

/// The note as it is offered for editing: made visible, since control characters in it
/// cannot be typed back.
fn offered_note(current: Option<&str>) -> String {
    shown(current.unwrap_or_default()).into_owned()
}

/// The note after the person answered `typed` to the note `offered` for `current`: taken
/// back as offered, it is `current` exactly, control characters, spaces and all (the text
/// on the screen only shows it); anything else typed is the new note.
fn note_taken(current: Option<String>, offered: &str, typed: String) -> Option<String> {
    if typed == offered {
        current
    } else {
        non_empty(typed)
    }
}

/// While the review waits for a key, SIGTERM and SIGHUP only raise a flag (so the terminal
/// is given back by the normal path), but the signal may reach another thread than the one
/// waiting. This watcher looks at the flag and, once it is up, sends the signal to the
/// waiting thread itself: its wait for a key (a `poll`, which a signal always interrupts)
/// then fails, dialoguer returns, and the review ends the ordinary way. The record was saved
/// before the review began.
struct TerminateWatch {
    done: Arc<AtomicBool>,
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
        let done = Arc::new(AtomicBool::new(false));
        let (watched, finished) = (signals.clone(), Arc::clone(&done));
        // SAFETY: pthread_self has no preconditions; the id stays valid while the asking
        // thread lives, and that thread joins the watcher before it returns.
        let asking = unsafe { libc::pthread_self() };
        let thread = std::thread::spawn(move || {
            while !finished.load(Ordering::SeqCst) {
                if watched.terminate_requested() {
                    // Again every interval: the asking thread may have been between waits.
                    // SAFETY: `asking` is alive (see above); our handler only sets a flag.
                    unsafe {
                        libc::pthread_kill(asking, libc::SIGTERM);
                    }
                }
                std::thread::sleep(WATCH_INTERVAL);
            }
        });
        Some(TerminateWatch {
            done,
            thread,
            signals,
            _held: held,
        })
    }

    /// Stops watching; true when SIGTERM or SIGHUP ended the review.
    fn finish(self) -> bool {
        self.done.store(true, Ordering::SeqCst);
        let _ = self.thread.join();
        self.signals.terminate_requested()
    }
}

/// `Score S T A R, 0 missed, 1 thin, 2 solid (like 2122; Enter skips):`, or a shorter form
/// that leaves room to type on a narrow terminal.
fn score_prompt(width: usize) -> String {
    let letters: Vec<String> = crate::domain::star::Part::SCORED
        .iter()
        .map(|part| part.letter().to_string())
        .collect();
    let long = format!(
        "Score {}, 0 missed, 1 thin, 2 solid (like {}; Enter skips):",
        letters.join(" "),
        Scores::example("")
    );
    let short = format!("Score {} 0-2:", letters.join(""));
    if long.width() + SCORE_ROOM <= width {
        long
    } else {
        short
    }
}

/// Columns kept free after the score question for the scores typed.
const SCORE_ROOM: usize = 12;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_story_question_and_its_items_fit_the_terminal_with_room_to_search() {
        for width in [20, 40, 60, 80, 100, 200] {
            let question = story_prompt(width);
            let longest = question.width() + QUESTION_FRAME + SEARCH_ROOM;
            assert!(
                longest <= width || question == "Story?",
                "{width}: {question}"
            );
            let title = "A very long story title about the audit flag that broke time entry";
            assert!(
                story_item(title, width).width() + ITEM_FRAME <= width.max(7),
                "{width}"
            );
        }
        // At 80 columns, 9 letters of search once wrapped the full question.
        assert!(story_prompt(80).width() + QUESTION_FRAME + 9 < 80);
        assert_eq!(
            story_prompt(200),
            "Which story did you tell? (type to search, Esc to skip the review)"
        );
        assert_eq!(story_item("Team\u{1b}]2;x\u{7}", 80), "Team^[]2;x^G");
    }

    #[test]
    fn a_note_taken_back_as_offered_is_kept_exactly() {
        for note in [
            "keep\u{7f}this\u{85}and\u{9b}that",
            "  spaced and\ttabbed  \u{85}",
            "two\nlines",
        ] {
            let offered = offered_note(Some(note));
            assert!(
                !offered.contains(['\u{7f}', '\u{85}', '\u{9b}']),
                "{offered:?}"
            );
            assert_eq!(
                note_taken(Some(note.to_string()), &offered, offered.clone()).as_deref(),
                Some(note)
            );
        }
        assert_eq!(note_taken(None, "", String::new()), None);
        let offered = offered_note(Some("old"));
        assert_eq!(
            note_taken(Some("old".into()), &offered, " new ".into()).as_deref(),
            Some("new")
        );
        assert_eq!(note_taken(Some("old".into()), &offered, "  ".into()), None);
    }
}

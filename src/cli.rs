//! The command line, as clap definitions. `--help`, the man pages (`man`) and the shell
//! completions (`complete`, whose candidates come from the data home) are all generated from
//! these types.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Arg, ArgAction, ArgMatches, Args, FromArgMatches, Parser, Subcommand, ValueHint};

use crate::bank::draw::Choice;
use crate::config::{ColorChoice, SettingFlags, Switch, SwitchMap};
use crate::domain::duration::{parse_answer_duration, parse_typed_duration};
use crate::domain::star::Scores;
use crate::exit::BadInput;
use crate::report::export::Format;
use crate::session::review::ReviewChanges;
use crate::story::link::StoryRequest;

mod complete;
mod man;
pub use complete::{Completes, candidates_in};
pub use man::{ManPage, man_pages, top_man_page};

/// Practise behavioural interview answers out loud, against the clock.
///
/// With no command, runs `rehearse drill` with its defaults: a question from the prompt bank
/// and a timed spoken answer against a 2 to 3 minute window. Drill options go after `drill`.
#[derive(Debug, Parser)]
#[command(name = "rehearse", version)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options every command accepts.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// The data home holding sessions, stories, your prompts and config.toml
    /// [default: $REHEARSE_HOME, else the platform data folder, such as ~/.local/share/rehearse]
    #[arg(long, global = true, value_name = "DIR")]
    pub home: Option<PathBuf>,

    /// When to use colour (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Answer a question out loud against the clock (the default command)
    Drill(DrillArgs),
    /// Print one question from the bank, without timing
    Pick(PickArgs),
    /// List the prompt bank, or check prompt files
    Prompts(PromptsArgs),
    /// Print the lines that give a shell completions from your own data: categories, prompt
    /// ids, stories and session ids (for example: rehearse completions bash >
    /// ~/.local/share/bash-completion/completions/rehearse)
    Completions {
        /// The shell to complete for
        shell: clap_complete::Shell,
    },
    /// Record a practice done away from the timer
    Log(LogArgs),
    /// Change the story, scores or note of a saved session
    Edit(EditArgs),
    /// One row a session, newest first
    History(HistoryArgs),
    /// One session in full (a unique start of its id is enough)
    Show(ShowArgs),
    /// Where you stand: streaks, timing, STAR parts, categories and stories (counted to
    /// today, or to the --until day)
    Stats(StatsArgs),
    /// Every session as JSON, JSON lines or CSV
    Export(ExportArgs),
    /// Your prepared stories: list, show, add, edit, rename, rm, coverage, import notes
    Stories(StoriesArgs),
    /// Today's few drills: the stories and categories that need practice, and why
    Plan(PlanArgs),
    /// Attach a recording made elsewhere (a phone's voice memo: WAV, M4A, MP3, FLAC, Ogg) to
    /// a saved session
    Attach(AttachArgs),
    /// Play a session's recording, with its STAR parts marked
    Play(PlayArgs),
    /// Write down what was said in a session's recording, word by word with times (needs the
    /// transcribe feature and a model: rehearse model install)
    Transcribe(TranscribeArgs),
    /// Show a session's transcript with what its words say, or give one you typed (--from)
    Transcript(TranscriptArgs),
    /// The speech model transcription uses: which one, where, its size and checksum
    Model(ModelArgs),
    /// Move sessions (their records, recordings and transcripts) to <home>/trash/sessions
    Rm(RmArgs),
    /// Bring a session moved to the trash by rm back, with its recordings and transcript
    Restore(RestoreArgs),
    /// Delete the recordings older than keep_audio_days (config.toml), saying which
    Prune(PruneArgs),
    /// The settings in effect and where each came from (default, file, environment, flag);
    /// give a drill's flags to see what they change
    Config(ConfigArgs),
    /// Print the man page (roff) on standard output, or write a page for every command
    /// into a folder (--dir)
    Man(ManArgs),
}

/// Answers to the review questions, given on the command line.
#[derive(Debug, Clone, Default, Args)]
pub struct ReviewArgs {
    /// The story you told: a unique start of a story's title or file name, or a title you
    /// told before ("" for none). A drill asks a question the story answers and shows its cue
    /// card; give it more than once to practise several stories in a row
    #[arg(long, value_name = "TITLE", conflicts_with = "new_story", action = ArgAction::Append, add = Completes::Story.candidates())]
    pub story: Vec<String>,

    /// A story you told for the first time: records its title and starts its story file
    #[arg(long, value_name = "TITLE")]
    pub new_story: Option<String>,

    /// Your 0-2 rating of Situation, Task, Action and Result, like 2,1,2,2
    #[arg(long = "score", value_name = "S,T,A,R", value_parser = Scores::parse)]
    pub scores: Option<Scores>,

    /// A note to yourself about this answer
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}

impl ReviewArgs {
    /// What `--story` or `--new-story` asks, where one answer is recorded (`log`, `edit`):
    /// `--story` given twice is bad input.
    pub fn story_request(&self) -> Result<Option<StoryRequest>, BadInput> {
        if self.story.len() > 1 {
            return Err(BadInput::new(
                "--story names the one story of this answer; give it once",
            ));
        }
        Ok(match (self.story.first(), &self.new_story) {
            (_, Some(title)) => Some(StoryRequest::New(title.clone())),
            (Some(text), None) => Some(StoryRequest::Existing(text.clone())),
            (None, None) => None,
        })
    }

    /// The review changes these flags ask for (the first `--story`).
    pub fn changes(&self) -> ReviewChanges {
        ReviewChanges {
            story: self
                .new_story
                .clone()
                .or_else(|| self.story.first().cloned()),
            scores: self.scores.map(Some),
            note: self.note.clone(),
        }
    }
}

/// The answer window, as flags.
#[derive(Debug, Clone, Default, Args)]
pub struct WindowArgs {
    /// Shortest answer in the window: 90, 90s, 2m, 2m30s, 1:30 [built-in: 2m; config.toml: min]
    #[arg(long, value_name = "DURATION", value_parser = parse_typed_duration, allow_hyphen_values = true)]
    pub min: Option<Duration>,

    /// Longest answer in the window [built-in: 3m; config.toml: max]
    #[arg(long, value_name = "DURATION", value_parser = parse_typed_duration, allow_hyphen_values = true)]
    pub max: Option<Duration>,
}

/// The settings a drill can take for one run, over `config.toml`.
#[derive(Debug, Clone, Default, Args)]
pub struct SettingsArgs {
    #[command(flatten)]
    pub window: WindowArgs,

    /// Count down this long before the answer starts, to read the question and choose a story;
    /// Enter skips it, 0 asks at once [built-in: 10s, none in --plain; config.toml: prep]
    #[arg(long, value_name = "DURATION", value_parser = parse_typed_duration, allow_hyphen_values = true)]
    pub prep: Option<Duration>,

    /// Answer this many questions in a row, never the same one twice [built-in: 1; config.toml: count]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=50))]
    pub count: Option<u32>,

    #[command(flatten)]
    pub switches: SwitchArgs,
}

impl SettingsArgs {
    /// What these flags say about the settings.
    pub fn flags(&self) -> SettingFlags {
        SettingFlags {
            min: self.window.min,
            max: self.window.max,
            prep: self.prep,
            count: self.count,
            pace: None,
            switches: self.switches.0,
        }
    }
}

impl WindowArgs {
    /// What these flags say about the settings.
    pub fn flags(&self) -> SettingFlags {
        SettingFlags {
            min: self.min,
            max: self.max,
            ..SettingFlags::default()
        }
    }
}

/// Both flags of every on/off setting (`--bell` and `--no-bell`, ...), made from the table of
/// switches in `config`, so a new switch needs no change here. The later of a pair wins.
#[derive(Debug, Clone, Copy, Default)]
pub struct SwitchArgs(pub SwitchMap<Option<bool>>);

/// The id of a switch's flag in clap's matches: its long name.
fn switch_id(flag: &'static str) -> &'static str {
    flag.trim_start_matches('-')
}

impl FromArgMatches for SwitchArgs {
    fn from_arg_matches(matches: &ArgMatches) -> Result<SwitchArgs, clap::Error> {
        let mut switches = SwitchArgs::default();
        switches.update_from_arg_matches(matches)?;
        Ok(switches)
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        for switch in Switch::ALL {
            let facts = switch.facts();
            let given = |flag| matches.get_flag(switch_id(flag));
            if given(facts.on_flag) {
                self.0[switch] = Some(true);
            } else if given(facts.off_flag) {
                self.0[switch] = Some(false);
            }
        }
        Ok(())
    }
}

impl Args for SwitchArgs {
    fn augment_args(mut command: clap::Command) -> clap::Command {
        for switch in Switch::ALL {
            let facts = switch.facts();
            let (on, off) = (switch_id(facts.on_flag), switch_id(facts.off_flag));
            command = command
                .arg(
                    Arg::new(on)
                        .long(on)
                        .action(ArgAction::SetTrue)
                        .overrides_with(off)
                        .help(facts.on_help),
                )
                .arg(
                    Arg::new(off)
                        .long(off)
                        .action(ArgAction::SetTrue)
                        .overrides_with(on)
                        .help(facts.off_help),
                );
        }
        command
    }

    fn augment_args_for_update(command: clap::Command) -> clap::Command {
        SwitchArgs::augment_args(command)
    }
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// The prompt you answered (an id from `rehearse prompts`)
    #[arg(long = "prompt", value_name = "ID", add = Completes::Prompt.candidates())]
    pub prompt_id: String,

    /// How long the answer took: 90, 90s, 2m30s, 2:30 (more than nothing, at most 24h)
    #[arg(long, value_name = "DURATION", value_parser = parse_answer_duration, allow_hyphen_values = true)]
    pub duration: Duration,

    /// When it started, in local time: a day and a time ("yesterday 19:00", "today 7:30",
    /// "3d 18:00", "2026-11-30 18:00"), a time alone (today), a day alone (noon that day; now,
    /// if that is today before noon) or RFC 3339 (2026-11-23T07:31:00+01:00); never in the
    /// future [default: now]
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,

    #[command(flatten)]
    pub window: WindowArgs,

    #[command(flatten)]
    pub review: ReviewArgs,

    /// A recording of the practice (WAV, M4A, MP3, FLAC or Ogg), converted and kept beside
    /// the record
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath)]
    pub audio: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct AttachArgs {
    /// The session's id, or a unique start of it
    #[arg(add = Completes::Session.candidates())]
    pub id: String,

    /// The audio file: WAV, M4A/AAC, MP3, FLAC or Ogg Vorbis, any rate, mono or stereo
    #[arg(value_hint = ValueHint::FilePath)]
    pub file: PathBuf,

    /// Attach it to the session's follow-up answer instead of its main answer
    #[arg(long)]
    pub follow_up: bool,

    /// Replace a recording the session already has
    #[arg(long)]
    pub replace: bool,
}

#[derive(Debug, Args)]
pub struct PlayArgs {
    /// The session's id, or a unique start of it
    #[arg(add = Completes::Session.candidates())]
    pub id: String,

    /// Play the follow-up's answer instead of the main answer
    #[arg(long)]
    pub follow_up: bool,
}

#[derive(Debug, Args)]
pub struct TranscriptArgs {
    /// The session's id, or a unique start of it
    #[arg(add = Completes::Session.candidates())]
    pub id: String,

    /// Keep the text of this file (or standard input, `-`) as the answer's transcript, in
    /// place of any it had: for an answer typed, or heard by another program
    #[arg(long, value_name = "FILE")]
    pub from: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct TranscribeArgs {
    /// The session's id, or a unique start of it
    #[arg(required_unless_present = "all", conflicts_with = "all", add = Completes::Session.candidates())]
    pub id: Option<String>,

    /// Every session with a recording and no transcript yet, oldest first
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ModelArgs {
    #[command(subcommand)]
    pub action: Option<ModelAction>,
}

#[derive(Debug, Subcommand)]
pub enum ModelAction {
    /// Download the English base model (142 MiB, checked against its published checksum),
    /// or put one you have in place with --from
    Install(ModelInstallArgs),
}

#[derive(Debug, Args)]
pub struct ModelInstallArgs {
    /// A ggml model file you already have (a CTranslate2 folder is refused with how to
    /// convert it)
    #[arg(long, value_name = "FILE", value_hint = ValueHint::AnyPath, conflicts_with = "url")]
    pub from: Option<PathBuf>,

    /// Download from this address instead of whisper.cpp's published base.en model
    #[arg(long, value_name = "URL", requires = "checksum")]
    pub url: Option<String>,

    /// The SHA-256 (64 hex digits) or SHA-1 (40) the download from --url must have
    #[arg(long, value_name = "HEX", requires = "url")]
    pub checksum: Option<String>,
}

#[derive(Debug, Args)]
pub struct RmArgs {
    /// The sessions' ids, or unique starts of them
    #[arg(required = true, add = Completes::Session.candidates())]
    pub ids: Vec<String>,

    /// Do not ask first (needed when not asked on a terminal)
    #[arg(long, short = 'y')]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write rehearse.1 and a page for every command (rehearse-drill.1, ...) into this folder
    /// (made if missing), replacing the pages there, instead of printing rehearse(1)
    #[arg(long, value_name = "DIR", value_hint = ValueHint::DirPath)]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The session's id in the trash (as rm printed it), or a unique start of it
    #[arg(add = Completes::Trashed.candidates())]
    pub id: String,
}

#[derive(Debug, Args)]
pub struct PruneArgs {
    /// Delete recordings older than this many days instead of keep_audio_days
    #[arg(long, value_name = "DAYS")]
    pub older_than: Option<u32>,

    /// Only say what would be deleted
    #[arg(long)]
    pub dry_run: bool,

    /// Do not ask first (needed when not asked on a terminal)
    #[arg(long, short = 'y')]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The session's id, or a unique start of it
    #[arg(add = Completes::Session.candidates())]
    pub id: String,

    #[command(flatten)]
    pub review: ReviewArgs,
}

/// The days a report covers.
#[derive(Debug, Clone, Default, Args)]
pub struct DayRangeArgs {
    /// From this day on: YYYY-MM-DD, today, yesterday, or a number of days or weeks ago (7d, 4w)
    #[arg(long, value_name = "DAY")]
    pub since: Option<String>,

    /// Up to and including this day (same forms as --since)
    #[arg(long, value_name = "DAY")]
    pub until: Option<String>,
}

/// Which sessions a report covers.
#[derive(Debug, Clone, Default, Args)]
pub struct SessionFilterArgs {
    #[command(flatten)]
    pub days: DayRangeArgs,

    /// Only this category (repeatable)
    #[arg(long = "category", value_name = "CAT", add = Completes::Category.candidates())]
    pub categories: Vec<String>,

    /// Only sessions whose story contains this text (any case), or whose story's file name does
    #[arg(long, value_name = "TEXT", add = Completes::Story.candidates())]
    pub story: Option<String>,

    /// Include aborted answers
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    #[command(flatten)]
    pub filter: SessionFilterArgs,

    /// At most this many rows (the newest)
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,

    /// Print the records themselves as a JSON array
    #[arg(long)]
    pub json: bool,

    /// Every column and every text whole, however wide the terminal (tables otherwise fit
    /// the width: COLUMNS, else the terminal's)
    #[arg(long)]
    pub wide: bool,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub days: DayRangeArgs,

    /// Print the figures as JSON (field names are documented in the README)
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The format to write
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,

    /// Write to this file (atomically) instead of standard output
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub days: DayRangeArgs,

    /// Include aborted answers
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct StoriesArgs {
    #[command(subcommand)]
    pub action: Option<StoriesAction>,

    /// Print the stories as JSON
    #[arg(long)]
    pub json: bool,

    /// Every column and every text whole, however wide the terminal (tables otherwise fit
    /// the width: COLUMNS, else the terminal's)
    #[arg(long)]
    pub wide: bool,

    #[command(flatten)]
    pub pace: PaceArgs,
}

#[derive(Debug, Subcommand)]
pub enum StoriesAction {
    /// One story as a cue card, with its practice record
    Show {
        /// A unique start of the story's title or file name
        #[arg(add = Completes::Story.candidates())]
        name: String,
        /// Print the story, its spoken length and its practice as JSON
        #[arg(long)]
        json: bool,
    },
    /// Write a new story file (asks on a terminal; --title and --category work without one)
    Add {
        /// The story's title (at least one letter or digit, no control characters)
        #[arg(long)]
        title: Option<String>,
        /// A category the story can answer (repeatable)
        #[arg(long = "category", value_name = "CAT", add = Completes::Category.candidates())]
        categories: Vec<String>,
    },
    /// Open a story in $VISUAL or $EDITOR, and check it when the editor closes
    Edit {
        /// A unique start of the story's title or file name
        #[arg(add = Completes::Story.candidates())]
        name: String,
    },
    /// Give a story a new title (and file name), and the sessions that name it too
    Rename {
        /// A unique start of the story's title or file name
        #[arg(add = Completes::Story.candidates())]
        name: String,
        /// The new title (at least one letter or digit, no control characters)
        new: String,
        /// Change the sessions that name the old title without asking
        #[arg(long)]
        sessions: bool,
    },
    /// Move a story file to <home>/trash/stories (its sessions keep their title)
    Rm {
        /// A unique start of the story's title or file name
        #[arg(add = Completes::Story.candidates())]
        name: String,
    },
    /// Which stories can answer which categories, and the categories with none
    Coverage {
        /// Print the coverage as JSON
        #[arg(long)]
        json: bool,
    },
    /// Turn free-form STAR notes into story files
    Import {
        /// Files of notes to read
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Show what would be written, and write nothing
        #[arg(long)]
        dry_run: bool,
        /// Print the stories found as JSON
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// How many drills the plan has
    #[arg(long, value_name = "N", default_value_t = crate::report::plan::DEFAULT_COUNT, value_parser = clap::value_parser!(u16).range(1..=20))]
    pub count: u16,

    /// Print the plan as JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The session's id, or a unique start of it
    #[arg(add = Completes::Session.candidates())]
    pub id: String,

    /// Print the record as JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ConfigArgs {
    #[command(flatten)]
    pub settings: SettingsArgs,

    #[command(flatten)]
    pub pace: PaceArgs,
}

impl ConfigArgs {
    /// What every flag given says about the settings.
    pub fn flags(&self) -> SettingFlags {
        SettingFlags {
            pace: self.pace.pace,
            ..self.settings.flags()
        }
    }
}

/// The speaking pace stories are timed at.
#[derive(Debug, Clone, Default, Args)]
pub struct PaceArgs {
    /// Words a minute you speak at, for a story's spoken length [built-in: 150; config.toml: pace]
    #[arg(long, global = true, value_name = "WPM", value_parser = clap::value_parser!(u32).range(60..=300))]
    pub pace: Option<u32>,
}

impl PaceArgs {
    pub fn flags(&self) -> SettingFlags {
        SettingFlags {
            pace: self.pace,
            ..SettingFlags::default()
        }
    }
}

/// Which prompts may be chosen.
#[derive(Debug, Clone, Default, Args)]
pub struct PromptChoiceArgs {
    /// Only questions of this category (repeat for several; `rehearse prompts` lists them)
    #[arg(long = "category", value_name = "CAT", add = Completes::Category.candidates())]
    pub categories: Vec<String>,

    /// The same choice every time for the same bank and history
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,

    /// A plain random draw, not leaning toward what you have neglected
    #[arg(long)]
    pub uniform: bool,
}

impl PromptChoiceArgs {
    pub fn choice(&self) -> Choice {
        Choice {
            categories: self.categories.clone(),
            seed: self.seed,
            uniform: self.uniform,
        }
    }
}

#[derive(Debug, Clone, Default, Args)]
pub struct DrillArgs {
    #[command(flatten)]
    pub choice: PromptChoiceArgs,

    /// Answer this prompt (an id from `rehearse prompts`) instead of a random pick (with
    /// --seed, its follow-up probes come in the same order every time)
    #[arg(long = "prompt", value_name = "ID", conflicts_with = "categories", add = Completes::Prompt.candidates())]
    pub prompt_id: Option<String>,

    #[command(flatten)]
    pub settings: SettingsArgs,

    /// Line-by-line mode even on a terminal: the answer ends at a line on stdin or end of input
    #[arg(long)]
    pub plain: bool,

    /// Run today's plan (`rehearse plan`): a question for each of its drills not done yet
    #[arg(long, conflicts_with_all = ["prompt_id", "categories", "story", "new_story"])]
    pub plan: bool,

    #[command(flatten)]
    pub review: ReviewArgs,
}

#[derive(Debug, Args)]
pub struct PickArgs {
    #[command(flatten)]
    pub choice: PromptChoiceArgs,

    /// Show the weights behind the choice
    #[arg(long)]
    pub explain: bool,

    /// Print the prompt as a JSON object
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct PromptsArgs {
    #[command(subcommand)]
    pub action: Option<PromptsAction>,

    /// Only these categories (repeatable)
    #[arg(long = "category", value_name = "CAT", add = Completes::Category.candidates())]
    pub categories: Vec<String>,

    /// Print the prompts as a JSON array
    #[arg(long)]
    pub json: bool,

    /// Every column and every text whole, however wide the terminal (tables otherwise fit
    /// the width: COLUMNS, else the terminal's)
    #[arg(long)]
    pub wide: bool,
}

#[derive(Debug, Subcommand)]
pub enum PromptsAction {
    /// Check prompt files and report every problem as path:line: message (exit 2 if any), and
    /// warn about keywords that two categories share
    Check {
        /// Files to check [default: every <home>/prompts/*.toml]
        files: Vec<PathBuf>,
    },
}

/// The variable that asks the binary for completions instead of running a command
/// (`COMPLETE=bash rehearse` prints the registration; the registered script sets it too).
pub const COMPLETE_VARIABLE: &str = "COMPLETE";

/// Answers the shell when it asks for completions (the variable above is set), and exits;
/// otherwise returns at once. Before anything is written to stdout.
pub fn answer_completion_request() {
    clap_complete::CompleteEnv::with_factory(<Cli as clap::CommandFactory>::command)
        .var(COMPLETE_VARIABLE)
        .bin("rehearse")
        // The one on the PATH, as `completions SHELL` writes it: a registration kept in a
        // file still works after the binary is rebuilt or moved.
        .completer("rehearse")
        .complete();
}

/// Writes the lines that register `rehearse`'s completions with `shell`: they call the binary
/// back at each Tab, so the candidates are the person's own categories, prompts, stories and
/// sessions as they are then.
pub fn write_completions(
    shell: clap_complete::Shell,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let name = shell.to_string();
    let shells = clap_complete::env::Shells::builtins();
    let completer = shells
        .completer(&name)
        .ok_or_else(|| std::io::Error::other(format!("no completions for {name}")))?;
    completer.write_registration(COMPLETE_VARIABLE, "rehearse", "rehearse", "rehearse", out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{DEFAULT_COUNT, DEFAULT_MAX, DEFAULT_MIN, DEFAULT_PREP};
    use crate::domain::duration::format_short;
    use clap::CommandFactory;

    #[test]
    fn the_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    /// Every option and argument of a closed choice, anywhere in the command line, with the
    /// commands leading to it.
    fn closed_choices(
        command: &clap::Command,
        path: &mut Vec<String>,
        found: &mut Vec<(Vec<String>, clap::Arg)>,
    ) {
        for arg in command.get_arguments() {
            if !arg.get_possible_values().is_empty() && arg.get_action().takes_values() {
                found.push((path.clone(), arg.clone()));
            }
        }
        for sub in command.get_subcommands() {
            path.push(sub.get_name().to_owned());
            closed_choices(sub, path, found);
            path.pop();
        }
    }

    #[test]
    fn a_bad_value_of_every_closed_choice_lists_the_valid_ones() {
        let mut found = Vec::new();
        closed_choices(&Cli::command(), &mut vec!["rehearse".into()], &mut found);
        assert!(found.len() >= 3, "{found:?}");
        for (path, arg) in found {
            let mut typed: Vec<std::ffi::OsString> = path.iter().map(Into::into).collect();
            match arg.get_long() {
                Some(long) => typed.push(format!("--{long}=not-a-choice").into()),
                None => typed.push("not-a-choice".into()),
            }
            let error = Cli::try_parse_from(&typed).unwrap_err();
            let usage = crate::exit::UsageError::of(&error, &typed, &Cli::command());
            let valid: Vec<String> = arg
                .get_possible_values()
                .iter()
                .filter(|value| !value.is_hide_set())
                .map(|value| value.get_name().to_owned())
                .collect();
            assert!(
                usage
                    .problem
                    .ends_with(&format!("valid values are {}", valid.join(", "))),
                "{typed:?}: {}",
                usage.problem
            );
        }
    }

    #[test]
    fn global_options_go_before_or_after_the_command() {
        for args in [
            ["rehearse", "--home", "/h", "pick"],
            ["rehearse", "pick", "--home", "/h"],
        ] {
            let cli = Cli::try_parse_from(args).unwrap();
            assert_eq!(cli.global.home.as_deref(), Some(std::path::Path::new("/h")));
        }
        assert!(Cli::try_parse_from(["rehearse"]).unwrap().command.is_none());
    }

    #[test]
    fn a_bad_or_endless_duration_is_a_usage_error() {
        let error = Cli::try_parse_from(["rehearse", "drill", "--min", "2x"]).unwrap_err();
        assert_eq!(error.kind(), clap::error::ErrorKind::ValueValidation);
        assert!(error.to_string().contains("bad duration '2x'"));
        let error = Cli::try_parse_from([
            "rehearse",
            "log",
            "--prompt",
            "p",
            "--duration",
            "99999999h",
        ])
        .unwrap_err();
        assert!(error.to_string().contains("at most 24h"), "{error}");
    }

    fn drill_flags(args: &[&str]) -> SettingFlags {
        let mut all = vec!["rehearse", "drill"];
        all.extend(args);
        match Cli::try_parse_from(all).unwrap().command {
            Some(Command::Drill(drill)) => drill.settings.flags(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn every_switch_has_both_flags_and_the_later_one_wins() {
        assert_eq!(drill_flags(&[]).switches, SwitchMap::default());
        for switch in Switch::ALL {
            let facts = switch.facts();
            let on = drill_flags(&[facts.on_flag]);
            assert_eq!(on.switches[switch], Some(true), "{}", facts.on_flag);
            let off = drill_flags(&[facts.off_flag]);
            assert_eq!(off.switches[switch], Some(false), "{}", facts.off_flag);
            let later_off = drill_flags(&[facts.on_flag, facts.off_flag]);
            assert_eq!(later_off.switches[switch], Some(false));
            let later_on =
                drill_flags(&[facts.off_flag, facts.on_flag, facts.off_flag, facts.on_flag]);
            assert_eq!(later_on.switches[switch], Some(true));
        }
    }

    #[test]
    fn help_names_the_built_in_defaults_and_the_file_that_changes_them() {
        let mut drill = Cli::command().find_subcommand("drill").unwrap().clone();
        let help = drill.render_long_help().to_string();
        for (flag, default) in [
            ("--min", format_short(DEFAULT_MIN)),
            ("--max", format_short(DEFAULT_MAX)),
            ("--prep", format_short(DEFAULT_PREP)),
            ("--count", DEFAULT_COUNT.to_string()),
        ] {
            let at = help
                .find(&format!("{flag} <"))
                .unwrap_or_else(|| panic!("{flag}"));
            let text = &help[at..];
            let end = text.find("config.toml").unwrap();
            assert!(
                text[..end].contains(&format!("built-in: {default}")),
                "{flag}: {}",
                &text[..end]
            );
        }
        for switch in Switch::ALL {
            let facts = switch.facts();
            let on_off = if facts.default { "on" } else { "off" };
            assert!(
                facts
                    .on_help
                    .contains(&format!("[built-in: {on_off}; config.toml: {}]", facts.key)),
                "{}",
                facts.on_help
            );
        }
        assert!(!help.contains("[default: 2m]"), "{help}");
    }
}

//! The command line, as clap definitions and nothing else. `--help`, the man page and the shell
//! completions are all generated from these types.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::duration::parse_duration;
use crate::session::record::Scores;

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

/// When output may be coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Answer a question out loud against the clock (the default command)
    Drill(DrillArgs),
    /// Print one question from the bank, without timing
    Pick(PickArgs),
    /// List the prompt bank, or check prompt files
    Prompts(PromptsArgs),
    /// Print a shell completion script (for example: rehearse completions bash > ~/.local/share/bash-completion/completions/rehearse)
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
    /// Where you stand: streaks, timing, STAR parts, categories and stories
    Stats(StatsArgs),
    /// Every session as JSON, JSON lines or CSV
    Export(ExportArgs),
    /// Your prepared stories: list, show, add, coverage, import notes
    Stories(StoriesArgs),
    /// The settings in effect and where each came from (default, file, environment, flag)
    Config,
    /// Print the man page (roff) on standard output
    Man,
}

/// Answers to the review questions, given on the command line.
#[derive(Debug, Clone, Default, Args)]
pub struct ReviewArgs {
    /// The story you told: a unique start of a story's title or file name, or a new title
    /// (which starts a story file)
    #[arg(long, value_name = "TITLE")]
    pub story: Option<String>,

    /// Your 0-2 rating of Situation, Task, Action and Result, like 2,1,2,2
    #[arg(long = "score", value_name = "S,T,A,R", value_parser = Scores::parse)]
    pub scores: Option<Scores>,

    /// A note to yourself about this answer
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// The prompt you answered (an id from `rehearse prompts`)
    #[arg(long = "prompt", value_name = "ID")]
    pub prompt_id: String,

    /// How long the answer took: 90, 90s, 2m30s, 2:30
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub duration: Duration,

    /// When it started: RFC 3339, or YYYY-MM-DD HH:MM in local time [default: now]
    #[arg(long, value_name = "DATETIME")]
    pub at: Option<String>,

    /// Shortest answer in the window [default: 2m]
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub min: Option<Duration>,

    /// Longest answer in the window [default: 3m]
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub max: Option<Duration>,

    #[command(flatten)]
    pub review: ReviewArgs,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The session's id, or a unique start of it
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
    #[arg(long = "category", value_name = "CAT")]
    pub categories: Vec<String>,

    /// Only sessions whose story contains this text (any case)
    #[arg(long, value_name = "TEXT")]
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
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub days: DayRangeArgs,

    /// Print the figures as JSON (field names are documented in the README)
    #[arg(long)]
    pub json: bool,
}

/// The formats `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// One JSON array of records
    Json,
    /// One record a line
    Jsonl,
    /// One row a session, flat columns
    Csv,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The format to write
    #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
    pub format: ExportFormat,

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
}

#[derive(Debug, Subcommand)]
pub enum StoriesAction {
    /// One story as a cue card, with its practice record
    Show {
        /// A unique start of the story's title or file name
        name: String,
    },
    /// Write a new story file (asks on a terminal; --title and --category work without one)
    Add {
        /// The story's title
        #[arg(long)]
        title: Option<String>,
        /// A category the story can answer (repeatable)
        #[arg(long = "category", value_name = "CAT")]
        categories: Vec<String>,
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
pub struct ShowArgs {
    /// The session's id, or a unique start of it
    pub id: String,

    /// Print the record as JSON
    #[arg(long)]
    pub json: bool,
}

/// Which prompts may be chosen.
#[derive(Debug, Clone, Default, Args)]
pub struct PromptChoiceArgs {
    /// Only questions of this category (repeat for several; `rehearse prompts` lists them)
    #[arg(long = "category", value_name = "CAT")]
    pub categories: Vec<String>,

    /// The same choice every time for the same bank and history
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,

    /// A plain random draw, not leaning toward what you have neglected
    #[arg(long)]
    pub uniform: bool,
}

#[derive(Debug, Clone, Default, Args)]
pub struct DrillArgs {
    #[command(flatten)]
    pub choice: PromptChoiceArgs,

    /// Answer this prompt (an id from `rehearse prompts`) instead of a random pick
    #[arg(long = "prompt", value_name = "ID", conflicts_with_all = ["categories", "seed"])]
    pub prompt_id: Option<String>,

    /// Shortest answer in the window [default: 2m]; accepts 90, 90s, 2m, 2m30s, 1:30
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub min: Option<Duration>,

    /// Longest answer in the window [default: 3m]
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub max: Option<Duration>,

    /// Count down this long before the answer starts (Enter skips it)
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub prep: Option<Duration>,

    /// Finish the answer by itself when it reaches --max
    #[arg(long)]
    pub auto_stop: bool,

    /// Line-by-line mode even on a terminal: the answer ends at a line on stdin or end of input
    #[arg(long)]
    pub plain: bool,

    /// No terminal bell at min and max
    #[arg(long)]
    pub no_bell: bool,

    /// Read the question aloud (espeak-ng, spd-say or say) before the answer starts
    #[arg(long)]
    pub speak: bool,

    #[command(flatten)]
    pub review: ReviewArgs,

    /// Ask no review questions after the answer (fill them in later with `rehearse edit`)
    #[arg(long)]
    pub no_review: bool,

    /// Answer this many questions in a row, never the same one twice [default: 1]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=50))]
    pub count: Option<u32>,

    /// After each answer, answer one of the interviewer's follow-up probes (30s to 60s)
    #[arg(long)]
    pub follow_ups: bool,
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
    #[arg(long = "category", value_name = "CAT")]
    pub categories: Vec<String>,

    /// Print the prompts as a JSON array
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum PromptsAction {
    /// Check prompt files and report every problem as path:line: message (exit 2 if any)
    Check {
        /// Files to check [default: every <home>/prompts/*.toml]
        files: Vec<PathBuf>,
    },
}

/// Writes the completion script for `shell`.
pub fn write_completions(shell: clap_complete::Shell, out: &mut dyn std::io::Write) {
    clap_complete::generate(
        shell,
        &mut <Cli as clap::CommandFactory>::command(),
        "rehearse",
        out,
    );
}

/// Writes the man page in roff.
pub fn write_man_page(out: &mut dyn std::io::Write) -> std::io::Result<()> {
    clap_mangen::Man::new(<Cli as clap::CommandFactory>::command()).render(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_definition_is_consistent() {
        Cli::command().debug_assert();
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
    fn a_bad_duration_is_a_usage_error() {
        let error = Cli::try_parse_from(["rehearse", "drill", "--min", "2x"]).unwrap_err();
        assert_eq!(error.kind(), clap::error::ErrorKind::ValueValidation);
        assert!(error.to_string().contains("bad duration '2x'"));
    }
}

//! Everything a command needs to know about its surroundings: the data home, colour, and the
//! settings, each resolved by the one function [`resolve`] in the same order: a flag, then
//! the environment where the setting has a variable, then `<home>/config.toml`, then the
//! built-in default. Every setting remembers where its value came from.
//!
//! The settings file is optional: a missing one means the defaults, and reading it never
//! creates the home. It is read into a typed [`FileSettings`] once, and every problem in it is
//! reported as `path:line: message` (exit 2): running with half of someone's settings would
//! surprise them. Limits that involve two settings (min above max) are judged on the values
//! in effect, so a flag can mend what the file says.

use std::ffi::OsString;
use std::fmt;
use std::ops::{Index, Range};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use toml::de::{DeTable, DeValue};

use crate::domain::duration::{MAX_TYPED, format_short, parse_typed_duration};
use crate::domain::star::{Guide, Part, default_guide, scored_letters};
use crate::domain::window::{Window, WindowProblem};
use crate::exit::BadInput;
use crate::files::{CONFIG_CAP, Links, read_regular_capped};
use crate::text::LineIndex;
use crate::toml_check::{parse_tree, unknown_keys};
use crate::ui::terminal_width;

/// The environment variable that names the data home.
pub const HOME_VARIABLE: &str = "REHEARSE_HOME";

/// The environment variable naming the speech model file, over `model` in config.toml.
pub const MODEL_VARIABLE: &str = "REHEARSE_MODEL";

/// The environment variable that says how wide output may be, read as `ls` and `ps` read it.
pub const COLUMNS_VARIABLE: &str = "COLUMNS";

/// The settings file's name inside the data home.
pub const CONFIG_FILE: &str = "config.toml";

/// The default answer window: two to three minutes.
pub const DEFAULT_MIN: Duration = Duration::from_secs(120);
pub const DEFAULT_MAX: Duration = Duration::from_secs(180);

/// The default countdown before an answer: none.
pub const DEFAULT_PREP: Duration = Duration::from_secs(10);

/// The default number of questions a drill asks, and the most it asks.
pub const DEFAULT_COUNT: u32 = 1;
pub const MAX_COUNT: u32 = 50;

/// The speaking pace a story's length is estimated at, in words a minute: about what a
/// person speaks at in an interview, neither hurried nor slow.
pub const DEFAULT_PACE: u32 = 150;
/// The paces a person may give: slower or faster than these is no one's speech.
pub const PACES: std::ops::RangeInclusive<u32> = 60..=300;
/// How far either side of a pace given as one number the speech report's aim reaches: 150
/// aims at 130 to 170, what interview coaches advise.
pub const PACE_AIM_REACH: u32 = 20;

/// The pace a person speaks at: the range of words a minute the speech report aims at, and
/// its middle, which a story's spoken length is estimated at. `pace = 150` in config.toml
/// (or `--pace 150`) is the range around it; `pace = [120, 160]` names the range itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pace {
    pub low: u32,
    pub high: u32,
}

impl Pace {
    /// The aim around a pace of `wpm`.
    pub fn around(wpm: u32) -> Pace {
        Pace {
            low: wpm.saturating_sub(PACE_AIM_REACH),
            high: wpm + PACE_AIM_REACH,
        }
    }

    /// The words a minute a story's length is estimated at: the aim's middle.
    pub fn words_a_minute(self) -> u32 {
        (self.low + self.high) / 2
    }
}

impl std::fmt::Display for Pace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} words a minute (aim {} to {})",
            self.words_a_minute(),
            self.low,
            self.high
        )
    }
}

/// Where a setting's value came from, for messages and `rehearse config`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Default,
    /// `<home>/config.toml`, at this line.
    File {
        line: usize,
    },
    /// This environment variable (or `TERM=dumb`).
    Environment(&'static str),
    /// This flag.
    Flag(&'static str),
}

impl Source {
    /// The word `rehearse config` shows: `default`, `file`, `environment` or `flag`.
    pub fn name(self) -> &'static str {
        match self {
            Source::Default => "default",
            Source::File { .. } => "file",
            Source::Environment(_) => "environment",
            Source::Flag(_) => "flag",
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Default | Source::File { .. } => f.write_str(self.name()),
            Source::Environment(variable) => write!(f, "environment: {variable}"),
            Source::Flag(flag) => write!(f, "flag: {flag}"),
        }
    }
}

/// One effective setting and where it came from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Setting<T> {
    pub value: T,
    pub source: Source,
}

/// The one way a setting is resolved: the flag, else the environment, else the file, else
/// the default.
pub fn resolve<T>(
    flag: Option<(T, &'static str)>,
    environment: Option<(T, &'static str)>,
    file: Option<Lined<T>>,
    default: T,
) -> Setting<T> {
    if let Some((value, flag)) = flag {
        return Setting {
            value,
            source: Source::Flag(flag),
        };
    }
    if let Some((value, variable)) = environment {
        return Setting {
            value,
            source: Source::Environment(variable),
        };
    }
    if let Some(Lined { value, line }) = file {
        return Setting {
            value,
            source: Source::File { line },
        };
    }
    Setting {
        value: default,
        source: Source::Default,
    }
}

// ---------------------------------------------------------------------------------------------
// On/off settings
// ---------------------------------------------------------------------------------------------

/// The on/off settings. Each has a key in `config.toml`, a flag to turn it on and one to turn
/// it off (the later of the two wins), and a built-in default; all of it is in [`SWITCHES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Switch {
    Bell,
    Speak,
    FollowUps,
    AutoStop,
    Review,
    Record,
}

/// What is known about one switch.
pub struct SwitchFacts {
    /// The key in `config.toml`, and the name `rehearse config` shows.
    pub key: &'static str,
    /// The flag that turns it on, and the one that turns it off, with their dashes.
    pub on_flag: &'static str,
    pub off_flag: &'static str,
    pub default: bool,
    /// `--help` for the two flags.
    pub on_help: &'static str,
    pub off_help: &'static str,
}

/// The table of switches, in [`Switch::ALL`] order.
const SWITCHES: [SwitchFacts; Switch::COUNT] = [
    SwitchFacts {
        key: "bell",
        on_flag: "--bell",
        off_flag: "--no-bell",
        default: true,
        on_help: "Ring the terminal bell at min and max [built-in: on; config.toml: bell]",
        off_help: "No terminal bell at min and max",
    },
    SwitchFacts {
        key: "speak",
        on_flag: "--speak",
        off_flag: "--no-speak",
        default: false,
        on_help: "Read the question aloud (espeak-ng, spd-say or say) before the answer starts \
                  [built-in: off; config.toml: speak]",
        off_help: "Do not read the question aloud",
    },
    SwitchFacts {
        key: "follow_ups",
        on_flag: "--follow-ups",
        off_flag: "--no-follow-ups",
        default: false,
        on_help: "After each answer, answer one of the interviewer's follow-up probes (30s to \
                  60s) [built-in: off; config.toml: follow_ups]",
        off_help: "No follow-up probes",
    },
    SwitchFacts {
        key: "auto_stop",
        on_flag: "--auto-stop",
        off_flag: "--no-auto-stop",
        default: false,
        on_help: "Finish the answer by itself when it reaches max \
                  [built-in: off; config.toml: auto_stop]",
        off_help: "Keep timing past max until you finish",
    },
    SwitchFacts {
        key: "review",
        on_flag: "--review",
        off_flag: "--no-review",
        default: true,
        on_help: "Ask the review questions after the answer, on a terminal \
                  [built-in: on; config.toml: review]",
        off_help: "Ask no review questions (fill them in later with `rehearse edit`)",
    },
    SwitchFacts {
        key: "record",
        on_flag: "--record",
        off_flag: "--no-record",
        default: false,
        on_help: "Record each answer from the microphone into a WAV beside its record (needs a \
                  build with the `record` feature) [built-in: off; config.toml: record]",
        off_help: "Do not record the answers",
    },
];

impl Switch {
    pub const COUNT: usize = 6;
    pub const ALL: [Switch; Switch::COUNT] = [
        Switch::Bell,
        Switch::Speak,
        Switch::FollowUps,
        Switch::AutoStop,
        Switch::Review,
        Switch::Record,
    ];

    pub fn facts(self) -> &'static SwitchFacts {
        &SWITCHES[self as usize]
    }
}

/// One value for each switch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SwitchMap<T>(pub [T; Switch::COUNT]);

impl<T> Index<Switch> for SwitchMap<T> {
    type Output = T;
    fn index(&self, switch: Switch) -> &T {
        &self.0[switch as usize]
    }
}

impl<T> std::ops::IndexMut<Switch> for SwitchMap<T> {
    fn index_mut(&mut self, switch: Switch) -> &mut T {
        &mut self.0[switch as usize]
    }
}

// ---------------------------------------------------------------------------------------------
// The settings of a run
// ---------------------------------------------------------------------------------------------

/// What the command line says about the settings; `None` where it says nothing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SettingFlags {
    pub min: Option<Duration>,
    pub max: Option<Duration>,
    pub prep: Option<Duration>,
    pub count: Option<u32>,
    pub pace: Option<u32>,
    pub switches: SwitchMap<Option<bool>>,
}

/// The settings in effect for one run, each with its source.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub min: Setting<Duration>,
    pub max: Setting<Duration>,
    /// The countdown before an answer starts.
    pub prep: Setting<Duration>,
    /// Questions a drill asks, 1 to [`MAX_COUNT`].
    pub count: Setting<u32>,
    /// The pace spoken at: a story's length is estimated at it, the speech report aims at it.
    pub pace: Setting<Pace>,
    pub switches: SwitchMap<Setting<bool>>,
    /// The share of an answer each scored part should take, adding up to 1.
    pub guide: Setting<Guide>,
    /// The settings file as shown in messages.
    file_shown: String,
}

impl Settings {
    /// Whether `switch` is on.
    pub fn is_on(&self, switch: Switch) -> bool {
        self.switches[switch].value
    }

    /// The answer window min to max, or bad input naming where each side came from.
    pub fn window(&self) -> Result<Window, BadInput> {
        let (min, max) = (&self.min, &self.max);
        Window::new(min.value, max.value).map_err(|problem| match problem {
            WindowProblem::Empty => BadInput::new(match max.source {
                Source::File { line } => {
                    format!("{}:{line}: max must be longer than zero", self.file_shown)
                }
                Source::Flag(_) => "--max must be longer than zero".to_string(),
                _ => "max must be longer than zero".to_string(),
            }),
            WindowProblem::TooLong => BadInput::new(problem.to_string()),
            WindowProblem::Inverted => self.inverted_window(),
        })
    }

    fn inverted_window(&self) -> BadInput {
        let (min, max) = (&self.min, &self.max);
        let (min_text, max_text) = (format_short(min.value), format_short(max.value));
        let file = &self.file_shown;
        BadInput::new(match (min.source, max.source) {
            (Source::File { line }, Source::File { .. }) => {
                format!("{file}:{line}: min {min_text} is above max {max_text}")
            }
            (Source::File { line }, Source::Default) => format!(
                "{file}:{line}: min {min_text} is above the default max {max_text}: set max too"
            ),
            (Source::Default, Source::File { line }) => format!(
                "{file}:{line}: max {max_text} is below the default min {min_text}: set min too"
            ),
            _ => format!(
                "{} is above {}",
                side_label("min", min),
                side_label("max", max)
            ),
        })
    }
}

/// One side of the window and where it came from: `--min 4m`, `max 3m (from config.toml)` or
/// `the default --max 3m`.
fn side_label(name: &str, setting: &Setting<Duration>) -> String {
    let value = format_short(setting.value);
    match setting.source {
        Source::Flag(_) => format!("--{name} {value}"),
        Source::File { .. } => format!("{name} {value} (from {CONFIG_FILE})"),
        Source::Environment(variable) => format!("{name} {value} (from {variable})"),
        Source::Default => format!("the default --{name} {value}"),
    }
}

// ---------------------------------------------------------------------------------------------
// The data home and colour
// ---------------------------------------------------------------------------------------------

/// The folder holding all of the user's data. It is created on the first write, never by a
/// command that only reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataHome {
    pub path: PathBuf,
    pub source: Source,
}

impl DataHome {
    /// `--home`, else `$REHEARSE_HOME` (when not empty), else the platform data folder.
    pub fn resolve(flag: Option<&Path>, variable: Option<OsString>) -> anyhow::Result<DataHome> {
        let flag = flag.map(|path| (path.to_path_buf(), "--home"));
        let environment = variable
            .filter(|value| !value.is_empty())
            .map(|value| (PathBuf::from(value), HOME_VARIABLE));
        let default = if flag.is_none() && environment.is_none() {
            let Some(base) = directories::BaseDirs::new() else {
                bail!(
                    "cannot find your home folder to keep data in: set {HOME_VARIABLE} or pass --home"
                );
            };
            base.data_dir().join("rehearse")
        } else {
            PathBuf::new()
        };
        let setting = resolve(flag, environment, None, default);
        Ok(DataHome {
            path: setting.value,
            source: setting.source,
        })
    }

    /// `<home>/stories`: the user's story files.
    pub fn stories_dir(&self) -> PathBuf {
        self.path.join("stories")
    }

    /// `<home>/trash/stories`: where `stories rm` puts a story file.
    pub fn story_trash_dir(&self) -> PathBuf {
        self.path.join("trash").join("stories")
    }

    /// `<home>/config.toml`: the optional settings file.
    pub fn config_file(&self) -> PathBuf {
        self.path.join(CONFIG_FILE)
    }

    /// `<home>/prompts`: the user's own prompt files.
    pub fn prompts_dir(&self) -> PathBuf {
        self.path.join("prompts")
    }
}

/// When output may be coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// The one colour decision: `--color always|never`, then `NO_COLOR` (any non-empty value),
/// then `TERM=dumb`, then whether the output is a terminal.
pub fn color_setting(
    choice: ColorChoice,
    var: impl Fn(&str) -> Option<OsString>,
    is_terminal: bool,
) -> Setting<bool> {
    let flag = match choice {
        ColorChoice::Always => Some((true, "--color")),
        ColorChoice::Never => Some((false, "--color")),
        ColorChoice::Auto => None,
    };
    let environment = if var("NO_COLOR").is_some_and(|value| !value.is_empty()) {
        Some((false, "NO_COLOR"))
    } else if var("TERM").is_some_and(|value| value == "dumb") {
        Some((false, "TERM=dumb"))
    } else {
        None
    };
    resolve(flag, environment, None, is_terminal)
}

/// How wide tables and cut lines may be: `COLUMNS` when it holds a positive number (so a
/// script or a test can ask for a width, as `ls` and `ps` let it), else the width of the
/// terminal standard output is, else no limit (a pipe or a file gets every line whole). The
/// commands with `--wide` put no limit over all of these.
pub fn width_setting(
    var: impl Fn(&str) -> Option<OsString>,
    terminal_columns: Option<usize>,
) -> Setting<Option<usize>> {
    let environment = var(COLUMNS_VARIABLE)
        .and_then(|value| value.to_str()?.trim().parse::<usize>().ok())
        .filter(|&columns| columns > 0)
        .map(|columns| (Some(columns), COLUMNS_VARIABLE));
    resolve(None, environment, None, terminal_columns)
}

// ---------------------------------------------------------------------------------------------
// The resolved surroundings
// ---------------------------------------------------------------------------------------------

/// The surroundings every command that uses the home starts from.
#[derive(Debug, Clone)]
pub struct Config {
    pub home: DataHome,
    /// Whether standard output gets colour, and why.
    pub color: Setting<bool>,
    /// What `--color` said.
    pub color_choice: ColorChoice,
    /// How wide output for a person may be (`None`: no limit), and why.
    pub width: Setting<Option<usize>>,
    /// `<home>/config.toml`, and whether it was there to read.
    pub config_file: PathBuf,
    pub config_file_found: bool,
    /// The speech model file: `$REHEARSE_MODEL`, else `model` in config.toml; `None` means
    /// the installed model's usual place.
    pub model: Setting<Option<PathBuf>>,
    file: FileSettings,
}

impl Config {
    /// Resolves the data home and colour against the environment (`var` reads one
    /// variable), then reads `<home>/config.toml` when there is one. A bad file is a
    /// [`BadInput`] naming every problem.
    pub fn resolve(
        home_flag: Option<&Path>,
        color: ColorChoice,
        var: impl Fn(&str) -> Option<OsString>,
        stdout_is_terminal: bool,
    ) -> anyhow::Result<Config> {
        let home = DataHome::resolve(home_flag, var(HOME_VARIABLE))?;
        let config_file = home.config_file();
        let found = read_settings(&config_file)?;
        let file = found.clone().unwrap_or_default();
        let model_variable = var(MODEL_VARIABLE)
            .filter(|value| !value.is_empty())
            .map(|value| (Some(PathBuf::from(value)), MODEL_VARIABLE));
        let model_file = file.model.clone().map(|Lined { value, line }| Lined {
            value: Some(value),
            line,
        });
        Ok(Config {
            home,
            color: color_setting(color, &var, stdout_is_terminal),
            color_choice: color,
            width: width_setting(&var, stdout_is_terminal.then(terminal_width).flatten()),
            config_file,
            config_file_found: found.is_some(),
            model: resolve(None, model_variable, model_file, None),
            file,
        })
    }

    /// Whether output is coloured.
    pub fn colored(&self) -> bool {
        self.color.value
    }

    /// The width a table or a cut line fits: none with `--wide` (`wide`), else [`Config::width`].
    pub fn output_width(&self, wide: bool) -> Option<usize> {
        resolve(
            wide.then_some((None, "--wide")),
            None,
            None,
            self.width.value,
        )
        .value
    }

    /// How many days `config.toml` keeps recordings for, when it says.
    pub fn keep_audio_days(&self) -> Option<u32> {
        self.file.keep_audio_days.map(|days| days.value)
    }

    /// The settings in effect, with `flags` over the file over the defaults.
    pub fn settings(&self, flags: &SettingFlags) -> Settings {
        let file = &self.file;
        let flag = |value: Option<Duration>, name| value.map(|value| (value, name));
        let switches = SwitchMap(Switch::ALL.map(|switch| {
            let facts = switch.facts();
            let flag = flags.switches[switch]
                .map(|on| (on, if on { facts.on_flag } else { facts.off_flag }));
            resolve(flag, None, file.switches[switch], facts.default)
        }));
        Settings {
            min: resolve(flag(flags.min, "--min"), None, file.min, DEFAULT_MIN),
            max: resolve(flag(flags.max, "--max"), None, file.max, DEFAULT_MAX),
            prep: resolve(flag(flags.prep, "--prep"), None, file.prep, DEFAULT_PREP),
            count: resolve(
                flags.count.map(|count| (count, "--count")),
                None,
                file.count,
                DEFAULT_COUNT,
            ),
            pace: resolve(
                flags.pace.map(|pace| (Pace::around(pace), "--pace")),
                None,
                file.pace,
                Pace::around(DEFAULT_PACE),
            ),
            switches,
            guide: resolve(None, None, file.guide, default_guide()),
            file_shown: self.config_file.display().to_string(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// config.toml
// ---------------------------------------------------------------------------------------------

/// A value from the settings file and the line it is on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lined<T> {
    pub value: T,
    pub line: usize,
}

/// `config.toml` as written, checked: every key optional.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileSettings {
    pub min: Option<Lined<Duration>>,
    pub max: Option<Lined<Duration>>,
    pub prep: Option<Lined<Duration>>,
    pub count: Option<Lined<u32>>,
    pub pace: Option<Lined<Pace>>,
    /// How many days recordings are kept before `rehearse prune` deletes them.
    pub keep_audio_days: Option<Lined<u32>>,
    /// The speech model file to transcribe with.
    pub model: Option<Lined<PathBuf>>,
    pub switches: SwitchMap<Option<Lined<bool>>>,
    pub guide: Option<Lined<Guide>>,
}

/// The settings in the file at `path`, or `None` when there is no file. A file that is there
/// but wrong is a [`BadInput`] naming every problem, one `path:line: message` a line.
pub fn read_settings(path: &Path) -> anyhow::Result<Option<FileSettings>> {
    let bytes = match read_regular_capped(path, Links::Refuse, CONFIG_CAP) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) if error.kind() == std::io::ErrorKind::InvalidInput => {
            return Err(BadInput::new(format!("{}: {error}", path.display())).into());
        }
        Err(error) => {
            return Err(error).with_context(|| format!("cannot read {}", path.display()));
        }
    };
    let shown = path.display().to_string();
    let Ok(text) = String::from_utf8(bytes) else {
        return Err(BadInput::new(format!("{shown}: not UTF-8 text")).into());
    };
    match parse_settings(&shown, &text) {
        Ok(settings) => Ok(Some(settings)),
        Err(problems) => Err(BadInput::each(problems).into()),
    }
}

/// Every key the file may have, in the order messages list them.
fn keys() -> Vec<&'static str> {
    let mut keys = vec!["min", "max", "prep"];
    keys.extend(Switch::ALL.iter().map(|switch| switch.facts().key));
    keys.extend(["count", "pace", "guide", "keep_audio_days", "model"]);
    keys
}

/// Reads the text of a settings file shown to the user as `path`: its settings, or every
/// problem as `path:line: message`, top to bottom.
pub fn parse_settings(path: &str, source: &str) -> Result<FileSettings, Vec<String>> {
    let mut reader = SettingsReader {
        source,
        lines: LineIndex::new(source),
        problems: Vec::new(),
    };
    let settings = reader.read();
    if reader.problems.is_empty() {
        Ok(settings)
    } else {
        reader.problems.sort_by_key(|(line, _)| *line);
        Err(reader
            .problems
            .into_iter()
            .map(|(line, message)| format!("{path}:{line}: {message}"))
            .collect())
    }
}

struct SettingsReader<'a> {
    source: &'a str,
    lines: LineIndex,
    /// `(line, message)`.
    problems: Vec<(usize, String)>,
}

impl SettingsReader<'_> {
    fn line(&self, span: &Range<usize>) -> usize {
        self.lines.line(span.start)
    }

    fn problem(&mut self, span: Range<usize>, message: impl Into<String>) {
        self.problems.push((self.line(&span), message.into()));
    }

    fn read(&mut self) -> FileSettings {
        let mut settings = FileSettings::default();
        let root = match parse_tree(self.source) {
            Ok(root) => root,
            Err((span, message)) => {
                self.problem(span, message);
                return settings;
            }
        };
        let root = root.get_ref();
        self.refuse_unknown_keys(root, &keys(), "");
        settings.min = self.duration(root, "min");
        settings.max = self.duration(root, "max");
        settings.prep = self.duration(root, "prep");
        for switch in Switch::ALL {
            settings.switches[switch] = self.boolean(root, switch.facts().key);
        }
        settings.count = self.count(root);
        settings.pace = self.pace(root);
        settings.keep_audio_days = self.keep_audio_days(root);
        settings.model = self.model(root);
        settings.guide = self.guide(root);
        settings
    }

    /// Reports every key of `table` not in `allowed`, with the nearest one when close.
    fn refuse_unknown_keys(&mut self, table: &DeTable<'_>, allowed: &[&str], place: &str) {
        for (span, message) in unknown_keys(table, allowed, place) {
            self.problem(span, message);
        }
    }

    /// A duration as a string in any form the flags take, or a whole number of seconds;
    /// `None` when absent or wrong (reported).
    fn duration(&mut self, table: &DeTable<'_>, key: &str) -> Option<Lined<Duration>> {
        let value = table.get(key)?;
        let span = value.span();
        let duration = match value.get_ref() {
            DeValue::String(text) => match parse_typed_duration(text) {
                Ok(duration) => duration,
                Err(error) => {
                    self.problem(span, format!("{key}: {error}"));
                    return None;
                }
            },
            DeValue::Integer(number) => match integer(number) {
                Some(seconds) if seconds < 0 => {
                    self.problem(span, format!("{key} must not be negative"));
                    return None;
                }
                Some(seconds) if seconds.unsigned_abs() <= MAX_TYPED.as_secs() => {
                    Duration::from_secs(seconds.unsigned_abs())
                }
                _ => {
                    let limit = format_short(MAX_TYPED);
                    self.problem(span, format!("{key} is at most {limit}"));
                    return None;
                }
            },
            other => {
                let message = format!(
                    "{key} must be a duration like \"2m\" or a number of seconds, not {}",
                    with_article(other)
                );
                self.problem(span, message);
                return None;
            }
        };
        if key == "max" && duration.is_zero() {
            self.problem(span, "max must be longer than zero");
            return None;
        }
        Some(Lined {
            value: duration,
            line: self.line(&value.span()),
        })
    }

    fn boolean(&mut self, table: &DeTable<'_>, key: &str) -> Option<Lined<bool>> {
        let value = table.get(key)?;
        match value.get_ref().as_bool() {
            Some(flag) => Some(Lined {
                value: flag,
                line: self.line(&value.span()),
            }),
            None => {
                let message = format!(
                    "{key} must be true or false, not {}",
                    with_article(value.get_ref())
                );
                self.problem(value.span(), message);
                None
            }
        }
    }

    fn count(&mut self, table: &DeTable<'_>) -> Option<Lined<u32>> {
        let value = table.get("count")?;
        let number = value.get_ref().as_integer().and_then(integer);
        match number {
            Some(number) if (1..=i64::from(MAX_COUNT)).contains(&number) => Some(Lined {
                value: u32::try_from(number).ok()?,
                line: self.line(&value.span()),
            }),
            Some(number) => {
                let message = format!("count must be from 1 to {MAX_COUNT}, not {number}");
                self.problem(value.span(), message);
                None
            }
            None => {
                let message = format!("count must be a whole number from 1 to {MAX_COUNT}");
                self.problem(value.span(), message);
                None
            }
        }
    }

    fn keep_audio_days(&mut self, table: &DeTable<'_>) -> Option<Lined<u32>> {
        let value = table.get("keep_audio_days")?;
        let number = value.get_ref().as_integer().and_then(integer);
        match number.and_then(|n| u32::try_from(n).ok()) {
            Some(days) if days >= 1 => Some(Lined {
                value: days,
                line: self.line(&value.span()),
            }),
            _ => {
                let message = "keep_audio_days must be a whole number of days, 1 or more";
                self.problem(value.span(), message);
                None
            }
        }
    }

    /// A path, taken as written (relative to where rehearse runs, `~` not expanded).
    fn model(&mut self, table: &DeTable<'_>) -> Option<Lined<PathBuf>> {
        let value = table.get("model")?;
        match value.get_ref().as_str() {
            Some(path) if !path.is_empty() => Some(Lined {
                value: PathBuf::from(path),
                line: self.line(&value.span()),
            }),
            _ => {
                let message = "model must be the path of a ggml model file, as a string";
                self.problem(value.span(), message);
                None
            }
        }
    }

    /// `pace = 150` (the aim around it) or `pace = [130, 170]` (the aim itself).
    fn pace(&mut self, table: &DeTable<'_>) -> Option<Lined<Pace>> {
        let value = table.get("pace")?;
        let words_a_minute = |item: &DeValue<'_>| {
            item.as_integer()
                .and_then(integer)
                .and_then(|n| u32::try_from(n).ok())
                .filter(|pace| PACES.contains(pace))
        };
        let pace = match value.get_ref() {
            DeValue::Array(range) => match &range[..] {
                [low, high] => match (
                    words_a_minute(low.get_ref()),
                    words_a_minute(high.get_ref()),
                ) {
                    (Some(low), Some(high)) if low < high => Some(Pace { low, high }),
                    _ => None,
                },
                _ => None,
            },
            single => words_a_minute(single).map(Pace::around),
        };
        let (low, high) = (PACES.start(), PACES.end());
        match pace {
            Some(pace) => Some(Lined {
                value: pace,
                line: self.line(&value.span()),
            }),
            None => {
                let message = format!(
                    "pace must be the words a minute you speak at, from {low} to {high}, or the range to aim at as [low, high]"
                );
                self.problem(value.span(), message);
                None
            }
        }
    }

    /// The `[guide]` table in percent, as shares; `None` when absent or wrong (reported).
    fn guide(&mut self, root: &DeTable<'_>) -> Option<Lined<Guide>> {
        let (key, value) = root.get_key_value("guide")?;
        let letters: Vec<String> = Part::SCORED
            .iter()
            .map(|p| p.letter().to_string())
            .collect();
        let named = scored_letters();
        let Some(table) = value.get_ref().as_table() else {
            let message = format!("guide must be a table of percentages: [guide] with {named}");
            self.problem(value.span(), message);
            return None;
        };
        let allowed: Vec<&str> = letters.iter().map(String::as_str).collect();
        self.refuse_unknown_keys(table, &allowed, " in [guide]");
        let mut guide = Guide::default();
        let mut all_good = true;
        for part in Part::SCORED {
            let name = part.letter().to_string();
            let Some(entry) = table.get(name.as_str()) else {
                let message = format!("guide has no {name}: give {named} in percent");
                self.problem(key.span(), message);
                all_good = false;
                continue;
            };
            let percent = match entry.get_ref() {
                DeValue::Integer(number) => integer(number).map(|number| number as f64),
                DeValue::Float(number) => number.as_str().replace('_', "").parse::<f64>().ok(),
                _ => None,
            };
            match percent {
                Some(percent) if (0.0..=100.0).contains(&percent) => guide[part] = percent / 100.0,
                _ => {
                    let message = format!("guide {name} must be a percentage from 0 to 100");
                    self.problem(entry.span(), message);
                    all_good = false;
                }
            }
        }
        if !all_good {
            return None;
        }
        let total: f64 = guide.scored().map(|(_, share)| share).sum();
        if (total - 1.0).abs() > 1e-9 {
            let message = format!("guide adds up to {}%, not 100%", percent_text(total));
            self.problem(key.span(), message);
            return None;
        }
        Some(Lined {
            value: guide,
            line: self.line(&key.span()),
        })
    }
}

/// A value's TOML type with its article: `a string`, `an integer`.
fn with_article(value: &DeValue<'_>) -> String {
    let kind = value.type_str();
    let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {kind}")
}

/// A TOML integer's value, or `None` when it does not fit.
fn integer(number: &toml::de::DeInteger<'_>) -> Option<i64> {
    i64::from_str_radix(&number.as_str().replace('_', ""), number.radix()).ok()
}

/// A share as a percentage without needless decimals: `0.55` is `55`, `0.125` is `12.5`.
pub fn percent_text(share: f64) -> String {
    let percent = share * 100.0;
    if (percent - percent.round()).abs() < 1e-9 {
        format!("{}", percent.round())
    } else {
        let text = format!("{percent:.2}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<OsString> {
        let map: HashMap<String, OsString> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), OsString::from(v)))
            .collect();
        move |name| map.get(name).cloned()
    }

    fn s(seconds: u64) -> Duration {
        Duration::from_secs(seconds)
    }

    /// The config of a home whose `config.toml` holds `text`.
    fn config_with(text: &str) -> Config {
        Config {
            home: DataHome {
                path: PathBuf::from("/h"),
                source: Source::Flag("--home"),
            },
            color: color_setting(ColorChoice::Never, env(&[]), false),
            color_choice: ColorChoice::Never,
            width: width_setting(env(&[]), None),
            config_file: PathBuf::from("/h/config.toml"),
            config_file_found: true,
            model: resolve(None, None, None, None),
            file: parse_settings("config.toml", text).unwrap(),
        }
    }

    #[test]
    fn the_model_comes_from_the_environment_over_the_file() {
        let home = tempfile::tempdir().unwrap();
        std::fs::write(
            home.path().join("config.toml"),
            "\nmodel = \"/m/file.bin\"\n",
        )
        .unwrap();
        let from_file = Config::resolve(Some(home.path()), ColorChoice::Never, env(&[]), false)
            .unwrap()
            .model;
        assert_eq!(from_file.value, Some(PathBuf::from("/m/file.bin")));
        assert_eq!(from_file.source, Source::File { line: 2 });
        let variables = [(MODEL_VARIABLE, "/e/model.bin")];
        let from_environment = Config::resolve(
            Some(home.path()),
            ColorChoice::Never,
            env(&variables),
            false,
        )
        .unwrap()
        .model;
        assert_eq!(from_environment.value, Some(PathBuf::from("/e/model.bin")));
        assert_eq!(from_environment.source, Source::Environment(MODEL_VARIABLE));
        assert_eq!(
            problems("model = 3\n"),
            ["config.toml:1: model must be the path of a ggml model file, as a string"]
        );
    }

    fn problems(source: &str) -> Vec<String> {
        match parse_settings("config.toml", source) {
            Ok(settings) => panic!("expected problems, got {settings:?}"),
            Err(problems) => problems,
        }
    }

    #[test]
    fn flag_beats_environment_beats_file_beats_default() {
        let file = Some(Lined { value: 3, line: 7 });
        assert_eq!(
            resolve(Some((1, "--n")), Some((2, "N")), file, 4).source,
            Source::Flag("--n")
        );
        assert_eq!(resolve(None, Some((2, "N")), file, 4).value, 2);
        assert_eq!(
            resolve(None, None, file, 4).source,
            Source::File { line: 7 }
        );
        assert_eq!(resolve::<u8>(None, None, None, 4).source, Source::Default);
    }

    #[test]
    fn home_flag_beats_variable_beats_platform() {
        let flag = DataHome::resolve(Some(Path::new("/f")), Some("/e".into())).unwrap();
        assert_eq!(
            (flag.path, flag.source),
            (PathBuf::from("/f"), Source::Flag("--home"))
        );
        let variable = DataHome::resolve(None, Some("/e".into())).unwrap();
        assert_eq!(
            (variable.path, variable.source),
            (PathBuf::from("/e"), Source::Environment(HOME_VARIABLE))
        );
        let empty = DataHome::resolve(None, Some("".into())).unwrap();
        assert_eq!(empty.source, Source::Default);
        assert!(empty.path.ends_with("rehearse"), "{}", empty.path.display());
    }

    #[test]
    fn width_follows_columns_then_the_terminal_then_no_limit() {
        let width = |pairs: &[(&str, &str)], terminal| width_setting(env(pairs), terminal);
        assert_eq!(width(&[("COLUMNS", "60")], Some(120)).value, Some(60));
        assert_eq!(
            width(&[("COLUMNS", "60")], None).source.to_string(),
            "environment: COLUMNS"
        );
        assert_eq!(width(&[], Some(120)).value, Some(120));
        assert_eq!(width(&[], None).value, None);
        for unusable in ["", "0", "wide", "-3"] {
            assert_eq!(
                width(&[("COLUMNS", unusable)], None).value,
                None,
                "{unusable}"
            );
        }
    }

    #[test]
    fn colour_follows_flag_then_no_color_then_dumb_terminal() {
        let on = |choice, pairs: &[(&str, &str)], terminal| {
            color_setting(choice, env(pairs), terminal).value
        };
        assert!(on(ColorChoice::Auto, &[], true));
        assert!(!on(ColorChoice::Auto, &[], false));
        assert!(!on(ColorChoice::Auto, &[("NO_COLOR", "1")], true));
        assert!(on(ColorChoice::Auto, &[("NO_COLOR", "")], true));
        assert!(!on(ColorChoice::Auto, &[("TERM", "dumb")], true));
        assert!(on(ColorChoice::Always, &[("NO_COLOR", "1")], false));
        assert!(!on(ColorChoice::Never, &[], true));
        let why = color_setting(ColorChoice::Auto, env(&[("NO_COLOR", "1")]), true);
        assert_eq!(why.source.to_string(), "environment: NO_COLOR");
        let why = color_setting(ColorChoice::Never, env(&[("NO_COLOR", "1")]), true);
        assert_eq!(why.source.to_string(), "flag: --color");
    }

    #[test]
    fn every_key_is_read_with_its_line() {
        let settings = parse_settings(
            "config.toml",
            r#"
# every key
min = "1:30"
max = 200
prep = "10s"
bell = false
speak = true
follow_ups = true
auto_stop = true
review = false
count = 5
[guide]
S = 20
T = 10
A = 50.5
R = 19.5
"#,
        )
        .unwrap();
        assert_eq!(
            settings.min,
            Some(Lined {
                value: s(90),
                line: 3
            })
        );
        assert_eq!(settings.max.unwrap().value, s(200));
        assert_eq!(settings.prep.unwrap().value, s(10));
        let switch = |switch| settings.switches[switch].map(|lined| lined.value);
        assert_eq!(switch(Switch::Bell), Some(false));
        assert_eq!(switch(Switch::Speak), Some(true));
        assert_eq!(switch(Switch::FollowUps), Some(true));
        assert_eq!(switch(Switch::AutoStop), Some(true));
        assert_eq!(switch(Switch::Review), Some(false));
        assert_eq!(settings.count.unwrap().value, 5);
        let guide = settings.guide.unwrap();
        assert_eq!(guide.line, 12);
        let shares: Vec<f64> = guide.value.scored().map(|(_, share)| *share).collect();
        for (share, expected) in shares.iter().zip([0.20, 0.10, 0.505, 0.195]) {
            assert!((share - expected).abs() < 1e-12, "{shares:?}");
        }
    }

    #[test]
    fn an_empty_file_leaves_everything_to_the_defaults() {
        let settings = config_with("").settings(&SettingFlags::default());
        assert_eq!(settings.min.value, DEFAULT_MIN);
        assert_eq!(settings.prep.value, DEFAULT_PREP);
        assert!(settings.is_on(Switch::Bell) && settings.is_on(Switch::Review));
        assert!(!settings.is_on(Switch::Speak));
        assert_eq!(settings.count.value, 1);
        assert_eq!(settings.guide.value, default_guide());
        assert!(
            [
                settings.min.source,
                settings.count.source,
                settings.guide.source
            ]
            .iter()
            .all(|source| *source == Source::Default)
        );
    }

    #[test]
    fn every_switch_goes_both_ways_over_the_file() {
        let everything_on = "bell = true\nspeak = true\nfollow_ups = true\nauto_stop = true\nreview = true\nrecord = true\n";
        let everything_off = everything_on.replace("true", "false");
        for switch in Switch::ALL {
            for (file, flag) in [(everything_on, false), (everything_off.as_str(), true)] {
                let mut flags = SettingFlags::default();
                flags.switches[switch] = Some(flag);
                let settings = config_with(file).settings(&flags);
                assert_eq!(settings.is_on(switch), flag, "{switch:?}");
                let facts = switch.facts();
                let named = if flag { facts.on_flag } else { facts.off_flag };
                assert_eq!(settings.switches[switch].source, Source::Flag(named));
                let unflagged = config_with(file).settings(&SettingFlags::default());
                assert_eq!(unflagged.is_on(switch), !flag, "{switch:?}");
                assert_eq!(unflagged.switches[switch].source.name(), "file");
            }
        }
    }

    #[test]
    fn each_kind_of_bad_file_names_its_line() {
        let cases: [(&str, &str); 14] = [
            ("bell = true\nmin = \"2m\n", "config.toml:2: not valid TOML"),
            (
                "\nmn = \"2m\"\n",
                "config.toml:2: unknown key 'mn' (did you mean 'min'?)",
            ),
            (
                "colour = 1\n",
                "config.toml:1: unknown key 'colour' (expected min, max, prep, bell, speak, follow_ups, auto_stop, review, record, count, pace, guide, keep_audio_days, model)",
            ),
            (
                "bell = \"yes\"\n",
                "config.toml:1: bell must be true or false, not a string",
            ),
            (
                "\n\nprep = \"2x\"\n",
                "config.toml:3: prep: bad duration '2x': use a form like 90, 90s, 2m, 2m30s, 1h or 1:30",
            ),
            ("max = -5\n", "config.toml:1: max must not be negative"),
            ("max = 90000\n", "config.toml:1: max is at most 24h"),
            (
                "max = \"99999999h\"\n",
                "config.toml:1: max: bad duration '99999999h': at most 24h",
            ),
            (
                "max = 1.5\n",
                "config.toml:1: max must be a duration like \"2m\" or a number of seconds, not a float",
            ),
            ("max = 0\n", "config.toml:1: max must be longer than zero"),
            (
                "keep_audio_days = 0\n",
                "config.toml:1: keep_audio_days must be a whole number of days, 1 or more",
            ),
            (
                "count = 51\n",
                "config.toml:1: count must be from 1 to 50, not 51",
            ),
            (
                "count = \"3\"\n",
                "config.toml:1: count must be a whole number from 1 to 50",
            ),
            (
                "guide = 5\n",
                "config.toml:1: guide must be a table of percentages: [guide] with S, T, A and R",
            ),
        ];
        for (source, expected) in cases {
            let found = problems(source);
            assert!(found[0].starts_with(expected), "{source:?}: {found:?}");
        }
    }

    #[test]
    fn every_problem_is_reported_top_to_bottom() {
        assert_eq!(
            problems("count = 0\nbel = true\nprep = \"x\"\n")
                .iter()
                .map(|problem| problem.split(':').nth(1).unwrap().to_string())
                .collect::<Vec<_>>(),
            ["1", "2", "3"]
        );
    }

    #[test]
    fn the_guide_must_name_every_part_and_add_up_to_100() {
        assert_eq!(
            problems("[guide]\nS = 15\nT = 10\nA = 55\nR = 25\n"),
            ["config.toml:1: guide adds up to 105%, not 100%"]
        );
        assert_eq!(
            problems("bell = true\n[guide]\nS = 15\nT = 10\nA = 75\n"),
            ["config.toml:2: guide has no R: give S, T, A and R in percent"]
        );
        assert_eq!(
            problems("[guide]\ns = 15\nT = 10\nA = 55\nR = 20\n"),
            [
                "config.toml:1: guide has no S: give S, T, A and R in percent",
                "config.toml:2: unknown key 's' in [guide] (did you mean 'S'?)",
            ]
        );
        assert_eq!(
            problems("guide = { S = 15, T = 10, A = 120, R = -45 }\n"),
            [
                "config.toml:1: guide A must be a percentage from 0 to 100",
                "config.toml:1: guide R must be a percentage from 0 to 100",
            ]
        );
        let eighths = "[guide]\nS = 12.5\nT = 12.5\nA = 50\nR = 25\n";
        assert!(parse_settings("config.toml", eighths).is_ok());
        assert_eq!(percent_text(0.125), "12.5");
        assert_eq!(percent_text(0.55), "55");
    }

    #[test]
    fn a_missing_file_is_the_defaults_and_a_bad_one_is_bad_input_naming_every_line() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("home").join(CONFIG_FILE);
        assert!(read_settings(&path).unwrap().is_none());
        assert!(!folder.path().join("home").exists());
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "count = 2\n\nbell = 3\nspeak = 4\n").unwrap();
        let error = read_settings(&path).unwrap_err();
        assert!(error.is::<BadInput>());
        let shown = path.display();
        assert_eq!(
            error.to_string(),
            format!(
                "{shown}:3: bell must be true or false, not an integer\n\
                 {shown}:4: speak must be true or false, not an integer"
            )
        );
    }

    #[test]
    fn sources_have_their_names() {
        let names = [
            Source::Default,
            Source::File { line: 3 },
            Source::Environment("NO_COLOR"),
            Source::Flag("--min"),
        ]
        .map(|source| source.name());
        assert_eq!(names, ["default", "file", "environment", "flag"]);
    }

    #[test]
    fn the_window_is_judged_on_the_values_in_effect() {
        let window = |file: &str, min: Option<u64>, max: Option<u64>| {
            let flags = SettingFlags {
                min: min.map(s),
                max: max.map(s),
                ..SettingFlags::default()
            };
            config_with(file)
                .settings(&flags)
                .window()
                .map(|window| (window.min(), window.max()))
                .map_err(|error| error.to_string())
        };
        let both = "min = \"1m\"\nmax = \"3m\"\n";
        assert_eq!(window(both, None, None), Ok((s(60), s(180))));
        assert_eq!(window(both, Some(30), Some(300)), Ok((s(30), s(300))));
        assert_eq!(
            window(both, Some(240), None).unwrap_err(),
            "--min 4m is above max 3m (from config.toml)"
        );
        assert_eq!(
            window(both, None, Some(30)).unwrap_err(),
            "min 1m (from config.toml) is above --max 30s"
        );
        // A file min above the default max is mended by a --max; without one it is refused.
        let only_min = "min = \"4m\"\n";
        assert_eq!(window(only_min, None, Some(300)), Ok((s(240), s(300))));
        assert_eq!(
            window(only_min, None, None).unwrap_err(),
            "/h/config.toml:1: min 4m is above the default max 3m: set max too"
        );
        assert_eq!(
            window("max = \"1m\"\n", None, None).unwrap_err(),
            "/h/config.toml:1: max 1m is below the default min 2m: set min too"
        );
        assert_eq!(
            window("max = \"3m\"\nmin = \"4m\"\n", None, None).unwrap_err(),
            "/h/config.toml:2: min 4m is above max 3m"
        );
        assert_eq!(
            window("", Some(300), Some(180)).unwrap_err(),
            "--min 5m is above --max 3m"
        );
        assert_eq!(
            window("", Some(240), None).unwrap_err(),
            "--min 4m is above the default --max 3m"
        );
        assert_eq!(
            window("", None, Some(0)).unwrap_err(),
            "--max must be longer than zero"
        );
        assert_eq!(window("", Some(5), Some(5)), Ok((s(5), s(5))));
    }
}

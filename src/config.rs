//! Everything a command needs to know about its surroundings, resolved once: the data home,
//! colour, and the settings of `<home>/config.toml`. Flags win over the environment and the
//! settings file, which win over defaults.
//!
//! The settings file is optional: a missing one means the defaults, and reading it never
//! creates the home. A file with a problem stops every command with `path:line: message`
//! (exit 2), since running with half of someone's settings would surprise them.

use std::ffi::OsString;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use toml::de::{DeTable, DeValue};

use crate::cli::{ColorChoice, GlobalArgs};
use crate::duration::{format_short, parse_duration};
use crate::exit::BadInput;
use crate::report::stats::PART_GUIDE;
use crate::star::Part;
use crate::text::line_of;
use crate::toml_check::{parse_tree, unknown_keys};

/// The environment variable that names the data home.
pub const HOME_VARIABLE: &str = "REHEARSE_HOME";

/// The settings file's name inside the data home.
pub const CONFIG_FILE: &str = "config.toml";

/// The default answer window: two to three minutes.
pub const DEFAULT_MIN: Duration = Duration::from_secs(120);
pub const DEFAULT_MAX: Duration = Duration::from_secs(180);

/// The default countdown before an answer: none.
pub const DEFAULT_PREP: Duration = Duration::ZERO;

/// The most questions one drill asks.
pub const MAX_COUNT: u32 = 50;

/// Where a setting's value came from, for messages and `rehearse config`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Default,
    /// `<home>/config.toml`.
    File,
    Environment,
    Flag,
}

impl Source {
    /// The word `rehearse config` shows: `default`, `file`, `environment` or `flag`.
    pub fn name(self) -> &'static str {
        match self {
            Source::Default => "default",
            Source::File => "file",
            Source::Environment => "environment",
            Source::Flag => "flag",
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One effective setting and where it came from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Setting<T> {
    pub value: T,
    pub source: Source,
}

impl<T> Setting<T> {
    fn default(value: T) -> Setting<T> {
        Setting {
            value,
            source: Source::Default,
        }
    }

    fn from_file(value: T) -> Setting<T> {
        Setting {
            value,
            source: Source::File,
        }
    }
}

/// The drill's settings after the file, before any flag of the drill.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub min: Setting<Duration>,
    pub max: Setting<Duration>,
    /// The countdown before an answer starts.
    pub prep: Setting<Duration>,
    /// The terminal bell at min and max.
    pub bell: Setting<bool>,
    /// Read the question aloud.
    pub speak: Setting<bool>,
    /// Answer a follow-up probe after each answer.
    pub follow_ups: Setting<bool>,
    /// Questions a drill asks, 1 to [`MAX_COUNT`].
    pub count: Setting<u32>,
    /// The share of an answer each part should take, in STAR order, as fractions adding to 1.
    pub guide: Setting<[(Part, f64); 4]>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            min: Setting::default(DEFAULT_MIN),
            max: Setting::default(DEFAULT_MAX),
            prep: Setting::default(DEFAULT_PREP),
            bell: Setting::default(true),
            speak: Setting::default(false),
            follow_ups: Setting::default(false),
            count: Setting::default(1),
            guide: Setting::default(PART_GUIDE),
        }
    }
}

impl Settings {
    /// The word for a source, as `rehearse config` shows it.
    pub fn source_name(source: Source) -> &'static str {
        source.name()
    }
}

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
        if let Some(path) = flag {
            return Ok(DataHome {
                path: path.to_path_buf(),
                source: Source::Flag,
            });
        }
        if let Some(value) = variable.filter(|value| !value.is_empty()) {
            return Ok(DataHome {
                path: PathBuf::from(value),
                source: Source::Environment,
            });
        }
        let Some(base) = directories::BaseDirs::new() else {
            bail!(
                "cannot find your home folder to keep data in: set {HOME_VARIABLE} or pass --home"
            );
        };
        Ok(DataHome {
            path: base.data_dir().join("rehearse"),
            source: Source::Default,
        })
    }

    /// `<home>/stories`: the user's story files.
    pub fn stories_dir(&self) -> PathBuf {
        self.path.join("stories")
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

/// How the colour decision was made, for `rehearse config`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColorSetting {
    pub choice: ColorChoice,
    /// `Flag` for `--color always|never`; `Environment` when `NO_COLOR` or `TERM=dumb`
    /// turned `auto` off; otherwise `Default`.
    pub source: Source,
    /// The variable that decided, when the source is the environment.
    pub variable: Option<&'static str>,
}

/// The resolved settings every command starts from.
#[derive(Debug, Clone)]
pub struct Config {
    pub home: DataHome,
    /// Whether standard output gets colour.
    pub color: bool,
    /// Why `color` is what it is.
    pub color_setting: ColorSetting,
    /// `<home>/config.toml`, and whether it was there to read.
    pub config_file: PathBuf,
    pub config_file_found: bool,
    /// The settings from the file over the defaults.
    pub settings: Settings,
}

impl Config {
    /// Resolves the global flags against the environment (`var` reads one variable), then
    /// reads `<home>/config.toml` when there is one. A bad file is a [`BadInput`].
    pub fn resolve(
        global: &GlobalArgs,
        var: impl Fn(&str) -> Option<OsString>,
        stdout_is_terminal: bool,
    ) -> anyhow::Result<Config> {
        let home = DataHome::resolve(global.home.as_deref(), var(HOME_VARIABLE))?;
        let config_file = home.config_file();
        let found = read_settings(&config_file)?;
        let color_setting = color_setting(global.color, &var);
        Ok(Config {
            home,
            color: color_enabled(global.color, &var, stdout_is_terminal),
            color_setting,
            config_file,
            config_file_found: found.is_some(),
            settings: found.unwrap_or_default(),
        })
    }
}

/// The one colour decision: `--color`, then `NO_COLOR` (any non-empty value), then `TERM=dumb`,
/// then whether the output is a terminal.
pub fn color_enabled(
    choice: ColorChoice,
    var: impl Fn(&str) -> Option<OsString>,
    is_terminal: bool,
) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            let no_color = var("NO_COLOR").is_some_and(|value| !value.is_empty());
            let dumb = var("TERM").is_some_and(|value| value == "dumb");
            is_terminal && !no_color && !dumb
        }
    }
}

/// Where [`color_enabled`]'s answer comes from.
fn color_setting(choice: ColorChoice, var: impl Fn(&str) -> Option<OsString>) -> ColorSetting {
    let (source, variable) = match choice {
        ColorChoice::Always | ColorChoice::Never => (Source::Flag, None),
        ColorChoice::Auto if var("NO_COLOR").is_some_and(|value| !value.is_empty()) => {
            (Source::Environment, Some("NO_COLOR"))
        }
        ColorChoice::Auto if var("TERM").is_some_and(|value| value == "dumb") => {
            (Source::Environment, Some("TERM=dumb"))
        }
        ColorChoice::Auto => (Source::Default, None),
    };
    ColorSetting {
        choice,
        source,
        variable,
    }
}

/// The answer window: the drill's `--min` and `--max` over the settings (the file over the
/// defaults), checked. A window upside down names where each side came from.
pub fn window_over(
    settings: &Settings,
    min_flag: Option<Duration>,
    max_flag: Option<Duration>,
) -> Result<(Duration, Duration), BadInput> {
    let (min, min_label) = window_side("min", min_flag, &settings.min);
    let (max, max_label) = window_side("max", max_flag, &settings.max);
    if max.is_zero() {
        let name = if max_flag.is_some() { "--max" } else { "max" };
        return Err(BadInput::new(format!("{name} must be longer than zero")));
    }
    if min > max {
        return Err(BadInput::new(format!("{min_label} is above {max_label}")));
    }
    Ok((min, max))
}

/// One side of the window and how to name it: `--min 4m`, `max 3m (from config.toml)` or
/// `the default --max 3m`.
fn window_side(
    name: &str,
    flag: Option<Duration>,
    setting: &Setting<Duration>,
) -> (Duration, String) {
    match flag {
        Some(value) => (value, format!("--{name} {}", format_short(value))),
        None => {
            let value = setting.value;
            let label = match setting.source {
                Source::File => format!("{name} {} (from {CONFIG_FILE})", format_short(value)),
                Source::Environment => {
                    format!("{name} {} (from the environment)", format_short(value))
                }
                Source::Default | Source::Flag => {
                    format!("the default --{name} {}", format_short(value))
                }
            };
            (value, label)
        }
    }
}

/// The settings in the file at `path`, or `None` when there is no file. A file that is there
/// but wrong is a [`BadInput`] naming its first problem as `path:line: message`.
pub fn read_settings(path: &Path) -> anyhow::Result<Option<Settings>> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
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
        Err(problems) => {
            let first = problems.into_iter().next().unwrap_or_default();
            Err(BadInput::new(first).into())
        }
    }
}

const KEYS: [&str; 8] = [
    "min",
    "max",
    "prep",
    "bell",
    "speak",
    "follow_ups",
    "count",
    "guide",
];
const GUIDE_KEYS: [&str; 4] = ["S", "T", "A", "R"];

/// Reads the text of a settings file shown to the user as `path`: the settings over the
/// defaults, or every problem as `path:line: message`, top to bottom.
pub fn parse_settings(path: &str, source: &str) -> Result<Settings, Vec<String>> {
    let mut reader = SettingsReader {
        source,
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
    /// `(line, message)`.
    problems: Vec<(usize, String)>,
}

impl SettingsReader<'_> {
    fn problem(&mut self, span: Range<usize>, message: impl Into<String>) {
        self.problems
            .push((line_of(self.source, span.start), message.into()));
    }

    fn read(&mut self) -> Settings {
        let mut settings = Settings::default();
        let root = match parse_tree(self.source) {
            Ok(root) => root,
            Err((span, message)) => {
                self.problem(span, message);
                return settings;
            }
        };
        let root = root.get_ref();
        self.refuse_unknown_keys(root, &KEYS, "");

        let min = self.duration(root, "min");
        let max = self.duration(root, "max");
        if let Some(prep) = self.duration(root, "prep") {
            settings.prep = Setting::from_file(prep.0);
        }
        for (key, setting) in [
            ("bell", &mut settings.bell),
            ("speak", &mut settings.speak),
            ("follow_ups", &mut settings.follow_ups),
        ] {
            if let Some(value) = self.boolean(root, key) {
                *setting = Setting::from_file(value);
            }
        }
        if let Some(count) = self.count(root) {
            settings.count = Setting::from_file(count);
        }
        if let Some(guide) = self.guide(root) {
            settings.guide = Setting::from_file(guide);
        }

        if let Some((max, span)) = &max
            && max.is_zero()
        {
            self.problem(span.clone(), "max must be longer than zero");
        }
        let (min_value, max_value) = (
            min.as_ref().map_or(DEFAULT_MIN, |(value, _)| *value),
            max.as_ref().map_or(DEFAULT_MAX, |(value, _)| *value),
        );
        if min_value > max_value && !max_value.is_zero() {
            let (min_text, max_text) = (format_short(min_value), format_short(max_value));
            match (&min, &max) {
                (Some((_, span)), Some(_)) => self.problem(
                    span.clone(),
                    format!("min {min_text} is above max {max_text}"),
                ),
                (Some((_, span)), None) => self.problem(
                    span.clone(),
                    format!("min {min_text} is above the default max {max_text}: set max too"),
                ),
                (None, Some((_, span))) => self.problem(
                    span.clone(),
                    format!("max {max_text} is below the default min {min_text}: set min too"),
                ),
                (None, None) => {}
            }
        }
        if let Some((min, _)) = min {
            settings.min = Setting::from_file(min);
        }
        if let Some((max, _)) = max {
            settings.max = Setting::from_file(max);
        }
        settings
    }

    /// Reports every key of `table` not in `allowed`, with the nearest one when close.
    fn refuse_unknown_keys(&mut self, table: &DeTable<'_>, allowed: &[&str], place: &str) {
        for (span, message) in unknown_keys(table, allowed, place) {
            self.problem(span, message);
        }
    }

    /// A duration as a string in any form the flags take, or a whole number of seconds,
    /// with the span of its value; `None` when absent or wrong (reported).
    fn duration(&mut self, table: &DeTable<'_>, key: &str) -> Option<(Duration, Range<usize>)> {
        let value = table.get(key)?;
        let span = value.span();
        match value.get_ref() {
            DeValue::String(text) => match parse_duration(text) {
                Ok(duration) => Some((duration, span)),
                Err(error) => {
                    self.problem(span, format!("{key}: {error}"));
                    None
                }
            },
            DeValue::Integer(number) => match integer(number) {
                Some(seconds) if seconds >= 0 => {
                    Some((Duration::from_secs(seconds.unsigned_abs()), span))
                }
                Some(_) => {
                    self.problem(span, format!("{key} must not be negative"));
                    None
                }
                None => {
                    self.problem(span, format!("{key} is too large"));
                    None
                }
            },
            other => {
                let message = format!(
                    "{key} must be a duration like \"2m\" or a number of seconds, not {}",
                    with_article(other)
                );
                self.problem(span, message);
                None
            }
        }
    }

    fn boolean(&mut self, table: &DeTable<'_>, key: &str) -> Option<bool> {
        let value = table.get(key)?;
        match value.get_ref().as_bool() {
            Some(flag) => Some(flag),
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

    fn count(&mut self, table: &DeTable<'_>) -> Option<u32> {
        let value = table.get("count")?;
        let number = value.get_ref().as_integer().and_then(integer);
        match number {
            Some(number) if (1..=i64::from(MAX_COUNT)).contains(&number) => {
                u32::try_from(number).ok()
            }
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

    /// The `[guide]` table in percent, as shares; `None` when absent or wrong (reported).
    fn guide(&mut self, root: &DeTable<'_>) -> Option<[(Part, f64); 4]> {
        let (key, value) = root.get_key_value("guide")?;
        let Some(table) = value.get_ref().as_table() else {
            let message = "guide must be a table of percentages: [guide] with S, T, A and R";
            self.problem(value.span(), message);
            return None;
        };
        self.refuse_unknown_keys(table, &GUIDE_KEYS, " in [guide]");
        let mut guide = PART_GUIDE;
        let mut all_good = true;
        for (slot, name) in guide.iter_mut().zip(GUIDE_KEYS) {
            let Some(entry) = table.get(name) else {
                let message = format!("guide has no {name}: give S, T, A and R in percent");
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
                Some(percent) if (0.0..=100.0).contains(&percent) => slot.1 = percent / 100.0,
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
        let total: f64 = guide.iter().map(|(_, share)| share).sum();
        if (total - 1.0).abs() > 1e-9 {
            let message = format!("guide adds up to {}%, not 100%", percent_text(total));
            self.problem(key.span(), message);
            return None;
        }
        Some(guide)
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

    #[test]
    fn home_flag_beats_variable_beats_platform() {
        let flag = DataHome::resolve(Some(Path::new("/f")), Some("/e".into())).unwrap();
        assert_eq!(
            (flag.path, flag.source),
            (PathBuf::from("/f"), Source::Flag)
        );
        let variable = DataHome::resolve(None, Some("/e".into())).unwrap();
        assert_eq!(
            (variable.path, variable.source),
            (PathBuf::from("/e"), Source::Environment)
        );
        let empty = DataHome::resolve(None, Some("".into())).unwrap();
        assert_eq!(empty.source, Source::Default);
        assert!(empty.path.ends_with("rehearse"), "{}", empty.path.display());
    }

    #[test]
    fn colour_follows_flag_then_no_color_then_dumb_terminal() {
        assert!(color_enabled(ColorChoice::Auto, env(&[]), true));
        assert!(!color_enabled(ColorChoice::Auto, env(&[]), false));
        assert!(!color_enabled(
            ColorChoice::Auto,
            env(&[("NO_COLOR", "1")]),
            true
        ));
        assert!(color_enabled(
            ColorChoice::Auto,
            env(&[("NO_COLOR", "")]),
            true
        ));
        assert!(!color_enabled(
            ColorChoice::Auto,
            env(&[("TERM", "dumb")]),
            true
        ));
        assert!(color_enabled(
            ColorChoice::Always,
            env(&[("NO_COLOR", "1")]),
            false
        ));
        assert!(!color_enabled(ColorChoice::Never, env(&[]), true));
    }

    fn problems(source: &str) -> Vec<String> {
        match parse_settings("config.toml", source) {
            Ok(settings) => panic!("expected problems, got {settings:?}"),
            Err(problems) => problems,
        }
    }

    fn s(seconds: u64) -> Duration {
        Duration::from_secs(seconds)
    }

    #[test]
    fn every_key_is_read_with_the_file_as_source() {
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
count = 5
[guide]
S = 20
T = 10
A = 50.5
R = 19.5
"#,
        )
        .unwrap();

        assert_eq!(settings.min, Setting::from_file(s(90)));
        assert_eq!(settings.max, Setting::from_file(s(200)));
        assert_eq!(settings.prep, Setting::from_file(s(10)));
        assert_eq!(settings.bell, Setting::from_file(false));
        assert_eq!(settings.speak, Setting::from_file(true));
        assert_eq!(settings.follow_ups, Setting::from_file(true));
        assert_eq!(settings.count.value, 5);
        assert_eq!(settings.guide.source, Source::File);
        let shares: Vec<f64> = settings
            .guide
            .value
            .iter()
            .map(|(_, share)| *share)
            .collect();
        for (share, expected) in shares.iter().zip([0.20, 0.10, 0.505, 0.195]) {
            assert!((share - expected).abs() < 1e-12, "{shares:?}");
        }
        assert_eq!(settings.guide.value.map(|(part, _)| part), Part::ALL);
    }

    #[test]
    fn an_empty_file_is_the_defaults_and_keys_left_out_stay_default() {
        assert_eq!(parse_settings("config.toml", ""), Ok(Settings::default()));
        let settings = parse_settings("config.toml", "speak = true\n").unwrap();
        assert_eq!(settings.speak.source, Source::File);
        assert_eq!(settings.min, Setting::default(DEFAULT_MIN));
        assert_eq!(settings.prep, Setting::default(Duration::ZERO));
        assert_eq!(settings.bell, Setting::default(true));
        assert_eq!(settings.count, Setting::default(1));
        assert_eq!(settings.guide, Setting::default(PART_GUIDE));
    }

    #[test]
    fn each_kind_of_bad_file_names_its_line() {
        let cases: [(&str, &str); 12] = [
            ("bell = true\nmin = \"2m\n", "config.toml:2: not valid TOML"),
            (
                "\nmn = \"2m\"\n",
                "config.toml:2: unknown key 'mn' (did you mean 'min'?)",
            ),
            (
                "colour = 1\n",
                "config.toml:1: unknown key 'colour' (expected min, max, prep, bell, speak, follow_ups, count, guide)",
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
            (
                "max = 1.5\n",
                "config.toml:1: max must be a duration like \"2m\" or a number of seconds, not a float",
            ),
            ("max = 0\n", "config.toml:1: max must be longer than zero"),
            (
                "max = \"3m\"\nmin = \"4m\"\n",
                "config.toml:2: min 4m is above max 3m",
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
    fn min_and_max_are_checked_against_the_defaults_too() {
        assert_eq!(
            problems("min = \"4m\"\n"),
            ["config.toml:1: min 4m is above the default max 3m: set max too"]
        );
        assert_eq!(
            problems("max = \"1m\"\n"),
            ["config.toml:1: max 1m is below the default min 2m: set min too"]
        );
        let settings = parse_settings("config.toml", "min = \"4m\"\nmax = \"5m\"\n").unwrap();
        assert_eq!((settings.min.value, settings.max.value), (s(240), s(300)));
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
        let thirds = "[guide]\nS = 12.5\nT = 12.5\nA = 50\nR = 25\n";
        assert!(parse_settings("config.toml", thirds).is_ok());
        assert_eq!(percent_text(0.125), "12.5");
        assert_eq!(percent_text(0.55), "55");
    }

    #[test]
    fn every_problem_is_reported_top_to_bottom() {
        assert_eq!(problems("count = 0\nbel = true\nprep = \"x\"\n").len(), 3);
    }

    #[test]
    fn a_missing_file_is_the_defaults_and_a_bad_one_is_bad_input() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("home").join(CONFIG_FILE);
        assert!(read_settings(&path).unwrap().is_none());
        assert!(!folder.path().join("home").exists());
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "count = 2\n\nbell = 3\n").unwrap();
        let error = read_settings(&path).unwrap_err();
        assert!(error.is::<BadInput>());
        assert_eq!(
            error.to_string(),
            format!(
                "{}:3: bell must be true or false, not an integer",
                path.display()
            )
        );
    }

    #[test]
    fn sources_have_their_names() {
        let names = [
            Source::Default,
            Source::File,
            Source::Environment,
            Source::Flag,
        ]
        .map(|source| source.to_string());
        assert_eq!(names, ["default", "file", "environment", "flag"]);
        assert_eq!(Settings::source_name(Source::File), "file");
    }

    #[test]
    fn colour_names_what_decided_it() {
        let auto = color_setting(ColorChoice::Auto, env(&[]));
        assert_eq!((auto.source, auto.variable), (Source::Default, None));
        let no_color = color_setting(ColorChoice::Auto, env(&[("NO_COLOR", "1")]));
        assert_eq!(
            (no_color.source, no_color.variable),
            (Source::Environment, Some("NO_COLOR"))
        );
        let never = color_setting(ColorChoice::Never, env(&[("NO_COLOR", "1")]));
        assert_eq!(never.source, Source::Flag);
    }

    #[test]
    fn the_window_takes_flags_over_the_file_over_defaults() {
        let from_file = parse_settings("config.toml", "min = \"1m\"\nmax = \"3m\"\n").unwrap();
        assert_eq!(window_over(&from_file, None, None), Ok((s(60), s(180))));
        assert_eq!(
            window_over(&from_file, Some(s(30)), Some(s(300))),
            Ok((s(30), s(300)))
        );
        assert_eq!(
            window_over(&from_file, Some(s(240)), None)
                .unwrap_err()
                .to_string(),
            "--min 4m is above max 3m (from config.toml)"
        );
        assert_eq!(
            window_over(&from_file, None, Some(s(30)))
                .unwrap_err()
                .to_string(),
            "min 1m (from config.toml) is above --max 30s"
        );
        let only_min = parse_settings("config.toml", "min = \"10s\"\n").unwrap();
        assert_eq!(
            window_over(&only_min, None, Some(s(5)))
                .unwrap_err()
                .to_string(),
            "min 10s (from config.toml) is above --max 5s"
        );
        assert_eq!(
            window_over(&Settings::default(), None, Some(s(0)))
                .unwrap_err()
                .to_string(),
            "--max must be longer than zero"
        );
    }

    #[test]
    fn window_defaults_and_checks() {
        let s = Duration::from_secs;
        assert_eq!(
            window_over(&Settings::default(), None, None),
            Ok((s(120), s(180)))
        );
        assert_eq!(
            window_over(&Settings::default(), Some(s(3)), Some(s(5))),
            Ok((s(3), s(5)))
        );
        assert_eq!(
            window_over(&Settings::default(), Some(s(5)), Some(s(5))),
            Ok((s(5), s(5)))
        );
        assert_eq!(
            window_over(&Settings::default(), Some(s(300)), Some(s(180)))
                .unwrap_err()
                .to_string(),
            "--min 5m is above --max 3m"
        );
        assert_eq!(
            window_over(&Settings::default(), Some(s(240)), None)
                .unwrap_err()
                .to_string(),
            "--min 4m is above the default --max 3m"
        );
        assert!(window_over(&Settings::default(), None, Some(s(0))).is_err());
    }
}

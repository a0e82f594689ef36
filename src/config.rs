//! Everything a command needs to know about its surroundings, resolved once: the data home,
//! colour, and the drill window. Flags win over the environment, which wins over defaults.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::bail;

use crate::cli::{ColorChoice, GlobalArgs};
use crate::duration::format_short;
use crate::exit::BadInput;

/// The environment variable that names the data home.
pub const HOME_VARIABLE: &str = "REHEARSE_HOME";

/// The default answer window: two to three minutes.
pub const DEFAULT_MIN: Duration = Duration::from_secs(120);
pub const DEFAULT_MAX: Duration = Duration::from_secs(180);

/// Where a setting's value came from, for messages and `rehearse config`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Default,
    Environment,
    Flag,
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

    /// `<home>/prompts`: the user's own prompt files.
    pub fn prompts_dir(&self) -> PathBuf {
        self.path.join("prompts")
    }
}

/// The resolved settings every command starts from.
#[derive(Debug, Clone)]
pub struct Config {
    pub home: DataHome,
    /// Whether standard output gets colour.
    pub color: bool,
}

impl Config {
    /// Resolves the global flags against the environment (`var` reads one variable).
    pub fn resolve(
        global: &GlobalArgs,
        var: impl Fn(&str) -> Option<OsString>,
        stdout_is_terminal: bool,
    ) -> anyhow::Result<Config> {
        Ok(Config {
            home: DataHome::resolve(global.home.as_deref(), var(HOME_VARIABLE))?,
            color: color_enabled(global.color, &var, stdout_is_terminal),
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

/// The answer window from `--min` and `--max` over the defaults, checked.
pub fn checked_window(
    min: Option<Duration>,
    max: Option<Duration>,
) -> Result<(Duration, Duration), BadInput> {
    let min_value = min.unwrap_or(DEFAULT_MIN);
    let max_value = max.unwrap_or(DEFAULT_MAX);
    if max_value.is_zero() {
        return Err(BadInput::new("--max must be longer than zero"));
    }
    if min_value > max_value {
        let named = |flag: &str, given: Option<Duration>, value: Duration| match given {
            Some(_) => format!("--{flag} {}", format_short(value)),
            None => format!("the default --{flag} {}", format_short(value)),
        };
        return Err(BadInput::new(format!(
            "{} is above {}",
            named("min", min, min_value),
            named("max", max, max_value)
        )));
    }
    Ok((min_value, max_value))
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

    #[test]
    fn window_defaults_and_checks() {
        let s = Duration::from_secs;
        assert_eq!(checked_window(None, None), Ok((s(120), s(180))));
        assert_eq!(checked_window(Some(s(3)), Some(s(5))), Ok((s(3), s(5))));
        assert_eq!(checked_window(Some(s(5)), Some(s(5))), Ok((s(5), s(5))));
        assert_eq!(
            checked_window(Some(s(300)), Some(s(180)))
                .unwrap_err()
                .to_string(),
            "--min 5m is above --max 3m"
        );
        assert_eq!(
            checked_window(Some(s(240)), None).unwrap_err().to_string(),
            "--min 4m is above the default --max 3m"
        );
        assert!(checked_window(None, Some(s(0))).is_err());
    }
}

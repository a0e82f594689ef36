//! `rehearse config`: every effective setting, its value, and where it came from.

use std::io::Write;

use anyhow::Result;

use crate::cli::ColorChoice;
use crate::config::{Config, HOME_VARIABLE, Setting, Source, percent_text};
use crate::duration::format_short;
use crate::exit::Exit;

pub fn run(config: &Config, out: &mut dyn Write) -> Result<Exit> {
    for (name, value, source) in lines(config) {
        let padding = VALUE_WIDTH.saturating_sub(value.chars().count()).max(1);
        writeln!(out, "{name:<12}{value}{:padding$}({source})", "")?;
    }
    Ok(Exit::Success)
}

/// Values shorter than this line their sources up; longer ones (paths) push theirs along.
const VALUE_WIDTH: usize = 36;

/// `(name, value, source)` for each line, in the order they print.
fn lines(config: &Config) -> Vec<(&'static str, String, String)> {
    let home_source = match config.home.source {
        Source::Environment => format!("environment: {HOME_VARIABLE}"),
        Source::Flag => "flag: --home".to_string(),
        source => source.to_string(),
    };
    let file_note = if config.config_file_found {
        "read"
    } else {
        "not there: defaults in use"
    };
    let color = &config.color_setting;
    let choice = match color.choice {
        ColorChoice::Auto => format!("auto: {}", on_off(config.color)),
        ColorChoice::Always => "always".to_string(),
        ColorChoice::Never => "never".to_string(),
    };
    let color_source = match (color.source, color.variable) {
        (Source::Flag, _) => "flag: --color".to_string(),
        (source, Some(variable)) => format!("{source}: {variable}"),
        (source, None) => source.to_string(),
    };

    let settings = &config.settings;
    let duration = |setting: &Setting<_>| (format_short(setting.value), setting.source.to_string());
    let switch = |setting: &Setting<bool>| {
        (
            on_off(setting.value).to_string(),
            setting.source.to_string(),
        )
    };
    let guide = settings
        .guide
        .value
        .iter()
        .map(|(part, share)| format!("{} {}%", part.letter(), percent_text(*share)))
        .collect::<Vec<_>>()
        .join("  ");

    let mut lines = vec![
        ("home", config.home.path.display().to_string(), home_source),
        (
            "config file",
            config.config_file.display().to_string(),
            file_note.to_string(),
        ),
        ("color", choice, color_source),
    ];
    for (name, (value, source)) in [
        ("min", duration(&settings.min)),
        ("max", duration(&settings.max)),
        ("prep", duration(&settings.prep)),
        ("bell", switch(&settings.bell)),
        ("speak", switch(&settings.speak)),
        ("follow_ups", switch(&settings.follow_ups)),
        (
            "count",
            (
                settings.count.value.to_string(),
                settings.count.source.to_string(),
            ),
        ),
        ("guide", (guide, settings.guide.source.to_string())),
    ] {
        lines.push((name, value, source));
    }
    lines
}

fn on_off(value: bool) -> &'static str {
    if value { "on" } else { "off" }
}

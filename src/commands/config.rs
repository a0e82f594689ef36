//! `rehearse config`: every setting in effect, its value, and where it came from. A drill's
//! setting flags given here show as `flag`, as they would act on the drill.

use std::io::Write;

use anyhow::Result;

use crate::cli::ConfigArgs;
use crate::config::{ColorChoice, Config, Setting, Switch, percent_text};
use crate::domain::duration::format_short;
use crate::exit::Exit;
use crate::text::shown_path;
use crate::ui::Output;

pub fn run(config: &Config, args: &ConfigArgs, out: &mut Output<'_>) -> Result<Exit> {
    let settings = config.settings(&args.flags());
    let mut lines = vec![
        (
            "home",
            config.home.path.display().to_string(),
            config.home.source.to_string(),
        ),
        (
            "config file",
            config.config_file.display().to_string(),
            if config.config_file_found {
                "read"
            } else {
                "not there: defaults in use"
            }
            .to_string(),
        ),
        (
            "color",
            color_value(config),
            config.color.source.to_string(),
        ),
        (
            "width",
            config.width.value.map_or_else(
                || "no limit".to_string(),
                |columns| format!("{columns} columns"),
            ),
            config.width.source.to_string(),
        ),
    ];
    let duration = |setting: &Setting<_>| (format_short(setting.value), setting.source.to_string());
    for (name, setting) in [
        ("min", &settings.min),
        ("max", &settings.max),
        ("prep", &settings.prep),
    ] {
        let (value, source) = duration(setting);
        lines.push((name, value, source));
    }
    for switch in Switch::ALL {
        let setting = &settings.switches[switch];
        lines.push((
            switch.facts().key,
            on_off(setting.value).to_string(),
            setting.source.to_string(),
        ));
    }
    lines.push((
        "count",
        settings.count.value.to_string(),
        settings.count.source.to_string(),
    ));
    lines.push((
        "pace",
        settings.pace.value.to_string(),
        settings.pace.source.to_string(),
    ));
    let guide = settings
        .guide
        .value
        .scored()
        .map(|(part, share)| format!("{} {}%", part.letter(), percent_text(*share)))
        .collect::<Vec<_>>()
        .join("  ");
    lines.push(("guide", guide, settings.guide.source.to_string()));
    lines.push((
        "model",
        model_value(config),
        config.model.source.to_string(),
    ));
    for (name, value, source) in lines {
        let padding = VALUE_WIDTH.saturating_sub(value.chars().count()).max(1);
        writeln!(out, "{name:<12}{value}{:padding$}({source})", "")?;
    }
    // The window is checked last, so the lines above show what made it wrong.
    settings.window()?;
    Ok(Exit::Success)
}

/// Values shorter than this line their sources up; longer ones (paths) push theirs along.
const VALUE_WIDTH: usize = 36;

/// The speech model file transcription would use, and whether it is there.
fn model_value(config: &Config) -> String {
    let path = config
        .model
        .value
        .clone()
        .or_else(crate::speech::model::default_path);
    match path {
        Some(path) if path.is_file() => shown_path(&path).into_owned(),
        Some(path) => format!("{} (not there yet)", shown_path(&path)),
        None => "none: no home folder to keep it in".to_string(),
    }
}

fn color_value(config: &Config) -> String {
    match config.color_choice {
        ColorChoice::Auto => format!("auto: {}", on_off(config.colored())),
        ColorChoice::Always => "always".to_string(),
        ColorChoice::Never => "never".to_string(),
    }
}

fn on_off(value: bool) -> &'static str {
    if value { "on" } else { "off" }
}

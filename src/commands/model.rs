//! `rehearse model`: which speech model transcription uses, where it is, its size and
//! checksum; `rehearse model install` downloads one (checked before it takes its name) or
//! puts one the person has in place.

use anyhow::Result;

use crate::cli::ModelArgs;
use crate::config::Config;
use crate::exit::{BadInput, Exit};
use crate::ui::Output;

#[cfg(not(feature = "transcribe"))]
pub fn run(_config: &Config, _args: &ModelArgs, _out: &mut Output<'_>) -> Result<Exit> {
    Err(BadInput::new(crate::speech::recognize::unavailable()).into())
}

#[cfg(feature = "transcribe")]
pub fn run(config: &Config, args: &ModelArgs, out: &mut Output<'_>) -> Result<Exit> {
    use crate::cli::ModelAction;
    let path = model_file(config)?;
    match &args.action {
        None => show(&path, out),
        Some(ModelAction::Install(install)) => install_model(&path, install),
    }
}

/// The model file the settings name, or the installed model's place.
#[cfg(feature = "transcribe")]
pub(super) fn model_file(config: &Config) -> Result<std::path::PathBuf> {
    match &config.model.value {
        Some(path) => Ok(path.clone()),
        None => crate::speech::model::default_path().ok_or_else(|| {
            BadInput::new(format!(
                "cannot find your home folder to keep the model in: set {}",
                crate::config::MODEL_VARIABLE
            ))
            .into()
        }),
    }
}

#[cfg(feature = "transcribe")]
fn show(path: &std::path::Path, out: &mut Output<'_>) -> Result<Exit> {
    use std::io::Write;

    use crate::speech::model::describe;
    use crate::text::shown_path;
    let Some(model) = describe(path).map_err(BadInput::new)? else {
        writeln!(
            out,
            "no model at {}: rehearse model install",
            shown_path(path)
        )?;
        return Ok(Exit::Success);
    };
    writeln!(out, "model   {}", model.name)?;
    writeln!(out, "file    {}", shown_path(&model.path))?;
    writeln!(
        out,
        "size    {} bytes ({:.0} MiB)",
        model.bytes,
        model.bytes as f64 / (1024.0 * 1024.0)
    )?;
    writeln!(out, "sha256  {}", model.sha256)?;
    Ok(Exit::Success)
}

#[cfg(feature = "transcribe")]
fn install_model(dest: &std::path::Path, args: &crate::cli::ModelInstallArgs) -> Result<Exit> {
    use crate::speech::model::{
        Checksum, DEFAULT_CHECKSUM, DEFAULT_URL, InstallError, install, install_from,
    };
    use crate::text::shown_path;
    use crate::ui::{self, BarUnit, progress_bar};

    let bar = progress_bar(0, BarUnit::Bytes, "model");
    let mut progress = |done: u64, total: Option<u64>| {
        if let Some(total) = total {
            bar.set_length(total);
        }
        bar.set_position(done);
    };
    let installed = match &args.from {
        Some(from) => install_from(from, dest, &mut progress),
        None => {
            let url = args.url.as_deref().unwrap_or(DEFAULT_URL);
            let checksum = args.checksum.as_deref().unwrap_or(DEFAULT_CHECKSUM);
            let checksum = Checksum::parse(checksum).map_err(BadInput::new)?;
            ui::note(format!("downloading {url}"));
            install(url, &checksum, dest, &mut progress)
        }
    };
    bar.finish_and_clear();
    match installed {
        Ok(()) => {
            let name = crate::speech::model::name_of(dest);
            ui::note(format!("installed {name} as {}", shown_path(dest)));
            Ok(Exit::Success)
        }
        Err(error @ (InstallError::NotAModel(_) | InstallError::WrongChecksum { .. })) => {
            Err(BadInput::new(error.to_string()).into())
        }
        Err(error) => Err(anyhow::anyhow!(error)),
    }
}

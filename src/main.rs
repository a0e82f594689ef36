use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use rehearse::cli::Cli;
use rehearse::exit::{Exit, error_lines, exit_for_error};

fn main() -> ExitCode {
    // A shell asking for candidates at a Tab is answered before anything else runs.
    rehearse::cli::answer_completion_request();
    let typed: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let cli = match Cli::try_parse_from(&typed) {
        Ok(cli) => cli,
        Err(error) => {
            return rehearse::exit::report_usage_error(error, &typed, &Cli::command()).into();
        }
    };
    match rehearse::commands::run(cli) {
        Ok(exit) => exit.into(),
        Err(error) if is_broken_pipe(&error) => Exit::Success.into(),
        Err(error) => {
            // Several problems (every bad line of a file) are one `rehearse:` line each.
            for line in error_lines(&error) {
                rehearse::ui::note(line);
            }
            exit_for_error(&error).into()
        }
    }
}

/// Output cut short by a closed pipe (`rehearse prompts | head`) is not a failure.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error
        .chain()
        .filter_map(|cause| cause.downcast_ref::<std::io::Error>())
        .any(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
}

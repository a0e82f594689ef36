//! Exit statuses, and the one error type that means "the user's input was bad" (status 2).

use std::process::ExitCode;

/// The statuses the program ends with; scripts may rely on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Everything asked for was done.
    Success = 0,
    /// Something went wrong at run time (a disk, a terminal, a bug).
    Failure = 1,
    /// Bad usage or bad input: a flag, a name, a file's content.
    BadInput = 2,
    /// The record was saved (or changed), but what was to be printed about it could not be
    /// (a closed pipe, a full disk): do not run it again, the work is done.
    Unreported = 3,
    /// A drill stopped with Ctrl-C.
    Interrupted = 130,
    /// A drill stopped by SIGTERM or SIGHUP.
    Terminated = 143,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit as u8)
    }
}

/// A mistake in what the user asked for or gave us. Reported in one line a problem, exit
/// status 2, nothing written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .problems.join("\n"))]
pub struct BadInput {
    problems: Vec<String>,
}

impl BadInput {
    /// A bad-input error with the given one-line message.
    pub fn new(message: impl Into<String>) -> BadInput {
        BadInput {
            problems: vec![message.into()],
        }
    }

    /// Several problems found at once (every bad line of a file), reported a line each.
    pub fn each(problems: Vec<String>) -> BadInput {
        BadInput { problems }
    }
}

/// The lines an error is reported in: a line a problem for bad input of several problems,
/// otherwise the whole chain of causes in one line. A line break inside a message (a file
/// name, a value typed) is never taken for the start of another line.
pub fn error_lines(error: &anyhow::Error) -> Vec<String> {
    match error.downcast_ref::<BadInput>() {
        Some(bad) if error.chain().count() == 1 => bad.problems.clone(),
        _ => vec![format!("{error:#}")],
    }
}

/// The status an error ends the program with: 2 when any cause in its chain is bad input.
pub fn exit_for_error(error: &anyhow::Error) -> Exit {
    let is_bad_input = error.chain().any(|cause| cause.is::<BadInput>());
    if is_bad_input {
        Exit::BadInput
    } else {
        Exit::Failure
    }
}

/// Reports a command-line parsing error from clap and gives the status to end with.
///
/// `--help` and `--version` print as clap renders them. A bad value (`--min 2x`) is one line
/// naming the flag and the problem, like every other bad input; other usage mistakes keep
/// clap's usage hint, which helps more than it clutters.
pub fn report_usage_error(error: &clap::Error) -> Exit {
    use clap::error::ErrorKind;
    match error.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = error.print();
            if error.use_stderr() {
                Exit::BadInput
            } else {
                Exit::Success
            }
        }
        ErrorKind::ValueValidation | ErrorKind::InvalidValue => {
            let rendered = error.render().to_string();
            let first = rendered.lines().next().unwrap_or_default();
            eprintln!("rehearse: {}", first.trim_start_matches("error: "));
            Exit::BadInput
        }
        _ => {
            let _ = error.print();
            Exit::BadInput
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    #[test]
    fn bad_input_anywhere_in_the_chain_means_status_two() {
        let error = Err::<(), _>(BadInput::new("unknown category 'x'"))
            .context("choosing a prompt")
            .unwrap_err();
        assert_eq!(exit_for_error(&error), Exit::BadInput);
    }

    #[test]
    fn several_problems_are_a_line_each_and_a_line_break_in_one_is_not_a_line() {
        let several = anyhow::Error::from(BadInput::each(vec!["a:1: x".into(), "a:2: y".into()]));
        assert_eq!(error_lines(&several), ["a:1: x", "a:2: y"]);
        assert_eq!(exit_for_error(&several), Exit::BadInput);
        let typed = Err::<(), _>(BadInput::new("no session 'a\nrehearse: fine'"))
            .context("showing")
            .unwrap_err();
        assert_eq!(
            error_lines(&typed),
            ["showing: no session 'a\nrehearse: fine'"]
        );
    }

    #[test]
    fn other_errors_mean_status_one() {
        let error = anyhow::anyhow!("disk full");
        assert_eq!(exit_for_error(&error), Exit::Failure);
    }

    #[test]
    fn statuses_have_the_documented_numbers() {
        assert_eq!(Exit::Success as u8, 0);
        assert_eq!(Exit::Failure as u8, 1);
        assert_eq!(Exit::BadInput as u8, 2);
        assert_eq!(Exit::Unreported as u8, 3);
        assert_eq!(Exit::Interrupted as u8, 130);
        assert_eq!(Exit::Terminated as u8, 143);
    }
}

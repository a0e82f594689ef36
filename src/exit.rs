//! Exit statuses, and the one error type that means "the user's input was bad" (status 2).

use std::ffi::OsString;
use std::process::ExitCode;

use crate::text::shown_line;

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
/// `typed` is the command line as given.
///
/// `--help` and `--version` print as clap renders them. A bad value (`--min 2x`) is one line
/// naming the flag and the problem, like every other bad input; other usage mistakes keep
/// clap's usage hint, which helps more than it clutters. What clap quotes of the command line
/// passes the sanitiser first, and stderr gone (full, closed) changes only what is said,
/// never the status.
pub fn report_usage_error(error: clap::Error, typed: &[OsString]) -> Exit {
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
            crate::ui::note(bad_value_line(error, typed));
            Exit::BadInput
        }
        _ => {
            let _ = with_quotes_shown(error).print();
            Exit::BadInput
        }
    }
}

/// `error` with every value it quotes from the command line shown on one line, its control
/// characters made visible, so clap can render it (in colour, where it colours) safely.
fn with_quotes_shown(mut error: clap::Error) -> clap::Error {
    use clap::error::ContextValue;
    let visible: Vec<_> = error
        .context()
        .filter_map(|(kind, value)| match value {
            ContextValue::String(text) => {
                Some((kind, ContextValue::String(shown_line(text).into_owned())))
            }
            ContextValue::Strings(texts) => Some((
                kind,
                ContextValue::Strings(
                    texts
                        .iter()
                        .map(|text| shown_line(text).into_owned())
                        .collect(),
                ),
            )),
            _ => None,
        })
        .collect();
    for (kind, value) in visible {
        error.insert(kind, value);
    }
    error
}

/// The one line a bad value is reported in, without clap's `error: `. The value parser's own
/// message may quote the value again, as typed: that too is put on one line and made visible.
fn bad_value_line(error: clap::Error, typed: &[OsString]) -> String {
    let mut text = with_quotes_shown(error).render().to_string();
    for argument in typed {
        let argument = argument.to_string_lossy();
        let value = argument.split_once('=').map(|(_, value)| value);
        for quoted in std::iter::once(argument.as_ref()).chain(value) {
            let one_line = shown_line(quoted);
            if one_line != quoted {
                text = text.replace(quoted, &one_line);
            }
        }
    }
    let first = text.lines().next().unwrap_or_default();
    shown_line(first.trim_start_matches("error: ")).into_owned()
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

    fn usage_error_of(typed: &[&str]) -> (clap::Error, Vec<OsString>) {
        let command = clap::Command::new("rehearse")
            .arg(clap::Arg::new("duration").long("duration").value_parser(
                |text: &str| -> Result<String, String> { Err(format!("bad duration '{text}'")) },
            ))
            .subcommand(clap::Command::new("log"));
        let typed: Vec<OsString> = typed.iter().map(OsString::from).collect();
        (command.try_get_matches_from(&typed).unwrap_err(), typed)
    }

    #[test]
    fn usage_errors_show_what_was_typed_made_visible() {
        let (error, _) = usage_error_of(&["rehearse", "\u{1b}]2;HACKED\u{7}"]);
        let text = with_quotes_shown(error).render().to_string();
        assert!(text.contains("'^[]2;HACKED^G'"), "{text}");
        assert!(text.contains("Usage:"), "{text}");
    }

    #[test]
    fn a_bad_value_is_one_line_whatever_it_holds() {
        let (error, typed) = usage_error_of(&["rehearse", "--duration", "\u{9b}31m"]);
        assert_eq!(
            bad_value_line(error, &typed),
            "invalid value 'M-^[31m' for '--duration <duration>': bad duration 'M-^[31m'"
        );
        let (error, typed) = usage_error_of(&["rehearse", "--duration=2x\nrehearse: fine"]);
        let line = bad_value_line(error, &typed);
        assert!(
            line.ends_with("bad duration '2x^Jrehearse: fine'"),
            "{line}"
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

//! Exit statuses, and the one error type that means "the user's input was bad" (status 2).

use std::ffi::OsString;
use std::process::ExitCode;

use clap::error::ContextValue;

use crate::text::{closest, edit_distance, shown_line};

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
/// `typed` is the command line as given and `command` the definition it was parsed against.
///
/// `--help` and `--version` print as clap renders them. Every other usage mistake reads like
/// every other bad input: one `rehearse:` line saying what was wrong (a closed choice lists
/// its values), and at most one `rehearse: hint:` line saying what to type instead. What is
/// quoted of the command line passes the sanitiser, and stderr gone (full, closed) changes
/// only what is said, never the status.
pub fn report_usage_error(error: clap::Error, typed: &[OsString], command: &clap::Command) -> Exit {
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
        _ => {
            let usage = UsageError::of(&error, typed, command);
            crate::ui::note(&usage.problem);
            if let Some(hint) = &usage.hint {
                crate::ui::hint(hint);
            }
            Exit::BadInput
        }
    }
}

/// A usage mistake as it is reported: what was wrong, and what to do instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError {
    /// One line, without `rehearse: `.
    pub problem: String,
    /// One line, without `rehearse: hint: `.
    pub hint: Option<String>,
}

impl UsageError {
    /// The report of clap's `error`, from what clap knows of it rather than its rendering,
    /// which spreads over several lines in a voice of its own.
    pub fn of(error: &clap::Error, typed: &[OsString], command: &clap::Command) -> UsageError {
        use clap::error::{ContextKind, ErrorKind};
        let text = |kind| match error.get(kind) {
            Some(ContextValue::String(text)) => Some(text.clone()),
            _ => None,
        };
        let texts = |kind| match error.get(kind) {
            Some(ContextValue::Strings(texts)) => texts.clone(),
            Some(ContextValue::String(text)) => vec![text.clone()],
            _ => Vec::new(),
        };
        let argument = text(ContextKind::InvalidArg).unwrap_or_default();
        let value = text(ContextKind::InvalidValue).unwrap_or_default();
        let suggested =
            |kind, typed: &str, known: &[String]| did_you_mean(typed, known, texts(kind));
        let path = command_path(command, typed);
        let help = Some(format!("see `{} --help`", path.join(" ")));
        let usage = usage_of(error).or_else(|| help.clone());
        let (problem, hint) = match error.kind() {
            ErrorKind::InvalidValue => {
                let problem = if value.is_empty() {
                    format!("a value is required for '{argument}' but none was given")
                } else {
                    format!("invalid value '{value}' for '{argument}'")
                };
                let valid = texts(ContextKind::ValidValue);
                let problem = if valid.is_empty() {
                    problem
                } else {
                    format!("{problem}: valid values are {}", valid.join(", "))
                };
                (
                    problem,
                    suggested(ContextKind::SuggestedValue, &value, &valid),
                )
            }
            ErrorKind::ValueValidation => {
                let mut problem = format!("invalid value '{value}' for '{argument}'");
                if let Some(cause) = std::error::Error::source(error) {
                    problem = format!("{problem}: {}", in_plain_words(&cause.to_string()));
                }
                (problem, None)
            }
            ErrorKind::UnknownArgument => (
                format!("unexpected argument '{argument}'"),
                misplaced_option_hint(command, typed, &path, &argument)
                    .or_else(|| suggested(ContextKind::SuggestedArg, &argument, &[]))
                    .or_else(|| first_tip(error))
                    // A stray word is placed wrong, and the usage shows where words go; a
                    // stray option is misnamed, and the help lists the names.
                    .or(if argument.starts_with('-') {
                        help
                    } else {
                        usage
                    }),
            ),
            ErrorKind::InvalidSubcommand => {
                let name = text(ContextKind::InvalidSubcommand).unwrap_or_default();
                let names: Vec<String> = command_at(command, &path)
                    .get_subcommands()
                    .filter(|sub| !sub.is_hide_set())
                    .map(|sub| sub.get_name().to_owned())
                    .collect();
                let hint = suggested(ContextKind::SuggestedSubcommand, &name, &names)
                    .or_else(|| commands_of(command, &path));
                (format!("unknown command '{name}'"), hint)
            }
            ErrorKind::MissingRequiredArgument => {
                let missing = texts(ContextKind::InvalidArg);
                let what = if missing.len() == 1 {
                    "argument was"
                } else {
                    "arguments were"
                };
                let problem = format!("the required {what} not given: {}", missing.join(", "));
                (problem, usage)
            }
            ErrorKind::ArgumentConflict => {
                let others = texts(ContextKind::PriorArg);
                // An option of a command given with one of its subcommands names the latter.
                let argument = match text(ContextKind::InvalidSubcommand) {
                    Some(sub) if argument.is_empty() => sub,
                    _ => argument,
                };
                let problem = if others.first() == Some(&argument) {
                    format!("'{argument}' can be given only once")
                } else if others.is_empty() {
                    format!("'{argument}' cannot be used with the other arguments given")
                } else {
                    let others: Vec<String> =
                        others.iter().map(|other| format!("'{other}'")).collect();
                    format!("'{argument}' cannot be used with {}", others.join(", "))
                };
                (problem, usage)
            }
            _ => (clap_first_line(error), usage),
        };
        UsageError {
            problem: shown_line(&problem).into_owned(),
            hint: hint.map(|hint| shown_line(&hint).into_owned()),
        }
    }
}

/// The names of the commands `typed` went down, from the program's own: `["rehearse",
/// "stories", "show"]`.
fn command_path(command: &clap::Command, typed: &[OsString]) -> Vec<String> {
    let mut path = vec![command.get_name().to_owned()];
    let mut current = command;
    for argument in typed.iter().skip(1) {
        let Some(argument) = argument.to_str() else {
            continue;
        };
        if let Some(sub) = current.find_subcommand(argument) {
            path.push(sub.get_name().to_owned());
            current = sub;
        }
    }
    path
}

/// The command `path` names.
fn command_at<'a>(command: &'a clap::Command, path: &[String]) -> &'a clap::Command {
    path.iter().skip(1).fold(command, |current, name| {
        current.find_subcommand(name).unwrap_or(current)
    })
}

/// For an option typed before the command it belongs to: `rehearse --json history`, or a
/// drill's option with no command at all (`rehearse --min 3s`, as a bare `rehearse` runs a
/// drill). Shows the command line that works, the option after its command.
fn misplaced_option_hint(
    command: &clap::Command,
    typed: &[OsString],
    path: &[String],
    argument: &str,
) -> Option<String> {
    // The command the option belongs to: one named later on the line (`rehearse --json
    // history`), else the drill, which a bare `rehearse` runs. An option typed after its
    // command is that command's mistake, not a misplaced one.
    let words: Vec<String> = typed
        .iter()
        .skip(1)
        .map(|word| word.to_string_lossy().into_owned())
        .collect();
    let named = words
        .iter()
        .position(|word| command.find_subcommand(word).is_some());
    let flag_at = words
        .iter()
        .position(|word| word == argument || word.starts_with(&format!("{argument}=")))?;
    if named.is_some_and(|at| at < flag_at) || (named.is_none() && path.len() != 1) {
        return None;
    }
    let target = named.map_or("drill", |at| words[at].as_str());
    let sub = command.find_subcommand(target)?;
    let flag = argument.split_once('=').map_or(argument, |(flag, _)| flag);
    let known = sub.get_arguments().any(|arg| {
        let long = arg.get_long().map(|long| format!("--{long}"));
        let short = arg.get_short().map(|short| format!("-{short}"));
        long.as_deref() == Some(flag) || short.as_deref() == Some(flag)
    });
    if !known {
        return None;
    }
    let mut line = vec![path[0].clone(), target.to_owned()];
    line.extend(
        words
            .iter()
            .enumerate()
            .filter(|&(at, _)| Some(at) != named)
            .map(|(_, word)| quoted_word(word)),
    );
    Some(format!(
        "{target} options go after `{target}`: {}",
        line.join(" ")
    ))
}

/// The standard library's and clap's words for a number that did not parse, as a person
/// would say them; any other cause as it is.
fn in_plain_words(cause: &str) -> String {
    let said = match cause {
        "invalid digit found in string" => "not a whole number",
        "cannot parse integer from empty string" => "a number is needed",
        "number too large to fit in target type" => "too large",
        "number too small to fit in target type" => "too small",
        _ => {
            // clap's ranges: `0 is not in 1..=50`.
            if let Some((value, range)) = cause.split_once(" is not in ")
                && let Some((low, high)) = range.split_once("..=")
            {
                return format!("{value} is not between {low} and {high}");
            }
            return cause.to_owned();
        }
    };
    said.to_owned()
}

/// `did you mean '...'?` for what was `typed`: the nearest of the `known` names when one is a
/// likely typo, else the nearest of clap's own suggestions. Both are ranked by edit distance:
/// clap ranks by a likeness of shared letters that put `restore` before `stories` for
/// `stoires`.
fn did_you_mean(typed: &str, known: &[String], clap_suggested: Vec<String>) -> Option<String> {
    closest(typed, known.iter().map(String::as_str))
        .map(str::to_owned)
        .or_else(|| {
            clap_suggested
                .into_iter()
                .min_by_key(|name| edit_distance(typed, name))
        })
        .map(|name| format!("did you mean '{name}'?"))
}

/// A word of a command line as it would be typed again: quoted when a shell would split it.
fn quoted_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_alphanumeric() || "-_=.,:/+@%^".contains(c));
    if plain {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// The commands there are where an unknown one was typed.
fn commands_of(command: &clap::Command, path: &[String]) -> Option<String> {
    let names: Vec<&str> = command_at(command, path)
        .get_subcommands()
        .filter(|sub| !sub.is_hide_set())
        .map(clap::Command::get_name)
        .filter(|name| *name != "help")
        .collect();
    (!names.is_empty()).then(|| format!("commands: {}", names.join(", ")))
}

/// clap's usage line for the command the mistake was made in, as a hint: `usage: rehearse
/// show <ID>` (the first form where there are several).
fn usage_of(error: &clap::Error) -> Option<String> {
    let Some(ContextValue::StyledStr(usage)) = error.get(clap::error::ContextKind::Usage) else {
        return None;
    };
    let usage = usage.to_string();
    let first = usage.lines().next()?.trim();
    let form = first.strip_prefix("Usage:").unwrap_or(first).trim();
    Some(format!("usage: {form}"))
}

/// The first of clap's tips (`to pass '-x' as a value, use '-- -x'`).
fn first_tip(error: &clap::Error) -> Option<String> {
    match error.get(clap::error::ContextKind::Suggested) {
        Some(ContextValue::StyledStrs(tips)) => tips.first().map(ToString::to_string),
        _ => None,
    }
}

/// The first line of clap's own message, without its `error: `, for the kinds of mistake
/// with no words of ours.
fn clap_first_line(error: &clap::Error) -> String {
    let text = error.render().to_string();
    let first = text.lines().next().unwrap_or_default();
    first.trim_start_matches("error: ").to_owned()
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

    /// A small command line like the real one: a drill with a window, a closed choice, a
    /// command with a required argument.
    fn sample_command() -> clap::Command {
        use clap::Arg;
        clap::Command::new("rehearse")
            .arg(
                Arg::new("color")
                    .long("color")
                    .global(true)
                    .value_parser(["auto", "always", "never"]),
            )
            .subcommand(
                clap::Command::new("drill")
                    .arg(Arg::new("min").long("min"))
                    .arg(Arg::new("plain").long("plain").num_args(0)),
            )
            .subcommand(clap::Command::new("log").arg(
                Arg::new("duration").long("duration").value_parser(
                    |text: &str| -> Result<String, String> {
                        Err(format!("bad duration '{text}'"))
                    },
                ),
            ))
            .subcommand(clap::Command::new("show").arg(Arg::new("id").required(true)))
            .subcommand(
                clap::Command::new("history")
                    .arg(Arg::new("limit").long("limit"))
                    .arg(Arg::new("json").long("json").num_args(0)),
            )
    }

    fn usage_error_of(typed: &[&str]) -> UsageError {
        let command = sample_command();
        let typed: Vec<OsString> = typed.iter().map(OsString::from).collect();
        let error = command.clone().try_get_matches_from(&typed).unwrap_err();
        UsageError::of(&error, &typed, &command)
    }

    #[test]
    fn usage_errors_show_what_was_typed_made_visible() {
        let usage = usage_error_of(&["rehearse", "show", "a", "\u{1b}]2;HACKED\u{7}"]);
        assert_eq!(usage.problem, "unexpected argument '^[]2;HACKED^G'");
        assert_eq!(
            usage.hint.as_deref(),
            Some("usage: rehearse show [OPTIONS] <id>")
        );
    }

    #[test]
    fn a_bad_value_is_one_line_whatever_it_holds() {
        let usage = usage_error_of(&["rehearse", "log", "--duration", "\u{9b}31m"]);
        assert_eq!(
            usage.problem,
            "invalid value 'M-^[31m' for '--duration <duration>': bad duration 'M-^[31m'"
        );
        assert_eq!(usage.hint, None);
        let usage = usage_error_of(&["rehearse", "log", "--duration=2x\nrehearse: fine"]);
        assert!(
            usage.problem.ends_with("bad duration '2x^Jrehearse: fine'"),
            "{usage:?}"
        );
    }

    #[test]
    fn a_closed_choice_lists_its_values_and_the_nearest_one() {
        let usage = usage_error_of(&["rehearse", "--color", "sometimes"]);
        assert_eq!(
            usage.problem,
            "invalid value 'sometimes' for '--color <color>': valid values are auto, always, never"
        );
        assert_eq!(usage.hint, None);
        let usage = usage_error_of(&["rehearse", "--color", "alway"]);
        assert_eq!(usage.hint.as_deref(), Some("did you mean 'always'?"));
        let usage = usage_error_of(&["rehearse", "drill", "--color="]);
        assert_eq!(
            usage.problem,
            "a value is required for '--color <color>' but none was given: valid values are auto, always, never"
        );
    }

    #[test]
    fn a_drill_option_before_any_command_is_shown_after_drill() {
        let usage = usage_error_of(&["rehearse", "--color", "never", "--min", "3s"]);
        assert_eq!(usage.problem, "unexpected argument '--min'");
        assert_eq!(
            usage.hint.as_deref(),
            Some("drill options go after `drill`: rehearse drill --color never --min 3s")
        );
        let usage = usage_error_of(&["rehearse", "--plain"]);
        assert_eq!(
            usage.hint.as_deref(),
            Some("drill options go after `drill`: rehearse drill --plain")
        );
        // An option typed before the command it belongs to is moved after it.
        let usage = usage_error_of(&["rehearse", "--min", "3s", "drill", "--plain"]);
        assert_eq!(
            usage.hint.as_deref(),
            Some("drill options go after `drill`: rehearse drill --min 3s --plain")
        );
        let usage = usage_error_of(&["rehearse", "--json", "history"]);
        assert_eq!(
            usage.hint.as_deref(),
            Some("history options go after `history`: rehearse history --json")
        );
        // After another command the option is that command's mistake, not a drill's.
        let usage = usage_error_of(&["rehearse", "history", "--min", "3s"]);
        assert_ne!(
            usage.hint.as_deref().map(|hint| hint.starts_with("drill")),
            Some(true),
            "{usage:?}"
        );
    }

    #[test]
    fn the_suggestion_is_the_nearest_name_by_edit_distance() {
        // clap's own likeness of letters put `restore` first for `stoires`.
        let names = [
            "stories",
            "restore",
            "stats",
            "prompts",
            "rm",
            "export",
            "transcribe",
            "transcript",
        ];
        let command = clap::Command::new("rehearse")
            .subcommands(names.map(clap::Command::new))
            .subcommand(
                clap::Command::new("tidy")
                    .subcommands(["rename", "rm", "show"].map(clap::Command::new)),
            );
        for (typed, meant) in [
            (&["rehearse", "stoires"][..], "stories"),
            (&["rehearse", "storis"], "stories"),
            (&["rehearse", "restroe"], "restore"),
            (&["rehearse", "prmopts"], "prompts"),
            (&["rehearse", "exprot"], "export"),
            (&["rehearse", "trnscribe"], "transcribe"),
            (&["rehearse", "tidy", "renmae"], "rename"),
        ] {
            let typed: Vec<OsString> = typed.iter().map(OsString::from).collect();
            let error = command.clone().try_get_matches_from(&typed).unwrap_err();
            let usage = UsageError::of(&error, &typed, &command);
            assert_eq!(
                usage.hint,
                Some(format!("did you mean '{meant}'?")),
                "{typed:?}"
            );
        }
        let usage = usage_error_of(&["rehearse", "--color", "ALWAYS"]);
        assert_eq!(usage.hint.as_deref(), Some("did you mean 'always'?"));
    }

    #[test]
    fn unknown_commands_and_missing_arguments_say_what_there_is() {
        let usage = usage_error_of(&["rehearse", "histroy"]);
        assert_eq!(usage.problem, "unknown command 'histroy'");
        assert_eq!(usage.hint.as_deref(), Some("did you mean 'history'?"));
        let usage = usage_error_of(&["rehearse", "frobnicate"]);
        assert_eq!(
            usage.hint.as_deref(),
            Some("commands: drill, log, show, history")
        );
        let usage = usage_error_of(&["rehearse", "show"]);
        assert_eq!(usage.problem, "the required argument was not given: <id>");
        assert_eq!(usage.hint.as_deref(), Some("usage: rehearse show <id>"));
        let usage = usage_error_of(&["rehearse", "--color", "never", "--color", "never"]);
        assert_eq!(usage.problem, "'--color <color>' can be given only once");
    }

    #[test]
    fn words_are_quoted_as_a_shell_would_need_them() {
        assert_eq!(quoted_word("--min=3s"), "--min=3s");
        assert_eq!(quoted_word("two words"), "'two words'");
        assert_eq!(quoted_word("it's"), "'it'\\''s'");
        assert_eq!(quoted_word(""), "''");
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

//! The man pages, generated from the clap definition: `rehearse(1)` and one page a subcommand
//! (`rehearse-drill(1)`, `rehearse-stories-show(1)`, ...), each with the sections a reader of
//! a man page looks for beyond the options: the drill's keys, the files in the data home, the
//! environment and the exit statuses.

use std::io::{self, Write};

use clap::CommandFactory;

use super::{COMPLETE_VARIABLE, Cli};
use crate::config::{HOME_VARIABLE, MODEL_VARIABLE};
use crate::exit::Exit;

/// One man page: its file name (`rehearse-drill.1`) and its roff text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManPage {
    pub file_name: String,
    pub roff: Vec<u8>,
}

/// The keys of the full-screen drill, as a reader of `rehearse-drill(1)` needs them.
const DRILL_KEYS: &[(&str, &str)] = &[
    (
        "Left, Right, 1-9",
        "While preparing, or with the cue card shown: choose another story.",
    ),
    (
        "c",
        "During the answer: show or hide the story's cue card (the record keeps how long it \
         was shown).",
    ),
    (
        "Space",
        "Pause, and resume; paused time is not answer time.",
    ),
    (
        "Enter",
        "Finish the answer. During the preparation countdown: start the answer now.",
    ),
    (
        "s, t, a, r",
        "Mark where the Situation, Task, Action or Result begins; marking again moves the mark.",
    ),
    ("n", "Mark the start of the next part."),
    (
        "q, Esc",
        "Give up on this answer; it is saved as aborted (nothing is saved before the answer \
         starts or in its first second).",
    ),
    ("Ctrl-C", "Stop the drill (exit status 130)."),
    (
        "Ctrl-Z",
        "Suspend: the terminal is given back and the answer paused until Space after fg.",
    ),
];

/// The files of the data home, and the one beside it.
const FILES: &[(&str, &str)] = &[
    (
        "<home>/sessions/YYYY/MM/<id>.json",
        "One session: a timed answer and its review, written atomically.",
    ),
    (
        "<home>/sessions/YYYY/MM/<id>.wav",
        "Its recording, when recorded or attached (16 kHz mono); <id>.follow-up.wav the \
         follow-up's, <id>.transcript.json its transcript.",
    ),
    (
        "<home>/sessions/.briefs/YYYY-MM",
        "Derived: a line a session of the month, so a drill starts fast; made again from the \
         records whenever they change.",
    ),
    (
        "<home>/trash/sessions/<id>/",
        "Sessions moved away by rehearse rm, with all their files; rehearse restore brings one \
         back.",
    ),
    (
        "<home>/stories/<slug>.md",
        "Your prepared stories, in markdown.",
    ),
    (
        "<home>/trash/stories/",
        "Story files moved away by rehearse stories rm.",
    ),
    (
        "<home>/prompts/*.toml",
        "Your own prompts, added to the built-in bank (check them with rehearse prompts check).",
    ),
    (
        "<home>/config.toml",
        "Optional settings: the window, preparation, count, pace, switches, keep_audio_days, \
         model (see rehearse-config(1)).",
    ),
];

/// The environment variables the program reads.
fn environment() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            HOME_VARIABLE,
            "The data home, when --home is not given (an empty value counts as unset).",
        ),
        (
            "XDG_DATA_HOME",
            "Where the data home is, as XDG_DATA_HOME/rehearse, when neither --home nor \
             REHEARSE_HOME names it (else ~/.local/share/rehearse).",
        ),
        (
            MODEL_VARIABLE,
            "The speech model file for transcripts, over model in config.toml.",
        ),
        (
            "NO_COLOR",
            "When set and not empty, no colour unless --color always.",
        ),
        ("TERM", "TERM=dumb turns colour off, like NO_COLOR."),
        (
            "VISUAL, EDITOR",
            "The editor rehearse stories edit opens (VISUAL first), run through the shell.",
        ),
        (
            COMPLETE_VARIABLE,
            "Set by the shell's completion script (see rehearse-completions(1)): the binary \
             prints completion candidates instead of running a command.",
        ),
    ]
}

/// Every exit status, in order.
const EXITS: [Exit; 6] = [
    Exit::Success,
    Exit::Failure,
    Exit::BadInput,
    Exit::Unreported,
    Exit::Interrupted,
    Exit::Terminated,
];

/// What an exit status means to a person or a script. A new status fails to build here
/// until it is explained.
fn exit_meaning(exit: Exit) -> &'static str {
    match exit {
        Exit::Success => "Done.",
        Exit::Failure => "A failure at run time (a disk, the terminal).",
        Exit::BadInput => {
            "Bad usage or bad input (a flag, a name, a file's content); nothing was written."
        }
        Exit::Unreported => {
            "The work is done and saved, but what was to be printed about it could not be \
             (a closed pipe, a full disk): do not run it again."
        }
        Exit::Interrupted => "A drill stopped with Ctrl-C; its answer is saved as aborted.",
        Exit::Terminated => "A drill stopped by SIGTERM or SIGHUP; its answer is saved.",
    }
}

/// Every page: `rehearse(1)` first, then one a subcommand, nested ones too.
pub fn man_pages() -> io::Result<Vec<ManPage>> {
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    let mut pages = Vec::new();
    add_pages(&command, true, &mut pages)?;
    Ok(pages)
}

/// The page of `rehearse` itself.
pub fn top_man_page() -> io::Result<ManPage> {
    Ok(man_pages()?.remove(0))
}

fn add_pages(command: &clap::Command, top: bool, pages: &mut Vec<ManPage>) -> io::Result<()> {
    pages.push(page_of(command, top)?);
    for sub in command.get_subcommands().filter(|sub| !sub.is_hide_set()) {
        add_pages(sub, false, pages)?;
    }
    Ok(())
}

fn page_of(command: &clap::Command, top: bool) -> io::Result<ManPage> {
    let man = clap_mangen::Man::new(command.clone());
    let mut roff = Vec::new();
    man.render_title(&mut roff)?;
    man.render_name_section(&mut roff)?;
    man.render_synopsis_section(&mut roff)?;
    man.render_description_section(&mut roff)?;
    man.render_options_section(&mut roff)?;
    if command.has_subcommands() {
        man.render_subcommands_section(&mut roff)?;
    }
    if command.get_after_long_help().is_some() || command.get_after_help().is_some() {
        man.render_extra_section(&mut roff)?;
    }
    let name = command.get_display_name().unwrap_or(command.get_name());
    if top || name == "rehearse-drill" {
        section(&mut roff, "KEYS", DRILL_KEYS)?;
    }
    section(&mut roff, "FILES", FILES)?;
    section(&mut roff, "ENVIRONMENT", &environment())?;
    let exits: Vec<(String, &str)> = EXITS
        .iter()
        .map(|exit| ((*exit as u8).to_string(), exit_meaning(*exit)))
        .collect();
    let exits: Vec<(&str, &str)> = exits
        .iter()
        .map(|(code, text)| (code.as_str(), *text))
        .collect();
    section(&mut roff, "EXIT STATUS", &exits)?;
    if !top {
        writeln!(roff, ".SH \"SEE ALSO\"\n\\fBrehearse\\fR(1)")?;
    }
    if command.get_version().is_some() {
        man.render_version_section(&mut roff)?;
    }
    Ok(ManPage {
        file_name: man.get_filename(),
        roff,
    })
}

/// A section of tagged paragraphs: each term in bold, its text below it.
fn section(roff: &mut Vec<u8>, title: &str, rows: &[(&str, &str)]) -> io::Result<()> {
    writeln!(roff, ".SH \"{title}\"")?;
    for (term, text) in rows {
        writeln!(roff, ".TP\n\\fB{}\\fR\n{}", escaped(term), escaped(text))?;
    }
    Ok(())
}

/// Text made safe for roff: a backslash or a hyphen is taken literally, and a line never
/// starts as a request would.
fn escaped(text: &str) -> String {
    let text = text.replace('\\', "\\e").replace('-', "\\-");
    if text.starts_with(['.', '\'']) {
        format!("\\&{text}")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roff_text_takes_hyphens_and_dots_literally() {
        assert_eq!(escaped("--home"), "\\-\\-home");
        assert_eq!(escaped(".briefs"), "\\&.briefs");
        assert_eq!(escaped("a\\b"), "a\\eb");
    }

    #[test]
    fn every_exit_status_is_explained_once_with_its_number() {
        let codes: Vec<u8> = EXITS.iter().map(|exit| *exit as u8).collect();
        assert_eq!(codes, [0, 1, 2, 3, 130, 143]);
        let page = String::from_utf8(top_man_page().unwrap().roff).unwrap();
        for code in codes {
            assert!(page.contains(&format!(".TP\n\\fB{code}\\fR\n")), "{code}");
        }
    }
}

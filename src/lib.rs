//! `rehearse`: practise behavioural interview answers out loud, against the clock.
//!
//! The library holds everything; `main.rs` only wires it up. The rooms, from the bottom up
//! (each imports only rooms below it; the README's "How the code is laid out" has the map):
//!
//! - foundation: `domain` (STAR, the window, durations), `text`, `atomic`, `exit`, `paint`,
//!   `table`, `toml_check`, `ui`, `clock`;
//! - `speech`: what is measured from a recording (pure), the WAV files, and the sound card
//!   behind the `record` feature;
//! - `session`: the record, its review, the store;
//! - `bank`, `story`, `report`: prompts, stories, reports over sessions;
//! - `drill`: the drill's flow and its terminal;
//! - `config`, `cli`, `commands`: settings, the command line, one module a command.

pub mod atomic;
pub mod bank;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod config;
pub mod domain;
pub mod drill;
pub mod exit;
pub mod files;
pub mod paint;
pub mod report;
pub mod session;
pub mod speech;
pub mod story;
pub mod table;
#[doc(hidden)]
pub mod testkit;
pub mod text;
pub mod toml_check;
pub mod ui;

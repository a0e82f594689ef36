//! `rehearse`: practise behavioural interview answers out loud, against the clock.
//!
//! The library holds everything; `main.rs` only wires it up. Input and output stay at the
//! edges (`commands`), so the bank, the timer and the reports are plain functions over data.

pub mod atomic;
pub mod bank;
pub mod cli;
pub mod commands;
pub mod config;
pub mod drill;
pub mod duration;
pub mod exit;
pub mod paint;
pub mod report;
pub mod session;
pub mod star;
pub mod story;
pub mod text;
pub mod toml_check;

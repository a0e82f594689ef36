//! The words of the domain, below everything else: STAR parts and scores, the answer window
//! and its zones, durations and times as people type them. Nothing here reads a file, a clock
//! or a terminal, and nothing here imports any other room of the crate but the bad-input
//! error of `exit`.

pub mod duration;
pub mod star;
pub mod star_split;
pub mod time;
pub mod window;

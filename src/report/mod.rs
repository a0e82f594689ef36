//! Reports over the session history: pure functions over records with today's date passed in,
//! and the renderers that turn their results into text and JSON.

pub mod disk;
pub mod export;
pub mod filter;
pub mod history_view;
pub mod nudge;
pub mod plan;
pub mod practice;
pub mod session_view;
pub mod speech;
pub mod speech_view;
pub mod stats;
pub mod stats_view;
pub mod story_rank;
pub mod streak;
pub mod summary;
pub mod tally;

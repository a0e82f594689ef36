//! Sessions: the record of each timed answer, its review, and the store that keeps a
//! session's files under `<home>/sessions`, addressed by session id.

pub mod audio;
pub mod brief;
pub mod lock;
pub mod practice;
pub mod record;
pub mod review;
pub mod store;
pub mod transcripts;
pub mod trash;

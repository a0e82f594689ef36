//! Sessions: the record of each timed answer, and the store of them under `<home>/sessions`.

pub mod record;
pub mod store;

//! Recording the answers of a drill: where a recording comes from ([`Recorders`]: the
//! microphone, behind the `record` feature, or a test's generator), and what a finished one
//! is. The flow asks for one recording a take, lets the timer roll it, and keeps it beside the
//! record once the record is saved.

use std::io;

use super::driver::Tape;
use crate::atomic::GrowingFile;

/// An answer being recorded into its growing file: rolling only while the person answers.
pub trait Recording: Tape {
    /// Stops, completes the WAV file (still under its unfinished name) and says how long it is
    /// and anything that went wrong while it was made.
    fn finish(self: Box<Self>) -> io::Result<Finished>;
}

/// A recording once stopped.
#[derive(Debug)]
pub struct Finished {
    pub file: GrowingFile,
    pub ms: u64,
    /// What went wrong while recording that cost some of it (the device went away, samples
    /// came faster than they could be written): said to the person, never an error.
    pub trouble: Option<String>,
}

/// What makes recordings: one a take, each into the file it is given.
pub trait Recorders {
    /// Starts a recording into `file`, not rolling yet; why not, in a line, when it cannot.
    fn start(&mut self, file: GrowingFile) -> Result<Box<dyn Recording>, String>;
}

/// An answer that may be recorded rolls its recording, when it has one.
impl Tape for Option<Box<dyn Recording>> {
    fn roll(&mut self, answering: bool) {
        if let Some(recording) = self {
            recording.roll(answering);
        }
    }
}

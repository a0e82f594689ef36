//! The drill: choosing a prompt, timing the spoken answer, and (later) reviewing and saving it.

pub mod timer;

//! Styling text for the terminal, applied only when the one colour decision in `Config` says so.

use crossterm::style::{Color, Stylize};

/// Paints text when colour is on and leaves it plain when it is off.
#[derive(Debug, Clone, Copy)]
pub struct Paint {
    pub enabled: bool,
}

impl Paint {
    pub fn bold(self, text: &str) -> String {
        self.apply(text, |t| t.bold().to_string())
    }

    pub fn dim(self, text: &str) -> String {
        self.apply(text, |t| t.dim().to_string())
    }

    pub fn color(self, text: &str, color: Color) -> String {
        self.apply(text, |t| t.with(color).to_string())
    }

    /// Styles `text` after making its control characters visible, so text from a file can
    /// never carry a sequence of its own.
    fn apply(self, text: &str, style: impl Fn(&str) -> String) -> String {
        let text = crate::text::shown(text);
        if self.enabled {
            style(&text)
        } else {
            text.into_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_inside_a_style_cannot_carry_its_own_sequence() {
        let on = Paint { enabled: true }.bold("a\u{1b}]2;x\u{7}b");
        assert!(on.contains("a^[]2;x^Gb"), "{on:?}");
        assert_eq!(Paint { enabled: false }.dim("\u{1b}[8m"), "^[[8m");
    }

    #[test]
    fn plain_when_off_and_escaped_when_on() {
        assert_eq!(Paint { enabled: false }.bold("x"), "x");
        let on = Paint { enabled: true }.color("x", Color::Green);
        assert!(on.contains('\u{1b}') && on.contains('x'), "{on:?}");
    }
}

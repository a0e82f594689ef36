//! Plain-text tables for the terminal: columns aligned by display width, a header row, and a
//! fit to the terminal's width that gives up the least important things first.
//!
//! A table that is too wide is narrowed in turns. First its cuttable columns (a question, a
//! title) are cut, the widest first, down to the width at which they still read; when that is
//! not enough, the table takes its next step, in the order its columns name them: a column
//! leaves the table, or its cells switch to their short forms (a prompt's id for its
//! question), and the cut is tried again. Only when every step is taken are cut columns
//! narrowed below what reads well.

use crossterm::style::Color;
use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use crate::paint::Paint;
use crate::text::{shown_line, truncate_to_width};

/// The space between two columns.
const GAP: &str = "  ";

/// The narrowest a cut column gets: below this its text stops being recognisable.
const MIN_CUT_WIDTH: usize = 8;

/// Which side of its column a cell keeps to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// One column: its heading, its alignment, whether it may be cut to fit the width, and what
/// it gives up when the table is too wide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub heading: &'static str,
    pub align: Align,
    /// Free text (a question, a title) that may end in `...` when the table is too wide.
    pub cuttable: bool,
    /// The narrowest a cut takes this column before the table takes its next step.
    pub readable: usize,
    /// The step at which the column leaves a table that is too wide; lower steps come first,
    /// and a column without one stays.
    pub dropped_at: Option<u8>,
    /// The step at which its cells show their short forms instead.
    pub short_at: Option<u8>,
}

impl Column {
    /// A column with this heading and alignment; `cuttable` columns may end in `...`.
    pub const fn new(heading: &'static str, align: Align, cuttable: bool) -> Column {
        Column {
            heading,
            align,
            cuttable,
            readable: MIN_CUT_WIDTH,
            dropped_at: None,
            short_at: None,
        }
    }

    /// The column is cut no narrower than `width` until the table has taken every step.
    pub const fn readable_at(self, width: usize) -> Column {
        Column {
            readable: width,
            ..self
        }
    }

    /// The column leaves a table that is too wide at `step`.
    pub const fn dropped_at(self, step: u8) -> Column {
        Column {
            dropped_at: Some(step),
            ..self
        }
    }

    /// The column's cells show their short forms at `step`.
    pub const fn short_at(self, step: u8) -> Column {
        Column {
            short_at: Some(step),
            ..self
        }
    }
}

/// The text of one cell, the shorter text it shows when its column must save room, and the
/// colour to show it in when colour is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    pub short: Option<String>,
    pub color: Option<Color>,
}

impl Cell {
    /// A cell without colour. Its text is one line, control characters made visible.
    pub fn plain(text: impl Into<String>) -> Cell {
        Cell {
            text: shown_line(&text.into()).into_owned(),
            short: None,
            color: None,
        }
    }

    /// A cell shown in `color` when colour is on.
    pub fn colored(text: impl Into<String>, color: Color) -> Cell {
        Cell {
            color: Some(color),
            ..Cell::plain(text)
        }
    }

    /// The cell, showing `short` when its column saves room.
    pub fn or_short(self, short: impl Into<String>) -> Cell {
        Cell {
            short: Some(shown_line(&short.into()).into_owned()),
            ..self
        }
    }

    fn text_in(&self, short: bool) -> &str {
        match (&self.short, short) {
            (Some(short), true) => short,
            _ => &self.text,
        }
    }
}

/// The table as lines of text, header first, each ending in a newline.
///
/// With `max_width`, the table is fitted to it (see the module's notes); without it every
/// column and every cell is shown whole, as a pipe wants.
pub fn render(
    columns: &[Column],
    rows: &[Vec<Cell>],
    max_width: Option<usize>,
    paint: Paint,
) -> String {
    let mut text = Vec::new();
    write_table(
        &mut text,
        columns,
        rows.len(),
        |index| rows[index].clone(),
        max_width,
        paint,
    )
    .expect("writing to memory cannot fail");
    String::from_utf8(text).expect("cells are text")
}

/// `render`, written to `out` as it goes: `row(index)` gives a row's cells and is asked twice
/// for each row (once to measure, once to write), so a long table is never held whole.
pub fn write_table(
    out: &mut dyn Write,
    columns: &[Column],
    count: usize,
    row: impl Fn(usize) -> Vec<Cell>,
    max_width: Option<usize>,
    paint: Paint,
) -> io::Result<()> {
    let layout = Layout::of(columns, count, &row, max_width);
    let header: Vec<Cell> = columns
        .iter()
        .map(|column| Cell::plain(column.heading))
        .collect();
    let mut out = io::BufWriter::new(out);
    writeln!(
        out,
        "{}",
        paint.bold(&layout.line(columns, &header, Paint { enabled: false }))
    )?;
    for index in 0..count {
        writeln!(out, "{}", layout.line(columns, &row(index), paint))?;
    }
    out.flush()
}

/// How a table is shown: which columns, whether each shows its short forms, and how wide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    shown: Vec<bool>,
    short: Vec<bool>,
    widths: Vec<usize>,
}

/// One thing a table gives up to fit.
#[derive(Debug, Clone, Copy)]
enum Step {
    Drop(usize),
    Short(usize),
}

impl Layout {
    /// The layout of `count` rows (`row(index)` gives one) fitted to `max_width`.
    pub fn of(
        columns: &[Column],
        count: usize,
        row: &dyn Fn(usize) -> Vec<Cell>,
        max_width: Option<usize>,
    ) -> Layout {
        let headings: Vec<usize> = columns
            .iter()
            .map(|column| column.heading.width())
            .collect();
        let mut full = headings.clone();
        let mut short = headings.clone();
        for index in 0..count {
            for (column, cell) in row(index).iter().enumerate().take(columns.len()) {
                full[column] = full[column].max(cell.text.width());
                short[column] = short[column].max(cell.text_in(true).width());
            }
        }
        let mut layout = Layout {
            shown: vec![true; columns.len()],
            short: vec![false; columns.len()],
            widths: full.clone(),
        };
        let Some(max_width) = max_width else {
            return layout;
        };
        let mut steps: Vec<(u8, Step)> = Vec::new();
        for (index, column) in columns.iter().enumerate() {
            steps.extend(column.dropped_at.map(|at| (at, Step::Drop(index))));
            steps.extend(column.short_at.map(|at| (at, Step::Short(index))));
        }
        steps.sort_by_key(|&(at, _)| at);
        let mut steps = steps.into_iter().map(|(_, step)| step);
        loop {
            layout.widths = (0..columns.len())
                .map(|index| {
                    if layout.short[index] {
                        short[index]
                    } else {
                        full[index]
                    }
                })
                .collect();
            let floors: Vec<usize> = (0..columns.len())
                .map(|index| {
                    let least = MIN_CUT_WIDTH.max(headings[index]);
                    if layout.short[index] {
                        least
                    } else {
                        least.max(columns[index].readable)
                    }
                })
                .collect();
            if layout.fit(columns, &floors, max_width) {
                return layout;
            }
            match steps.next() {
                Some(Step::Drop(index)) => layout.shown[index] = false,
                Some(Step::Short(index)) => layout.short[index] = true,
                None => break,
            }
        }
        // Every step taken and still too wide: cut below what reads well rather than wrap.
        let floors: Vec<usize> = headings
            .iter()
            .map(|&heading| MIN_CUT_WIDTH.max(heading))
            .collect();
        layout.fit(columns, &floors, max_width);
        layout
    }

    /// The text a cell of `column` shows in this layout, cut to its width; `None` when the
    /// column is not shown.
    pub fn shown_text(&self, column: usize, cell: &Cell) -> Option<String> {
        self.shown
            .get(column)
            .copied()
            .unwrap_or(false)
            .then(|| truncate_to_width(cell.text_in(self.short[column]), self.widths[column]))
    }

    /// Narrows shown cuttable columns, one column a step and always the widest, so a long
    /// question and a long story title share the cut instead of one of them vanishing; none
    /// below its floor. Whether the table now fits.
    fn fit(&mut self, columns: &[Column], floors: &[usize], max_width: usize) -> bool {
        let shown: Vec<usize> = (0..columns.len()).filter(|&i| self.shown[i]).collect();
        let gaps = GAP.len() * shown.len().saturating_sub(1);
        let mut total: usize = shown.iter().map(|&i| self.widths[i]).sum::<usize>() + gaps;
        let widths = &mut self.widths;
        while total > max_width {
            let widest = shown
                .iter()
                .copied()
                .filter(|&index| columns[index].cuttable && widths[index] > floors[index])
                .max_by_key(|&index| (widths[index], std::cmp::Reverse(index)));
            let Some(index) = widest else { break };
            // Never below the next widest cuttable column in one step, so the cut is shared.
            let next_widest = shown
                .iter()
                .copied()
                .filter(|&other| other != index && columns[other].cuttable)
                .map(|other| widths[other])
                .max()
                .unwrap_or(0);
            let step = (total - max_width)
                .min(widths[index] - floors[index])
                .min(widths[index].saturating_sub(next_widest).max(1));
            widths[index] -= step;
            total -= step;
        }
        total <= max_width
    }

    /// One row with every shown cell cut to and padded out to its column's width.
    fn line(&self, columns: &[Column], cells: &[Cell], paint: Paint) -> String {
        let mut text = String::new();
        let mut first = true;
        for (index, column) in columns.iter().enumerate() {
            if !self.shown[index] {
                continue;
            }
            if !first {
                text.push_str(GAP);
            }
            first = false;
            let width = self.widths[index];
            let empty = Cell::plain("");
            let cell = cells.get(index).unwrap_or(&empty);
            let shown = truncate_to_width(cell.text_in(self.short[index]), width);
            let padding = " ".repeat(width.saturating_sub(shown.width()));
            // Colour goes on the text only, after measuring, so escapes never upset the alignment.
            let shown = match cell.color {
                Some(color) => paint.color(&shown, color),
                None => shown,
            };
            match column.align {
                Align::Left => text.push_str(&format!("{shown}{padding}")),
                Align::Right => text.push_str(&format!("{padding}{shown}")),
            }
        }
        text.truncate(text.trim_end().len());
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAIN: Paint = Paint { enabled: false };

    fn columns() -> [Column; 3] {
        [
            Column::new("name", Align::Left, false),
            Column::new("text", Align::Left, true),
            Column::new("n", Align::Right, false),
        ]
    }

    fn row(cells: [&str; 3]) -> Vec<Cell> {
        cells.into_iter().map(Cell::plain).collect()
    }

    #[test]
    fn columns_line_up_by_display_width_and_numbers_keep_right() {
        let rows = [
            row(["日本", "short", "7"]),
            row(["ab", "a longer text", "12"]),
        ];
        let table = render(&columns(), &rows, None, PLAIN);
        assert_eq!(
            table,
            "name  text            n\n\
             日本  short           7\n\
             ab    a longer text  12\n"
        );
    }

    #[test]
    fn a_narrow_width_cuts_the_cuttable_column_and_nothing_else() {
        let rows = [row(["ab", "a question that goes on and on", "12"])];
        let table = render(&columns(), &rows, Some(24), PLAIN);
        for line in table.lines() {
            assert!(line.width() <= 24, "{line:?}");
        }
        assert!(table.contains("ab    a question...   12"), "{table}");
    }

    #[test]
    fn two_long_columns_share_the_cut() {
        let columns = [
            Column::new("a", Align::Left, true),
            Column::new("b", Align::Left, true),
        ];
        let rows = [vec![
            Cell::plain("x".repeat(60)),
            Cell::plain("y".repeat(20)),
        ]];
        let table = render(&columns, &rows, Some(32), PLAIN);
        let body = table.lines().nth(1).unwrap();
        assert_eq!(
            body,
            format!("{}...  {}...", "x".repeat(12), "y".repeat(12))
        );
    }

    #[test]
    fn cut_columns_stop_at_their_narrowest_rather_than_vanish() {
        let rows = [row(["ab", "a question that goes on and on", "12"])];
        let table = render(&columns(), &rows, Some(5), PLAIN);
        assert!(table.contains("ab    a que...  12"), "{table}");
    }

    #[test]
    fn colour_does_not_move_the_columns() {
        let rows = [vec![
            Cell::plain("ab"),
            Cell::colored("ok", Color::Green),
            Cell::plain("1"),
        ]];
        let painted = render(&columns(), &rows, None, Paint { enabled: true });
        let body = painted.lines().nth(1).unwrap();
        assert!(body.contains('\u{1b}'), "{body:?}");
        assert!(body.ends_with("  1"), "{body:?}");
        let plain = render(&columns(), &rows, None, PLAIN);
        assert_eq!(plain.lines().nth(1).unwrap(), "ab    ok    1");
    }

    /// A history-like table: a question that may show its id, a column that may leave.
    fn stepped() -> [Column; 3] {
        [
            Column::new("question", Align::Left, true)
                .readable_at(20)
                .short_at(2),
            Column::new("extra", Align::Left, false).dropped_at(1),
            Column::new("n", Align::Right, false),
        ]
    }

    fn stepped_rows() -> Vec<Vec<Cell>> {
        vec![vec![
            Cell::plain("Tell me about a disagreement with your manager.")
                .or_short("conflict-manager"),
            Cell::plain("a long extra text"),
            Cell::plain("12"),
        ]]
    }

    #[test]
    fn a_table_that_fits_takes_no_step() {
        let table = render(&stepped(), &stepped_rows(), Some(200), PLAIN);
        assert!(
            table.contains("Tell me about a disagreement with your manager."),
            "{table}"
        );
        assert!(table.contains("a long extra text"), "{table}");
    }

    #[test]
    fn the_first_step_comes_before_a_cut_below_the_readable_width() {
        // Cut to 20 the question and the extra column need 20 + 2 + 17 + 2 + 2: too wide
        // for 40, so the extra column goes and the question gets the room.
        let table = render(&stepped(), &stepped_rows(), Some(40), PLAIN);
        assert!(!table.contains("extra"), "{table}");
        let body = table.lines().nth(1).unwrap();
        assert_eq!(body, "Tell me about a disagreement with...  12");
        assert!(table.lines().all(|line| line.width() <= 40), "{table}");
    }

    #[test]
    fn a_question_that_cannot_read_shows_its_short_form() {
        let table = render(&stepped(), &stepped_rows(), Some(22), PLAIN);
        let body = table.lines().nth(1).unwrap();
        assert_eq!(body, "conflict-manager  12");
        let layout = Layout::of(&stepped(), 1, &|_| stepped_rows()[0].clone(), Some(22));
        let question = &stepped_rows()[0][0];
        assert_eq!(
            layout.shown_text(0, question).as_deref(),
            Some("conflict-manager")
        );
        assert_eq!(layout.shown_text(1, &stepped_rows()[0][1]), None);
    }

    #[test]
    fn without_a_width_every_column_and_cell_is_whole() {
        let table = render(&stepped(), &stepped_rows(), None, PLAIN);
        assert!(
            table
                .contains("Tell me about a disagreement with your manager.  a long extra text  12"),
            "{table}"
        );
    }
}

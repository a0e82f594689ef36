//! Plain-text tables for the terminal: columns aligned by display width, a header row, and cutting
//! of long columns when the table must fit a terminal.

use crossterm::style::Color;
use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use crate::paint::Paint;
use crate::text::{shown_line, truncate_to_width};

/// The space between two columns.
const GAP: &str = "  ";

/// The narrowest a cut column gets: below this its text stops being recognisable. Small
/// enough that the history table still fits an 80-column terminal.
const MIN_CUT_WIDTH: usize = 8;

/// Which side of its column a cell keeps to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// One column: its heading, its alignment, and whether it may be cut to fit the width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub heading: &'static str,
    pub align: Align,
    /// Free text (a question, a title) that may end in `...` when the table is too wide.
    pub cuttable: bool,
}

impl Column {
    /// A column with this heading and alignment; `cuttable` columns may end in `...`.
    pub const fn new(heading: &'static str, align: Align, cuttable: bool) -> Column {
        Column {
            heading,
            align,
            cuttable,
        }
    }
}

/// The text of one cell, and the colour to show it in when colour is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    pub color: Option<Color>,
}

impl Cell {
    /// A cell without colour. Its text is one line, control characters made visible.
    pub fn plain(text: impl Into<String>) -> Cell {
        Cell {
            text: shown_line(&text.into()).into_owned(),
            color: None,
        }
    }

    /// A cell shown in `color` when colour is on.
    pub fn colored(text: impl Into<String>, color: Color) -> Cell {
        Cell {
            text: shown_line(&text.into()).into_owned(),
            color: Some(color),
        }
    }
}

/// The table as lines of text, header first, each ending in a newline.
///
/// With `max_width`, cuttable columns are narrowed (the widest first) until every line fits,
/// or until they reach their narrowest; without it every cell is shown whole, as a pipe wants.
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
    let mut widths: Vec<usize> = columns
        .iter()
        .map(|column| column.heading.width())
        .collect();
    for index in 0..count {
        for (width, cell) in widths.iter_mut().zip(row(index)) {
            *width = (*width).max(cell.text.width());
        }
    }
    if let Some(max_width) = max_width {
        fit(columns, &mut widths, max_width);
    }
    let header: Vec<Cell> = columns
        .iter()
        .map(|column| Cell::plain(column.heading))
        .collect();
    let mut out = io::BufWriter::new(out);
    writeln!(
        out,
        "{}",
        paint.bold(&line(columns, &widths, &header, Paint { enabled: false }))
    )?;
    for index in 0..count {
        writeln!(out, "{}", line(columns, &widths, &row(index), paint))?;
    }
    out.flush()
}

/// Narrows cuttable columns, one column a step and always the widest, so a long question and
/// a long story title share the cut instead of one of them vanishing.
fn fit(columns: &[Column], widths: &mut [usize], max_width: usize) {
    let gaps = GAP.len() * columns.len().saturating_sub(1);
    let mut total: usize = widths.iter().sum::<usize>() + gaps;
    while total > max_width {
        let narrowest = |index: usize| MIN_CUT_WIDTH.max(columns[index].heading.width());
        let widest = (0..columns.len())
            .filter(|&index| columns[index].cuttable && widths[index] > narrowest(index))
            .max_by_key(|&index| (widths[index], std::cmp::Reverse(index)));
        let Some(index) = widest else { break };
        // Never below the next widest cuttable column in one step, so the cut is shared.
        let next_widest = (0..columns.len())
            .filter(|&other| other != index && columns[other].cuttable)
            .map(|other| widths[other])
            .max()
            .unwrap_or(0);
        let step = (total - max_width)
            .min(widths[index] - narrowest(index))
            .min(widths[index].saturating_sub(next_widest).max(1));
        widths[index] -= step;
        total -= step;
    }
}

/// One row with every cell cut to and padded out to its column's width.
fn line(columns: &[Column], widths: &[usize], cells: &[Cell], paint: Paint) -> String {
    let mut text = String::new();
    for (index, (column, &width)) in columns.iter().zip(widths).enumerate() {
        if index > 0 {
            text.push_str(GAP);
        }
        let cell = cells.get(index).cloned().unwrap_or_else(|| Cell::plain(""));
        let shown = truncate_to_width(&cell.text, width);
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

#[cfg(test)]
mod tests {
    use super::*;

    const PLAIN: Paint = Paint { enabled: false };

    fn columns() -> [Column; 3] {
        [
            Column {
                heading: "name",
                align: Align::Left,
                cuttable: false,
            },
            Column {
                heading: "text",
                align: Align::Left,
                cuttable: true,
            },
            Column {
                heading: "n",
                align: Align::Right,
                cuttable: false,
            },
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
            Column {
                heading: "a",
                align: Align::Left,
                cuttable: true,
            },
            Column {
                heading: "b",
                align: Align::Left,
                cuttable: true,
            },
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
}

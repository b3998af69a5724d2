//! A record laid out as rows for a given width: plain data, built by `update` when a
//! record opens (or the terminal resizes) and drawn by the record view.

use super::text::{fit, width, wrap};

/// How a row is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowStyle {
    Heading,
    /// `label` then `text`.
    Field,
    Text,
    Muted,
    GapError,
    GapWarning,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub style: RowStyle,
    pub label: String,
    pub text: String,
}

/// Rows ready to draw, already wrapped to the width they were built for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    pub rows: Vec<Row>,
}

/// Width of the label column of field rows.
pub const LABEL_WIDTH: usize = 16;

/// Builds a [`Document`] for a content width. Every value passed in must already be
/// sanitised text.
pub struct DocumentBuilder {
    width: usize,
    rows: Vec<Row>,
}

impl DocumentBuilder {
    pub fn new(width: usize) -> DocumentBuilder {
        DocumentBuilder {
            width: width.max(LABEL_WIDTH + 8),
            rows: Vec::new(),
        }
    }

    fn push(&mut self, style: RowStyle, label: &str, text: String) {
        self.rows.push(Row {
            style,
            label: label.to_string(),
            text,
        });
    }

    pub fn heading(&mut self, title: &str) {
        if !self.rows.is_empty() {
            self.push(RowStyle::Text, "", String::new());
        }
        let title = fit(title, self.width);
        self.push(RowStyle::Heading, "", title);
    }

    /// `label  value`, the value wrapped under itself.
    pub fn field(&mut self, label: &str, value: &str) {
        let label = fit(label, LABEL_WIDTH - 1);
        for (i, row) in wrap(value, self.width - LABEL_WIDTH)
            .into_iter()
            .enumerate()
        {
            let label = if i == 0 { label.as_str() } else { "" };
            self.push(RowStyle::Field, label, row);
        }
    }

    /// A field whose value has several lines (details, consumers).
    pub fn field_lines(&mut self, label: &str, values: &[String]) {
        if values.is_empty() {
            self.field(label, "–");
        }
        for (i, value) in values.iter().enumerate() {
            self.field(if i == 0 { label } else { "" }, value);
        }
    }

    /// Running text over the full width.
    pub fn text(&mut self, line: &str) {
        for row in wrap(line, self.width) {
            self.push(RowStyle::Text, "", row);
        }
    }

    pub fn muted(&mut self, line: &str) {
        for row in wrap(line, self.width) {
            self.push(RowStyle::Muted, "", row);
        }
    }

    /// A gap: `code` in the label column, the message wrapped beside it.
    pub fn gap(&mut self, error: bool, code: &str, message: &str) {
        let style = if error {
            RowStyle::GapError
        } else {
            RowStyle::GapWarning
        };
        let cols = self.width - LABEL_WIDTH;
        for (i, row) in wrap(message, cols).into_iter().enumerate() {
            self.push(style, if i == 0 { code } else { "" }, row);
        }
    }

    pub fn build(self) -> Document {
        debug_assert!(self.rows.iter().all(|r| width(&r.text) <= self.width));
        Document { rows: self.rows }
    }
}

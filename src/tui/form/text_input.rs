//! A text field being typed: the text, its cursor, one line or several.

/// Text being typed, with a cursor (a char index). One-line inputs turn pasted line
/// breaks and tabs into spaces; multi-line inputs keep line breaks as `\n`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    text: String,
    /// Position of the cursor in chars, 0..=len.
    cursor: usize,
    multiline: bool,
}

impl TextInput {
    /// An input holding `text`, cursor at its end.
    pub fn new(text: &str, multiline: bool) -> TextInput {
        let mut input = TextInput {
            text: String::new(),
            cursor: 0,
            multiline,
        };
        input.insert_str(text);
        input
    }

    pub fn value(&self) -> &str {
        &self.text
    }

    pub fn is_multiline(&self) -> bool {
        self.multiline
    }

    /// The cursor as a char index.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(i, _)| i)
    }

    fn len(&self) -> usize {
        self.text.chars().count()
    }

    pub fn insert_char(&mut self, c: char) {
        let c = match c {
            '\r' | '\n' if self.multiline => '\n',
            '\r' | '\n' | '\t' => ' ',
            c => c,
        };
        let at = self.byte_at(self.cursor);
        self.text.insert(at, c);
        self.cursor += 1;
    }

    /// Insert typed or pasted text at the cursor: `\r\n` and `\r` become `\n` (or a
    /// space in a one-line input).
    pub fn insert_str(&mut self, s: &str) {
        let normalized = s.replace("\r\n", "\n");
        for c in normalized.chars() {
            self.insert_char(c);
        }
    }

    pub fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.len());
    }

    /// Start of the current line.
    pub fn home(&mut self) {
        let before: Vec<char> = self.text.chars().take(self.cursor).collect();
        self.cursor = before.iter().rposition(|&c| c == '\n').map_or(0, |i| i + 1);
    }

    /// End of the current line.
    pub fn end(&mut self) {
        let after = self.text.chars().skip(self.cursor).position(|c| c == '\n');
        self.cursor = after.map_or(self.len(), |n| self.cursor + n);
    }

    pub fn backspace(&mut self) {
        if self.cursor > 0 {
            self.cursor -= 1;
            let at = self.byte_at(self.cursor);
            self.text.remove(at);
        }
    }

    pub fn delete(&mut self) {
        if self.cursor < self.len() {
            let at = self.byte_at(self.cursor);
            self.text.remove(at);
        }
    }

    /// The lines of the text and the cursor's (line, column in chars).
    pub fn lines_and_cursor(&self) -> (Vec<&str>, (usize, usize)) {
        let lines: Vec<&str> = self.text.split('\n').collect();
        let before: String = self.text.chars().take(self.cursor).collect();
        let line = before.matches('\n').count();
        let col = before
            .rsplit('\n')
            .next()
            .map_or(0, |last| last.chars().count());
        (lines, (line, col))
    }
}

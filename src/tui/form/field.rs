//! The parts of a form: a text input with a cursor, a choice from a closed list, and
//! a fuzzy picker. Plain state, changed by the form's key handling, drawn by
//! `view::form`.

use fuzzy_matcher::FuzzyMatcher;

pub use super::text_input::TextInput;

/// One option of a choice: the value the draft gets, and what the form shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChoiceOption {
    pub value: String,
    pub label: String,
}

impl ChoiceOption {
    pub fn new(value: impl Into<String>, label: impl Into<String>) -> ChoiceOption {
        ChoiceOption {
            value: value.into(),
            label: label.into(),
        }
    }

    /// An option whose label is its value.
    pub fn plain(value: &str) -> ChoiceOption {
        ChoiceOption::new(value, value)
    }
}

/// One of a closed list of options, cycled with Left/Right/Space or jumped to by its
/// first letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub options: Vec<ChoiceOption>,
    pub index: usize,
}

impl Choice {
    /// A choice with `value` selected (the first option when `value` is not offered).
    pub fn new(options: Vec<ChoiceOption>, value: &str) -> Choice {
        let index = options.iter().position(|o| o.value == value).unwrap_or(0);
        Choice { options, index }
    }

    pub fn value(&self) -> &str {
        self.options
            .get(self.index)
            .map_or("", |o| o.value.as_str())
    }

    pub fn label(&self) -> &str {
        self.options
            .get(self.index)
            .map_or("", |o| o.label.as_str())
    }

    pub fn step(&mut self, forward: bool) {
        let n = self.options.len();
        if n > 0 {
            self.index = if forward {
                (self.index + 1) % n
            } else {
                (self.index + n - 1) % n
            };
        }
    }

    /// Select the next option (after the current one) whose label starts with `c`.
    pub fn jump(&mut self, c: char) {
        let n = self.options.len();
        let c = c.to_ascii_lowercase();
        if let Some(i) = (1..=n)
            .map(|k| (self.index + k) % n)
            .find(|&i| self.options[i].label.to_ascii_lowercase().starts_with(c))
        {
            self.index = i;
        }
    }
}

/// One item a picker offers: its id, what is shown, and what the query matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickItem {
    pub id: i64,
    pub label: String,
    pub haystack: String,
}

/// A fuzzy picker: the query narrows the items (skim's algorithm), best match first;
/// Up/Down move the selection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    pub query: TextInput,
    pub items: Vec<PickItem>,
    /// Indexes into `items` that match the query, best first.
    pub matches: Vec<usize>,
    /// Position in `matches`.
    pub selected: usize,
    /// The items have not arrived yet.
    pub loading: bool,
}

impl Picker {
    pub fn loading() -> Picker {
        Picker {
            query: TextInput::default(),
            items: Vec::new(),
            matches: Vec::new(),
            selected: 0,
            loading: true,
        }
    }

    pub fn set_items(&mut self, items: Vec<PickItem>) {
        self.items = items;
        self.loading = false;
        self.refilter();
    }

    /// Rank the items against the query again; an empty query keeps their order.
    pub fn refilter(&mut self) {
        let query = self.query.value().trim();
        if query.is_empty() {
            self.matches = (0..self.items.len()).collect();
        } else {
            let matcher = crate::tui::search::matcher();
            let mut scored: Vec<(i64, usize)> = self
                .items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| matcher.fuzzy_match(&item.haystack, query).map(|s| (s, i)))
                .collect();
            scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            self.matches = scored.into_iter().map(|(_, i)| i).collect();
        }
        self.selected = 0;
    }

    pub fn step(&mut self, forward: bool) {
        let n = self.matches.len();
        if n > 0 {
            self.selected = if forward {
                (self.selected + 1).min(n - 1)
            } else {
                self.selected.saturating_sub(1)
            };
        }
    }

    /// The characters of `item`'s label the query matched (the label starts with
    /// the text matched), to light them as search does.
    pub fn matched(&self, item: &PickItem) -> Vec<usize> {
        let query = self.query.value().trim();
        if query.is_empty() || !item.label.starts_with(&item.haystack) {
            return Vec::new();
        }
        crate::tui::search::matcher()
            .fuzzy_indices(&item.haystack, query)
            .map(|(_, positions)| positions)
            .unwrap_or_default()
    }

    pub fn selected_item(&self) -> Option<&PickItem> {
        self.matches
            .get(self.selected)
            .and_then(|&i| self.items.get(i))
    }
}

/// What a field is edited with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Widget {
    Text(TextInput),
    Choice(Choice),
    Picker(Picker),
}

/// One field of a form. `key` is the name validation errors use (`opened-at`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub key: &'static str,
    pub label: &'static str,
    pub widget: Widget,
    /// Hidden fields (another kind's fields) keep their text but are skipped.
    pub shown: bool,
}

impl Field {
    pub fn line(key: &'static str, label: &'static str, value: &str) -> Field {
        Field::new(key, label, Widget::Text(TextInput::new(value, false)))
    }

    pub fn lines(key: &'static str, label: &'static str, value: &str) -> Field {
        Field::new(key, label, Widget::Text(TextInput::new(value, true)))
    }

    pub fn choice(
        key: &'static str,
        label: &'static str,
        options: Vec<ChoiceOption>,
        value: &str,
    ) -> Field {
        Field::new(key, label, Widget::Choice(Choice::new(options, value)))
    }

    pub fn new(key: &'static str, label: &'static str, widget: Widget) -> Field {
        Field {
            key,
            label,
            widget,
            shown: true,
        }
    }

    /// The field's value as the draft takes it: the text, the chosen option's value,
    /// or the picked item's id.
    pub fn value(&self) -> String {
        match &self.widget {
            Widget::Text(input) => input.value().to_string(),
            Widget::Choice(choice) => choice.value().to_string(),
            Widget::Picker(picker) => picker
                .selected_item()
                .map(|item| item.id.to_string())
                .unwrap_or_default(),
        }
    }

    pub fn is_multiline(&self) -> bool {
        matches!(&self.widget, Widget::Text(input) if input.is_multiline())
    }
}

/// The options of a closed vocabulary, optionally preceded by a blank option.
pub fn options_of<T: Copy>(
    all: &[T],
    label: fn(T) -> &'static str,
    blank: Option<&str>,
) -> Vec<ChoiceOption> {
    blank
        .map(|text| ChoiceOption::new("", text))
        .into_iter()
        .chain(all.iter().map(|&v| ChoiceOption::plain(label(v))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editing_moves_the_cursor_by_chars() {
        let mut input = TextInput::new("héllo", false);
        input.left();
        input.left();
        input.backspace();
        assert_eq!(input.value(), "hélo");
        input.home();
        input.delete();
        input.insert_char('J');
        assert_eq!(input.value(), "Jélo");
        input.end();
        input.insert_str(" wor\r\nld\t!");
        assert_eq!(input.value(), "Jélo wor ld !");
    }

    #[test]
    fn multiline_keeps_line_breaks_and_home_end_work_per_line() {
        let mut input = TextInput::new("one\r\ntwo\rthree", true);
        assert_eq!(input.value(), "one\ntwo\nthree");
        input.home();
        input.insert_char('>');
        assert_eq!(input.lines_and_cursor().1, (2, 1));
        input.end();
        assert_eq!(
            input.lines_and_cursor(),
            (vec!["one", "two", ">three"], (2, 6))
        );
    }

    #[test]
    fn picker_ranks_by_fuzzy_score() {
        let mut picker = Picker::loading();
        let item = |id, label: &str| PickItem {
            id,
            label: label.into(),
            haystack: label.into(),
        };
        picker.set_items(vec![
            item(1, "svc-billing arn:aws:iam::1:role/billing"),
            item(2, "deploy key AKIAEXAMPLE"),
            item(3, "deploy-bot ghp token"),
        ]);
        assert_eq!(picker.matches, [0, 1, 2]);
        picker.query.insert_str("deploy key");
        picker.refilter();
        assert_eq!(picker.selected_item().map(|i| i.id), Some(2));
        picker.query.insert_str("zzz");
        picker.refilter();
        assert!(picker.selected_item().is_none());
    }

    #[test]
    fn choice_cycles_and_jumps() {
        let mut choice = Choice::new(
            vec![
                ChoiceOption::plain("low"),
                ChoiceOption::plain("medium"),
                ChoiceOption::plain("high"),
            ],
            "medium",
        );
        choice.step(true);
        assert_eq!(choice.value(), "high");
        choice.step(true);
        assert_eq!(choice.value(), "low");
        choice.jump('m');
        assert_eq!(choice.value(), "medium");
    }
}

//! The help screen as a [`Document`], generated from the key map table: the main
//! screen's keys, what the screen shows, then the keys of each other mode.

use super::document::{Document, DocumentBuilder};
use super::keymap::{KeyMap, Mode};

pub fn build(keymap: &KeyMap, width: usize) -> Document {
    let mut doc = DocumentBuilder::new(width);
    keys(&mut doc, keymap, Mode::Main);
    doc.heading("Screen");
    doc.text("1 Cases: ⚑ marks a case whose trail has gaps; the title counts them.");
    doc.text("2 Timeline, 3 Assets, 4 Evidence: the selected case, read end to end.");
    doc.text("Trail: reported · affected · approved · remediated · verified, each ✓ proven, ✗ missing, – not needed; then the case's gaps, errors first.");
    doc.text("The focused pane has a thick border and ▶ before its title.");
    for mode in Mode::ALL.into_iter().filter(|m| *m != Mode::Main) {
        keys(&mut doc, keymap, mode);
    }
    doc.build()
}

/// The keys of one mode, under the mode's heading.
fn keys(doc: &mut DocumentBuilder, keymap: &KeyMap, mode: Mode) {
    doc.heading(mode.title());
    for binding in keymap.bindings_in(mode) {
        let keys: Vec<String> = binding.keys.iter().map(ToString::to_string).collect();
        doc.field(&keys.join(" "), binding.command.help);
    }
}

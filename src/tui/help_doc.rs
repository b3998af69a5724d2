//! The help screen as a [`Document`], generated from the key map table.

use super::document::{Document, DocumentBuilder};
use super::keymap::KeyMap;

pub fn build(keymap: &KeyMap, width: usize) -> Document {
    let mut doc = DocumentBuilder::new(width);
    doc.heading("Keys");
    for binding in keymap.bindings() {
        let keys: Vec<String> = binding.keys.iter().map(ToString::to_string).collect();
        doc.field(&keys.join(" "), binding.command.help);
    }
    doc.heading("Screen");
    doc.text("1 Cases: ⚑ marks a case whose trail has gaps; the title counts them.");
    doc.text("2 Timeline, 3 Assets, 4 Evidence: the selected case, read end to end.");
    doc.text("Trail: reported · affected · approved · remediated · verified, each ✓ proven, ✗ missing, – not needed; then the case's gaps, errors first.");
    doc.text("The focused pane has a thick border and ▶ before its title.");
    doc.build()
}

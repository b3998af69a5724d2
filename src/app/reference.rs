//! Case references: `NHI-<year>-<NNNN>`, the next free one worked out once, here, for
//! the new-case form (which proposes it) and `nhitrace case add` (which takes it).

/// The next free `NHI-<year>-<NNNN>` after the highest number of that year among
/// `references` (references of other years or shapes are ignored).
pub fn next_reference<'a>(references: impl IntoIterator<Item = &'a str>, year: i32) -> String {
    let prefix = format!("NHI-{year}-");
    let highest = references
        .into_iter()
        .filter_map(|r| r.strip_prefix(&prefix))
        .filter_map(|n| n.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    format!("{prefix}{:04}", highest.saturating_add(1))
}

/// How many times a proposed reference is proposed again when another writer took it
/// first.
pub const PROPOSALS: usize = 5;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_reference_follows_the_highest_of_the_year() {
        assert_eq!(next_reference([], 2026), "NHI-2026-0001");
        let references = [
            "NHI-2026-0009",
            "NHI-2026-0041",
            "NHI-2025-0900",
            "NHI-2026-draft",
            "OTHER-7",
        ];
        assert_eq!(next_reference(references, 2026), "NHI-2026-0042");
        assert_eq!(next_reference(references, 2025), "NHI-2025-0901");
        assert_eq!(next_reference(references, 2027), "NHI-2027-0001");
    }

    #[test]
    fn the_highest_possible_number_does_not_overflow() {
        assert_eq!(
            next_reference(["NHI-2026-4294967295"], 2026),
            "NHI-2026-4294967295"
        );
    }
}

//! A set of rule codes in two bytes: what the case list keeps per case of a large
//! store, where only the codes are known until the case is opened.

use super::RuleCode;

// One bit per rule code.
const _: () = assert!(RuleCode::ALL.len() <= 16);

/// A set of rule codes, iterated in code order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct RuleSet(u16);

fn bit(code: RuleCode) -> u16 {
    let position = RuleCode::ALL.iter().position(|c| *c == code).unwrap_or(0);
    1 << position
}

impl RuleSet {
    pub fn insert(&mut self, code: RuleCode) {
        self.0 |= bit(code);
    }

    pub fn contains(self, code: RuleCode) -> bool {
        self.0 & bit(code) != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// The codes in code order.
    pub fn iter(self) -> impl Iterator<Item = RuleCode> {
        RuleCode::ALL
            .iter()
            .copied()
            .filter(move |c| self.contains(*c))
    }
}

impl FromIterator<RuleCode> for RuleSet {
    fn from_iter<I: IntoIterator<Item = RuleCode>>(codes: I) -> RuleSet {
        let mut set = RuleSet::default();
        for code in codes {
            set.insert(code);
        }
        set
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_its_own_bit_and_iterates_in_code_order() {
        let all: RuleSet = RuleCode::ALL.iter().rev().copied().collect();
        assert_eq!(all.len(), RuleCode::ALL.len());
        assert_eq!(all.iter().collect::<Vec<_>>(), RuleCode::ALL.to_vec());
        for &code in RuleCode::ALL {
            let one: RuleSet = [code].into_iter().collect();
            assert_eq!(one.len(), 1);
            assert!(one.contains(code));
            assert_eq!(one.iter().collect::<Vec<_>>(), vec![code]);
        }
        assert!(RuleSet::default().is_empty());
    }
}

use super::*;
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::tui::search::ELEMENT_LIMIT;

/// Skim on a fresh matcher, as the search configures it. (A matcher that scored
/// other texts before can answer differently: it keeps its rows between calls, and
/// a bonus left in one can reach the next score. This test's random texts found
/// such cases, 80 against a fresh 77. The fresh answer is the one that does not
/// depend on what was scored before, so it is the one to equal.)
fn skim(text: &str, pattern: &str) -> Option<i64> {
    SkimMatcherV2::default()
        .element_limit(ELEMENT_LIMIT)
        .fuzzy_match(text, pattern)
}

/// A small generator of pseudo-random numbers (no crate needed for a test).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n
    }

    fn text(&mut self, alphabet: &[u8], len: usize) -> String {
        (0..len)
            .map(|_| alphabet[self.below(alphabet.len())] as char)
            .collect()
    }
}

#[test]
fn fields_of_a_store_score_as_skim_scores_them() {
    let texts = [
        "NHI-2026-000042",
        "NHI-2025-999999",
        "Leaked",
        "deploy-key",
        "svc-deploy-payments",
        "alice.ng",
        "arn:aws:iam::123456789012:role/payments-deployer",
        "arn:aws:iam::123456789012:user/ci-bot-rotation-2026",
        "projects/ledger-prod/serviceAccounts/ledger-sa@ledger-prod.iam.gserviceaccount.com",
        "SHA256:CXHCNUNSVHDDL4J4WS77001113",
        "rotation",
        "ROTATION",
        "RoTaTiOn",
        "rrrooottt",
        "r o t",
        "HTTPServer",
        "camelCaseWord",
        "x\0y",
        "tab\there",
        "(parens)[brackets]{braces}|pipe|back\\slash/slash",
        "",
        "a",
    ];
    let patterns = [
        "r",
        "ro",
        "rot",
        "rota",
        "key",
        "k",
        "K",
        "dep",
        "pay",
        "svc",
        "NHI",
        "nhi-2026",
        "2026",
        "NHI-2026-0",
        "alice.ng",
        "leaked",
        "Leaked",
        "LEAKED",
        "arn",
        "role",
        "cbr",
        "HTTP",
        "hs",
        "cCW",
        "ccw",
        "rrr",
        "ooo",
        "rot2026",
        "\0",
        "y",
        "/",
        "|",
        " ",
        "sha",
        "SHA256:",
    ];
    for text in texts {
        for pattern in patterns {
            assert_eq!(
                score(text.as_bytes(), pattern.as_bytes()),
                skim(text, pattern),
                "{pattern:?} in {text:?}"
            );
        }
    }
}

/// Random texts of every length either side of the matrix's limit, over alphabets
/// that make runs, repeats, case pairs and every kind of separator likely, against
/// random patterns over the same alphabet: the matrix's reuse of its two rows and
/// the linear pass's start show up only with repeated bytes.
#[test]
fn random_texts_score_as_skim_scores_them() {
    let alphabets: [&[u8]; 4] = [
        b"aAbB",
        b"abAB01 -._/@`[{^~:\\|()",
        b"rotROT-/ ",
        b"aaaaabAB0_ ",
    ];
    let mut rng = Lcg(11);
    let mut matched = 0;
    let mut compared = 0;

    for round in 0..20_000 {
        let alphabet = alphabets[round % alphabets.len()];
        let len = match round % 3 {
            0 => rng.below(MATRIX_MAX + 3),
            1 => MATRIX_MAX - 2 + rng.below(5),
            _ => rng.below(120),
        };
        let text = rng.text(alphabet, len);
        for _ in 0..6 {
            let pattern_len = 1 + rng.below(6);
            let pattern = rng.text(alphabet, pattern_len);
            let expected = skim(&text, &pattern);
            assert_eq!(
                score(text.as_bytes(), pattern.as_bytes()),
                expected,
                "{pattern:?} in {text:?}"
            );
            matched += usize::from(expected.is_some());
            compared += 1;
        }
    }
    assert!(
        matched > compared / 4,
        "{matched} of {compared} matched: the test must exercise the scores"
    );
}

#[test]
fn the_empty_pattern_matches_with_nothing_and_a_longer_one_never() {
    assert_eq!(score(b"anything", b""), Some(0));
    assert_eq!(score(b"", b""), skim("", ""));
    assert_eq!(score(b"ab", b"abc"), None);
    assert_eq!(score(b"", b"a"), None);
    let long = "a".repeat(200);
    assert_eq!(
        score(long.as_bytes(), long.as_bytes()),
        skim(&long, &long),
        "a pattern as long as a long text"
    );
}

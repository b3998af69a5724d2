//! Tests of `mod.rs`.

#![allow(clippy::unwrap_used)]

use super::chunks::CHUNK;
use super::*;
use crate::domain::AssetId;
use crate::store::{CaseSearchRow, SearchAsset, SearchTextSink};

fn row<'a>(
    id: CaseId,
    reference: &'a str,
    title: &'a str,
    people: [Option<&'a str>; 2],
    asset_ids: &'a [AssetId],
    refs: Option<&'a str>,
) -> CaseSearchRow<'a> {
    CaseSearchRow {
        case_id: id,
        reference,
        title,
        reporter: people[0],
        owner: people[1],
        asset_ids,
        refs,
    }
}

#[test]
fn every_case_has_its_fields_and_the_corpus_is_in_reference_order() {
    let mut builder = CorpusBuilder::default();
    for (id, name, identifier) in [(7, "deploy key", "AKIA1"), (9, "ci\u{1f}bot", "sa-ci")] {
        let asset = SearchAsset {
            id,
            name,
            identifier,
        };
        builder.asset(asset).unwrap();
    }
    let rows = [
        row(3, "NHI-3", "", [None, None], &[], None),
        row(
            1,
            "NHI-1",
            "First",
            [Some("ann"), Some("")],
            &[9, 8, 7],
            Some("SEC-1\u{1f}J 2"),
        ),
        row(2, "NHI-2", "Second", [None, Some("bo")], &[7], Some("")),
    ];
    for r in rows {
        builder.case(r).unwrap();
    }
    let corpus = builder.finish();
    let ids: Vec<CaseId> = corpus.case_ids().collect();
    assert_eq!(ids, [1, 2, 3]);
    // Empty fields are left out, a link to an unknown asset too, and a
    // separator inside a field becomes a space.
    assert_eq!(
        corpus.field_texts(0).unwrap(),
        [
            "NHI-1",
            "First",
            "ann",
            "ci bot",
            "sa-ci",
            "deploy key",
            "AKIA1",
            "SEC-1",
            "J 2"
        ]
    );
    assert_eq!(
        corpus.field_texts(1).unwrap(),
        ["NHI-2", "Second", "bo", "deploy key", "AKIA1"]
    );
    // People and assets are held once.
    assert_eq!(corpus.shared_len(), 2 * 2 + 2);
    let fields = corpus.fields(1).unwrap();
    let shared: Vec<u32> = fields.shared().collect();
    assert_eq!(shared, [5, 0, 1]);
    // The title is kept when empty: it is always the second field.
    assert_eq!(corpus.field_texts(2).unwrap(), ["NHI-3", ""]);
    let item = corpus.item(0).unwrap();
    assert_eq!((item.reference, item.title.as_ref()), ("NHI-1", "First"));
    assert_eq!(corpus.item(2).unwrap().title, "");
    assert_eq!(corpus.field_texts(3), None);
}

#[test]
fn text_longer_than_a_chunk_gets_chunks_of_its_own() {
    let long = "x".repeat(CHUNK * 2 + 10);
    let text = |id, reference: &str, title: &str, fields: &[&str]| CaseSearchText {
        case_id: id,
        reference: reference.into(),
        title: title.into(),
        fields: fields.iter().map(|f| f.to_string()).collect(),
    };
    let corpus = SearchCorpus::new(vec![
        text(1, "A", "short", &[]),
        text(2, "B", &long, &["tail"]),
        text(3, "C", "after", &[]),
    ]);
    assert_eq!(corpus.field_texts(0).unwrap(), ["A", "short"]);
    assert_eq!(corpus.field_texts(1).unwrap(), ["B", long.as_str(), "tail"]);
    assert_eq!(corpus.field_texts(2).unwrap(), ["C", "after"]);
    assert_eq!(corpus.item(2).unwrap().title, "after");
}

#[test]
fn titles_come_back_exactly_whether_held_as_words_or_as_text() {
    let titles = [
        "Leaked deploy key 140956",
        "  leading and  double spaces ",
        "tab\tand\nnewline",
        "",
        "single",
        "ünïcode wörds ☠",
        "sep\u{1f}inside",
    ];
    let texts = titles
        .iter()
        .enumerate()
        .map(|(i, title)| CaseSearchText {
            case_id: i as i64 + 1,
            reference: format!("NHI-{i}"),
            title: (*title).to_string(),
            fields: vec!["key-1".to_string()],
        })
        .collect();
    let corpus = SearchCorpus::new(texts);
    for (i, title) in titles.iter().enumerate() {
        // A unit separator in a field is shown as a space, as before.
        let shown = title.replace('\u{1f}', " ");
        assert_eq!(corpus.item(i).unwrap().title, shown, "{title:?}");
        let fields = corpus.field_texts(i).unwrap();
        assert_eq!(fields, [format!("NHI-{i}"), shown, "key-1".to_string()]);
        let words: Vec<&str> = title
            .split(['\u{1f}', ' ', '\t', '\n'])
            .filter(|w| !w.is_empty())
            .collect();
        let held: Vec<String> = corpus
            .fields(i)
            .unwrap()
            .title_words
            .iter()
            .map(|&n| String::from_utf8_lossy(corpus.word_text(n)).into_owned())
            .collect();
        assert_eq!(held, words, "{title:?}");
    }
}

#[test]
fn a_title_is_its_words_only_when_single_spaces_join_them() {
    let by_split = |title: &str| {
        !title.is_empty()
            && title
                .split(' ')
                .all(|w| !w.is_empty() && !w.bytes().any(|b| b.is_ascii_whitespace()))
    };
    let titles = [
        "",
        " ",
        "a",
        "a b",
        "rotate key 42",
        " a",
        "a ",
        "a  b",
        "a\tb",
        "a\nb",
        "a\u{c}b",
        "a\rb",
        "é ü",
        "a \u{a0}b",
        "\u{1f}",
        "a\u{1f}b",
        "x y z ",
    ];
    for title in titles {
        assert_eq!(words_are_title(title), by_split(title), "{title:?}");
    }
    assert!(words_are_title("Rotate the leaked key"));
    assert!(!words_are_title("Rotate  the key"));
}

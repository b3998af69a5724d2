//! Import circles, found from the source: every `use crate::…`, `use super::…` and
//! inline `crate::…` / `super::…` path in `src/**/*.rs` (up to the file's
//! `#[cfg(test)]` line) is an edge from the file's module to the module it names.
//! Edges are then folded onto units — the top-level modules of the crate, and the
//! children of `src/tui` (a file, or a folder with everything under it) — and the
//! strongly connected components of each graph are the circles.
//!
//! Run it alone with `cargo test --test it import_cycles -- --nocapture`; it prints
//! every circle it finds.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module path inside the crate, `["tui", "search", "worker"]`.
type ModPath = Vec<String>;

struct Source {
    module: ModPath,
    /// The file is a folder's `mod.rs` (its `super` is one level higher).
    is_folder: bool,
    text: String,
}

fn sources() -> Vec<Source> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&root, &mut files);
    files
        .into_iter()
        .map(|path| {
            let rel = path.strip_prefix(&root).expect("under src");
            let mut module: ModPath = rel
                .iter()
                .map(|s| s.to_string_lossy().trim_end_matches(".rs").to_string())
                .collect();
            let last = module.last().cloned().unwrap_or_default();
            let is_folder = last == "mod";
            if is_folder || (module.len() == 1 && (last == "lib" || last == "main")) {
                module.pop();
            }
            let text = std::fs::read_to_string(&path).expect("read source");
            let text = match text.find("#[cfg(test)]") {
                Some(at) => text[..at].to_string(),
                None => text,
            };
            Source {
                module,
                is_folder,
                text,
            }
        })
        .collect()
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read src dir")
        .map(|e| e.expect("dir entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file without comments and string literals (so a path in a doc
/// comment or a message is no import).
fn code_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let bytes: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let next = bytes.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < bytes.len() && bytes[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i += 2;
            while i + 1 < bytes.len() && !(bytes[i] == '*' && bytes[i + 1] == '/') {
                i += 1;
            }
            i += 2;
        } else if c == '"' {
            i += 1;
            while i < bytes.len() && bytes[i] != '"' {
                if bytes[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' && next.is_some() && bytes.get(i + 2) == Some(&'\'') {
            // A char literal like 'x' (lifetimes have no closing quote).
            i += 3;
        } else if c == '\'' && next == Some('\\') {
            i += 2;
            while i < bytes.len() && bytes[i] != '\'' {
                i += 1;
            }
            i += 1;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Every path a `use` statement brings in, braces expanded:
/// `super::{a::B, c}` gives `super::a::B` and `super::c`.
fn expand(tree: &str) -> Vec<String> {
    let tree: String = tree.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(open) = tree.find('{') else {
        return vec![tree];
    };
    let prefix = &tree[..open];
    let inner = tree[open + 1..]
        .strip_suffix('}')
        .unwrap_or(&tree[open + 1..]);
    let mut parts = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .flat_map(|p| expand(p).into_iter().map(move |e| format!("{prefix}{e}")))
        .collect()
}

/// Paths written in the code: `use` trees, and inline `crate::`/`super::` paths.
fn paths_in(code: &str) -> Vec<String> {
    let mut paths = Vec::new();
    let mut rest = code;
    // `use` statements (possibly `pub use`, `pub(crate) use`), up to their `;`.
    while let Some(at) = find_word(rest, "use") {
        let after = &rest[at + 3..];
        let Some(end) = after.find(';') else { break };
        paths.extend(expand(after[..end].trim()));
        rest = &after[end..];
    }
    // Inline paths anywhere (also catches the ones in `use` lines again: harmless).
    let chars: Vec<char> = code.chars().collect();
    let text: String = chars.iter().collect();
    for start in ["crate::", "super::"] {
        let mut from = 0;
        while let Some(pos) = text[from..].find(start) {
            let at = from + pos;
            let before = text[..at].chars().last();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                from = at + start.len();
                continue;
            }
            let end = text[at..]
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .map_or(text.len(), |e| at + e);
            paths.push(text[at..end].trim_end_matches(':').to_string());
            from = end.max(at + start.len());
        }
    }
    paths
}

fn find_word(text: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(pos) = text[from..].find(word) {
        let at = from + pos;
        let before = text[..at].chars().last();
        let after = text[at + word.len()..].chars().next();
        let boundary = |c: Option<char>| !c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        if boundary(before) && after.is_some_and(char::is_whitespace) {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

/// The module a path lands in, as far as the known modules go
/// (`crate::tui::search::SearchAction` → `tui::search`), and the name after it.
fn resolve(
    source: &Source,
    path: &str,
    known: &BTreeSet<ModPath>,
) -> Option<(ModPath, Option<String>)> {
    let mut segments = path.split("::").filter(|s| !s.is_empty()).peekable();
    let mut base: ModPath = match segments.peek().copied() {
        Some("crate") => {
            segments.next();
            Vec::new()
        }
        Some("super") => {
            // `super` of `tui::search::worker` (worker.rs) and of `tui::search`
            // (search/mod.rs) alike is the module one level up.
            let mut base = source.module.clone();
            while segments.peek() == Some(&"super") {
                segments.next();
                base.pop();
            }
            base
        }
        _ => return None,
    };
    for segment in segments {
        let mut next = base.clone();
        next.push(segment.to_string());
        if known.contains(&next) {
            base = next;
        } else {
            return Some((base, Some(segment.to_string())));
        }
    }
    Some((base, None))
}

/// The unit a module counts as: its first `depth` segments under `prefix`, or `None`
/// when it is not under `prefix` (or is `prefix` itself).
fn unit(module: &ModPath, prefix: &[&str]) -> Option<String> {
    if module.len() <= prefix.len() || module.iter().zip(prefix).any(|(a, b)| a != b) {
        return None;
    }
    Some(module[prefix.len()].clone())
}

/// `pub use child::{A, B}` lines of each folder module: which child a re-exported
/// name comes from, so `crate::tui::Action` counts as an edge to `tui::action`.
fn reexports(sources: &[Source], known: &BTreeSet<ModPath>) -> BTreeMap<ModPath, ModPath> {
    let mut map = BTreeMap::new();
    for source in sources
        .iter()
        .filter(|s| s.is_folder || s.module.is_empty())
    {
        let code = code_only(&source.text);
        let mut rest = code.as_str();
        while let Some(at) = rest.find("pub use ") {
            let after = &rest[at + 8..];
            let Some(end) = after.find(';') else { break };
            for path in expand(after[..end].trim()) {
                let name = path.rsplit("::").next().unwrap_or_default().to_string();
                let mut target = source.module.clone();
                for segment in path.split("::").filter(|s| *s != "self") {
                    let mut next = target.clone();
                    next.push(segment.to_string());
                    if known.contains(&next) {
                        target = next;
                    } else {
                        break;
                    }
                }
                let mut exported = source.module.clone();
                exported.push(name);
                if target != source.module {
                    map.insert(exported, target);
                }
            }
            rest = &after[end..];
        }
    }
    map
}

/// Edges between modules (from, to), self-edges left out.
fn module_edges(sources: &[Source]) -> BTreeSet<(ModPath, ModPath)> {
    let known: BTreeSet<ModPath> = sources.iter().map(|s| s.module.clone()).collect();
    let reexported = reexports(sources, &known);
    let mut edges = BTreeSet::new();
    for source in sources {
        for path in paths_in(&code_only(&source.text)) {
            let Some((mut target, name)) = resolve(source, &path, &known) else {
                continue;
            };
            // A name re-exported by the module the path stopped at.
            if let Some(name) = name {
                let mut exported = target.clone();
                exported.push(name);
                if let Some(real) = reexported.get(&exported) {
                    target = real.clone();
                }
            }
            if target != source.module {
                edges.insert((source.module.clone(), target));
            }
        }
    }
    edges
}

/// Strongly connected components of more than one unit (Tarjan's algorithm).
fn circles(edges: &BTreeSet<(String, String)>) -> Vec<Vec<String>> {
    let nodes: BTreeSet<&String> = edges.iter().flat_map(|(a, b)| [a, b]).collect();
    let nodes: Vec<&String> = nodes.into_iter().collect();
    let index_of: BTreeMap<&String, usize> =
        nodes.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let mut next: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for (a, b) in edges {
        next[index_of[a]].push(index_of[b]);
    }
    struct Walk {
        counter: usize,
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        found: Vec<Vec<usize>>,
    }
    fn visit(v: usize, next: &[Vec<usize>], w: &mut Walk) {
        w.index[v] = Some(w.counter);
        w.low[v] = w.counter;
        w.counter += 1;
        w.stack.push(v);
        w.on_stack[v] = true;
        for &u in &next[v] {
            match w.index[u] {
                None => {
                    visit(u, next, w);
                    w.low[v] = w.low[v].min(w.low[u]);
                }
                Some(i) if w.on_stack[u] => w.low[v] = w.low[v].min(i),
                Some(_) => {}
            }
        }
        if Some(w.low[v]) == w.index[v] {
            let mut component = Vec::new();
            while let Some(u) = w.stack.pop() {
                w.on_stack[u] = false;
                component.push(u);
                if u == v {
                    break;
                }
            }
            w.found.push(component);
        }
    }
    let mut walk = Walk {
        counter: 0,
        index: vec![None; nodes.len()],
        low: vec![0; nodes.len()],
        on_stack: vec![false; nodes.len()],
        stack: Vec::new(),
        found: Vec::new(),
    };
    for v in 0..nodes.len() {
        if walk.index[v].is_none() {
            visit(v, &next, &mut walk);
        }
    }
    let mut out: Vec<Vec<String>> = walk
        .found
        .into_iter()
        .filter(|c| c.len() > 1)
        .map(|c| {
            let mut names: Vec<String> = c.into_iter().map(|i| nodes[i].clone()).collect();
            names.sort();
            names
        })
        .collect();
    out.sort();
    out
}

/// The module edges folded onto units under `prefix` (both ends under it).
fn unit_edges(edges: &BTreeSet<(ModPath, ModPath)>, prefix: &[&str]) -> BTreeSet<(String, String)> {
    edges
        .iter()
        .filter_map(|(a, b)| Some((unit(a, prefix)?, unit(b, prefix)?)))
        .filter(|(a, b)| a != b)
        .collect()
}

fn report(name: &str, found: &[Vec<String>]) -> String {
    found
        .iter()
        .map(|c| format!("{name}: circle of {}: {}", c.len(), c.join(" ")))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_checker_finds_a_circle_and_a_path_through_super() {
    let a = Source {
        module: vec!["tui".into(), "a".into()],
        is_folder: false,
        text: "use super::b::Thing;\nfn f() { crate::tui::c::go(); }\n".into(),
    };
    let b = Source {
        module: vec!["tui".into(), "b".into()],
        is_folder: true,
        text: "use super::{a::X, c};\n// use super::d::Nothing;\n".into(),
    };
    let c = Source {
        module: vec!["tui".into(), "c".into()],
        is_folder: false,
        text: "fn g() -> &'static str { \"crate::tui::a\" }\n".into(),
    };
    let tui = Source {
        module: vec!["tui".into()],
        is_folder: true,
        text: "mod a; mod b; mod c;".into(),
    };
    let edges = module_edges(&[a, b, c, tui]);
    let units = unit_edges(&edges, &["tui"]);
    assert_eq!(
        units,
        [("a", "b"), ("a", "c"), ("b", "a"), ("b", "c")]
            .into_iter()
            .map(|(x, y)| (x.to_string(), y.to_string()))
            .collect()
    );
    assert_eq!(
        circles(&units),
        vec![vec!["a".to_string(), "b".to_string()]]
    );
}

/// Circles across the crate's top-level modules: none (the application layer took
/// `bench`'s reach into `cli` away). The test fails when one appears.
const KNOWN_TOP_LEVEL: &[&[&str]] = &[];

/// Circles across the children of `src/tui` still there, exactly (a folder is one
/// unit: circles inside one child's folder are allowed): none. The child states
/// (search, pickers, list, views, forms) change their own slice and return their
/// own outcome; `action` and `effects` wrap them, `app` holds them, and `update`
/// (with `settle`, `run`, `view` and `workers`) sits on top. The test fails when
/// one appears.
const KNOWN_TUI: &[&[&str]] = &[];

fn check(name: &str, prefix: &[&str], known: &[&[&str]]) {
    let edges = module_edges(&sources());
    let found = circles(&unit_edges(&edges, prefix));
    println!("{}", report(name, &found));
    let known: Vec<Vec<String>> = known
        .iter()
        .map(|c| c.iter().map(|s| s.to_string()).collect())
        .collect();
    assert_eq!(
        found,
        known,
        "import circles in {name} changed:\n{}",
        report(name, &found)
    );
}

#[test]
fn no_circle_of_imports_across_top_level_modules() {
    check("src", &[], KNOWN_TOP_LEVEL);
}

#[test]
fn src_tui_has_circles_only_inside_one_child_folder() {
    check("src/tui", &["tui"], KNOWN_TUI);
}

/// Every edge between two units of a circle (`--nocapture` shows them): what to cut.
#[test]
fn print_edges_inside_circles() {
    let edges = module_edges(&sources());
    let units = unit_edges(&edges, &["tui"]);
    for circle in circles(&units) {
        for (a, b) in &units {
            if circle.contains(a) && circle.contains(b) {
                println!("tui edge: {a} -> {b}");
            }
        }
    }
}

//! Go text/template conformance: runs every case recorded from the real helm binary in
//! `testdata/template/cases.json` (see `tests/record/record_template.py`) through our engine and
//! compares the output, or the error text, byte for byte.
//!
//! Each case is rendered as Helm renders a chart's `templates/NOTES.txt`: the template is named
//! `c/templates/NOTES.txt`, the data is `{ "Values": <values.yaml as common.Values> }`, and
//! `<no value>` is erased from the output afterwards (Helm's `strings.ReplaceAll`). Cases marked
//! `needs` (`sprig`: Sprig or Helm functions; `helm`: Helm behaviour outside text/template, such
//! as the methods of `common.Values` or the chart loader) are counted and reported as skipped,
//! with the reason and their names.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;

use cw_template::{Elem, FuncMap, MissingKey, Value};

/// How many cases must pass. Raise it whenever the engine gets better; the goal is every case.
const PASS_THRESHOLD: usize = 707;

/// The recorded table must stay a real conformance suite.
const MIN_CASES: usize = 300;

/// Set to a substring of case names to run only those cases (all of them must then pass):
/// `CW_CONFORMANCE_CASE=printf cargo test -p cw-template --test template helm_conformance -- --nocapture`.
const FILTER_VAR: &str = "CW_CONFORMANCE_CASE";

/// One recorded case.
struct Case {
    name: String,
    category: String,
    values: String,
    template: String,
    needs: Vec<String>,
    /// Why the case exists, when the case file says.
    note: Option<String>,
    expected: Expected,
}

/// What helm did.
enum Expected {
    Output(String),
    /// Go's own message (`template: c/templates/NOTES.txt:1:10: executing ...`).
    Error {
        kind: String,
        text: String,
    },
}

struct Table {
    helm_version: String,
    template_name: String,
    cases: Vec<Case>,
}

fn cases_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/template/cases.json")
}

fn str_field(obj: &serde_json::Value, key: &str, case: &str) -> String {
    obj.get(key)
        .and_then(|v| v.as_str())
        .unwrap_or_else(|| panic!("case {case}: missing string field {key:?}"))
        .to_string()
}

fn load_table() -> Table {
    let path = cases_path();
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let doc: serde_json::Value = serde_json::from_str(&text).expect("cases.json is valid JSON");
    let helm_version = str_field(&doc, "helm_version", "<file>");
    let template_name = str_field(&doc, "template_name", "<file>");
    let mut cases = Vec::new();
    for c in doc["cases"].as_array().expect("cases is an array") {
        let name = str_field(c, "name", "?");
        let expected = match (c.get("output"), c.get("error")) {
            (Some(out), None) => Expected::Output(out.as_str().expect("output is a string").into()),
            (None, Some(_)) => Expected::Error {
                kind: str_field(c, "error_kind", &name),
                text: str_field(c, "error", &name),
            },
            _ => panic!("case {name}: needs exactly one of output/error"),
        };
        let needs = c
            .get("needs")
            .and_then(|n| n.as_array())
            .map(|a| {
                a.iter()
                    .map(|v| v.as_str().expect("needs holds strings").to_string())
                    .collect()
            })
            .unwrap_or_default();
        let note = c.get("note").and_then(|n| n.as_str()).map(String::from);
        cases.push(Case {
            category: str_field(c, "category", &name),
            values: str_field(c, "values", &name),
            template: str_field(c, "template", &name),
            needs,
            note,
            expected,
            name,
        });
    }
    Table {
        helm_version,
        template_name,
        cases,
    }
}

/// Converts a loaded YAML value into the template value model, as Helm's values reach
/// templates after the YAML → JSON round trip: numbers are `float64`, maps are
/// `map[string]interface {}`, lists are `[]interface {}`.
fn to_value(node: &cw_yaml::Node) -> Value {
    match &node.value {
        cw_yaml::Value::Null => Value::Nil,
        cw_yaml::Value::Bool(b) => Value::Bool(*b),
        cw_yaml::Value::Number(n) => Value::Float(*n),
        cw_yaml::Value::String(s) => Value::str(s),
        cw_yaml::Value::Seq(items) => Value::list(items.iter().map(to_value).collect()),
        cw_yaml::Value::Map(m) => Value::map(
            m.entries
                .iter()
                .map(|e| (e.key.clone(), to_value(&e.value)))
                .collect(),
        ),
    }
}

/// `.Values`: a `common.Values` map (Helm's named map type, which `%T` prints).
fn values_from_yaml(text: &str) -> Result<Value, String> {
    let loaded = cw_yaml::load(text);
    if let Some(err) = loaded.first_error() {
        return Err(format!("values.yaml does not load: {}", err.message));
    }
    let entries: BTreeMap<String, Value> = match loaded.root.as_ref().map(|n| &n.value) {
        None | Some(cw_yaml::Value::Null) => BTreeMap::new(),
        Some(cw_yaml::Value::Map(m)) => m
            .entries
            .iter()
            .map(|e| (e.key.clone(), to_value(&e.value)))
            .collect(),
        Some(_) => return Err("values.yaml is not a map".into()),
    };
    Ok(Value::typed_map(Some("common.Values"), Elem::Any, entries))
}

/// Renders one case with our engine: `Ok(output)` with `<no value>` erased as Helm does, or
/// `Err(Go's error text)`.
fn render(template_name: &str, case: &Case) -> Result<String, String> {
    let values = values_from_yaml(&case.values)?;
    let data = Value::map_from([("Values", values)]);
    let out = engine_render(template_name, &case.template, data)?;
    Ok(out.replace("<no value>", ""))
}

/// Go's builtins only (no Sprig), Helm's `missingkey=zero`.
fn engine_render(template_name: &str, text: &str, data: Value) -> Result<String, String> {
    let (out, err) =
        cw_template::render_text(template_name, text, FuncMap::new(), MissingKey::Zero, data);
    match err {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

/// The byte offset of the first difference (the shorter length when one is a prefix).
fn first_difference(a: &str, b: &str) -> usize {
    a.bytes()
        .zip(b.bytes())
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()))
}

/// Expected and actual text, escaped, with a caret under the first difference. Long texts are
/// shown as a window around the difference.
fn diff(expected: &str, actual: &str) -> String {
    const BEFORE: usize = 60;
    const AFTER: usize = 120;
    let at = first_difference(expected, actual);
    let floor = |s: &str, mut i: usize| {
        i = i.min(s.len());
        while !s.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let start = floor(expected, at.saturating_sub(BEFORE));
    let window = |s: &str| -> String {
        let from = floor(s, start);
        let to = floor(s, at + AFTER);
        let mut shown = format!("{:?}", &s[from..to]);
        if from > 0 {
            shown.insert_str(0, "...");
        }
        if to < s.len() {
            shown.push_str("...");
        }
        shown
    };
    // The caret goes under the first differing character of the escaped window.
    let head = format!("{:?}", &expected[start..floor(expected, at)]);
    let col = head.chars().count() - 1 + if start > 0 { 3 } else { 0 };
    format!(
        "    expected: {}\n    actual:   {}\n              {}^ first difference at byte {at} \
         (expected {} bytes, actual {})",
        window(expected),
        window(actual),
        " ".repeat(col),
        expected.len(),
        actual.len()
    )
}

/// A long text cut to its first bytes for failure reports.
fn abbreviate(s: &str) -> String {
    const MAX: usize = 400;
    if s.len() <= MAX {
        return format!("{s:?}");
    }
    let cut = (0..=MAX)
        .rev()
        .find(|i| s.is_char_boundary(*i))
        .unwrap_or(0);
    format!("{:?}... ({} bytes)", &s[..cut], s.len())
}

fn describe(result: &Result<String, String>) -> (&'static str, &str) {
    match result {
        Ok(out) => ("output", out),
        Err(err) => ("an error", err),
    }
}

#[test]
fn helm_conformance() {
    let table = load_table();
    assert!(
        table.helm_version.starts_with('v'),
        "cases.json lacks a helm version stamp"
    );
    assert!(
        table.cases.len() >= MIN_CASES,
        "only {} recorded cases",
        table.cases.len()
    );

    let mut passed = 0usize;
    let mut failures = String::new();
    let mut failed_names = Vec::new();
    let mut skipped: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    // category -> (passed, run)
    let mut by_category: BTreeMap<&str, (usize, usize)> = BTreeMap::new();

    let filter = std::env::var(FILTER_VAR).ok().filter(|f| !f.is_empty());
    for case in &table.cases {
        if filter
            .as_ref()
            .is_some_and(|f| !case.name.contains(f.as_str()))
        {
            continue;
        }
        if !case.needs.is_empty() {
            skipped
                .entry(case.needs.join("+"))
                .or_default()
                .push(&case.name);
            continue;
        }
        let result = panic::catch_unwind(AssertUnwindSafe(|| render(&table.template_name, case)))
            .unwrap_or_else(|p| {
                let msg = p
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                Err(format!("PANIC: {msg}"))
            });
        let ok = match (&case.expected, &result) {
            (Expected::Output(want), Ok(got)) => want == got,
            (Expected::Error { text, .. }, Err(got)) => text == got,
            _ => false,
        };
        let entry = by_category.entry(&case.category).or_default();
        entry.1 += 1;
        if ok {
            passed += 1;
            entry.0 += 1;
            continue;
        }
        failed_names.push(case.name.as_str());
        let (want_kind, want) = match &case.expected {
            Expected::Output(o) => ("output", o.as_str()),
            Expected::Error { kind, text } => (
                if kind == "parse" {
                    "a parse error"
                } else {
                    "an execution error"
                },
                text.as_str(),
            ),
        };
        let (got_kind, got) = describe(&result);
        if let Some(note) = &case.note {
            let _ = writeln!(failures, "NOTE {}: {note}", case.name);
        }
        let _ = writeln!(
            failures,
            "FAIL {} [{}]\n    template: {}\n    values:   {}\n    helm gave {want_kind}, we gave {got_kind}\n{}",
            case.name,
            case.category,
            abbreviate(&case.template),
            abbreviate(&case.values),
            diff(want, got)
        );
    }

    let run: usize = by_category.values().map(|(_, r)| r).sum();
    let skipped_count: usize = skipped.values().map(Vec::len).sum();
    print!("{failures}");
    println!(
        "helm conformance (cases recorded with helm {}): {passed}/{run} passed ({:.1}%), {} failed, {skipped_count} skipped",
        table.helm_version,
        if run == 0 { 0.0 } else { passed as f64 * 100.0 / run as f64 },
        run - passed,
    );
    for (category, (p, r)) in &by_category {
        println!("  {category:<24} {p:>4}/{r:<4}");
    }
    for (reason, names) in &skipped {
        println!(
            "  skipped {} case(s) that need {reason} (beyond this crate's layer): {}",
            names.len(),
            names.join(", ")
        );
    }
    if !failed_names.is_empty() {
        println!("failed: {}", failed_names.join(" "));
    }
    if let Some(f) = &filter {
        assert!(
            passed == run && run > 0,
            "{FILTER_VAR}={f}: {passed} of {run} selected cases passed"
        );
        return;
    }
    assert!(
        passed >= PASS_THRESHOLD,
        "{passed} cases passed, fewer than the threshold {PASS_THRESHOLD} (see the failures above)"
    );
}

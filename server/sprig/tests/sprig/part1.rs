//! Conformance of Sprig functions, part 1 (strings, conversion, math, defaults, reflection,
//! paths, encoding, URLs, semver), against the table recorded from the real helm binary by
//! `tests/record/record_sprig_part1.py` (testdata/sprig/part1.json).
//!
//! Every case is rendered alone through cw-template with `cw_sprig::funcs()`, Helm's settings
//! (`missingkey=zero`, `<no value>` removed from the output) and the recorded values file as
//! `.Values` (a `common.Values` map of float64 numbers, as Helm loads it). Cases that need
//! Helm's own functions or objects (`dict`, `list`, `.Release`, Helm's wrapped `fail`) are
//! counted as skipped and listed.

use std::collections::BTreeMap;

use cw_template::{render_text, Elem, MissingKey, Value};
use serde_json::Value as Json;

fn table() -> Json {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/sprig/part1.json"
    );
    let text = std::fs::read_to_string(path).expect("testdata/sprig/part1.json is readable");
    serde_json::from_str(&text).expect("part1.json is JSON")
}

/// A loaded YAML node as Helm's templates see it (numbers are float64).
fn to_value(node: &cw_yaml::Node, top: bool) -> Value {
    match &node.value {
        cw_yaml::Value::Null => Value::Nil,
        cw_yaml::Value::Bool(b) => Value::Bool(*b),
        cw_yaml::Value::Number(f) => Value::Float(*f),
        cw_yaml::Value::String(s) => Value::str(s),
        cw_yaml::Value::Seq(items) => {
            Value::list(items.iter().map(|n| to_value(n, false)).collect())
        }
        cw_yaml::Value::Map(m) => {
            let entries: BTreeMap<String, Value> = m
                .entries
                .iter()
                .map(|e| (e.key.clone(), to_value(&e.value, false)))
                .collect();
            if top {
                Value::typed_map(Some("common.Values"), Elem::Any, entries)
            } else {
                Value::map(entries)
            }
        }
    }
}

/// Why a case cannot run with Sprig part 1 alone, if it cannot.
fn skip_reason(case: &Json, funcs: &cw_template::FuncMap) -> Option<String> {
    if let Some(n) = case.get("needs").and_then(Json::as_str) {
        if !funcs.contains(n) {
            return Some(format!("needs `{n}` (not in part 1)"));
        }
    }
    let t = case["template"].as_str().unwrap_or("");
    if t.contains(".Release") || t.contains(".Chart") || t.contains(".Capabilities") {
        return Some("needs Helm's built-in objects".into());
    }
    if t.contains("{{ fail ") && case.get("error").is_some() {
        return Some("Helm wraps `fail` (execution error at ...)".into());
    }
    None
}

#[test]
fn sprig_part1_matches_helm() {
    let table = table();
    let version = table["helm_version"].as_str().unwrap_or("?");
    let name = table["template_name"].as_str().expect("template_name");
    let loaded = cw_yaml::load(table["values"].as_str().expect("values"));
    let root = loaded.root.expect("values load");
    let values = to_value(&root, true);
    let funcs = cw_sprig::funcs();
    let cases = table["cases"].as_array().expect("cases");
    assert!(cases.len() >= 250, "only {} cases recorded", cases.len());

    let (mut pass, mut skipped, mut failures) = (0usize, Vec::new(), Vec::new());
    for case in cases {
        let template = case["template"].as_str().expect("template");
        if let Some(why) = skip_reason(case, &funcs) {
            skipped.push(format!("{template}  ({why})"));
            continue;
        }
        let data = Value::map_from([("Values", values.clone())]);
        let (out, err) = render_text(name, template, funcs.clone(), MissingKey::Zero, data);
        let got = match err {
            Some(e) => format!("error: {e}"),
            None => format!("output: {}", out.replace("<no value>", "")),
        };
        let want = match (case.get("output"), case.get("error")) {
            (Some(o), _) => format!("output: {}", o.as_str().unwrap_or("")),
            (_, Some(e)) => format!("error: {}", e.as_str().unwrap_or("")),
            _ => panic!("case without output or error: {template}"),
        };
        if got == want {
            pass += 1;
        } else {
            failures.push(format!("{template}\n    want {want:?}\n    got  {got:?}"));
        }
    }
    println!(
        "sprig part 1 vs {version}: {pass} passed, {} failed, {} skipped",
        failures.len(),
        skipped.len()
    );
    for s in &skipped {
        println!("  skipped: {s}");
    }
    for f in &failures {
        println!("  FAILED: {f}");
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ from helm (see output above)",
        failures.len(),
        cases.len() - skipped.len()
    );
}

#[test]
fn every_part1_function_is_documented() {
    let r = cw_sprig::registry();
    let part1 = "abbrev abbrevboth trunc trim upper lower title untitle substr repeat trimall \
        trimAll trimSuffix trimPrefix nospace initials swapcase shuffle snakecase camelcase \
        kebabcase wrap wrapWith contains hasPrefix hasSuffix quote squote cat indent nindent \
        replace plural sha1sum sha256sum sha512sum adler32sum toString hello atoi int64 int \
        float64 seq toDecimal split splitList splitn toStrings until untilStep join sortAlpha \
        add1 add sub div mod mul randInt add1f addf subf divf mulf biggest max min maxf minf \
        ceil floor round default empty coalesce all any compact mustCompact ternary deepCopy \
        mustDeepCopy toPrettyJson toRawJson mustToPrettyJson mustToRawJson mustFromJson typeOf \
        typeIs typeIsLike kindOf kindIs deepEqual base dir clean ext isAbs osBase osClean osDir \
        osExt osIsAbs b64enc b64dec b32enc b32dec urlParse urlJoin semver semverCompare fail";
    for name in part1.split_whitespace() {
        assert!(r.funcs.contains(name), "{name} is not registered");
        let doc = r.docs.iter().find(|d| d.name == name);
        let doc = doc.unwrap_or_else(|| panic!("{name} has no FuncDoc"));
        assert!(doc.signature.starts_with(name), "{name}: {}", doc.signature);
        assert!(!doc.summary.is_empty() && !doc.example.is_empty(), "{name}");
    }
}

fn render(template: &str) -> (String, Option<String>) {
    render_text(
        "t",
        template,
        cw_sprig::funcs(),
        MissingKey::Zero,
        Value::map_from([("Values", Value::map(BTreeMap::new()))]),
    )
}

#[test]
fn sprig_fail_is_a_plain_error() {
    // Helm wraps `fail` (see the skipped cases); Sprig's own is a plain function error.
    let (_, err) = render(r#"{{ fail "values.x is required" }}"#);
    let err = err.expect("fail fails");
    assert!(
        err.ends_with("error calling fail: values.x is required"),
        "{err}"
    );
}

#[test]
fn hostile_sizes_fail_instead_of_exhausting_memory() {
    for template in [
        r#"{{ repeat 1000000000 "x" }}"#,
        r#"{{ indent 1000000000 "x" }}"#,
        r#"{{ nindent 100000 (repeat 1000 "\n") }}"#,
        "{{ until 1000000000 }}",
        "{{ untilStep 0 9223372036854775807 1 }}",
        "{{ seq 1000000000 }}",
    ] {
        let (_, err) = render(template);
        assert!(err.is_some(), "{template} should be refused");
    }
    // Sizes below the bounds still work.
    let (out, err) = render("{{ until 100000 | len }}");
    assert_eq!((out.as_str(), err), ("100000", None));
}

#[test]
fn deep_json_is_handled_without_recursion() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let (out, err) = render(&format!("{{{{ mustFromJson {deep:?} | kindOf }}}}"));
    assert_eq!((out.as_str(), err), ("slice", None));
    let (_, err) = render(&format!("{{{{ mustFromJson {:?} }}}}", "[".repeat(10_001)));
    assert!(err.expect("too deep").ends_with("exceeded max depth"));
}

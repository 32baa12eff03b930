//! Checks the first parse error (or its absence) against what the real Helm printed for the same
//! template, recorded by `record_go_parse_errors.sh` into `data/go_parse_errors.jsonl`.

use cw_syntax::{parse, ParseOptions, GO_BUILTINS};

/// The functions the recorded templates may call: Go's builtins and the Helm/Sprig names used.
fn helm_funcs(name: &str) -> bool {
    const HELM: &[&str] = &[
        "include", "tpl", "required", "quote", "trim", "list", "empty", "default", "toYaml",
        "indent", "nindent", "dict",
    ];
    GO_BUILTINS.contains(&name) || HELM.contains(&name)
}

/// Helm's `cleanupParseError`: keeps the location and the last `": "`-separated part.
fn helm_text(go_text: &str, file: &str) -> String {
    let tokens: Vec<&str> = go_text.split(": ").collect();
    if tokens.len() == 1 {
        return format!("parse error in ({file}): {go_text}");
    }
    format!(
        "parse error at ({}): {}",
        tokens[1],
        tokens[tokens.len() - 1]
    )
}

#[test]
fn first_error_matches_helm() {
    let data = include_str!("../data/go_parse_errors.jsonl");
    let mut lines = data.lines();
    let header: serde_json::Value = serde_json::from_str(lines.next().unwrap()).unwrap();
    assert_eq!(header["helm_version"], "v4.1.4");
    let name = "gochk/templates/t.yaml";
    let mut failures = Vec::new();
    let mut count = 0;
    for line in lines {
        let case: serde_json::Value = serde_json::from_str(line).unwrap();
        let tpl = case["template"].as_str().unwrap();
        let want = case["helm"].as_str().unwrap();
        let p = parse(tpl, &ParseOptions::new(name, &helm_funcs));
        let got = match p.first_error() {
            None => "OK".to_string(),
            Some(e) => helm_text(&e.go_text(), name),
        };
        if got != want {
            failures.push(format!("{}:\n  want {want}\n  got  {got}", case["name"]));
        }
        count += 1;
    }
    assert!(count >= 150, "only {count} cases");
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

//! Compares `.Values` of every rendered chart (and Helm's errors and warnings) with the table
//! recorded from real helm by tests/record/record_values.py (testdata/values/cases.json).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use cw_template::Value;
use cw_values::{
    compute, merge_user_values, to_go_value, ChartValues, ComputeOptions, ValueOptions,
};
use serde_json::Value as Json;

fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/values")
}

/// What `{{ include "cw.walk" (list "" .Values) }}` prints: `PATH=%T;` for every value.
fn walk_types(path: &str, v: &Value, out: &mut String) {
    out.push_str(path);
    out.push('=');
    out.push_str(&v.type_name());
    out.push(';');
    match v {
        Value::Map(m) => {
            for (k, x) in m.entries() {
                walk_types(&format!("{path}/{k}"), &x, out);
            }
        }
        Value::List(l) => {
            for (i, x) in l.items.iter().enumerate() {
                walk_types(&format!("{path}/{i}"), x, out);
            }
        }
        _ => {}
    }
}

fn template_path(root: &str, cv: &ChartValues<'_>) -> String {
    let mut p = root.to_string();
    for n in &cv.path {
        p.push_str("/charts/");
        p.push_str(n);
    }
    p.push_str("/templates/values.yaml");
    p
}

fn options(flags: &[String]) -> (ValueOptions, ComputeOptions, Vec<String>) {
    let mut o = ValueOptions::default();
    let mut c = ComputeOptions::default();
    let mut files = Vec::new();
    let mut i = 0;
    while i < flags.len() {
        let f = flags[i].as_str();
        let arg = flags.get(i + 1).cloned().unwrap_or_default();
        match f {
            "-f" => files.push(arg),
            "--set" => o.values.push(arg),
            "--set-string" => o.string_values.push(arg),
            "--set-json" => o.json_values.push(arg),
            "--set-file" => o.file_values.push(arg),
            "--set-literal" => o.literal_values.push(arg),
            "--skip-schema-validation" => {
                c.skip_schema_validation = true;
                i += 1;
                continue;
            }
            other => panic!("unknown flag {other}"),
        }
        i += 2;
    }
    (o, c, files)
}

/// Sorts sibling `- at` blocks (v6 walks Go maps, so their order is random) and the names in
/// `additional properties ... not allowed`.
fn normalize_error(text: &str) -> String {
    fn fix_line(l: &str) -> String {
        if let Some(start) = l.find("additional properties ") {
            if let Some(end) = l.find(" not allowed") {
                let names = &l[start + "additional properties ".len()..end];
                let mut parts: Vec<&str> = names.split(", ").collect();
                parts.sort();
                return format!(
                    "{}additional properties {} not allowed",
                    &l[..start],
                    parts.join(", ")
                );
            }
        }
        l.to_string()
    }
    fn indent(l: &str) -> usize {
        l.len() - l.trim_start_matches(' ').len()
    }
    // Parse a forest of `- at` lines by indentation and render with sorted siblings.
    fn render(lines: &[String], i: &mut usize, level: usize) -> Vec<String> {
        let mut blocks = Vec::new();
        while *i < lines.len() {
            let l = &lines[*i];
            if !l.trim_start().starts_with("- at ") || indent(l) < level * 2 {
                break;
            }
            *i += 1;
            let children = render(lines, i, level + 1);
            let mut b = l.clone();
            for c in children {
                b.push('\n');
                b.push_str(&c);
            }
            blocks.push(b);
        }
        blocks.sort();
        blocks
    }
    let lines: Vec<String> = text.lines().map(fix_line).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim_start().starts_with("- at ") {
            out.extend(render(&lines, &mut i, 0));
        } else {
            out.push(lines[i].clone());
            i += 1;
        }
    }
    out.join("\n")
}

struct Outcome {
    failures: Vec<String>,
    passed: usize,
}

fn run_case(case: &Json) -> Result<(), String> {
    let name = case["name"].as_str().unwrap_or_default();
    let dir = testdata().join("cases").join(name);
    let flags: Vec<String> = case["flags"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    let (mut opts, copts, files) = options(&flags);
    for f in files {
        let text = std::fs::read_to_string(dir.join(&f)).map_err(|e| e.to_string())?;
        opts.value_files.push((f, text));
    }
    let loaded = cw_chart::load_dir(&cw_chart::DiskFs, &dir.join("chart"));
    if let Some(e) = &loaded.helm_error {
        return Err(format!("chart failed to load: {e}"));
    }
    let read = |p: &str| {
        std::fs::read_to_string(dir.join(p))
            .map_err(|_| format!("open {p}: no such file or directory"))
    };
    let mut warnings: Vec<String> = Vec::new();
    let ours: Result<Vec<(String, String, String)>, String> = match merge_user_values(&opts, &read)
    {
        Err(e) => Err(e),
        Ok(user) => {
            let result = compute(&loaded.chart, &user.values, &copts);
            warnings.extend(result.warnings.iter().cloned());
            match result.helm_error() {
                Some(e) => Err(e),
                None => Ok(result
                    .root
                    .walk()
                    .into_iter()
                    // Library charts' templates are not rendered.
                    .filter(|cv| !cv.chart.is_library())
                    .map(|cv| {
                        let mut types = String::new();
                        walk_types("", &cv.values, &mut types);
                        (
                            template_path(&result.root.name, cv),
                            cw_yaml::go_json_marshal(&to_go_value(&cv.values)),
                            types,
                        )
                    })
                    .collect()),
            }
        }
    };
    let mut problems = Vec::new();
    match (&case["error"], ours) {
        (Json::String(expected), Err(got)) => {
            if normalize_error(expected.trim_end()) != normalize_error(got.trim_end()) {
                problems.push(format!("error:\n  helm: {expected:?}\n  ours: {got:?}"));
            }
        }
        (Json::String(expected), Ok(_)) => {
            problems.push(format!("helm failed with {expected:?}, we did not"))
        }
        (_, Err(got)) => problems.push(format!("we failed with {got:?}, helm did not")),
        (_, Ok(outputs)) => {
            let expected = case["outputs"].as_object().cloned().unwrap_or_default();
            let ours_paths: BTreeSet<&str> = outputs.iter().map(|(p, _, _)| p.as_str()).collect();
            let helm_paths: BTreeSet<&str> = expected.keys().map(String::as_str).collect();
            if ours_paths != helm_paths {
                problems.push(format!(
                    "rendered charts: helm {helm_paths:?}, ours {ours_paths:?}"
                ));
            }
            for (path, json, types) in &outputs {
                let Some(exp) = expected.get(path) else {
                    continue;
                };
                if exp["values"].as_str() != Some(json.as_str()) {
                    problems.push(format!(
                        "{path} values:\n  helm: {}\n  ours: {json}",
                        exp["values"]
                    ));
                }
                if exp["types"].as_str() != Some(types.as_str()) {
                    problems.push(format!(
                        "{path} types:\n  helm: {}\n  ours: {types}",
                        exp["types"]
                    ));
                }
            }
        }
    }
    // Helm logs in Go's random map order within a coalescing pass: compare sorted lines.
    let mut helm_warnings: Vec<String> = case["warnings"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    helm_warnings.sort();
    warnings.sort();
    if helm_warnings != warnings {
        problems.push(format!(
            "warnings:\n  helm: {helm_warnings:?}\n  ours: {warnings:?}"
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

#[test]
fn values_match_recorded_helm() {
    let text = std::fs::read_to_string(testdata().join("cases.json")).expect("cases.json");
    let table: Json = serde_json::from_str(&text).expect("valid json");
    assert!(table["helm_version"]
        .as_str()
        .unwrap_or_default()
        .starts_with("v4.1.4"));
    let cases = table["cases"].as_array().expect("cases");
    assert!(cases.len() >= 80, "only {} cases", cases.len());
    let mut outcome = Outcome {
        failures: Vec::new(),
        passed: 0,
    };
    for case in cases {
        match run_case(case) {
            Ok(()) => outcome.passed += 1,
            Err(e) => outcome.failures.push(format!(
                "--- {}\n{e}",
                case["name"].as_str().unwrap_or_default()
            )),
        }
    }
    eprintln!(
        "{} of {} recorded cases agree with helm",
        outcome.passed,
        cases.len()
    );
    assert!(
        outcome.failures.is_empty(),
        "{} of {} cases differ from helm:\n{}",
        outcome.failures.len(),
        cases.len(),
        outcome.failures.join("\n")
    );
}

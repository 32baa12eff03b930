//! Checks cw-semver against the table recorded from the real helm (testdata/semver/cases.json,
//! written by tests/record/record_semver.py): every case must agree, errors by exact text.

use std::path::PathBuf;

use cw_semver::helm::highest_matching;
use cw_semver::helm::{
    is_compatible_range, lint_chart_version, lint_chart_version_strict, semver, semver_compare,
};
use cw_semver::{Constraints, Version};
use serde_json::Value;

fn table() -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/semver/cases.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).expect("cases.json is JSON")
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} missing in {v}"))
}

fn cases<'a>(t: &'a Value, key: &str) -> &'a Vec<Value> {
    let list = t[key].as_array().unwrap_or_else(|| panic!("{key} missing"));
    assert!(!list.is_empty(), "{key} is empty");
    list
}

#[test]
fn table_is_from_helm_v4_with_masterminds_v3_4() {
    let t = table();
    assert!(str_of(&t, "helm").starts_with("v4.1.4"), "{}", t["helm"]);
    assert_eq!(str_of(&t, "masterminds_semver"), "v3.4.0");
}

#[test]
fn semver_compare_agrees_with_helm() {
    let t = table();
    let mut failures = Vec::new();
    let list = cases(&t, "compare");
    for case in list {
        let (c, v) = (str_of(case, "constraint"), str_of(case, "version"));
        let got = match semver_compare(c, v) {
            Ok(b) => format!("result {b}"),
            Err(e) => format!("error {e}"),
        };
        let want = match case.get("error") {
            Some(e) => format!("error {}", e.as_str().unwrap()),
            None => format!("result {}", case["result"].as_bool().unwrap()),
        };
        if got != want {
            failures.push(format!(
                "semverCompare {c:?} {v:?}: want {want:?}, got {got:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} disagree:\n{}",
        failures.len(),
        list.len(),
        failures.join("\n")
    );
    assert!(list.len() >= 150, "only {} compare cases", list.len());
}

#[test]
fn semver_parsing_and_printing_agree_with_helm() {
    let t = table();
    let mut failures = Vec::new();
    for case in cases(&t, "versions") {
        let input = str_of(case, "version");
        let got = match semver(input) {
            Ok(v) => serde_json::json!({
                "version": input,
                "string": v.to_string(),
                "original": v.original(),
                "major": v.major(),
                "minor": v.minor(),
                "patch": v.patch(),
                "prerelease": v.prerelease(),
                "metadata": v.metadata(),
            }),
            Err(e) => serde_json::json!({ "version": input, "error": e.to_string() }),
        };
        if &got != case {
            failures.push(format!("semver {input:?}: want {case}, got {got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn version_order_agrees_with_helm() {
    let t = table();
    let mut failures = Vec::new();
    for case in cases(&t, "order") {
        let (a, b) = (str_of(case, "a"), str_of(case, "b"));
        let va = Version::parse(a).unwrap();
        let vb = Version::parse(b).unwrap();
        let got = va.compare(&vb) as i64;
        let want = case["result"].as_i64().unwrap();
        if got != want {
            failures.push(format!("Compare {a:?} {b:?}: want {want}, got {got}"));
        }
        // Ord, PartialEq and compare() must agree.
        assert_eq!(va.cmp(&vb), va.compare(&vb));
        assert_eq!(va == vb, want == 0);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn kube_version_check_agrees_with_helm() {
    let t = table();
    let mut failures = Vec::new();
    for case in cases(&t, "kube_version") {
        let (c, flag) = (str_of(case, "constraint"), str_of(case, "kube_version"));
        // `--kube-version` is parsed with NewVersion and printed as "v" + String().
        let kube = format!("v{}", Version::parse(flag.trim_start_matches('v')).unwrap());
        let got = is_compatible_range(c, &kube);
        let want = case["compatible"].as_bool().unwrap();
        if got != want {
            failures.push(format!(
                "kubeVersion {c:?} on {kube}: want {want}, got {got}"
            ));
        }
        if !want {
            let message = format!(
                "chart requires kubeVersion: {c} which is incompatible with Kubernetes {kube}"
            );
            assert_eq!(str_of(case, "error"), message);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn lint_version_messages_agree_with_helm() {
    let t = table();
    for case in cases(&t, "lint_version") {
        let version = str_of(case, "version");
        let messages: Vec<&str> = case["messages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m.as_str().unwrap())
            .filter(|m| m.contains("Chart.yaml: "))
            .collect();
        let mut want = Vec::new();
        if let Err(e) = lint_chart_version(version) {
            want.push(format!("[ERROR] Chart.yaml: {e}"));
        }
        if let Err(e) = lint_chart_version_strict(version) {
            want.push(format!("[WARNING] Chart.yaml: {e}"));
        }
        assert_eq!(messages, want, "helm lint of version {version:?}");
    }
}

#[test]
fn dependency_resolution_agrees_with_helm() {
    let t = table();
    let dependency = &t["dependency"];
    let offered: Vec<&str> = dependency["repository_versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let mut failures = Vec::new();
    for case in cases(dependency, "cases") {
        let constraint = str_of(case, "constraint");
        let got = match Constraints::parse(constraint) {
            Err(e) => {
                format!("error dependency \"dep\" has an invalid version/constraint format: {e}")
            }
            Ok(c) => match highest_matching(&c, offered.iter().copied()) {
                Some(i) => format!("resolved {}", offered[i]),
                None => format!(
                    "error can't get a valid version for 1 subchart(s): \"dep\" (repository \"REPO\", version \"{constraint}\"). Make sure a matching chart version exists in the repo, or change the version constraint in Chart.yaml"
                ),
            },
        };
        let want = match case.get("resolved") {
            Some(v) => format!("resolved {}", v.as_str().unwrap()),
            None => format!("error {}", str_of(case, "error")),
        };
        if got != want {
            failures.push(format!(
                "dependency {constraint:?}: want {want:?}, got {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

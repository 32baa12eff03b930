//! Go fmt through `printf`, against outputs recorded from the real helm
//! (testdata/fmt_cases.json, see tests/record_fmt.py).

use crate::common;

use cw_template::Value;

#[test]
fn printf_matches_helm() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/testdata/fmt_cases.json"
    ))
    .expect("fmt_cases.json");
    let doc: serde_json::Value = serde_json::from_str(&text).expect("json");
    let cases = doc["cases"].as_array().expect("cases");
    assert!(cases.len() >= 100, "expected the recorded table");
    let mut failures = Vec::new();
    for c in cases {
        let args = c["args"].as_str().unwrap();
        let want = c["output"].as_str().unwrap();
        let tmpl = format!("{{{{ printf {args} }}}}");
        let (got, err) = common::render("t", &tmpl, Value::Nil);
        if let Some(e) = err {
            failures.push(format!("printf {args}: error {e}"));
        } else if got != want {
            failures.push(format!("printf {args}:\n   got {got:?}\n  want {want:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

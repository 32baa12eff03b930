//! The cases of the text/template table (`testdata/template/cases.json`, recorded from helm)
//! that cw-template's own harness skips because they need Sprig or Helm (`needs`): rendered here
//! through the whole engine, as helm rendered them — the template as the `templates/NOTES.txt`
//! of a chart named `c` with the case's values.yaml — and compared byte for byte (output, or Go's
//! error text).

use std::path::Path;

use cw_chart::MemoryFs;
use cw_engine::{Capabilities, Engine, Release, RenderAllOptions, RenderChart, RenderError};
use cw_template::Value;

/// Cases known to differ, each with its cause. A case listed here that starts to pass fails the
/// test, so the list stays true.
const KNOWN_GAPS: &[(&str, &str)] = &[];

#[test]
fn the_cases_needing_sprig_or_helm_render_as_helm_rendered_them() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/template/cases.json");
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut ran = 0;
    let mut failures = Vec::new();
    for case in doc["cases"].as_array().unwrap() {
        if case.get("needs").is_none() {
            continue;
        }
        ran += 1;
        let name = case["name"].as_str().unwrap();
        let mut fs = MemoryFs::new();
        fs.insert_file("/c/Chart.yaml", "apiVersion: v2\nname: c\nversion: 0.1.0\n");
        fs.insert_file("/c/values.yaml", case["values"].as_str().unwrap());
        fs.insert_file("/c/templates/NOTES.txt", case["template"].as_str().unwrap());
        let loaded = cw_chart::load(&fs, Path::new("/c"));
        assert!(
            loaded.helm_error.is_none(),
            "{name}: {:?}",
            loaded.helm_error
        );
        let computed = cw_values::compute(
            &loaded.chart,
            &Value::map(Default::default()),
            &Default::default(),
        );
        let root = RenderChart::from_values(&computed.root);
        let r = Engine::default().render_all(
            &root,
            &Release::default(),
            &Capabilities::default(),
            &RenderAllOptions::default(),
        );
        let got = match r.get("c/templates/NOTES.txt") {
            Some(t) => match &t.error {
                None => Ok(t.content.clone()),
                Some(RenderError::Exec { error, .. }) => Err(error.message.clone()),
                Some(RenderError::Parse { error, .. }) => Err(error.go_text()),
            },
            None => match r.parse_errors.first() {
                Some(RenderError::Parse { error, .. }) => Err(error.go_text()),
                other => Err(format!("no render: {other:?}")),
            },
        };
        let want = match (case.get("output"), case.get("error")) {
            (Some(o), _) => Ok(o.as_str().unwrap().to_string()),
            (_, Some(e)) => Err(e.as_str().unwrap().to_string()),
            _ => unreachable!("a case has an output or an error"),
        };
        let known = KNOWN_GAPS.iter().any(|(n, _)| *n == name);
        if (got != want) != known {
            let what = if known {
                "passes now: drop it from KNOWN_GAPS"
            } else {
                "differs"
            };
            failures.push(format!("{name} {what}:\n  want {want:?}\n  got  {got:?}"));
        }
    }
    assert!(ran >= 10, "only {ran} cases need Sprig or Helm");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

//! The loader's verdict on Chart.yaml files against real helm v4.1.4's (`helm template` on a
//! chart holding just that Chart.yaml), recorded in testdata/charts/.goldens/chart-yaml-cases.txt
//! by record-chart-yaml-cases.sh beside it.

use std::path::Path;

use cw_chart::{load, MemoryFs};

#[test]
fn loader_errors_match_helm() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/charts/.goldens/chart-yaml-cases.txt");
    let text = std::fs::read_to_string(path).expect("recorded cases");
    let mut cases = 0;
    let mut mismatches = Vec::new();
    for block in text.split("=== case\n").skip(1) {
        let (chart_yaml, helm) = block.split_once("=== helm\n").expect("=== helm");
        let helm = helm.trim_end();
        let mut fs = MemoryFs::new();
        fs.insert_file("/t/Chart.yaml", chart_yaml);
        let r = load(&fs, Path::new("/t"));
        let ours = match &r.helm_error {
            Some(e) => format!("Error: {e}"),
            None => "ok".to_string(),
        };
        if ours != helm {
            mismatches.push(format!("{chart_yaml}helm: {helm}\nours: {ours}\n"));
        }
        cases += 1;
    }
    assert!(cases >= 25, "only {cases} cases");
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

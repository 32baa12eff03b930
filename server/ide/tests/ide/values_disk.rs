//! The values intelligence on a chart read from disk (`testdata/ide/values-umbrella`: an
//! umbrella chart with an aliased subchart and a configured `-f` file), through the public
//! entry points the language server calls.

use std::path::PathBuf;

use cw_base::TextRange;
use cw_ide::{AnalysisHost, Config};
use expect_test::expect;

fn chart_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/ide/values-umbrella")
}

fn host() -> (AnalysisHost, PathBuf) {
    let root = cw_ide::vfs::normalize(&chart_dir());
    let mut host = AnalysisHost::new(Config {
        value_files: vec!["ci/prod.yaml".into()],
        ..Config::default()
    });
    host.set_roots(vec![root.clone()]);
    (host, root)
}

#[test]
fn published_values_diagnostics() {
    let (host, root) = host();
    let analysis = host.snapshot();
    let all = analysis.diagnostics(&root).unwrap();
    let mut out = String::new();
    for (path, findings) in &all {
        let text = analysis.file_text(path).unwrap();
        for f in findings.iter().filter(|f| f.code.starts_with("values-")) {
            let r = f.range.unwrap();
            out.push_str(&format!(
                "{} {}@{}: {}\n",
                path.strip_prefix(&root).unwrap().display(),
                f.code,
                &text[r.to_usize()],
                f.message
            ));
        }
    }
    // The misspelt `image.tga` leaves `image.tag` unread; `redis.enabled` is the dependency's
    // condition, `redis.ttl` is the subchart's `ttl`, `global` is never reported.
    expect![[r#"
        charts/cache/values.yaml values-unused@maxMemory: `maxMemory` is not used by any template
        templates/deployment.yaml values-undefined@tga: `.Values.image.tga` is not defined in any values file or values schema; did you mean `.Values.image.tag`?
        values.yaml values-unused@tag: `image.tag` is not used by any template
        values.yaml values-unused@legacyMode: `legacyMode` is not used by any template
    "#]]
    .assert_eq(&out);
}

#[test]
fn hints_and_hover_follow_the_configured_values_file() {
    let (host, root) = host();
    let analysis = host.snapshot();
    let path = root.join("charts/cache/templates/configmap.yaml");
    let text = analysis.file_text(&path).unwrap();
    let hints = analysis
        .inlay_hints(&path, TextRange::new(0, text.len() as u32))
        .unwrap();
    let labels: Vec<&str> = hints.iter().map(|h| h.label.as_str()).collect();
    assert_eq!(labels, ["= 600", "= shop.example.com"]);

    let offset = text.find(".ttl").unwrap() as u32 + 2;
    let hover = analysis.hover(&path, offset).unwrap().unwrap();
    expect![[r#"
        **`.Values.ttl`** — `number = 600`

        Seconds an entry lives.

        - `charts/cache/values.yaml`: `30`
        - `values.yaml`: `60`
        - `ci/prod.yaml`: `600`"#]]
    .assert_eq(&hover.markdown);
}

//! The render preview, as a spec: `helm template`'s output for the chart (or one template), a
//! source map that round-trips between preview bytes and template bytes, and render errors.

use std::sync::Arc;

use cw_ide::fixture::Fixture;
use cw_ide::preview::Preview;
use cw_ide::TextRange;
use expect_test::expect;

const CHART: &str = r#"
//- /Chart.yaml
apiVersion: v2
name: demo
version: 0.1.0
//- /values.yaml
name: web
ports: [80, 443]
//- /templates/_helpers.tpl
{{- define "demo.labels" }}
    app: {{ .Values.name }}
{{- end }}
{{- define "demo.fullname" }}{{ .Release.Name }}-{{ .Values.name }}{{ end }}
//- /templates/service.yaml
apiVersion: v1
kind: Service
metadata:
  name: {{ include "demo.fullname" . }}
  labels:
    {{- template "demo.labels" . }}
spec:
  ports:
  {{- range .Values.ports }}
    - port: {{ . }}
  {{- end }}
//- /templates/cm.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Values.name }}
"#;

fn text_at<'a>(
    f: &Fixture,
    path: &std::path::Path,
    r: TextRange,
    keep: &'a mut Vec<Arc<str>>,
) -> &'a str {
    let text = f.host.snapshot().file_text(path).unwrap();
    keep.push(text);
    &keep.last().unwrap()[r.to_usize()]
}

fn preview(f: &Fixture, path: &str, only: bool) -> Preview {
    f.host
        .snapshot()
        .render_preview(&f.path(path), None, only)
        .unwrap()
}

#[test]
fn the_chart_as_helm_template_prints_it() {
    let f = Fixture::parse(CHART);
    let p = preview(&f, "/templates/cm.yaml", false);
    assert!(p.errors.is_empty(), "{:#?}", p.errors);
    assert_eq!(p.root, f.root);
    // Kind order (ConfigMap before Service), `# Source:` headers, as helm template.
    expect![[r#"
        ---
        # Source: demo/templates/cm.yaml
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: web
        ---
        # Source: demo/templates/service.yaml
        apiVersion: v1
        kind: Service
        metadata:
          name: release-name-web
          labels:
            app: web
        spec:
          ports:
            - port: 80
            - port: 443
    "#]]
    .assert_eq(&p.text);
}

#[test]
fn every_segment_round_trips_to_its_template_text() {
    let f = Fixture::parse(CHART);
    let p = preview(&f, "/templates/cm.yaml", false);
    assert!(!p.segments.is_empty());
    let mut keep = Vec::new();
    let mut last_end = 0;
    for s in &p.segments {
        assert!(
            s.rendered.start() >= last_end,
            "segments are sorted and disjoint"
        );
        last_end = s.rendered.end();
        let rendered = &p.text[s.rendered.to_usize()];
        let source = text_at(&f, &s.path, s.range, &mut keep);
        if s.verbatim {
            assert_eq!(rendered, source);
        } else {
            assert!(
                source.starts_with("{{") && source.ends_with("}}"),
                "{source:?}"
            );
        }
        // And back: the template bytes lead to these preview bytes.
        assert!(p.rendered_ranges(&s.path, s.range).contains(&s.rendered));
    }
    // Every byte of a document body is mapped; headers and separators are not.
    for (i, line) in p.text.split_inclusive('\n').scan(0u32, |at, l| {
        let start = *at;
        *at += l.len() as u32;
        Some((start, l))
    }) {
        let mapped = p.source_at(i).is_some();
        let header = line.starts_with("---") || line.starts_with("# Source:");
        assert_eq!(mapped, !header, "{line:?}");
    }
}

#[test]
fn jumping_between_template_and_preview() {
    let f = Fixture::parse(CHART);
    let p = preview(&f, "/templates/cm.yaml", false);
    let svc = f.path("/templates/service.yaml");
    let helpers = f.path("/templates/_helpers.tpl");
    let svc_text = f.host.snapshot().file_text(&svc).unwrap();
    let helpers_text = f.host.snapshot().file_text(&helpers).unwrap();
    let mut keep = Vec::new();

    // Preview → template: the value printed by include maps to the calling action.
    let at = p.text.find("release-name-web").unwrap() as u32;
    let src = p.source_at(at + 3).unwrap();
    assert_eq!(src.path, svc);
    assert_eq!(
        text_at(&f, &src.path, src.range, &mut keep),
        r#"{{ include "demo.fullname" . }}"#
    );

    // {{template}} writes its body directly: the label maps into _helpers.tpl.
    let at = p.text.find("app: web").unwrap() as u32;
    let src = p.source_at(at).unwrap();
    assert_eq!(src.path, helpers);
    assert_eq!(text_at(&f, &src.path, src.range, &mut keep), "a");
    let src = p.source_at(at + 5).unwrap();
    assert_eq!(
        text_at(&f, &src.path, src.range, &mut keep),
        "{{ .Values.name }}"
    );

    // Template → preview: a range body printed twice.
    let action = svc_text.find("{{ . }}").unwrap() as u32;
    let out: Vec<&str> = p
        .rendered_ranges(&svc, TextRange::empty(action + 3))
        .into_iter()
        .map(|r| &p.text[r.to_usize()])
        .collect();
    assert_eq!(out, ["80", "443"]);
    // Plain text: byte for byte.
    let kind = svc_text.find("Service").unwrap() as u32;
    let out: Vec<&str> = p
        .rendered_ranges(&svc, TextRange::new(kind, kind + 7))
        .into_iter()
        .map(|r| &p.text[r.to_usize()])
        .collect();
    assert_eq!(out, ["Service"]);
    // A define's text, rendered where it was called.
    let app = helpers_text.find("app:").unwrap() as u32;
    let out: Vec<&str> = p
        .rendered_ranges(&helpers, TextRange::new(app, app + 4))
        .into_iter()
        .map(|r| &p.text[r.to_usize()])
        .collect();
    assert_eq!(out, ["app:"]);
}

#[test]
fn only_one_template() {
    let f = Fixture::parse(CHART);
    let p = preview(&f, "/templates/cm.yaml", true);
    expect![[r#"
        ---
        # Source: demo/templates/cm.yaml
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: web
    "#]]
    .assert_eq(&p.text);
    let name = p.text.find("web").unwrap() as u32;
    let src = p.source_at(name).unwrap();
    assert_eq!(src.path, f.path("/templates/cm.yaml"));
    // Partials print nothing.
    assert_eq!(preview(&f, "/templates/_helpers.tpl", true).text, "");
}

#[test]
fn values_files_of_the_request_leave_the_cache_alone() {
    let mut f = Fixture::parse(CHART);
    f.host
        .set_file(&f.path("/ci/prod.yaml"), Arc::from("name: prod\n"));
    let snap = f.host.snapshot();
    let cm = f.path("/templates/cm.yaml");
    let p = snap
        .render_preview(&cm, Some(vec!["ci/prod.yaml".into()]), true)
        .unwrap();
    assert!(p.text.contains("name: prod"), "{}", p.text);
    // The configured (default) analysis is unchanged, and served from the cache.
    let chart = snap.chart(&f.root).unwrap();
    assert_eq!(
        chart.rendered(&cm).unwrap().content,
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n"
    );
    assert!(preview(&f, "/templates/cm.yaml", true)
        .text
        .contains("name: web"));
    // Asking for the configured files is the cached analysis.
    let same = snap.render_preview(&cm, Some(vec![]), true).unwrap();
    assert!(same.text.contains("name: web"));
}

#[test]
fn templates_that_fail_are_left_out_and_reported() {
    let f = Fixture::parse(
        r#"
//- /Chart.yaml
apiVersion: v2
name: demo
version: 0.1.0
//- /templates/a.yaml
a: {{ fail "nope" }}
//- /templates/b.yaml
b: [
//- /templates/c.yaml
c: {{ if }}
//- /templates/d.yaml
d: ok
"#,
    );
    let p = preview(&f, "/templates/d.yaml", false);
    expect![[r#"
        ---
        # Source: demo/templates/d.yaml
        d: ok
    "#]]
    .assert_eq(&p.text);
    let mut errors: Vec<String> = p
        .errors
        .iter()
        .map(|e| {
            format!(
                "{} {}",
                e.file.strip_prefix(&f.root).unwrap().display(),
                e.code
            )
        })
        .collect();
    errors.sort();
    assert_eq!(
        errors,
        [
            "templates/a.yaml template-render-error",
            "templates/b.yaml rendered-yaml-invalid",
            "templates/c.yaml template-syntax-error",
            "templates/c.yaml template-syntax-error"
        ]
    );
    // One template alone: only its own errors.
    let only = preview(&f, "/templates/a.yaml", true);
    assert_eq!(only.text, "");
    assert_eq!(only.errors.len(), 1);
    assert_eq!(
        only.errors[0].message,
        "execution error at (demo/templates/a.yaml:1:6): nope"
    );
}

#[test]
fn a_file_outside_any_chart_has_an_empty_preview() {
    let f = Fixture::parse(
        r#"
//- /notachart/x.yaml
a: 1
"#,
    );
    let p = preview(&f, "/notachart/x.yaml", false);
    assert_eq!(p, Preview::default());
}

//! Diagnostics, as a spec: one fixture chart per diagnostic source, each finding printed as
//! `file  "the text its range covers"  severity code: message` so the ranges are checked by the
//! text they cover.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use cw_ide::fixture::Fixture;
use cw_ide::{Config, DiagnosticsConfig, Finding};
use expect_test::{expect, Expect};

/// Lint rules (other than the loader's findings) and the undefined/unused values of
/// `crate::values` (specified in its own tests) are left out of the snapshots of the other
/// sources, so each test shows its own source.
fn not_lint(d: &Finding) -> bool {
    (cw_lint::rule(d.code).is_none() || cw_chart::codes::ALL.contains(&d.code))
        && !VALUES_CODES.contains(&d.code)
}

const VALUES_CODES: [&str; 2] = ["values-undefined", "values-unused"];

/// The findings of the fixture's root chart that `show` keeps, one per line.
fn render(
    f: &Fixture,
    diags: &BTreeMap<PathBuf, Vec<Finding>>,
    show: &dyn Fn(&Finding) -> bool,
) -> String {
    let snap = f.host.snapshot();
    let rel = |p: &std::path::Path| {
        p.strip_prefix(&f.root)
            .map(|r| r.display().to_string())
            .unwrap_or_else(|_| p.display().to_string())
    };
    let covered = |p: &std::path::Path, r: Option<cw_ide::TextRange>| match r {
        None => "<file>".to_string(),
        Some(r) => {
            let text = snap.file_text(p).expect("a finding's file exists");
            format!("{:?}", &text[r.to_usize()])
        }
    };
    let mut out = String::new();
    for (path, findings) in diags {
        for d in findings.iter().filter(|d| show(d)) {
            assert_eq!(&d.file, path, "a finding is filed under its own file");
            out.push_str(&format!(
                "{}  {}  {} {}: {}\n",
                rel(path),
                covered(path, d.range),
                d.severity,
                d.code,
                d.message
            ));
            for r in &d.related {
                out.push_str(&format!(
                    "    related {}  {}  {}\n",
                    rel(&r.file),
                    covered(&r.file, r.range),
                    r.message
                ));
            }
        }
    }
    out
}

fn check_with(config: Config, fixture: &str, expect: Expect) {
    let f = Fixture::with_config(fixture, config);
    let diags = f.host.snapshot().diagnostics(&f.root).unwrap();
    expect.assert_eq(&render(&f, &diags, &not_lint));
}

/// Every finding, lint rules included.
fn check_all(fixture: &str, expect: Expect) {
    let f = Fixture::parse(fixture);
    let diags = f.host.snapshot().diagnostics(&f.root).unwrap();
    expect.assert_eq(&render(&f, &diags, &|_| true));
}

fn check(fixture: &str, expect: Expect) {
    check_with(Config::default(), fixture, expect);
}

const CHART: &str = "
//- /Chart.yaml
apiVersion: v2
name: demo
version: 0.1.0
icon: https://example.com/icon.png
";

/// A chart with a subchart `sub`.
const UMBRELLA: &str = "
//- /Chart.yaml
apiVersion: v2
name: demo
version: 0.1.0
icon: https://example.com/icon.png
dependencies:
  - name: sub
    version: 0.1.0
//- /templates/NOTES.txt
hello
//- /charts/sub/Chart.yaml
apiVersion: v2
name: sub
version: 0.1.0
icon: https://example.com/icon.png
";

#[test]
fn template_syntax_errors_all_of_them_in_every_file() {
    check(
        &format!(
            r#"{CHART}
//- /templates/a.yaml
a: {{{{ .Values.x }}
b: {{{{ end }}}}
//- /templates/b.yaml
c: {{{{ nosuchfunc 1 }}}}
//- /templates/ok.yaml
d: 1
"#
        ),
        expect![[r#"
            templates/a.yaml  "}"  error template-syntax-error: unexpected "}" in operand
            templates/a.yaml  "{{ end }}"  error template-syntax-error: unexpected {{end}}
            templates/b.yaml  "nosuchfunc"  error template-syntax-error: function "nosuchfunc" not defined
        "#]],
    );
}

#[test]
fn render_errors_at_the_action_that_failed() {
    check(
        &format!(
            r#"{CHART}
//- /values.yaml
list: [1, 2]
//- /templates/nil.yaml
a: {{{{ .Values.missing.deeper }}}}
//- /templates/required.yaml
b: {{{{ required "set b, please" .Values.b }}}}
//- /templates/fail.yaml
{{{{- if true }}}}
{{{{ fail "no way" }}}}
{{{{- end }}}}
//- /templates/types.yaml
c: {{{{ index .Values.list "x" }}}}
//- /templates/unknown.yaml
d: {{{{ include "nope" . }}}}
"#
        ),
        expect![[r#"
            templates/fail.yaml  "fail \"no way\""  error template-render-error: execution error at (demo/templates/fail.yaml:2:3): no way
            templates/nil.yaml  ".Values.missing.deeper"  error template-render-error: demo/templates/nil.yaml:1:13
              executing "demo/templates/nil.yaml" at <.Values.missing.deeper>:
                nil pointer evaluating interface {}.deeper
            templates/required.yaml  "required \"set b, please\" .Values.b"  error template-render-error: execution error at (demo/templates/required.yaml:1:6): set b, please
            templates/types.yaml  "index .Values.list \"x\""  error template-render-error: template: demo/templates/types.yaml:1:6: executing "demo/templates/types.yaml" at <index .Values.list "x">: error calling index: cannot index slice/array with type string
            templates/unknown.yaml  "include \"nope\" ."  error template-render-error: demo/templates/unknown.yaml:1:6
              executing "demo/templates/unknown.yaml" at <include "nope" .>:
                error calling include:
            template: no template "nope" associated with template "gotpl"
        "#]],
    );
}

#[test]
fn a_failure_inside_a_define_is_reported_at_the_call_and_in_the_define() {
    check(
        &format!(
            r#"{CHART}
//- /templates/_helpers.tpl
{{{{- define "demo.name" -}}}}
{{{{ .Values.name | required "name is required" }}}}
{{{{- end }}}}
//- /templates/a.yaml
name: {{{{ include "demo.name" . }}}}
//- /templates/b.yaml
other: {{{{ include "demo.name" . | quote }}}}
"#
        ),
        expect![[r#"
            templates/_helpers.tpl  "required \"name is required\""  error template-render-error: name is required
                related templates/b.yaml  "include \"demo.name\" ."  called while rendering demo/templates/b.yaml
                related templates/a.yaml  "include \"demo.name\" ."  called while rendering demo/templates/a.yaml
            templates/a.yaml  "include \"demo.name\" ."  error template-render-error: execution error at (demo/templates/a.yaml:1:9): name is required
                related templates/_helpers.tpl  "required \"name is required\""  the failing action, in demo/templates/_helpers.tpl
            templates/b.yaml  "include \"demo.name\" ."  error template-render-error: execution error at (demo/templates/b.yaml:1:10): name is required
                related templates/_helpers.tpl  "required \"name is required\""  the failing action, in demo/templates/_helpers.tpl
        "#]],
    );
}

#[test]
fn runaway_recursion_is_a_render_error_not_a_hang() {
    let f = Fixture::parse(&format!(
        r#"{CHART}
//- /templates/_loop.tpl
{{{{- define "loop" }}}}{{{{ include "loop" . }}}}{{{{ end }}}}
//- /templates/a.yaml
a: {{{{ include "loop" . }}}}
"#
    ));
    let diags = f.host.snapshot().diagnostics(&f.root).unwrap();
    let at_call = &diags[&f.path("/templates/a.yaml")];
    assert_eq!(at_call.len(), 1, "{at_call:#?}");
    let d = &at_call[0];
    assert_eq!(d.code, "template-render-error");
    assert_eq!(d.range, Some(cw_ide::TextRange::new(6, 22))); // include "loop" .

    // Helm's thousand-level trace (one line, as helm 4 prints it), its middle elided.
    assert!(d.message.starts_with("template: demo/templates/a.yaml:1:6: executing \"demo/templates/a.yaml\" at <include \"loop\" .>: error calling include: template: demo/templates/_loop.tpl:1:23:"), "{}", d.message);
    assert!(d.message.contains("more levels"), "{}", d.message);
    assert!(d.message.ends_with(
        "rendering template has a nested reference name: loop: unable to execute template"
    ));
    assert!(d.message.lines().count() < 10);
    let in_define = &diags[&f.path("/templates/_loop.tpl")];
    assert_eq!(in_define.len(), 1);
    assert_eq!(in_define[0].message, "error calling include: rendering template has a nested reference name: loop: unable to execute template");
}

#[test]
fn invalid_rendered_yaml_maps_to_the_template_line_that_produced_it() {
    check(
        &format!(
            r#"{CHART}
//- /values.yaml
name: web
//- /templates/cm.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{{{ .Values.name }}}}
data:
  key: {{{{ .Values.name }}}}: oops
//- /templates/_helpers.tpl
{{{{- define "demo.labels" }}}}
app: x
  bad: indent
{{{{- end }}}}
//- /templates/svc.yaml
apiVersion: v1
kind: Service
metadata:
{{{{- template "demo.labels" . }}}}
"#
        ),
        expect![[r#"
            templates/_helpers.tpl  "  bad: indent"  error rendered-yaml-invalid: YAML parse error on demo/templates/svc.yaml: error converting YAML to JSON: yaml: line 5: mapping values are not allowed in this context
                related templates/svc.yaml  <file>  rendered by demo/templates/svc.yaml
            templates/cm.yaml  "  key: {{ .Values.name }}: oops"  error rendered-yaml-invalid: YAML parse error on demo/templates/cm.yaml: error converting YAML to JSON: yaml: line 6: mapping values are not allowed in this context
        "#]],
    );
}

#[test]
fn a_broken_template_does_not_stop_the_diagnostics_of_the_others() {
    check(
        &format!(
            r#"{CHART}
//- /templates/1-syntax.yaml
a: {{{{ if }}}}
//- /templates/2-render.yaml
b: {{{{ fail "stop" }}}}
//- /templates/3-yaml.yaml
c: [
//- /templates/4-render.yaml
d: {{{{ .Values.nope.nope }}}}
//- /templates/5-lint.yml
e: 1
"#
        ),
        expect![[r#"
            templates/1-syntax.yaml  "{{ if"  error template-syntax-error: unexpected EOF
            templates/1-syntax.yaml  "}}"  error template-syntax-error: missing value for if
            templates/2-render.yaml  "fail \"stop\""  error template-render-error: execution error at (demo/templates/2-render.yaml:1:6): stop
            templates/3-yaml.yaml  "c: ["  error rendered-yaml-invalid: YAML parse error on demo/templates/3-yaml.yaml: error converting YAML to JSON: yaml: line 1: did not find expected node content
            templates/4-render.yaml  ".Values.nope.nope"  error template-render-error: demo/templates/4-render.yaml:1:13
              executing "demo/templates/4-render.yaml" at <.Values.nope.nope>:
                nil pointer evaluating interface {}.nope
        "#]],
    );
}

#[test]
fn values_file_yaml_errors_and_duplicate_keys() {
    check_with(
        Config {
            value_files: vec!["ci/prod.yaml".into()],
            ..Config::default()
        },
        &format!(
            r#"{CHART}
//- /values.yaml
image:
  tag: "1"
  tag: "2"
//- /ci/prod.yaml
replicas: [1
//- /templates/a.yaml
a: 1
"#
        ),
        expect![[r#"
            ci/prod.yaml  ""  error values-yaml-invalid: failed to parse ci/prod.yaml: cannot unmarshal yaml document: error converting YAML to JSON: yaml: line 1: did not find expected ',' or ']'
            values.yaml  "tag"  warning values-duplicate-key: key tag is already set in this mapping; the last one wins
                related values.yaml  "tag"  first set here
        "#]],
    );
}

#[test]
fn invalid_values_yaml_is_reported_at_its_range() {
    check(
        &format!(
            r#"{CHART}
//- /values.yaml
a: b: c
//- /templates/a.yaml
a: 1
"#
        ),
        expect![[r#"
            values.yaml  ":"  error yaml-invalid: cannot load values.yaml: cannot unmarshal yaml document: error converting YAML to JSON: yaml: mapping values are not allowed in this context
        "#]],
    );
}

const SCHEMA: &str = r#"{
  "type": "object",
  "required": ["image"],
  "properties": {
    "replicas": {"type": "integer"},
    "image": {
      "type": "object",
      "required": ["repository"],
      "properties": {"repository": {"type": "string"}, "tag": {"type": "string"}}
    }
  }
}"#;

#[test]
fn schema_violations_at_the_offending_value() {
    check(
        &format!(
            r#"{CHART}
//- /values.schema.json
{SCHEMA}
//- /values.yaml
replicas: "three"
image:
  tag: 1
//- /templates/a.yaml
a: 1
"#
        ),
        expect![[r#"
            values.yaml  "\"three\""  error values-schema-violation: at '/replicas': got string, want integer
                related values.schema.json  <file>  the schema of chart demo
            values.yaml  "image"  error values-schema-violation: at '/image': missing property 'repository'
                related values.schema.json  <file>  the schema of chart demo
            values.yaml  "1"  error values-schema-violation: at '/image/tag': got number, want string
                related values.schema.json  <file>  the schema of chart demo
        "#]],
    );
}

#[test]
fn schema_violations_of_a_subchart_point_at_the_parent_value_that_wins() {
    check(
        &format!(
            r#"{UMBRELLA}
//- /values.yaml
sub:
  replicas: many
//- /charts/sub/values.schema.json
{SCHEMA}
//- /charts/sub/values.yaml
replicas: 1
image:
  repository: nginx
//- /charts/sub/templates/a.yaml
a: 1
"#
        ),
        expect![[r#"
            values.yaml  "many"  error values-schema-violation: at '/replicas': got string, want integer
                related charts/sub/values.schema.json  <file>  the schema of chart sub
        "#]],
    );
}

#[test]
fn coalescing_warnings_at_the_key() {
    check(
        &format!(
            r#"{UMBRELLA}
//- /values.yaml
sub:
  image:
    tag: "2"
//- /charts/sub/values.yaml
image: nginx
//- /charts/sub/templates/a.yaml
a: 1
"#
        ),
        expect![[r#"
            values.yaml  "image"  warning values-coalesce: warning: skipped value for demo.sub.image: Not a table.
        "#]],
    );
}

#[test]
fn chart_yaml_findings_with_absolute_paths() {
    check_all(
        r#"
//- /Chart.yaml
apiVersion: v2
name: demo
version: one
//- /values.yaml
//- /templates/cm.yaml
a: 1
"#,
        expect![[r#"
            Chart.yaml  <file>  info chart-icon-missing: icon is recommended
            Chart.yaml  "one"  error chart-version-invalid: version 'one' is not a valid SemVer
            Chart.yaml  "one"  warning chart-version-not-strict: version 'one' is not a valid SemVerV2
        "#]],
    );
}

#[test]
fn requirements_yaml_findings_of_a_v1_chart() {
    check_all(
        r#"
//- /Chart.yaml
apiVersion: v1
name: demo
version: 0.1.0
icon: https://example.com/icon.png
//- /requirements.yaml
dependencies:
  - name: db
    version: ">= 1.0 <<"
    repository: https://example.com/charts
//- /values.yaml
//- /templates/NOTES.txt
hi
"#,
        expect![[r#"
            requirements.yaml  "db"  warning dependency-missing-in-charts-dir: chart directory is missing these dependencies: db
            requirements.yaml  "<<"  warning dependency-version-invalid: dependency "db" has an invalid version constraint ">= 1.0 <<": improper constraint: >= 1.0 <<
        "#]],
    );
}

#[test]
fn lint_rules_over_the_rendered_templates() {
    check_all(
        &format!(
            r#"{CHART}
//- /values.yaml
//- /templates/cm.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: Not_Valid
//- /templates/notes.txt.bak
x
"#
        ),
        expect![[r#"
            templates/cm.yaml  "Not_Valid"  warning object-name-invalid: object name does not conform to Kubernetes naming requirements: "Not_Valid": metadata.name: Invalid value: "Not_Valid": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')
            templates/notes.txt.bak  <file>  error template-extension-invalid: file extension '.bak' not valid. Valid extensions are .yaml, .yml, .tpl, or .txt
            templates/notes.txt.bak  "x"  error rendered-yaml-invalid: YAML parse error on demo/templates/notes.txt.bak: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go value of type util.SimpleHead
        "#]],
    );
}

#[test]
fn undefined_and_unused_values_are_merged_as_warnings() {
    let f = Fixture::parse(&format!(
        r#"{CHART}
//- /values.yaml
used: 1
unused: 2
//- /templates/a.yaml
a: {{{{ .Values.used }}}}{{{{ .Values.nowhere }}}}
"#
    ));
    let diags = f.host.snapshot().diagnostics(&f.root).unwrap();
    expect![[r#"
        templates/a.yaml  "nowhere"  warning values-undefined: `.Values.nowhere` is not defined in any values file or values schema
        values.yaml  "unused"  warning values-unused: `unused` is not used by any template
    "#]]
    .assert_eq(&render(&f, &diags, &|d| VALUES_CODES.contains(&d.code)));
    let mut config = Config::default();
    config.diagnostics.undefined_values = false;
    config.diagnostics.unused_values = false;
    let f = Fixture::with_config(
        &format!(
            r#"{CHART}
//- /values.yaml
unused: 2
//- /templates/a.yaml
a: {{{{ .Values.nowhere }}}}
"#
        ),
        config,
    );
    let diags = f.host.snapshot().diagnostics(&f.root).unwrap();
    assert_eq!(render(&f, &diags, &|d| VALUES_CODES.contains(&d.code)), "");
}

#[test]
fn every_template_values_and_chart_file_gets_an_entry_even_when_clean() {
    let f = Fixture::parse(&format!(
        r#"{UMBRELLA}
//- /values.yaml
a: 1
//- /templates/a.yaml
a: {{{{ .Values.a }}}}
//- /charts/sub/templates/b.yaml
b: 1
"#
    ));
    let diags = f.host.snapshot().diagnostics(&f.root).unwrap();
    let files: Vec<String> = diags
        .keys()
        .map(|p| p.strip_prefix(&f.root).unwrap().display().to_string())
        .collect();
    assert_eq!(
        files,
        [
            "Chart.yaml",
            "charts/sub/Chart.yaml",
            "charts/sub/templates/b.yaml",
            "templates/NOTES.txt",
            "templates/a.yaml",
            "values.yaml"
        ]
    );
    let shown: Vec<&Finding> = diags.values().flatten().filter(|d| not_lint(d)).collect();
    assert!(shown.is_empty(), "{shown:#?}");
}

#[test]
fn toggles_turn_sources_off() {
    let fixture = format!(
        r#"{CHART}
//- /templates/a.yaml
a: {{{{ fail "x" }}}}
//- /templates/b.yaml
b: [
//- /templates/c.yaml
c: {{{{ if }}}}
//- /templates/d.yaml
kind: ConfigMap
metadata:
  name: Bad_Name
"#
    );
    let codes = |config: Config| {
        let f = Fixture::with_config(&fixture, config);
        let diags = f.host.snapshot().diagnostics(&f.root).unwrap();
        let mut codes: Vec<&str> = diags
            .values()
            .flatten()
            .filter(|d| not_lint(d))
            .map(|d| d.code)
            .collect();
        codes.sort();
        codes.dedup();
        codes
    };
    assert_eq!(
        codes(Config::default()),
        [
            "rendered-yaml-invalid",
            "template-render-error",
            "template-syntax-error"
        ]
    );
    let off = |f: fn(&mut DiagnosticsConfig)| {
        let mut c = Config::default();
        f(&mut c.diagnostics);
        c
    };
    assert_eq!(
        codes(off(|d| d.render = false)),
        ["rendered-yaml-invalid", "template-syntax-error"]
    );
    assert_eq!(
        codes(off(|d| d.rendered_yaml = false)),
        ["template-render-error", "template-syntax-error"]
    );
    assert!(codes(off(|d| d.enable = false)).is_empty());
    let lint_codes = |config: Config| {
        let f = Fixture::with_config(&fixture, config);
        let diags = f.host.snapshot().diagnostics(&f.root).unwrap();
        let mut codes: Vec<&str> = diags
            .values()
            .flatten()
            .filter(|d| !not_lint(d) && !VALUES_CODES.contains(&d.code))
            .map(|d| d.code)
            .collect();
        codes.sort();
        codes.dedup();
        codes
    };
    // No values.yaml (a Chart lint rule), and an invalid object name.
    assert_eq!(
        lint_codes(Config::default()),
        ["object-name-invalid", "values-file-missing"]
    );
    assert!(lint_codes(off(|d| d.lint = false)).is_empty());
}

#[test]
fn editing_a_parents_values_rechecks_the_subcharts() {
    let f = Fixture::parse(&format!(
        r#"{UMBRELLA}
//- /values.yaml
sub:
  host: example.com
//- /charts/sub/templates/a.yaml
host: {{{{ required "host is required" .Values.host }}}}
"#
    ));
    let sub_tpl = f.path("/charts/sub/templates/a.yaml");
    let errors = |f: &Fixture| {
        let diags = f.host.snapshot().diagnostics(&f.root).unwrap();
        diags[&sub_tpl]
            .iter()
            .filter(|d| not_lint(d))
            .map(|d| d.message.clone())
            .collect::<Vec<_>>()
    };
    assert!(errors(&f).is_empty());
    let mut f = f;
    let values = f.path("/values.yaml");
    f.host.set_file(&values, Arc::from("sub: {}\n"));
    assert_eq!(
        errors(&f),
        ["execution error at (demo/charts/sub/templates/a.yaml:1:9): host is required"]
    );
    f.host
        .set_file(&values, Arc::from("sub:\n  host: example.org\n"));
    assert!(errors(&f).is_empty());
}

/// testdata/ide/diagnostics-archived-subchart: a chart on disk whose `.tgz` dependency fails to
/// render for want of a value.
#[test]
fn a_failure_in_an_archived_subchart_is_shown_on_the_root_chart_yaml() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/ide/diagnostics-archived-subchart")
        .canonicalize()
        .unwrap();
    let mut host = cw_ide::AnalysisHost::new(Config::default());
    host.set_roots(vec![root.clone()]);
    let diags = host.snapshot().diagnostics(&root).unwrap();
    let files: Vec<String> = diags
        .keys()
        .map(|p| p.strip_prefix(&root).unwrap().display().to_string())
        .collect();
    // Files inside the archive exist in no editor: no entries for them.
    assert_eq!(files, ["Chart.yaml", "templates/cm.yaml", "values.yaml"]);
    let shown: Vec<&Finding> = diags.values().flatten().filter(|d| not_lint(d)).collect();
    assert_eq!(shown.len(), 1, "{shown:#?}");
    let d = shown[0];
    assert_eq!(d.file, root.join("Chart.yaml"));
    assert_eq!(d.range, None);
    assert_eq!(d.code, "template-render-error");
    assert_eq!(
        d.message,
        "charts/sub-0.1.0.tgz/templates/deploy.yaml: execution error at \
         (umbrella/charts/sub/templates/deploy.yaml:4:11): sub needs host"
    );
    assert_eq!(
        d.related[0].file,
        root.join("charts/sub-0.1.0.tgz/templates/deploy.yaml")
    );
    assert!(d.related[0].range.is_some());
}

//! Go to definition and references for values: a template path segment goes to its key in
//! every values file that sets it (the subchart's values.yaml, the parent's `sub.x` override,
//! configured `-f` files); references list every template segment that reads the value.

use crate::values_util as util;

use cw_ide::fixture::Fixture;
use cw_ide::Config;
use expect_test::expect;
use util::ranges;

const UMBRELLA: &str = r#"
//- /Chart.yaml
apiVersion: v2
name: shop
version: 0.1.0
dependencies:
  - name: cache
    version: 1.0.0
//- /values.yaml
cache:
  ttl: 60
global:
  domain: example.com
//- /ci/prod.yaml
cache:
  ttl: 600
//- /templates/ingress.yaml
host: {{ .Values.global.domain }}
ttl: {{ .Values.cache.ttl }}
//- /charts/cache/Chart.yaml
apiVersion: v2
name: cache
version: 1.0.0
//- /charts/cache/values.yaml
ttl: 30
//- /charts/cache/templates/cm.yaml
ttl: {{ .Values.ttl }}
domain: {{ .Values.global.domain }}
"#;

fn with_cursor(marker: &str) -> Fixture {
    let text = UMBRELLA.replacen(&marker.replace('|', ""), &marker.replace('|', "$0"), 1);
    Fixture::with_config(
        &text,
        Config {
            value_files: vec!["ci/prod.yaml".into()],
            ..Config::default()
        },
    )
}

#[test]
fn definition_of_a_subchart_value_is_its_default_and_every_override() {
    let f = with_cursor("ttl: {{ .Values.t|tl }}");
    let (path, offset) = f.cursor();
    let targets = f.host.snapshot().goto_definition(path, offset).unwrap();
    expect![[r#"
        charts/cache/values.yaml:1@ttl
        values.yaml:2@ttl
        ci/prod.yaml:2@ttl
    "#]]
    .assert_eq(&ranges(&f, &targets));
}

#[test]
fn definition_of_a_global_value() {
    let f = with_cursor("domain: {{ .Values.global.dom|ain }}");
    let (path, offset) = f.cursor();
    let targets = f.host.snapshot().goto_definition(path, offset).unwrap();
    expect![[r#"
        values.yaml:4@domain
    "#]]
    .assert_eq(&ranges(&f, &targets));
}

#[test]
fn references_from_a_template_reach_the_parent_and_the_subchart() {
    let f = with_cursor("ttl: {{ .Values.cache.t|tl }}");
    let (path, offset) = f.cursor();
    let refs = f.host.snapshot().references(path, offset, false).unwrap();
    expect![[r#"
        charts/cache/templates/cm.yaml:1@ttl
        templates/ingress.yaml:2@ttl
    "#]]
    .assert_eq(&ranges(&f, &refs));
    let all = f.host.snapshot().references(path, offset, true).unwrap();
    expect![[r#"
        charts/cache/templates/cm.yaml:1@ttl
        charts/cache/values.yaml:1@ttl
        ci/prod.yaml:2@ttl
        templates/ingress.yaml:2@ttl
        values.yaml:2@ttl
    "#]]
    .assert_eq(&ranges(&f, &all));
}

#[test]
fn references_from_a_key_in_values_yaml() {
    let f = with_cursor("  t|tl: 60");
    let (path, offset) = f.cursor();
    let refs = f.host.snapshot().references(path, offset, false).unwrap();
    expect![[r#"
        charts/cache/templates/cm.yaml:1@ttl
        templates/ingress.yaml:2@ttl
    "#]]
    .assert_eq(&ranges(&f, &refs));
}

#[test]
fn references_follow_with_blocks_variables_and_index() {
    let f = Fixture::parse(
        r#"
//- /Chart.yaml
apiVersion: v2
name: demo
version: 0.1.0
//- /values.yaml
image:
  t$0ag: "1"
//- /templates/a.yaml
{{- with .Values.image }}
a: {{ .tag }}
{{- end }}
{{- $img := .Values.image }}
b: {{ $img.tag }}
c: {{ index .Values "image" "tag" }}
d: {{ $.Values.image.tag | default "x" }}
"#,
    );
    let (path, offset) = f.cursor();
    let refs = f.host.snapshot().references(path, offset, false).unwrap();
    expect![[r#"
        templates/a.yaml:2@tag
        templates/a.yaml:5@tag
        templates/a.yaml:6@tag
        templates/a.yaml:7@tag
    "#]]
    .assert_eq(&ranges(&f, &refs));
}

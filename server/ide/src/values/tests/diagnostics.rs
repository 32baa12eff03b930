//! `values-undefined` and `values-unused`: what is reported, where, and what is not.

use expect_test::expect;

use super::diags;

#[test]
fn undefined_reference_with_did_you_mean() {
    let out = diags(
        r#"
        //- /Chart.yaml
        apiVersion: v2
        name: demo
        version: 0.1.0
        //- /values.yaml
        image:
          repository: nginx
          tag: "1.0"
        //- /templates/deploy.yaml
        image: {{ .Values.image.repository }}:{{ .Values.image.tga }}
        other: {{ .Values.nothing }}
        "#,
    );
    expect![[r#"
        warning values-undefined templates/deploy.yaml@tga: `.Values.image.tga` is not defined in any values file or values schema; did you mean `.Values.image.tag`?
        warning values-undefined templates/deploy.yaml@nothing: `.Values.nothing` is not defined in any values file or values schema
        warning values-unused values.yaml@tag: `image.tag` is not used by any template
    "#]]
    .assert_eq(&out);
}

const HEAD: &str = "//- /Chart.yaml\napiVersion: v2\nname: demo\nversion: 0.1.0\n";

#[test]
fn guarded_references_are_not_reported() {
    // `default`, `| default`, `hasKey`, `dig`, `coalesce` and an `if`/`with` on the path (or
    // on a parent) say the value is optional.
    let out = diags(&format!(
        r#"{HEAD}//- /values.yaml
name: x
//- /templates/a.yaml
a: {{{{ .Values.name }}}}{{{{ .Values.a | default "x" }}}}{{{{ default "y" .Values.b }}}}
{{{{- if .Values.c }}}}{{{{ .Values.c }}}}{{{{ .Values.c.d }}}}{{{{ end }}}}
{{{{- with .Values.e }}}}{{{{ .f }}}}{{{{ end }}}}
{{{{- if hasKey .Values "g" }}}}{{{{ .Values.g }}}}{{{{ end }}}}
{{{{ dig "h" "i" "none" .Values }}}}{{{{ coalesce .Values.j .Values.name }}}}
{{{{ required "k is required" .Values.k }}}}
"#
    ));
    expect![[r#"
        warning values-undefined templates/a.yaml@k: `.Values.k` is not defined in any values file or values schema
    "#]]
    .assert_eq(&out);
}

#[test]
fn open_maps_schema_keys_and_user_files_define_values() {
    let out = diags(&format!(
        r#"{HEAD}//- /values.yaml
podAnnotations: {{}}
extra: ~
image:
  tag: "1"
//- /values.schema.json
{{"properties": {{"image": {{"properties": {{"digest": {{"type": "string"}}}}}}, "labels": {{"type": "object"}}}}}}
//- /templates/a.yaml
{{{{ .Values.podAnnotations.foo }}}}{{{{ .Values.extra.bar }}}}{{{{ .Values.image.tag }}}}
{{{{ .Values.image.digest }}}}{{{{ .Values.labels.app }}}}{{{{ .Values.image.tag.x }}}}
"#
    ));
    // `image` is a map with keys: `image.nope` would be undefined; `image.tag` is a string,
    // nothing is under it.
    expect![[r#"
        warning values-undefined templates/a.yaml@x: `.Values.image.tag.x` is not defined in any values file or values schema
    "#]]
    .assert_eq(&out);
}

#[test]
fn unused_keys_are_reported_at_the_highest_unused_key() {
    let out = diags(&format!(
        r#"{HEAD}//- /values.yaml
image:
  repository: nginx
  tag: "1"
old:
  a: 1
  b: 2
resources:
  limits:
    cpu: 1
podAnnotations: {{}}
global:
  x: 1
//- /templates/a.yaml
image: {{{{ .Values.image.repository }}}}
{{{{- with .Values.resources }}}}
resources: {{{{ toYaml . }}}}
{{{{- end }}}}
{{{{- if .Values.podAnnotations }}}}
annotations: {{{{ toYaml .Values.podAnnotations }}}}
{{{{- end }}}}
"#
    ));
    expect![[r#"
        warning values-unused values.yaml@tag: `image.tag` is not used by any template
        warning values-unused values.yaml@old: `old` is not used by any template (nor anything under it)
    "#]]
    .assert_eq(&out);
}

#[test]
fn probing_a_map_does_not_use_what_is_under_it() {
    let out = diags(&format!(
        r#"{HEAD}//- /values.yaml
ingress:
  enabled: false
  host: example.com
  tls: []
//- /templates/a.yaml
{{{{- if .Values.ingress.enabled }}}}
{{{{- $ing := .Values.ingress }}}}
host: {{{{ $ing.host }}}}
{{{{- end }}}}
"#
    ));
    expect![[r#"
        warning values-unused values.yaml@tls: `ingress.tls` is not used by any template
    "#]]
    .assert_eq(&out);
}

#[test]
fn whole_values_uses_and_tpl_mark_everything_used() {
    let out = diags(&format!(
        "{HEAD}//- /values.yaml\na: 1\nb: 2\n//- /templates/a.yaml\n{{{{ toYaml .Values }}}}\n"
    ));
    expect![[r#""#]].assert_eq(&out);
    let out = diags(&format!(
        "{HEAD}//- /values.yaml\na: 1\nb: '{{{{ .Values.a }}}}'\n//- /templates/a.yaml\n{{{{ tpl .Values.b . }}}}\n"
    ));
    expect![[r#""#]].assert_eq(&out);
}

#[test]
fn subchart_values_parent_overrides_conditions_and_globals() {
    let out = diags(
        r#"
//- /Chart.yaml
apiVersion: v2
name: shop
version: 0.1.0
dependencies:
  - name: cache
    version: 1.0.0
    condition: cache.enabled
  - name: postgresql
    version: 12.0.0
    repository: https://charts.example
//- /values.yaml
cache:
  enabled: true
  ttl: 60
  size: 1
postgresql:
  auth:
    password: x
global:
  domain: example.com
//- /charts/cache/Chart.yaml
apiVersion: v2
name: cache
version: 1.0.0
//- /charts/cache/values.yaml
ttl: 30
unusedHere: 1
//- /charts/cache/templates/cm.yaml
ttl: {{ .Values.ttl }}
domain: {{ .Values.global.domain }}
missing: {{ .Values.global.nope }}
"#,
    );
    // `cache.enabled` is the dependency's condition; `postgresql` is not vendored (its values
    // cannot be checked); `cache.size` is read by no template of the subchart.
    expect![[r#"
        warning values-undefined charts/cache/templates/cm.yaml@nope: `.Values.global.nope` is not defined in any values file or values schema
        warning values-unused charts/cache/values.yaml@unusedHere: `unusedHere` is not used by any template
        warning values-unused values.yaml@size: `cache.size` is not used by any template
    "#]]
    .assert_eq(&out);
}

#[test]
fn library_charts_are_not_checked() {
    let out = diags(
        r#"
//- /Chart.yaml
apiVersion: v2
name: app
version: 0.1.0
//- /values.yaml
name: x
//- /templates/a.yaml
{{ .Values.name }}{{ include "common.name" . }}
//- /charts/common/Chart.yaml
apiVersion: v2
name: common
version: 1.0.0
type: library
//- /charts/common/values.yaml
unused: 1
//- /charts/common/templates/_helpers.tpl
{{- define "common.name" -}}{{ .Values.nameOverride | default .Chart.Name }}{{ .Values.fullname }}{{- end -}}
"#,
    );
    expect![[r#""#]].assert_eq(&out);
}

#[test]
fn toggles_switch_each_check_off() {
    let f = crate::fixture::Fixture::with_config(
        &format!("{HEAD}//- /values.yaml\na: 1\n//- /templates/a.yaml\n{{{{ .Values.b }}}}\n"),
        crate::Config {
            diagnostics: crate::DiagnosticsConfig {
                unused_values: false,
                ..crate::DiagnosticsConfig::default()
            },
            ..crate::Config::default()
        },
    );
    let analysis = f.host.snapshot();
    let chart = analysis.chart(&f.root).unwrap();
    let codes: Vec<&str> = super::super::value_diagnostics(&chart, &analysis)
        .unwrap()
        .iter()
        .map(|d| d.code)
        .collect();
    assert_eq!(codes, vec!["values-undefined"]);
}

#[test]
fn hostile_nesting_is_bounded() {
    let deep = "{{ if .Values.a }}".repeat(5000) + &"{{ end }}".repeat(5000);
    let out = diags(&format!(
        "{HEAD}//- /values.yaml\na: 1\n//- /templates/a.yaml\n{deep}\n"
    ));
    assert!(out.is_empty(), "{out}");
}

#[test]
fn keys_documented_only_in_a_comment_are_info() {
    let out = diags(&format!(
        r#"{HEAD}//- /values.yaml
app:
  name: x
  # resources:
  #   limits: {{}}
//- /templates/a.yaml
{{{{ .Values.app.name }}}}{{{{ toYaml .Values.app.resources }}}}{{{{ .Values.app.nmae }}}}
"#
    ));
    expect![[r#"
        info values-undefined templates/a.yaml@resources: `.Values.app.resources` is not defined in any values file or values schema (values.yaml only mentions it in a comment)
        warning values-undefined templates/a.yaml@nmae: `.Values.app.nmae` is not defined in any values file or values schema; did you mean `.Values.app.name`?
    "#]]
    .assert_eq(&out);
}

#[test]
fn the_root_context_passed_in_a_dict_reads_values() {
    // `.root.Values.secrets` read with a computed key uses all of `secrets`.
    let out = diags(&format!(
        r#"{HEAD}//- /values.yaml
secrets:
  token: x
name: y
//- /templates/_helpers.tpl
{{{{- define "x" }}}}{{{{ index .root.Values.secrets .key }}}}{{{{ .context.Values.nmae }}}}{{{{ end }}}}
//- /templates/a.yaml
{{{{ include "x" (dict "root" . "key" "token" "context" .) }}}}
"#
    ));
    expect![[r#"
        warning values-undefined templates/_helpers.tpl@nmae: `.Values.nmae` is not defined in any values file or values schema; did you mean `.Values.name`?
        warning values-unused values.yaml@name: `name` is not used by any template
    "#]]
    .assert_eq(&out);
}

#[test]
fn values_methods_are_not_keys() {
    // Go looks `common.Values`' methods up before keys: these read the values, they name none.
    let out = diags(&format!(
        r#"{HEAD}//- /values.yaml
a:
  b: 1
s: x
//- /templates/a.yaml
a: {{{{ (.Values.Table "a").b }}}}|{{{{ .Values.PathValue "s" }}}}|{{{{ .Values.AsMap | len }}}}|{{{{ .Values.YAML }}}}
b: {{{{ .Values.a.Table }}}}
"#
    ));
    // Only a map below `.Values` has no methods: `.Values.a.Table` is a key (missing).
    expect![[r#"
        warning values-undefined templates/a.yaml@Table: `.Values.a.Table` is not defined in any values file or values schema
    "#]]
    .assert_eq(&out);
}

//! Inlay hints: the resolved value after each `.Values` reference of a template, from the
//! `.Values` Helm computes for that template's chart (subcharts see their own scope).

use cw_base::TextRange;
use cw_ide::fixture::Fixture;
use expect_test::expect;

fn hints(fixture: &str, file: &str) -> String {
    let f = Fixture::parse(fixture);
    let path = f.path(file);
    let analysis = f.host.snapshot();
    let text = analysis.file_text(&path).unwrap();
    let hints = analysis
        .inlay_hints(&path, TextRange::new(0, text.len() as u32))
        .unwrap();
    // The text with each hint spliced in as `⟨label⟩`.
    let mut out = text.to_string();
    for h in hints.iter().rev() {
        out.insert_str(h.offset as usize, &format!("⟨{}⟩", h.label));
    }
    out
}

#[test]
fn values_as_helm_prints_them_and_maps_abbreviated() {
    expect![[r#"
        image: {{ .Values.image.repository⟨= nginx⟩ }}:{{ .Values.image.tag⟨= 1.25⟩ }}
        replicas: {{ .Values.replicas⟨= 3⟩ }}
        big: {{ .Values.big⟨= 1e+06⟩ }}
        on: {{ .Values.enabled⟨= true⟩ }}
        {{- with .Values.image⟨= {…2 keys}⟩ }}
        tag: {{ .tag⟨= 1.25⟩ }}
        {{- end }}
        ports: {{ toYaml .Values.ports⟨= […2 items]⟩ }}
        nothing: {{ .Values.missing }}
        idx: {{ index .Values "image" "tag"⟨= 1.25⟩ }}
    "#]]
    .assert_eq(&hints(
        r#"
//- /Chart.yaml
apiVersion: v2
name: demo
version: 0.1.0
//- /values.yaml
image:
  repository: nginx
  tag: "1.25"
replicas: 3
big: 1000000
enabled: yes
ports: [80, 443]
//- /templates/a.yaml
image: {{ .Values.image.repository }}:{{ .Values.image.tag }}
replicas: {{ .Values.replicas }}
big: {{ .Values.big }}
on: {{ .Values.enabled }}
{{- with .Values.image }}
tag: {{ .tag }}
{{- end }}
ports: {{ toYaml .Values.ports }}
nothing: {{ .Values.missing }}
idx: {{ index .Values "image" "tag" }}
"#,
        "/templates/a.yaml",
    ));
}

#[test]
fn a_subchart_template_sees_the_parent_override() {
    expect![[r#"
        ttl: {{ .Values.ttl⟨= 60⟩ }}
        domain: {{ .Values.global.domain⟨= example.com⟩ }}
    "#]]
    .assert_eq(&hints(
        r#"
//- /Chart.yaml
apiVersion: v2
name: shop
version: 0.1.0
//- /values.yaml
cache:
  ttl: 60
global:
  domain: example.com
//- /charts/cache/Chart.yaml
apiVersion: v2
name: cache
version: 1.0.0
//- /charts/cache/values.yaml
ttl: 30
//- /charts/cache/templates/cm.yaml
ttl: {{ .Values.ttl }}
domain: {{ .Values.global.domain }}
"#,
        "/charts/cache/templates/cm.yaml",
    ));
}

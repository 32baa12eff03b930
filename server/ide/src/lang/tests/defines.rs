//! Template names as Helm loads them: the defines of every chart Helm renders — not those of a
//! subchart disabled by its condition or tags (`include` of one of its names fails with `no
//! template "x" associated with template "gotpl"`) — and, among several defines of a name,
//! the one Helm executes.

use expect_test::expect;

use crate::fixture::Fixture;
use crate::CompletionKind;

/// A root chart with two subcharts: `web` (enabled) and `legacy` (`condition: legacy.enabled`, false
/// in values.yaml). `legacy` has a subchart of its own, `deep`.
fn chart(template: &str) -> String {
    format!(
        r#"//- /Chart.yaml
apiVersion: v2
name: demo
version: 0.1.0
dependencies:
  - name: web
    version: 0.1.0
  - name: legacy
    version: 0.1.0
    condition: legacy.enabled
//- /values.yaml
legacy:
  enabled: false
//- /charts/web/Chart.yaml
apiVersion: v2
name: web
version: 0.1.0
//- /charts/web/templates/_h.tpl
{{{{ define "web.name" }}}}web{{{{ end }}}}
//- /charts/legacy/Chart.yaml
apiVersion: v2
name: legacy
version: 0.1.0
//- /charts/legacy/templates/_h.tpl
{{{{ define "legacy.name" }}}}legacy{{{{ end }}}}
//- /charts/legacy/charts/deep/Chart.yaml
apiVersion: v2
name: deep
version: 0.1.0
//- /charts/legacy/charts/deep/templates/_h.tpl
{{{{ define "deep.name" }}}}deep{{{{ end }}}}
{template}
"#
    )
}

fn template_names(fixture: &str) -> Vec<String> {
    let f = Fixture::parse(fixture);
    let (path, offset) = f.cursor();
    let items = f.host.snapshot().completion(path, offset).unwrap();
    items
        .into_iter()
        .filter(|i| i.kind == CompletionKind::Template)
        .map(|i| format!("{} — {}", i.label, i.detail.unwrap_or_default()))
        .collect()
}

fn hover(fixture: &str) -> String {
    let f = Fixture::parse(fixture);
    let (path, offset) = f.cursor();
    let h = f.host.snapshot().hover(path, offset).unwrap();
    h.map_or("no hover".into(), |h| h.markdown)
}

fn definitions(fixture: &str) -> Vec<String> {
    let f = Fixture::parse(fixture);
    let (path, offset) = f.cursor();
    let defs = f.host.snapshot().goto_definition(path, offset).unwrap();
    defs.iter()
        .map(|d| d.path.strip_prefix(&f.root).unwrap().display().to_string())
        .collect()
}

#[test]
fn include_names_leave_out_disabled_subcharts() {
    let names = template_names(&chart("//- /templates/a.yaml\na: {{ include \"$0\" . }}"));
    expect![[r#"
        [
            "web.name — define in charts/web/templates/_h.tpl",
        ]
    "#]]
    .assert_debug_eq(&names);
}

#[test]
fn a_template_of_a_disabled_subchart_sees_its_own_subtree() {
    // Nothing renders it; read as if its subchart were enabled.
    let names = template_names(&chart(
        "//- /charts/legacy/templates/a.yaml\na: {{ include \"$0\" . }}",
    ));
    expect![[r#"
        [
            "deep.name — define in charts/legacy/charts/deep/templates/_h.tpl",
            "legacy.name — define in charts/legacy/templates/_h.tpl",
            "web.name — define in charts/web/templates/_h.tpl",
        ]
    "#]]
    .assert_debug_eq(&names);
}

#[test]
fn hover_and_definition_of_a_name_only_a_disabled_subchart_defines() {
    let fixture = chart("//- /templates/a.yaml\na: {{ include \"legacy.na$0me\" . }}");
    expect![[r#"No template named `legacy.name` is loaded: it is defined only in `charts/legacy/templates/_h.tpl`, in a subchart Helm does not render (disabled by its condition or tags), so Helm does not load it."#]]
    .assert_eq(&hover(&fixture));
    assert_eq!(definitions(&fixture), Vec::<String>::new());
    // Enabled, the same name is there.
    let enabled = fixture.replace("enabled: false", "enabled: true");
    assert_eq!(
        definitions(&enabled),
        vec!["charts/legacy/templates/_h.tpl".to_string()]
    );
    assert!(hover(&enabled).contains("```gotmpl\n{{ define \"legacy.name\" }}\nlegacy\n{{ end }}"));
}

#[test]
fn the_render_error_and_the_quick_fixes_agree() {
    let fixture = chart("//- /templates/a.yaml\na: {{ include \"legacy.nam$0e\" . }}");
    // What `helm template` says for this chart (helm v4.1.4).
    expect![[r#"
        templates/a.yaml@include "legacy.name" .: demo/templates/a.yaml:1:6
          executing "demo/templates/a.yaml" at <include "legacy.name" .>:
            error calling include:
        template: no template "legacy.name" associated with template "gotpl"
    "#]]
    .assert_eq(&super::diags_with_code(&fixture, "template-render-error"));
    // A did-you-mean offers names Helm loads, never the disabled subchart's.
    let titles = |fixture: &str| {
        let f = Fixture::parse(fixture);
        let (path, offset) = f.cursor();
        let actions = f
            .host
            .snapshot()
            .code_actions(path, cw_base::TextRange::empty(offset))
            .unwrap();
        actions.into_iter().map(|a| a.title).collect::<Vec<_>>()
    };
    assert_eq!(
        titles(&fixture.replace("legacy.nam$0e", "legacy.n$0me")),
        Vec::<String>::new()
    );
    assert_eq!(
        titles(&fixture.replace("legacy.nam$0e", "web.n$0me")),
        vec!["Change to `web.name` (no template named `web.nme`)".to_string()]
    );
}

#[test]
fn of_several_defines_hover_names_the_one_helm_executes() {
    // Helm parses the deepest paths first, then names in reverse order: the last parsed wins
    // (`helm template` prints `a` for this chart).
    let fixture = r#"//- /Chart.yaml
apiVersion: v2
name: demo
version: 0.1.0
//- /charts/sub/Chart.yaml
apiVersion: v2
name: sub
version: 0.1.0
//- /charts/sub/templates/_h.tpl
{{ define "x" }}sub{{ end }}
//- /templates/_b.tpl
{{ define "x" }}b{{ end }}
//- /templates/_a.tpl
{{ define "x" }}a{{ end }}
//- /templates/a.yaml
a: {{ include "$0x" . }}
"#;
    let h = hover(fixture);
    assert!(
        h.ends_with("3 definitions: Helm uses the one in `templates/_a.tpl` (the last it loads)."),
        "{h}"
    );
    expect![[r#"
        [
            "x — define in templates/_a.tpl",
        ]
    "#]]
    .assert_debug_eq(&template_names(&fixture.replace("\"$0x\"", "\"$0\"")));
    let f = Fixture::parse(fixture);
    let rendered = f
        .host
        .snapshot()
        .chart(&f.root)
        .unwrap()
        .rendered(&f.path("/templates/a.yaml"))
        .map(|r| r.content.clone());
    assert_eq!(rendered.as_deref(), Some("a: a\n"));
}

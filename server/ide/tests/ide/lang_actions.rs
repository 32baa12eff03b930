//! Code actions on templates: `indent` → `nindent`, did-you-mean for unknown functions and
//! template names. Each test applies the edit and checks the resulting text.

use cw_ide::fixture::Fixture;
use cw_ide::{CodeAction, CodeActionKind, TextRange};

const CHART: &str = "//- /Chart.yaml\napiVersion: v2\nname: demo\nversion: 0.1.0\n";

fn actions(files: &str) -> (Fixture, Vec<CodeAction>) {
    let f = Fixture::parse(&format!("{CHART}{files}"));
    let (path, offset) = f.cursor();
    let got = f
        .host
        .snapshot()
        .code_actions(path, TextRange::empty(offset))
        .unwrap()
        .into_iter()
        // Only this module's actions (the values module adds its own on `.Values` paths).
        .filter(|a| a.kind == CodeActionKind::RefactorRewrite || a.title.starts_with("Change to"))
        .collect();
    (f, got)
}

fn apply(f: &Fixture, a: &CodeAction) -> String {
    let (path, _) = f.cursor();
    let mut text = f.host.snapshot().file_text(path).unwrap().to_string();
    assert_eq!(a.edit.edits.len(), 1, "edits one file");
    for e in a.edit.edits[path].iter().rev() {
        text.replace_range(e.range.to_usize(), &e.new_text);
    }
    text
}

#[test]
fn indent_at_the_start_of_a_line_becomes_nindent() {
    let (f, got) =
        actions("//- /templates/cm.yaml\ndata:\n  {{ toYaml .Values.x | ind$0ent 2 }}\n");
    let a = got
        .iter()
        .find(|a| a.kind == CodeActionKind::RefactorRewrite)
        .unwrap();
    assert_eq!(
        a.title,
        "Use `{{-` and `nindent 2` (every line indented alike)"
    );
    assert_eq!(
        apply(&f, a),
        "data:\n  {{- toYaml .Values.x | nindent 2 }}\n"
    );
}

#[test]
fn include_and_the_function_form_and_an_already_trimmed_delimiter() {
    let (f, got) = actions(
        "//- /templates/cm.yaml\nmetadata:\n  labels:\n    {{- indent 4 (include \"x\" .) $0}}\n",
    );
    assert_eq!(
        apply(&f, &got[0]),
        "metadata:\n  labels:\n    {{- nindent 4 (include \"x\" .) }}\n"
    );
    let (f, got) = actions("//- /templates/cm.yaml\nx:\n  {{toYaml .a|indent 2$0}}\n");
    assert_eq!(apply(&f, &got[0]), "x:\n  {{- toYaml .a|nindent 2}}\n");
}

#[test]
fn no_rewrite_mid_line_or_for_other_pipelines() {
    let (_, got) = actions("//- /templates/cm.yaml\nx: {{ toYaml .a | indent 2$0 }}\n");
    assert!(got.is_empty(), "{got:?}");
    let (_, got) = actions("//- /templates/cm.yaml\nx:\n  {{ .Values.a | indent 2$0 }}\n");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn unknown_function_did_you_mean() {
    let (f, got) = actions("//- /templates/cm.yaml\nx: {{ .Values.a | qoute$0 }}\n");
    let titles: Vec<&str> = got.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles[0], "Change to `quote`");
    assert!(got[0].is_preferred);
    assert_eq!(got[0].kind, CodeActionKind::QuickFix);
    assert_eq!(got[0].fixes.as_deref(), Some("template-syntax-error"));
    assert_eq!(apply(&f, &got[0]), "x: {{ .Values.a | quote }}\n");
}

#[test]
fn unknown_template_name_did_you_mean() {
    let (f, got) = actions(
        "//- /templates/_h.tpl\n{{ define \"demo.fullname\" }}x{{ end }}\n//- /templates/cm.yaml\nx: {{ include \"demo.fulname$0\" . }}\n",
    );
    assert_eq!(
        got.iter().map(|a| a.title.as_str()).collect::<Vec<_>>(),
        ["Change to `demo.fullname` (no template named `demo.fulname`)"]
    );
    assert_eq!(got[0].fixes.as_deref(), Some("template-render-error"));
    assert_eq!(apply(&f, &got[0]), "x: {{ include \"demo.fullname\" . }}\n");
}

#[test]
fn template_with_a_pipeline_becomes_include() {
    // The pipeline of a template action computes its data: `nindent` indents the dot here.
    let (f, got) = actions(
        "//- /templates/_h.tpl\n{{ define \"x\" }}a: 1{{ end }}\n//- /templates/cm.yaml\nm:\n  {{- template \"x\"$0 . | nindent 2 }}\n",
    );
    assert_eq!(
        got.iter().map(|a| a.title.as_str()).collect::<Vec<_>>(),
        ["Use `include` so the pipeline applies to the template's output"]
    );
    assert_eq!(
        apply(&f, &got[0]),
        "m:\n  {{- include \"x\" . | nindent 2 }}\n"
    );
    let (_, got) = actions(
        "//- /templates/_h.tpl\n{{ define \"x\" }}a: 1{{ end }}\n//- /templates/cm.yaml\n{{ template \"x\"$0 . }}\n",
    );
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn undefined_variable_did_you_mean_one_in_scope() {
    let (f, got) =
        actions("//- /templates/cm.yaml\n{{- $fullname := \"x\" }}\nname: {{ $fulname$0 }}\n");
    assert_eq!(
        got.iter().map(|a| a.title.as_str()).collect::<Vec<_>>(),
        ["Change to `$fullname`"]
    );
    assert_eq!(
        apply(&f, &got[0]),
        "{{- $fullname := \"x\" }}\nname: {{ $fullname }}\n"
    );
}

//! Document symbols (defines of a template, keys of values.yaml), semantic tokens of template
//! actions and signature help for function calls.

use cw_ide::fixture::Fixture;
use cw_ide::{DocumentSymbol, SemanticTokenKind, SymbolKind};

const CHART: &str = "//- /Chart.yaml\napiVersion: v2\nname: demo\nversion: 0.1.0\n";

fn outline(symbols: &[DocumentSymbol], depth: usize, out: &mut String) {
    for s in symbols {
        out.push_str(&format!(
            "{}{:?} {} ({}) {:?} sel {:?}\n",
            "  ".repeat(depth),
            s.kind,
            s.name,
            s.detail.as_deref().unwrap_or("-"),
            s.range,
            s.selection_range
        ));
        outline(&s.children, depth + 1, out);
    }
}

#[test]
fn template_symbols_are_its_defines_and_blocks() {
    let f = Fixture::parse(&format!(
        "{CHART}//- /templates/_helpers.tpl\n{{{{ define \"a\" }}}}x{{{{ block \"inner\" . }}}}y{{{{ end }}}}{{{{ end }}}}\n{{{{ define \"b\" }}}}{{{{ end }}}}\n"
    ));
    let got = f
        .host
        .snapshot()
        .document_symbols(&f.path("/templates/_helpers.tpl"))
        .unwrap();
    let mut s = String::new();
    outline(&got, 0, &mut s);
    expect_test::expect![[r#"
        Define a (define) 0..57 sel 11..12
          Block inner (block) 17..48 sel 27..32
        Define b (define) 58..83 sel 69..70
    "#]]
    .assert_eq(&s);
}

#[test]
fn values_yaml_symbols_are_the_key_tree() {
    let f = Fixture::parse(&format!(
        "{CHART}//- /values.yaml\nimage:\n  repository: nginx\n  tag: \"1.25\"\nreplicas: 2\nhosts:\n  - name: a\n"
    ));
    let got = f
        .host
        .snapshot()
        .document_symbols(&f.path("/values.yaml"))
        .unwrap();
    let mut s = String::new();
    outline(&got, 0, &mut s);
    expect_test::expect![[r#"
        Key image (-) 0..40 sel 0..5
          Key repository (nginx) 9..26 sel 9..19
          Key tag (1.25) 29..40 sel 29..32
        Key replicas (2) 41..52 sel 41..49
        Key hosts (list (1)) 53..71 sel 53..58
          Key [0] (-) 64..71 sel 64..71
            Key name (a) 64..71 sel 64..68
    "#]]
    .assert_eq(&s);
    assert_eq!(got[0].kind, SymbolKind::Key);
}

#[test]
fn semantic_tokens_cover_actions_only_and_never_span_lines() {
    let text = "a: {{- include \"x\" . | nindent 2 -}}\n{{ $v := .Release.Name }}{{/* one\ntwo */}}{{ 3 }}{{ nope }}\n";
    let f = Fixture::parse(&format!("{CHART}//- /templates/cm.yaml\n{text}"));
    let got = f
        .host
        .snapshot()
        .semantic_tokens(&f.path("/templates/cm.yaml"))
        .unwrap();
    let shown: Vec<String> = got
        .iter()
        .map(|t| {
            format!(
                "{:?}{} {:?}",
                t.kind,
                if t.default_library { "*" } else { "" },
                &text[t.range.to_usize()]
            )
        })
        .collect();
    expect_test::expect![[r#"
        [
            "Delimiter \"{{-\"",
            "Function* \"include\"",
            "String \"\\\"x\\\"\"",
            "Variable* \".\"",
            "Operator \"|\"",
            "Function* \"nindent\"",
            "Number \"2\"",
            "Delimiter \"-}}\"",
            "Delimiter \"{{\"",
            "Variable \"$v\"",
            "Operator \":=\"",
            "Property* \".Release\"",
            "Property \".Name\"",
            "Delimiter \"}}\"",
            "Comment \"{{/* one\"",
            "Comment \"two */}}\"",
            "Delimiter \"{{\"",
            "Number \"3\"",
            "Delimiter \"}}\"",
            "Delimiter \"{{\"",
            "Function \"nope\"",
            "Delimiter \"}}\"",
        ]
    "#]]
    .assert_debug_eq(&shown);
    assert!(got.iter().all(|t| !text[t.range.to_usize()].contains('\n')));
    assert_eq!(got[0].kind, SemanticTokenKind::Delimiter);
}

fn signature(template: &str) -> Option<cw_ide::SignatureHelp> {
    let f = Fixture::parse(&format!("{CHART}//- /templates/cm.yaml\n{template}\n"));
    let (path, offset) = f.cursor();
    f.host.snapshot().signature_help(path, offset).unwrap()
}

fn active(help: &cw_ide::SignatureHelp) -> &str {
    let (s, e) = help.parameters[help.active_parameter.unwrap() as usize];
    &help.label[s as usize..e as usize]
}

#[test]
fn signature_help_follows_the_argument_position() {
    let h = signature("{{ trunc $0 }}").unwrap();
    assert_eq!(h.label, "trunc(c int, s string) string");
    assert_eq!(h.parameters, [(6, 11), (13, 21)]);
    assert_eq!(active(&h), "c int");
    let h = signature("{{ trunc 63 $0 }}").unwrap();
    assert_eq!(active(&h), "s string");
    assert!(h.documentation.as_deref().unwrap().contains("Example"));
}

#[test]
fn signature_help_in_a_pipeline_the_piped_value_is_the_last_parameter() {
    // `.x | trunc 63`: 63 is `c`; the piped value is `s`.
    let h = signature("{{ .Values.name | trunc $0 }}").unwrap();
    assert_eq!(active(&h), "c int");
    let h = signature("{{ .Values.name | trunc 63 $0 }}").unwrap();
    assert_eq!(active(&h), "s string");
    let h = signature("{{ include \"x\" . | nindent $0").unwrap();
    assert!(h.label.starts_with("nindent("), "{}", h.label);
    assert_eq!(h.active_parameter, Some(0));
}

#[test]
fn signature_help_for_the_innermost_call_and_go_builtins() {
    let h = signature("{{ default (printf \"%s-%s\" .a $0) .b }}").unwrap();
    assert_eq!(h.label, "printf(format string, args ...any) string");
    assert_eq!(active(&h), "args ...any");
    let h = signature("{{ if eq .Values.env $0 }}{{ end }}").unwrap();
    assert_eq!(active(&h), "arg2 ...any");
    assert_eq!(signature("{{ .Values.x $0 }}"), None);
    assert_eq!(signature("text $0 {{ quote 1 }}"), None);
}

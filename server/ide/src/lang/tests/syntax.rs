//! Template syntax errors as `helm template` reports them: Go's message (Helm prints its last
//! `: ` part after `parse error at (NAME:LINE):`), at the node that is wrong — for a block
//! never closed, the opening of the innermost one.

use super::diagnostics;

const CHART: &str =
    "//- /Chart.yaml\napiVersion: v2\nname: c\nversion: 0.1.0\n//- /values.yaml\na: 1\n";

/// `COVERED TEXT: MESSAGE` for each syntax error of the template.
fn syntax(template: &str) -> Vec<String> {
    diagnostics(
        &format!("{CHART}//- /templates/a.yaml\n{template}\n"),
        "template-syntax-error",
    )
    .into_iter()
    .map(|(_, covered, message)| format!("{covered}: {message}"))
    .collect()
}

/// Each template, what `helm template` (v4.1.4) prints after `parse error at (c/templates/a.yaml:N): `,
/// and the text the IDE's diagnostic covers. Helm's text is the end of the IDE's message (Go's
/// whole message: `illegal number syntax: "0x"` where Helm keeps `"0x"`).
const CASES: &[(&str, &str, &str)] = &[
    ("x: 1\n{{ if .x }}\ny: 2", "unexpected EOF", "{{ if"),
    (
        "{{ if .a }}{{ range .b }}{{ end }}",
        "unexpected EOF",
        "{{ if",
    ),
    (
        "{{ range .a }}{{ with .b }}{{ end }}",
        "unexpected EOF",
        "{{ range",
    ),
    ("{{ if .a }}{{ else }}", "unexpected EOF", "{{ if"),
    (
        "{{ define \"x\" }}{{ if .a }}{{ end }}",
        "unexpected EOF",
        "{{ define \"x\"",
    ),
    (
        "a: {{ .x \n",
        "unclosed action started at c/templates/a.yaml:1",
        "{{",
    ),
    ("a: {{ (1 }}", "unclosed left paren", "("),
    (
        "a: {{ (1 ",
        "unclosed action started at c/templates/a.yaml:1",
        "{{",
    ),
    (
        "a: {{ .Values.x }\nb: 1",
        "unexpected \"}\" in operand",
        "}",
    ),
    ("{{ end }}", "unexpected {{end}}", "{{ end }}"),
    ("{{ else }}", "unexpected {{else}}", "{{ else }}"),
    ("a: {{ $x }}", "undefined variable \"$x\"", "$x"),
    (
        "a: {{ nosuch 1 }}",
        "function \"nosuch\" not defined",
        "nosuch",
    ),
    ("a: {{ \"abc }}", "unterminated quoted string", "\"abc }}\n"),
    ("a: {{/* unclosed", "unclosed comment", "/*"),
    ("a: {{ 1) }}", "unexpected right paren", ")"),
    ("a: {{ $x := }}", "missing value for command", "}}"),
    (
        "{{ block \"x\" }}{{ end }}",
        "missing value for block clause",
        "}}",
    ),
    (
        "{{ if .a }}{{ else if }}{{ end }}",
        "missing value for if",
        "}}",
    ),
    ("{{ break }}", "{{break}} outside {{range}}", "{{ break }}"),
    (
        "{{ range $i, $x, $y := .a }}{{ end }}",
        "too many declarations in range",
        ",",
    ),
    ("a: {{ .x.y. }}", "unexpected <.> in operand", "."),
    (
        "a: {{ template }}",
        "unexpected \"}}\" in template clause",
        "}}",
    ),
    ("a: {{ 0x }}", "\"0x\"", "0x"),
    (
        "a: {{ .x | 3 }}",
        "non executable command in pipeline stage 2",
        "3",
    ),
    ("a: {{ 'ab' }}", "'ab'", "'ab'"),
    ("a: {{ .x := 1 }}", "unexpected \":=\" in operand", ":="),
    ("a: {{ if .a }}b{{ end x }}", "unexpected \"x\" in end", "x"),
];

#[test]
fn messages_are_helms_at_the_offending_node() {
    let mut wrong = Vec::new();
    for (template, helm, covered) in CASES {
        let errors = syntax(template);
        // Helm stops at the first error; the IDE reports that one (and may find more).
        let hit = errors
            .iter()
            .any(|e| e.starts_with(&format!("{covered}: ")) && e.ends_with(helm));
        if !hit {
            wrong.push(format!(
                "{template:?}: want {covered:?}: …{helm}, got {errors:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn an_unclosed_if_is_one_error_at_its_opening() {
    // helm template: `parse error at (c/templates/a.yaml:4): unexpected EOF` (Go reports the
    // line where the text ends; the IDE shows the `if` that is not closed).
    assert_eq!(
        syntax("x: 1\n{{ if .x }}\ny: 2\n{{ range .a }}{{ end }}"),
        vec!["{{ if: unexpected EOF".to_string()]
    );
}

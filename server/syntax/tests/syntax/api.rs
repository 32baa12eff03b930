//! The public API around the parser: tree lookup with Go's tree-set rules, Go's `String()`
//! forms, error texts, positions, options, and the cursor resolver.

use cw_syntax::{
    go_line_col, node_at_offset, parse, HitKind, Node, Operand, ParseOptions, TreeKind, GO_BUILTINS,
};

fn funcs(name: &str) -> bool {
    GO_BUILTINS.contains(&name) || ["include", "quote", "default"].contains(&name)
}

fn opts(name: &str) -> ParseOptions<'_> {
    ParseOptions::new(name, &funcs)
}

#[test]
fn tree_set_follows_go() {
    let p = parse(
        "{{ define \"a\" }} {{ end }}{{ define \"a\" }}x{{ end }}{{ define \"a\" }} {{ end }}main",
        &opts("f.yaml"),
    );
    assert!(p.errors.is_empty());
    // The empty first definition is replaced; the empty third does not replace the second.
    assert_eq!(p.trees.len(), 4);
    let a = p.tree("a").unwrap();
    assert_eq!(a.root.to_string(), "x");
    assert_eq!(a.kind, TreeKind::Define);
    assert_eq!(p.main().name, "f.yaml");
    assert_eq!(p.main().kind, TreeKind::Main);
    let names: Vec<&str> = p.tree_set().iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["a", "f.yaml"]);
    assert!(p.trees[0].is_empty());
    assert!(!p.trees[1].is_empty());
    assert!(p.trees[2].is_empty());
}

#[test]
fn go_string_forms() {
    let text = r#"{{ $x := .a.b | printf "%d" (len .c) }}{{ if .x }}y{{ else }}z{{ end }}{{ template "t" $.v }}{{ (.m).n }}"#;
    let p = parse(text, &opts("f"));
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    assert_eq!(
        p.main().root.to_string(),
        r#"{{$x := .a.b | printf "%d" (len .c)}}{{if .x}}y{{else}}z{{end}}{{template "t" $.v}}{{(.m).n}}"#
    );
}

#[test]
fn error_texts_and_lines() {
    let p = parse("a\nb\n{{ .x | 1 }}", &opts("dir/f.yaml"));
    let e = p.first_error().unwrap();
    assert_eq!(e.message, "non executable command in pipeline stage 2");
    assert_eq!(e.line, 3);
    assert_eq!(
        e.go_text(),
        "template: dir/f.yaml:3: non executable command in pipeline stage 2"
    );
    assert_eq!(e.to_string(), e.go_text());
    assert_eq!(&"a\nb\n{{ .x | 1 }}"[e.range.to_usize()], "1");
}

#[test]
fn function_check_can_be_skipped() {
    let text = "{{ nosuch 1 }}";
    assert!(parse(text, &opts("f")).has_errors());
    let p = parse(text, &opts("f").skip_func_check(true));
    assert!(p.errors.is_empty());
}

#[test]
fn break_is_a_function_when_defined() {
    // Go: if the function map defines "break", the keyword is an ordinary identifier.
    let with_break = |n: &str| n == "break";
    let p = parse("{{ break }}", &ParseOptions::new("f", &with_break));
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    assert!(matches!(p.main().root.nodes[0], Node::Action(_)));
    let p = parse("{{ break }}", &opts("f"));
    assert_eq!(
        p.first_error().unwrap().message,
        "{{break}} outside {{range}}"
    );
}

#[test]
fn go_positions_for_exec_errors() {
    let text = "x: {{ .Values.a.b }}\n  {{ if .c }}{{ end }}";
    let p = parse(text, &opts("f"));
    let Node::Action(a) = &p.main().root.nodes[1] else {
        panic!("{:?}", p.main().root.nodes)
    };
    let Operand::Field(f) = &a.pipe.cmds[0].args[0] else {
        panic!()
    };
    // Go positions a chained field at its second segment: `.a`.
    assert_eq!(go_line_col(text, f.pos), (1, 13));
    assert_eq!(&text[f.range.to_usize()], ".Values.a.b");
    let Node::If(b) = &p.main().root.nodes[3] else {
        panic!()
    };
    assert_eq!(go_line_col(text, b.pos), (2, 8));
    assert_eq!(go_line_col(text, text.len() as u32), (2, 22));
}

#[test]
fn resolver_finds_field_segments() {
    let text = "{{ with .Values.image }}{{ .repository | quote }}{{ end }}";
    let p = parse(text, &opts("f"));
    let at = |needle: &str| text.find(needle).unwrap() as u32;
    let hit = node_at_offset(&p, at("image") + 2).unwrap();
    match hit.kind {
        HitKind::Field { field, index } => {
            assert_eq!(index, 1);
            assert_eq!(field.idents[0].name, "Values");
        }
        k => panic!("{k:?}"),
    }
    assert_eq!(&text[hit.range.to_usize()], "image");
    assert!(hit.ancestors.is_empty());
    let hit = node_at_offset(&p, at("repository")).unwrap();
    assert!(matches!(hit.kind, HitKind::Field { index: 0, .. }));
    assert_eq!(hit.ancestors.len(), 1);
    assert!(matches!(hit.ancestors[0], Node::With(_)));
    assert!(hit.command.is_some());
    let hit = node_at_offset(&p, at("quote") + 1).unwrap();
    assert!(matches!(hit.kind, HitKind::Function(f) if f.name == "quote"));
}

#[test]
fn resolver_names_and_variables() {
    let text = "{{ define \"x\" }}{{ $v := .a }}{{ $v.b }}{{ end }}{{ template \"x\" . }}t";
    let p = parse(text, &opts("f"));
    let at = |needle: &str| text.find(needle).unwrap() as u32;
    let hit = node_at_offset(&p, at("\"x\"") + 1).unwrap();
    assert!(matches!(hit.kind, HitKind::DefineName));
    assert_eq!(hit.tree.name, "x");
    let hit = node_at_offset(&p, at("$v.b") + 3).unwrap();
    assert!(matches!(hit.kind, HitKind::Variable { index: Some(0), .. }));
    assert_eq!(hit.tree.name, "x");
    let hit = node_at_offset(&p, at("$v :=")).unwrap();
    assert!(matches!(hit.kind, HitKind::Variable { index: None, .. }));
    let hit = node_at_offset(&p, at("template \"x\"") + 10).unwrap();
    assert!(matches!(hit.kind, HitKind::TemplateName(t) if t.name == "x"));
    let hit = node_at_offset(&p, text.len() as u32).unwrap();
    assert!(matches!(hit.kind, HitKind::Text(t) if t.text == "t"));
}

#[test]
fn resolver_on_broken_input() {
    let text = "a: {{ .Values.ima";
    let p = parse(text, &opts("f"));
    assert!(p.has_errors());
    let hit = node_at_offset(&p, text.len() as u32).unwrap();
    match hit.kind {
        HitKind::Field { field, index } => {
            assert_eq!(index, 1);
            assert_eq!(field.idents[1].name, "ima");
        }
        k => panic!("{k:?}"),
    }
}

#[test]
fn resolver_after_a_trailing_dot() {
    // While typing `.Values.`, the path has an empty last segment at the cursor.
    let text = "a: {{ .Values. }}{{ $v := . }}{{ $v.x. | quote }}";
    let p = parse(text, &opts("f"));
    assert_eq!(
        p.first_error().unwrap().message,
        "unexpected <.> in operand"
    );
    let cursor = text.find(". }}").unwrap() as u32 + 1;
    let hit = node_at_offset(&p, cursor).unwrap();
    match hit.kind {
        HitKind::Field { field, index } => {
            assert_eq!(index, 1);
            assert_eq!(field.idents[0].name, "Values");
            assert_eq!(field.idents[1].name, "");
        }
        k => panic!("{k:?}"),
    }
    let cursor = text.find(". | quote").unwrap() as u32 + 1;
    let hit = node_at_offset(&p, cursor).unwrap();
    assert!(
        matches!(hit.kind, HitKind::Variable { var, index: Some(1) } if var.fields[1].name.is_empty())
    );
}

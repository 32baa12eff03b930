//! Source maps, cancellation and error traces: each output byte maps back to the template text
//! that wrote it, a set cancel flag stops an execution, and an error inside nested templates
//! carries every location from the outermost action down to the failing node.

use crate::common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use cw_template::{
    Budget, BudgetKind, ExecErrorKind, FuncError, FuncMap, Limits, MissingKey, SegmentKind,
    Signature, SourceMap, TemplateSet, Value,
};

const HELPERS: &str = "{{- define \"name\" -}}\n{{ .Values.name | default \"app\" }}\n{{- end }}\n\
{{- define \"labels\" -}}\napp: {{ template \"name\" . }}\ntier: {{ .Values.tier }}\n{{- end }}\n\
{{- define \"broken\" -}}\nx: {{ index .Values.list 5 }}\n{{- end }}\n\
{{- define \"outer\" -}}\n{{ template \"broken\" . }}\n{{- end }}\n";

const MAIN: &str = "kind: ConfigMap\nmetadata:\n  labels:\n    {{- include \"labels\" . | nindent 4 }}\n  name: {{ .Values.name }}\n{{- /* c */}}\ndata:\n{{- range $k, $v := .Values.data }}\n  {{ $k }}: {{ $v | quote }}\n{{- end }}\n  block: |\n    {{- template \"labels\" . }}\n";

fn funcs() -> FuncMap {
    let mut f = common::test_funcs();
    f.add("include", Signature::fixed(2), |ctx, a| {
        let name = a[0].as_str().unwrap_or("").to_string();
        ctx.execute_template(&name, a[1].clone())
            .map(Value::string)
            .map_err(FuncError::from)
    });
    f.add("default", Signature::fixed(2), |_, a| {
        Ok(if a[1].truth() {
            a[1].clone()
        } else {
            a[0].clone()
        })
    });
    f.add("quote", Signature::fixed(1), |_, a| {
        Ok(Value::string(format!(
            "\"{}\"",
            cw_template::fmt::sprint(std::slice::from_ref(&a[0]))
        )))
    });
    f.add("nindent", Signature::fixed(2), |_, a| {
        let n = match a[0] {
            Value::Int(i) => i as usize,
            _ => 0,
        };
        let pad = " ".repeat(n);
        let s = a[1].as_str().unwrap_or("").to_string();
        Ok(Value::string(format!(
            "\n{pad}{}",
            s.replace('\n', &format!("\n{pad}"))
        )))
    });
    f
}

fn set() -> TemplateSet {
    let mut set = TemplateSet::new("gotpl")
        .with_funcs(funcs())
        .with_missing_key(MissingKey::Zero);
    for (name, text) in [
        ("c/templates/_helpers.tpl", HELPERS),
        ("c/templates/cm.yaml", MAIN),
    ] {
        let p = set.parse_and_add(name, text);
        assert!(!p.has_errors(), "{:?}", p.errors);
    }
    set
}

fn data(list: Value) -> Value {
    Value::map_from([(
        "Values",
        Value::map_from([
            ("name", Value::str("web")),
            ("tier", Value::str("front")),
            ("list", list),
            (
                "data",
                Value::map_from([("a", Value::str("1")), ("b", Value::str("2"))]),
            ),
        ]),
    )])
}

fn text_of(source: &str) -> &'static str {
    match source {
        "c/templates/_helpers.tpl" => HELPERS,
        "c/templates/cm.yaml" => MAIN,
        other => panic!("unexpected source {other}"),
    }
}

/// The template text that wrote the output byte at `offset`, and its file.
fn origin(map: &SourceMap, offset: usize) -> (String, &'static str) {
    let (src, span) = map.source_at(offset as u32).expect("mapped");
    (src.to_string(), &text_of(src)[span.to_usize()])
}

fn render(set: &TemplateSet) -> (String, SourceMap) {
    let (out, map, err) = set.render_mapped(
        "c/templates/cm.yaml",
        data(Value::list(vec![])),
        &mut Budget::default(),
    );
    assert!(err.is_none(), "{err:?}");
    (out, map)
}

#[test]
fn output_maps_to_actions_and_text() {
    let set = set();
    let (out, map) = render(&set);
    assert_eq!(
        out,
        "kind: ConfigMap\nmetadata:\n  labels:\n    app: web\n    tier: front\n  name: web\ndata:\n  a: \"1\"\n  b: \"2\"\n  block: |app: web\ntier: front\n"
    );
    // Plain text maps byte for byte into the file being rendered.
    let (src, s) = origin(&map, out.find("ConfigMap").unwrap());
    assert_eq!((src.as_str(), s), ("c/templates/cm.yaml", "C"));
    // The output of `include ... | nindent 4` is a value: it maps to the calling action.
    let (src, s) = origin(&map, out.find("tier: front").unwrap());
    assert_eq!(
        (src.as_str(), s),
        (
            "c/templates/cm.yaml",
            "{{- include \"labels\" . | nindent 4 }}"
        )
    );
    // `name: web`: the value maps to its action, the key to the text before it.
    let name_line = out.find("  name: web").unwrap();
    assert_eq!(origin(&map, name_line + 8).1, "{{ .Values.name }}");
    let (_, key) = origin(&map, name_line + 2);
    assert_eq!(key, "n");
    // A range body runs twice: each run maps to the same actions.
    let b = out.find("b: \"2\"").unwrap();
    assert_eq!(origin(&map, b).1, "{{ $k }}");
    assert_eq!(origin(&map, b + 3).1, "{{ $v | quote }}");
    let ranges = map.output_ranges(
        "c/templates/cm.yaml",
        MAIN.find("{{ $v | quote }}").unwrap() as u32,
    );
    let printed: Vec<&str> = ranges
        .iter()
        .map(|r| &out[r.start as usize..r.end as usize])
        .collect();
    assert_eq!(printed, ["\"1\"", "\"2\""]);
}

#[test]
fn template_bodies_map_into_their_own_file() {
    let set = set();
    let (out, map) = render(&set);
    let block = out.find("block: |").unwrap() + "block: |".len();
    // `{{template "labels" .}}` writes the define's text directly: `app: ` is helpers text...
    let (src, s) = origin(&map, block);
    assert_eq!((src.as_str(), s), ("c/templates/_helpers.tpl", "a"));
    let seg = map.segment_at(block as u32).unwrap();
    assert_eq!(seg.kind, SegmentKind::Text);
    assert_eq!(&HELPERS[seg.span.to_usize()], "app: ");
    // ...and the nested template's action maps to its own action in the helpers.
    let (src, s) = origin(&map, block + "app: ".len());
    assert_eq!(
        (src.as_str(), s),
        (
            "c/templates/_helpers.tpl",
            "{{ .Values.name | default \"app\" }}"
        )
    );
    let (_, s) = origin(&map, out.rfind("front").unwrap());
    assert_eq!(s, "{{ .Values.tier }}");
    // From the helpers back to the output: the define ran twice, but only the `{{template}}`
    // run wrote to this output (the `include` run is inside the include's value).
    let tier = HELPERS.find("{{ .Values.tier }}").unwrap() as u32;
    let r = map.output_ranges("c/templates/_helpers.tpl", tier);
    assert_eq!(r.len(), 1);
    assert_eq!(&out[r[0].start as usize..r[0].end as usize], "front");
}

#[test]
fn trimmed_text_maps_exactly_and_segments_cover_the_output() {
    let set = set();
    let (out, map) = render(&set);
    // Every byte is mapped, segments are in order and do not overlap.
    let mut end = 0;
    for s in map.segments() {
        assert!(s.out.start >= end, "{s:?}");
        end = s.out.end;
        if s.kind == SegmentKind::Text {
            assert_eq!(
                &out[s.out.start as usize..s.out.end as usize],
                &text_of(&s.source)[s.span.to_usize()],
                "{s:?}"
            );
        }
    }
    assert_eq!(end as usize, out.len());
    for i in 0..out.len() {
        assert!(map.source_at(i as u32).is_some(), "byte {i} unmapped");
    }
    // `\ndata:` after `{{- /* c */}}`: the newline before the comment was trimmed, the text
    // after it maps to its own bytes.
    let d = out.find("data:").unwrap();
    let (_, span) = map.source_at(d as u32).unwrap();
    assert_eq!(span.start() as usize, MAIN.find("data:").unwrap());
}

#[test]
fn mapping_off_gives_the_same_output() {
    let set = set();
    let (mapped, _) = render(&set);
    let (plain, err) = set.render("c/templates/cm.yaml", data(Value::list(vec![])));
    assert!(err.is_none());
    assert_eq!(mapped, plain);
}

#[test]
fn cancel_flag_stops_execution() {
    let set = set();
    let flag = Arc::new(AtomicBool::new(true));
    let mut budget = Budget::new(Limits::default().with_cancel(flag.clone()));
    let mut out = String::new();
    let e = set
        .execute_with_budget(
            "c/templates/cm.yaml",
            data(Value::Nil),
            &mut out,
            &mut budget,
        )
        .unwrap_err();
    assert_eq!(e.kind, ExecErrorKind::Budget(BudgetKind::Cancelled));
    assert!(e.message.ends_with("execution cancelled"), "{}", e.message);
    assert!(out.is_empty());

    // Set while running: the loop stops at the next check instead of running 10^8 times.
    let flag = Arc::new(AtomicBool::new(false));
    let f2 = flag.clone();
    let mut fm = funcs();
    fm.add("cancel", Signature::fixed(0), move |_, _| {
        f2.store(true, Ordering::Relaxed);
        Ok(Value::str(""))
    });
    let mut loop_set = TemplateSet::new("t").with_funcs(fm);
    loop_set.parse_and_add("t", "{{ range 100000000 }}{{ cancel }}x{{ end }}");
    let mut budget = Budget::new(Limits::default().with_cancel(flag));
    let mut out = String::new();
    let e = loop_set
        .execute_with_budget("t", Value::Nil, &mut out, &mut budget)
        .unwrap_err();
    assert_eq!(e.kind, ExecErrorKind::Budget(BudgetKind::Cancelled));
    assert!(out.len() < 2000, "{}", out.len());
    assert!(budget.steps() < 5000);
}

#[test]
fn error_trace_goes_through_include_and_template() {
    let mut set = set();
    let main = "a: 1\nb: {{ include \"outer\" . }}\n";
    set.parse_and_add("c/templates/bad.yaml", main);
    let (_, map, e) = set.render_mapped(
        "c/templates/bad.yaml",
        data(Value::list(vec![Value::Int(1)])),
        &mut Budget::default(),
    );
    let e = e.expect("fails");
    // Go's message is unchanged: the location of the include, the inner message after it.
    assert!(
        e.message.starts_with(
            "template: c/templates/bad.yaml:2:6: executing \"c/templates/bad.yaml\" at <include \"outer\" .>: error calling include: template: c/templates/_helpers.tpl:"
        ),
        "{}",
        e.message
    );
    let texts: Vec<(&str, &str)> = e
        .trace
        .iter()
        .map(|l| {
            let t = if l.parse_name == "c/templates/bad.yaml" {
                main
            } else {
                text_of(&l.parse_name)
            };
            (l.parse_name.as_str(), &t[l.range.to_usize()])
        })
        .collect();
    assert_eq!(
        texts,
        [
            ("c/templates/bad.yaml", "include \"outer\" ."),
            ("c/templates/_helpers.tpl", "{{ template \"broken\" . }}"),
            ("c/templates/_helpers.tpl", "index .Values.list 5"),
        ]
    );
    assert_eq!(e.innermost(), e.trace.last());
    assert_eq!(e.location.as_ref(), e.trace.first());
    // The partial output is mapped up to the failure.
    assert_eq!(
        map.source_at(0).map(|(s, _)| s.to_string()).as_deref(),
        Some("c/templates/bad.yaml")
    );
}

#[test]
fn error_trace_of_a_failing_function_ends_at_the_call() {
    let mut set = set();
    let main =
        "{{ define \"d\" }}v: {{ fail \"boom\" }}{{ end }}x: {{ include \"d\" . | nindent 2 }}";
    set.parse_and_add("c/templates/f.yaml", main);
    let (_, _, e) = set.render_mapped("c/templates/f.yaml", Value::Nil, &mut Budget::default());
    let e = e.expect("fails");
    let texts: Vec<&str> = e.trace.iter().map(|l| &main[l.range.to_usize()]).collect();
    assert_eq!(texts, ["include \"d\" .", "fail \"boom\""]);
}

#[test]
fn cancelled_inside_include_keeps_the_call_site_in_the_trace() {
    let flag = Arc::new(AtomicBool::new(false));
    let f2 = flag.clone();
    let mut fm = funcs();
    fm.add("cancel", Signature::fixed(0), move |_, _| {
        f2.store(true, Ordering::Relaxed);
        Ok(Value::str(""))
    });
    let text =
        "{{ define \"d\" }}{{ range 100000 }}{{ cancel }}{{ end }}{{ end }}x{{ include \"d\" . }}";
    let mut set = TemplateSet::new("t").with_funcs(fm);
    set.parse_and_add("t", text);
    let mut budget = Budget::new(Limits::default().with_cancel(flag));
    let (_, _, e) = set.render_mapped("t", Value::Nil, &mut budget);
    let e = e.expect("cancelled");
    assert_eq!(e.kind, ExecErrorKind::Budget(BudgetKind::Cancelled));
    assert_eq!(e.trace.len(), 2, "{:?}", e.trace);
    assert_eq!(&text[e.trace[0].range.to_usize()], "include \"d\" .");
    let body = text.find("{{ range").unwrap()..text.find("{{ end }}{{ end }}").unwrap() + 9;
    assert!(
        body.contains(&(e.trace[1].range.start() as usize)),
        "{:?}",
        e.trace
    );
}

#[test]
fn a_block_overridden_by_a_define_maps_into_the_define_file() {
    let main = "a: {{ block \"b\" . }}default {{ .x }}{{ end }}\n";
    let over = "{{ define \"b\" }}over {{ .x }}{{ end }}";
    let mut set = TemplateSet::new("t");
    set.parse_and_add("main.yaml", main);
    set.parse_and_add("_over.tpl", over);
    let (out, map, e) = set.render_mapped(
        "main.yaml",
        Value::map_from([("x", Value::Int(7))]),
        &mut Budget::default(),
    );
    assert!(e.is_none(), "{e:?}");
    assert_eq!(out, "a: over 7\n");
    let (src, span) = map.source_at(3).unwrap();
    assert_eq!((&**src, &over[span.to_usize()]), ("_over.tpl", "o"));
    let (src, span) = map.source_at(8).unwrap();
    assert_eq!((&**src, &over[span.to_usize()]), ("_over.tpl", "{{ .x }}"));
    let (src, _) = map.source_at(9).unwrap();
    assert_eq!(&**src, "main.yaml");
}

#[test]
fn printed_printf_maps_to_its_action_and_fails_at_its_arguments() {
    let mut set = TemplateSet::new("gotpl").with_missing_key(MissingKey::Zero);
    let text = "a: {{ printf \"%s-%d\" .n 7 }}\nb: {{ printf \"%q\" .n }}\nc: {{ printf \"%s\" (index .l 3) }}\n";
    set.parse_and_add("t.yaml", text);
    let data = Value::map_from([
        ("n", Value::str("x")),
        ("l", Value::list(vec![Value::Int(1)])),
    ]);
    let (out, map, err) = set.render_mapped("t.yaml", data, &mut Budget::default());
    assert_eq!(out, "a: x-7\nb: \"x\"\nc: ");
    let action = |at: u32| {
        let (file, span) = map.source_at(at).unwrap();
        (file.to_string(), text[span.to_usize()].to_string())
    };
    assert_eq!(
        action(3),
        ("t.yaml".into(), "{{ printf \"%s-%d\" .n 7 }}".into())
    );
    assert_eq!(
        action(5),
        ("t.yaml".into(), "{{ printf \"%s-%d\" .n 7 }}".into())
    );
    assert_eq!(
        action(10),
        ("t.yaml".into(), "{{ printf \"%q\" .n }}".into())
    );
    let err = err.expect("index out of range");
    assert_eq!(
        err.message,
        "template: t.yaml:3:19: executing \"t.yaml\" at <index .l 3>: error calling index: index out of range: 3"
    );
    assert_eq!(err.trace.len(), 1);
    assert_eq!(&text[err.trace[0].range.to_usize()], "index .l 3");
}

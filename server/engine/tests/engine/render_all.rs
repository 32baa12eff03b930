//! The language server's render (`Engine::render_all`): every parse and execution error of a
//! chart at once, per-template source maps that survive `<no value>` erasure, error traces
//! through `include`, cancellation, and documents of the assembled output located back in
//! their templates.

use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use cw_chart::MemoryFs;
use cw_engine::output::{assemble, OutputOptions};
use cw_engine::{
    Capabilities, Engine, FuncOptions, Release, RenderAll, RenderAllOptions, RenderChart,
    RenderError,
};
use cw_template::{BudgetKind, ExecErrorKind, Value};

const CHART: &str = "apiVersion: v2\nname: demo\nversion: 0.1.0\n";
const VALUES: &str = "name: web\nport: 8080\nlabels:\n  tier: front\n";
const HELPERS: &str = r#"{{- define "demo.labels" -}}
app: {{ .Values.name }}
tier: {{ .Values.labels.tier }}
{{- end }}
{{- define "demo.port" -}}
{{ .Values.port }}
{{- end }}
{{- define "demo.bad" -}}
v: {{ index .Values.missing 3 }}
{{- end }}
"#;
const CM: &str = r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Values.name }}-cm
  labels:
    {{- include "demo.labels" . | nindent 4 }}
data:
  gone: "{{ .Values.nothing }}"
  port: {{ template "demo.port" . }}
  after: x
---
apiVersion: v1
kind: Service
metadata:
  name: {{ .Values.name }}
"#;
const BROKEN: &str = "kind: Broken\nname: {{ .Values.name \n";
const FAILS: &str = "kind: Secret\nvalue: {{ include \"demo.bad\" . }}\n";
const REQ: &str = "kind: Job\nimage: {{ required \"image is required\" .Values.image }}\n";

fn fs() -> MemoryFs {
    let mut fs = MemoryFs::new();
    fs.insert_file("/c/Chart.yaml", CHART);
    fs.insert_file("/c/values.yaml", VALUES);
    fs.insert_file("/c/templates/_helpers.tpl", HELPERS);
    fs.insert_file("/c/templates/cm.yaml", CM);
    fs.insert_file("/c/templates/broken.yaml", BROKEN);
    fs.insert_file("/c/templates/fails.yaml", FAILS);
    fs.insert_file("/c/templates/req.yaml", REQ);
    fs
}

fn render_with(engine: &Engine, fs: &MemoryFs, source_map: bool) -> RenderAll {
    with_root(fs, |root| {
        engine.render_all(
            root,
            &Release::default(),
            &Capabilities::default(),
            &RenderAllOptions {
                source_map,
                ..RenderAllOptions::default()
            },
        )
    })
}

/// [`fs`] with the templates that fail to parse or execute fixed.
fn fs_without_failures() -> MemoryFs {
    let mut fs = fs();
    fs.insert_file("/c/templates/broken.yaml", "kind: Fixed\n");
    fs.insert_file("/c/templates/fails.yaml", "kind: Fine\n");
    fs.insert_file("/c/templates/req.yaml", "kind: Job\n");
    fs
}

/// Calls `f` with the chart of `fs` at `/c`, its values computed with no user values.
fn with_root<R>(fs: &MemoryFs, f: impl FnOnce(&RenderChart<'_>) -> R) -> R {
    let loaded = cw_chart::load(fs, Path::new("/c"));
    assert!(loaded.helm_error.is_none(), "{:?}", loaded.helm_error);
    let computed = cw_values::compute(
        &loaded.chart,
        &Value::map(Default::default()),
        &Default::default(),
    );
    f(&RenderChart::from_values(&computed.root))
}

fn render(source_map: bool) -> RenderAll {
    render_with(&Engine::default(), &fs(), source_map)
}

fn text_of(file: &str) -> &'static str {
    match file {
        "templates/_helpers.tpl" => HELPERS,
        "templates/cm.yaml" => CM,
        "templates/fails.yaml" => FAILS,
        "templates/req.yaml" => REQ,
        other => panic!("no text for {other}"),
    }
}

/// The template text the output byte at `offset` of template `name` came from, and its file.
fn origin(r: &RenderAll, name: &str, offset: usize) -> (String, &'static str) {
    let t = r.get(name).expect("rendered");
    let map = t.source_map.as_ref().expect("mapped");
    let (src, span) = map.source_at(offset as u32).expect("byte mapped");
    let file = r.files.get(&**src).expect("known parse name");
    (file.clone(), &text_of(file)[span.to_usize()])
}

#[test]
fn keeps_going_past_parse_and_exec_errors() {
    let r = render(false);
    // The broken file is reported and left out; the others still render.
    assert_eq!(r.parse_errors.len(), 1);
    assert_eq!(
        r.parse_errors[0].message(),
        "parse error at (demo/templates/broken.yaml:3): unclosed action started at demo/templates/broken.yaml:2"
    );
    let RenderError::Parse { error, .. } = &r.parse_errors[0] else {
        panic!("parse error expected");
    };
    assert!(error.range.end() as usize <= BROKEN.len());
    let names: Vec<&str> = r.templates.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "demo/templates/req.yaml",
            "demo/templates/fails.yaml",
            "demo/templates/cm.yaml"
        ]
    );
    let cm = r.get("demo/templates/cm.yaml").unwrap();
    assert!(cm.error.is_none());
    assert!(cm.content.contains("name: web-cm\n"), "{}", cm.content);
    assert!(cm.source_map.is_none());
    // Helm's texts for each failure.
    assert_eq!(
        r.get("demo/templates/req.yaml")
            .unwrap()
            .error
            .as_ref()
            .unwrap()
            .message(),
        "execution error at (demo/templates/req.yaml:2:10): image is required"
    );
    let fails = r.get("demo/templates/fails.yaml").unwrap();
    let msg = fails.error.as_ref().unwrap().message();
    // A function's own error in the chain: Helm keeps Go's one-line text (helm v4.1.4).
    assert_eq!(msg, "template: demo/templates/fails.yaml:2:10: executing \"demo/templates/fails.yaml\" at <include \"demo.bad\" .>: error calling include: template: demo/templates/_helpers.tpl:9:6: executing \"demo.bad\" at <index .Values.missing 3>: error calling index: index of untyped nil");
    assert_eq!(fails.content, "kind: Secret\nvalue: ");
    // The error Helm's render would stop at.
    assert_eq!(
        r.first_error().unwrap().message(),
        r.parse_errors[0].message()
    );
    assert!(!r.cancelled);
}

#[test]
fn same_output_as_helm_render_when_nothing_fails() {
    let fs = fs_without_failures();
    let all = render_with(&Engine::default(), &fs, true);
    assert!(all.first_error().is_none());
    let helm = with_root(&fs, |root| {
        Engine::default()
            .render(root, &Release::default(), &Capabilities::default())
            .unwrap()
    });
    assert_eq!(all.rendered().templates, helm.templates);
}

#[test]
fn source_map_points_at_actions_text_and_define_bodies() {
    let r = render(true);
    let cm = r.get("demo/templates/cm.yaml").unwrap();
    let out = &cm.content;
    // `name: web-cm`: `web` is the action, `-cm` is text.
    let at = out.find("web-cm").unwrap();
    assert_eq!(
        origin(&r, &cm.name, at),
        ("templates/cm.yaml".into(), "{{ .Values.name }}")
    );
    assert_eq!(
        origin(&r, &cm.name, at + 4),
        ("templates/cm.yaml".into(), "c")
    );
    // The labels come from an include: they map to the calling action.
    let tier = out.find("tier: front").unwrap();
    assert_eq!(
        origin(&r, &cm.name, tier).1,
        "{{- include \"demo.labels\" . | nindent 4 }}"
    );
    // `{{ template }}` writes the define's body: it maps into _helpers.tpl.
    let port = out.find("port: ").unwrap() + "port: ".len();
    assert_eq!(&out[port..port + 4], "8080");
    assert_eq!(
        origin(&r, &cm.name, port),
        ("templates/_helpers.tpl".into(), "{{ .Values.port }}")
    );
    // From the template to the output: the Service's name action.
    let svc = CM.rfind("{{ .Values.name }}").unwrap() as u32;
    let ranges = cm
        .source_map
        .as_ref()
        .unwrap()
        .output_ranges("demo/templates/cm.yaml", svc);
    assert_eq!(ranges.len(), 1);
    assert_eq!(
        &out[ranges[0].start as usize..ranges[0].end as usize],
        "web"
    );
    assert!(out[..ranges[0].start as usize].ends_with("kind: Service\nmetadata:\n  name: "));
}

#[test]
fn no_value_erasure_shifts_the_map() {
    let r = render(true);
    let cm = r.get("demo/templates/cm.yaml").unwrap();
    let out = &cm.content;
    assert!(!out.contains("<no value>"));
    // `gone: "{{ .Values.nothing }}"` printed `<no value>`, erased: the quotes meet.
    let gone = out.find("gone: \"\"").unwrap();
    let map = cm.source_map.as_ref().unwrap();
    let action = CM.find("{{ .Values.nothing }}").unwrap() as u32;
    let r_out = map.output_ranges("demo/templates/cm.yaml", action);
    assert_eq!(r_out, vec![(gone + 7) as u32..(gone + 7) as u32]);
    // Every text byte after the erasure still maps to the same byte of the template.
    let after = out.find("after: x").unwrap();
    assert_eq!(
        origin(&r, &cm.name, after),
        ("templates/cm.yaml".into(), "a")
    );
    let (_, span) = map.source_at(after as u32).unwrap();
    assert_eq!(span.start() as usize, CM.find("after: x").unwrap());
    for s in map.segments() {
        if s.kind == cw_template::SegmentKind::Text {
            let file = &r.files[&*s.source];
            assert_eq!(
                &out[s.out.start as usize..s.out.end as usize],
                &text_of(file)[s.span.to_usize()]
            );
        }
    }
}

#[test]
fn errors_carry_the_trace_into_defines() {
    let r = render(true);
    let fails = r.get("demo/templates/fails.yaml").unwrap();
    let Some(RenderError::Exec { error, .. }) = &fails.error else {
        panic!("exec error expected");
    };
    let trace: Vec<(&str, &str)> = error
        .trace
        .iter()
        .map(|l| {
            let file = r.files[&l.parse_name].as_str();
            (file, &text_of(file)[l.range.to_usize()])
        })
        .collect();
    assert_eq!(
        trace,
        [
            ("templates/fails.yaml", "include \"demo.bad\" ."),
            ("templates/_helpers.tpl", "index .Values.missing 3"),
        ]
    );
    // `required` is located at its call.
    let req = r.get("demo/templates/req.yaml").unwrap();
    let Some(RenderError::Exec { error, .. }) = &req.error else {
        panic!("exec error expected");
    };
    let loc = error.innermost().unwrap();
    assert_eq!(
        &REQ[loc.range.to_usize()],
        "required \"image is required\" .Values.image"
    );
    // The partial output before the failure is mapped too.
    assert_eq!(origin(&r, &req.name, 0), ("templates/req.yaml".into(), "k"));
}

#[test]
fn lint_mode_records_notes_instead_of_failing() {
    let engine = Engine {
        funcs: FuncOptions {
            lint_mode: true,
            ..Default::default()
        },
        ..Engine::default()
    };
    let r = render_with(&engine, &fs(), false);
    assert!(r.get("demo/templates/req.yaml").unwrap().error.is_none());
    assert_eq!(
        r.notes,
        ["[INFO] Missing required value: image is required"]
    );
}

#[test]
fn a_set_cancel_flag_stops_every_template() {
    let mut engine = Engine::default();
    engine.limits.cancel = Some(Arc::new(AtomicBool::new(true)));
    let r = render_with(&engine, &fs(), true);
    assert!(r.cancelled);
    assert_eq!(r.templates.len(), 3);
    for t in &r.templates {
        let Some(RenderError::Exec { error, .. }) = &t.error else {
            panic!("{} not cancelled", t.name);
        };
        assert_eq!(error.kind, ExecErrorKind::Budget(BudgetKind::Cancelled));
        assert!(t.content.is_empty());
    }
}

#[test]
fn assembled_documents_map_back_to_their_template() {
    let mut fs = fs();
    fs.insert_file("/c/templates/broken.yaml", "");
    fs.insert_file("/c/templates/fails.yaml", "");
    fs.insert_file("/c/templates/req.yaml", "");
    let r = render_with(&Engine::default(), &fs, true);
    assert!(r.first_error().is_none());
    let loaded = cw_chart::load(&fs, Path::new("/c"));
    let computed = cw_values::compute(
        &loaded.chart,
        &Value::map(Default::default()),
        &Default::default(),
    );
    let root = RenderChart::from_values(&computed.root);
    let out = assemble(&root, &r.rendered(), &OutputOptions::default()).unwrap();
    // Two documents of one template, in install order.
    assert_eq!(out.documents.len(), 2);
    assert!(
        out.text
            .starts_with("---\n# Source: demo/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap"),
        "{}",
        out.text
    );
    for d in &out.documents {
        let t = r.get(&d.source).unwrap();
        let c = d.content_range.clone().unwrap();
        assert_eq!(&t.content[c.start as usize..c.end as usize], d.content);
        let p = d.text_range.clone().unwrap();
        assert_eq!(&out.text[p.start as usize..p.end as usize], d.content);
    }
    // A byte of the printed text → its document → the template content → the template text.
    let web = out.text.find("name: web\n").unwrap() + "name: ".len();
    let (doc, off) = out.locate(web as u32).unwrap();
    assert_eq!(doc.source, "demo/templates/cm.yaml");
    assert_eq!(
        origin(&r, &doc.source, off as usize),
        ("templates/cm.yaml".into(), "{{ .Values.name }}")
    );
    // --show-only keeps the mapping.
    let opts = OutputOptions {
        show_only: vec!["templates/cm.yaml".into()],
        ..Default::default()
    };
    let shown = assemble(&root, &r.rendered(), &opts).unwrap();
    for d in &shown.documents {
        let p = d.text_range.clone().unwrap();
        assert_eq!(&shown.text[p.start as usize..p.end as usize], d.content);
    }
}

/// Hostile templates that build gigabytes from little (a list holding the same string
/// thousands of times, `replace` in a loop) stop at the output limit with its error, each in
/// bounded memory, and the other templates of the chart still render.
#[test]
fn amplifying_templates_stop_at_the_output_limit() {
    let shared = r#"{{- $s := repeat 100000 "x" }}{{- $l := list $s }}
{{- range until 14 }}{{ $l = concat $l $l }}{{ end }}"#;
    let cases = [
        format!("{shared}{{{{ toJson $l | len }}}}"),
        format!("{shared}{{{{ toPrettyJson $l | len }}}}"),
        format!("{shared}{{{{ toRawJson $l | len }}}}"),
        format!("{shared}{{{{ toYaml $l | len }}}}"),
        format!("{shared}{{{{ toToml (dict \"a\" $l) | len }}}}"),
        format!("{shared}{{{{ join \",\" $l | len }}}}"),
        format!("{shared}{{{{ $l }}}}"),
        r#"{{ $s := "xxxxxxxxxx" }}{{ range until 12 }}{{ $s = replace "x" "xxxxxxxxxx" $s }}{{ end }}{{ len $s }}"#.to_string(),
    ];
    for text in &cases {
        let mut fs = MemoryFs::new();
        fs.insert_file("/c/Chart.yaml", CHART);
        fs.insert_file("/c/templates/bomb.yaml", text.as_str());
        fs.insert_file("/c/templates/ok.yaml", "ok: 1\n");
        let mut engine = Engine::default();
        engine.limits.max_output_bytes = 8 << 20;
        let r = render_with(&engine, &fs, false);
        let bomb = r.get("demo/templates/bomb.yaml").unwrap();
        let Some(RenderError::Exec { error, .. }) = &bomb.error else {
            panic!("{text}: no error, {} bytes", bomb.content.len());
        };
        assert_eq!(
            error.kind,
            ExecErrorKind::Budget(BudgetKind::Output),
            "{text}: {}",
            error.message
        );
        assert_eq!(r.get("demo/templates/ok.yaml").unwrap().content, "ok: 1\n");
    }
}

/// Helm's function names and Go's builtins, as the engine checks them.
fn helm_names(n: &str) -> bool {
    cw_engine::func_docs().iter().any(|d| d.name == n)
        || cw_template::TemplateSet::new("t").has_function(n)
}

fn parse_as(name: &str, text: &str) -> Option<Arc<cw_syntax::Parse>> {
    Some(Arc::new(cw_syntax::parse(
        text,
        &cw_syntax::ParseOptions::new(name, &helm_names),
    )))
}

#[test]
fn render_parsed_takes_the_callers_parses_and_their_errors() {
    with_root(&fs_without_failures(), render_parsed_cases);
}

/// `render_parsed` on `root`: given parses give the engine's own output, and their errors stop it.
fn render_parsed_cases(root: &RenderChart<'_>) {
    let (release, caps) = (Release::default(), Capabilities::default());
    let engine = Engine::default();
    let own = engine.render(root, &release, &caps).unwrap();
    // Every template's parse comes from the caller: the output is the engine's own.
    let asked = Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = asked.clone();
    let given = move |name: &str, text: &str| {
        log.lock().unwrap().push(name.to_string());
        parse_as(name, text)
    };
    let parsed = engine
        .render_parsed(root, &release, &caps, Some(&given))
        .unwrap();
    assert_eq!(parsed.templates, own.templates);
    assert!(asked
        .lock()
        .unwrap()
        .contains(&"demo/templates/cm.yaml".to_string()));
    // A given parse with an error stops the render with that error, as parsing would.
    let broken = |name: &str, text: &str| {
        parse_as(
            name,
            if name.ends_with("cm.yaml") {
                "{{ .x "
            } else {
                text
            },
        )
    };
    let err = engine
        .render_parsed(root, &release, &caps, Some(&broken))
        .unwrap_err();
    assert!(
        err.message()
            .starts_with("parse error at (demo/templates/cm.yaml:1)"),
        "{}",
        err.message()
    );
}

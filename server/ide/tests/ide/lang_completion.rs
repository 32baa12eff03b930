//! Completion in templates (template-language side): built-in objects and members, functions,
//! template names, variables and keyword snippets, read as the feature's spec. `$0` is the cursor.

use cw_ide::fixture::Fixture;
use cw_ide::{CompletionItem, CompletionKind};

const CHART: &str = r#"
//- /Chart.yaml
apiVersion: v2
name: demo
version: 0.1.0
//- /values.yaml
image:
  tag: "1.0"
"#;

/// The chart above plus the files of a test (indented as the test writes them).
fn with_chart(files: &str) -> Fixture {
    let indent = files
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let files: String = files
        .lines()
        .map(|l| format!("{}\n", l.get(indent..).unwrap_or(l.trim_start())))
        .collect();
    Fixture::parse(&format!("{CHART}{files}"))
}

fn complete(fixture: &str) -> Vec<CompletionItem> {
    let f = with_chart(fixture);
    let (path, offset) = f.cursor();
    f.host.snapshot().completion(path, offset).unwrap()
}

fn labels(items: &[CompletionItem], kind: CompletionKind) -> Vec<String> {
    items
        .iter()
        .filter(|i| i.kind == kind)
        .map(|i| i.label.clone())
        .collect()
}

fn item<'a>(items: &'a [CompletionItem], label: &str) -> &'a CompletionItem {
    items
        .iter()
        .find(|i| i.label == label)
        .unwrap_or_else(|| panic!("no item {label}: {:?}", labels_all(items)))
}

fn labels_all(items: &[CompletionItem]) -> Vec<&str> {
    items.iter().map(|i| i.label.as_str()).collect()
}

#[test]
fn dot_at_top_level_offers_the_built_in_objects() {
    let items = complete(
        r#"
        //- /templates/cm.yaml
        name: {{ .$0 }}
        "#,
    );
    assert_eq!(
        labels(&items, CompletionKind::Object),
        [
            "Values",
            "Release",
            "Chart",
            "Capabilities",
            "Files",
            "Template",
            "Subcharts"
        ]
    );
    let release = item(&items, "Release");
    let doc = release.documentation.as_deref().unwrap();
    assert!(doc.contains("The release being installed"), "{doc}");
    assert!(doc.contains("{{ .Release.Name }}"), "{doc}");
    // Replaces the (empty) word after the dot.
    let offset = "name: {{ .".len() as u32;
    assert_eq!(
        release.replace_range,
        Some(cw_ide::TextRange::new(offset, offset))
    );
}

#[test]
fn release_members_while_typing_an_incomplete_action() {
    let items = complete(
        r#"
        //- /templates/cm.yaml
        name: {{ .Release.Na$0
        "#,
    );
    assert_eq!(
        labels(&items, CompletionKind::Object),
        [
            "Name",
            "Namespace",
            "IsInstall",
            "IsUpgrade",
            "Revision",
            "Service"
        ]
    );
    let name = item(&items, "Name");
    assert_eq!(name.detail.as_deref(), Some("string"));
    let start = "name: {{ .Release.".len() as u32;
    assert_eq!(
        name.replace_range,
        Some(cw_ide::TextRange::new(start, start + 2))
    );
}

#[test]
fn chart_members_are_helms_metadata_fields() {
    let items = complete(
        r#"
        //- /templates/cm.yaml
        v: {{ .Chart.$0 }}
        "#,
    );
    let got = labels(&items, CompletionKind::Object);
    for want in [
        "Name",
        "Version",
        "AppVersion",
        "Description",
        "APIVersion",
        "Type",
        "IsRoot",
    ] {
        assert!(
            got.contains(&want.to_string()),
            "{want} missing from {got:?}"
        );
    }
}

#[test]
fn capabilities_kube_version_members() {
    let items = complete(
        r#"
        //- /templates/cm.yaml
        v: {{ .Capabilities.KubeVersion.$0 }}
        "#,
    );
    assert_eq!(
        labels(&items, CompletionKind::Object),
        ["Version", "Major", "Minor", "GitVersion"]
    );
    let items = complete(
        r#"
        //- /templates/cm.yaml
        v: {{ .Capabilities.APIVersions.$0 }}
        "#,
    );
    assert_eq!(labels(&items, CompletionKind::Object), ["Has"]);
}

#[test]
fn files_and_template_members() {
    let items = complete(
        r#"
        //- /templates/cm.yaml
        v: {{ .Files.$0 }}
        "#,
    );
    assert_eq!(
        labels(&items, CompletionKind::Object),
        ["Get", "GetBytes", "Glob", "Lines", "AsConfig", "AsSecrets"]
    );
    let items = complete(
        r#"
        //- /templates/cm.yaml
        v: {{ .Template.$0 }}
        "#,
    );
    assert_eq!(labels(&items, CompletionKind::Object), ["Name", "BasePath"]);
}

#[test]
fn inside_with_and_range_the_dot_is_not_the_root_but_dollar_is() {
    let inside_with = complete(
        r#"
        //- /templates/cm.yaml
        {{ with .Values.image }}{{ .$0 }}{{ end }}
        "#,
    );
    assert!(labels(&inside_with, CompletionKind::Object).is_empty());
    let dollar = complete(
        r#"
        //- /templates/cm.yaml
        {{ range .Values.list }}{{ $.Release.$0 }}{{ end }}
        "#,
    );
    assert!(labels(&dollar, CompletionKind::Object).contains(&"Namespace".to_string()));
    // The else branch of a with runs with the original dot.
    let in_else = complete(
        r#"
        //- /templates/cm.yaml
        {{ with .Values.image }}x{{ else }}{{ .Rel$0 }}{{ end }}
        "#,
    );
    assert!(labels(&in_else, CompletionKind::Object).contains(&"Release".to_string()));
}

#[test]
fn values_paths_are_left_to_the_values_module() {
    let items = complete(
        r#"
        //- /templates/cm.yaml
        v: {{ .Values.$0 }}
        "#,
    );
    assert!(
        items.iter().all(|i| i.kind != CompletionKind::Object),
        "{:?}",
        labels_all(&items)
    );
}

#[test]
fn subcharts_by_name() {
    let items = complete(
        r#"
        //- /templates/cm.yaml
        v: {{ .Subcharts.$0 }}
        //- /charts/db/Chart.yaml
        apiVersion: v2
        name: db
        version: 1.0.0
        "#,
    );
    assert_eq!(labels(&items, CompletionKind::Object), ["db"]);
}

#[test]
fn functions_at_the_start_of_a_command_with_signature_and_docs() {
    let items = complete(
        r#"
        //- /templates/cm.yaml
        v: {{ .Values.image.tag | quo$0 }}
        "#,
    );
    let quote = item(&items, "quote");
    assert_eq!(quote.kind, CompletionKind::Function);
    assert!(quote.detail.as_deref().unwrap().starts_with("quote("));
    assert!(quote.documentation.as_deref().unwrap().contains("Example"));
    let start = "v: {{ .Values.image.tag | ".len() as u32;
    assert_eq!(
        quote.replace_range,
        Some(cw_ide::TextRange::new(start, start + 3))
    );
    // Helm's, Sprig's and Go's builtins are all there.
    for name in [
        "include", "toYaml", "tpl", "required", "nindent", "default", "printf", "index", "eq",
    ] {
        item(&items, name);
    }
    // Go builtins have docs written for them.
    let index = item(&items, "index");
    assert!(index
        .detail
        .as_deref()
        .unwrap()
        .starts_with("index(item any"));
    // Not at the start of an action after a pipe: no keyword snippets.
    assert!(labels(&items, CompletionKind::Snippet).is_empty());
}

#[test]
fn functions_after_an_open_paren_and_after_if() {
    let items = complete(
        r#"
        //- /templates/cm.yaml
        v: {{ default (lo$0 }}
        "#,
    );
    item(&items, "lower");
    let items = complete(
        r#"
        //- /templates/cm.yaml
        {{ if $0 }}{{ end }}
        "#,
    );
    item(&items, "and");
}

#[test]
fn no_functions_in_argument_position() {
    let items = complete(
        r#"
        //- /templates/cm.yaml
        v: {{ quote x$0 }}
        "#,
    );
    assert!(labels(&items, CompletionKind::Function).is_empty());
}

#[test]
fn typing_inc_at_the_start_of_an_unclosed_action() {
    let items = complete(
        r#"
        //- /templates/cm.yaml
        labels:
          {{ inc$0
        "#,
    );
    item(&items, "include");
    let snippet = items
        .iter()
        .find(|i| i.kind == CompletionKind::Snippet && i.label == "include")
        .unwrap();
    // No closing delimiter yet: the snippet writes it.
    assert_eq!(
        snippet.insert_text.as_deref(),
        Some("include \"${1:name}\" ${2:.} }}$0")
    );
}

#[test]
fn keyword_snippets_replace_through_the_closing_delimiter() {
    let f = Fixture::parse(&format!(
        "{CHART}\n//- /templates/cm.yaml\n{{{{- if$0 -}}}}\n"
    ));
    let (path, offset) = f.cursor();
    let items = f.host.snapshot().completion(path, offset).unwrap();
    let iff = items
        .iter()
        .find(|i| i.kind == CompletionKind::Snippet && i.label == "if")
        .unwrap();
    assert!(iff.is_snippet);
    assert_eq!(
        iff.insert_text.as_deref(),
        Some("if ${1:condition} -}}\n$0\n{{ end }}")
    );
    // From `if` to the end of `-}}`.
    assert_eq!(iff.replace_range, Some(cw_ide::TextRange::new(4, 10)));
    let all = labels(&items, CompletionKind::Snippet);
    for want in [
        "if",
        "else",
        "else if",
        "range",
        "with",
        "define",
        "end",
        "block",
        "template",
        "include",
        "toYaml | nindent",
    ] {
        assert!(
            all.contains(&want.to_string()),
            "{want} missing from {all:?}"
        );
    }
    let range = items.iter().find(|i| i.label == "range").unwrap();
    assert!(range
        .insert_text
        .as_deref()
        .unwrap()
        .contains("${1:\\$item}"));
}

#[test]
fn include_names_from_every_define_of_the_chart_tree() {
    let items = complete(
        r#"
        //- /templates/_helpers.tpl
        {{- define "demo.name" -}}
        {{ .Chart.Name }}
        {{- end }}
        //- /templates/cm.yaml
        name: {{ include "$0" . }}
        //- /charts/common/Chart.yaml
        apiVersion: v2
        name: common
        version: 1.0.0
        type: library
        //- /charts/common/templates/_names.tpl
        {{- define "common.fullname" -}}{{ .Release.Name }}{{- end }}
        "#,
    );
    assert_eq!(
        labels(&items, CompletionKind::Template),
        ["common.fullname", "demo.name"]
    );
    let name = item(&items, "demo.name");
    assert_eq!(
        name.detail.as_deref(),
        Some("define in templates/_helpers.tpl")
    );
    assert!(name
        .documentation
        .as_deref()
        .unwrap()
        .contains("{{ .Chart.Name }}"));
    let start = "name: {{ include \"".len() as u32;
    assert_eq!(
        name.replace_range,
        Some(cw_ide::TextRange::new(start, start))
    );
}

#[test]
fn template_names_while_the_string_is_unterminated() {
    let items = complete(
        r#"
        //- /templates/_helpers.tpl
        {{ define "demo.labels" }}app: demo{{ end }}
        //- /templates/cm.yaml
        {{ template "demo.l$0
        "#,
    );
    let it = item(&items, "demo.labels");
    let start = "{{ template \"".len() as u32;
    assert_eq!(
        it.replace_range,
        Some(cw_ide::TextRange::new(start, start + 6))
    );
    // Any other string: nothing.
    let items = complete(
        r#"
        //- /templates/_helpers.tpl
        {{ define "demo.labels" }}app: demo{{ end }}
        //- /templates/cm.yaml
        {{ printf "$0" }}
        "#,
    );
    assert!(items.is_empty(), "{:?}", labels_all(&items));
}

#[test]
fn variables_in_scope_at_the_cursor() {
    let items = complete(
        r#"
        //- /templates/cm.yaml
        {{- $name := .Values.image.tag }}
        {{- range $i, $v := .Values.list }}
        {{- $inner := 1 }}
        {{- end }}
        {{- with .Values.image }}
        {{- $w := . }}
        {{ $$0 }}
        {{- end }}
        "#,
    );
    assert_eq!(
        labels(&items, CompletionKind::Variable),
        ["$", "$name", "$w"]
    );
    let name = item(&items, "$name");
    assert_eq!(name.detail.as_deref(), Some("$name := .Values.image.tag"));
}

#[test]
fn range_variables_inside_the_range() {
    let items = complete(
        r#"
        //- /templates/cm.yaml
        {{- range $i, $v := .Values.list }}
        {{ $v$0 }}
        {{- end }}
        "#,
    );
    assert_eq!(labels(&items, CompletionKind::Variable), ["$", "$i", "$v"]);
    let v = item(&items, "$v");
    assert_eq!(v.detail.as_deref(), Some("range $i, $v := .Values.list"));
}

#[test]
fn a_define_body_sees_only_dollar_and_its_own_variables() {
    let items = complete(
        r#"
        //- /templates/_helpers.tpl
        {{- $outside := 1 }}
        {{- define "x" }}
        {{- $mine := . }}
        {{ $$0 }}
        {{- end }}
        "#,
    );
    assert_eq!(labels(&items, CompletionKind::Variable), ["$", "$mine"]);
}

#[test]
fn nothing_outside_actions_and_in_comments() {
    assert!(complete(
        r#"
        //- /templates/cm.yaml
        plain te$0xt
        "#,
    )
    .is_empty());
    assert!(complete(
        r#"
        //- /templates/cm.yaml
        {{/* .Rel$0 */}}
        "#,
    )
    .is_empty());
}

#[test]
fn a_variable_holding_the_root_completes_like_dollar() {
    let items = complete(
        r#"
        //- /templates/cm.yaml
        {{- $root := . }}
        {{- range .Values.list }}{{ $root.Chart.$0 }}{{ end }}
        "#,
    );
    assert!(labels(&items, CompletionKind::Object).contains(&"AppVersion".to_string()));
    // Declared inside a range, `.` is the element: nothing.
    let items = complete(
        r#"
        //- /templates/cm.yaml
        {{- range .Values.list }}{{ $el := . }}{{ $el.$0 }}{{ end }}
        "#,
    );
    assert!(
        labels(&items, CompletionKind::Object).is_empty(),
        "{:?}",
        labels_all(&items)
    );
}

#[test]
fn template_names_follow_edits_of_the_helpers() {
    let mut f = with_chart(
        r#"
        //- /templates/_helpers.tpl
        {{ define "old.name" }}x{{ end }}
        //- /templates/cm.yaml
        name: {{ include "$0" . }}
        "#,
    );
    let (path, offset) = f.cursor.clone().unwrap();
    let names = |f: &Fixture| {
        labels(
            &f.host.snapshot().completion(&path, offset).unwrap(),
            CompletionKind::Template,
        )
    };
    assert_eq!(names(&f), ["old.name"]);
    let helpers = f.path("/templates/_helpers.tpl");
    f.host
        .set_file(&helpers, "{{ define \"new.name\" }}x{{ end }}\n".into());
    assert_eq!(names(&f), ["new.name"]);
}

#[test]
fn template_names_with_their_quotes_right_after_include() {
    let items = complete(
        r#"
        //- /templates/_helpers.tpl
        {{ define "demo.labels" }}app: demo{{ end }}
        //- /templates/cm.yaml
        {{ include $0 }}
        "#,
    );
    assert_eq!(labels(&items, CompletionKind::Template), ["demo.labels"]);
    assert!(labels(&items, CompletionKind::Function).is_empty());
    let it = item(&items, "demo.labels");
    assert_eq!(it.insert_text.as_deref(), Some("\"demo.labels\""));
}

#[test]
fn keyword_snippets_keep_what_follows_the_word() {
    let items = complete(
        r#"
        //- /templates/cm.yaml
        {{ i$0 .Values.x }}
        "#,
    );
    let iff = items
        .iter()
        .find(|i| i.kind == CompletionKind::Snippet && i.label == "if")
        .unwrap();
    assert_eq!(iff.insert_text.as_deref(), Some("if ${1:condition}$0"));
    assert_eq!(iff.replace_range, Some(cw_ide::TextRange::new(3, 4)));
}

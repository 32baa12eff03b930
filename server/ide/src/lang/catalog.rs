//! What the template language offers by name: every function a Helm template may call (Helm's
//! and Sprig's from `cw_engine::func_docs()`, Go's builtins documented here) and the tree of
//! Helm's built-in objects (`.Release`, `.Chart`, `.Capabilities`, `.Files`, `.Template`, ...).

use std::sync::OnceLock;

/// One callable function with its documentation.
#[derive(Clone, Debug)]
pub(crate) struct Func {
    pub name: &'static str,
    /// Go-style signature, `trunc(length int, s string) string`.
    pub signature: &'static str,
    pub summary: &'static str,
    pub example: &'static str,
    /// Go's own builtin (`and`, `index`, `printf`, ...) rather than Helm's or Sprig's.
    pub go_builtin: bool,
}

impl Func {
    /// Markdown: signature, summary, example.
    pub fn markdown(&self) -> String {
        let origin = if self.go_builtin {
            "Go template builtin"
        } else {
            "Helm / Sprig function"
        };
        format!(
            "```go\n{}\n```\n{}\n\n*{origin}*\n\nExample:\n```gotmpl\n{}\n```",
            self.signature, self.summary, self.example
        )
    }

    /// The parameters of the signature, as byte ranges inside `signature`.
    pub fn parameters(&self) -> Vec<(u32, u32)> {
        signature_parameters(self.signature)
    }
}

/// Byte ranges of the parameters in `name(a int, b ...string) T`.
pub(crate) fn signature_parameters(sig: &str) -> Vec<(u32, u32)> {
    let Some(open) = sig.find('(') else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = open + 1;
    for (i, c) in sig.char_indices().skip_while(|(i, _)| *i <= open) {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' if depth > 0 => depth -= 1,
            ')' => {
                push_param(sig, start, i, &mut out);
                return out;
            }
            ',' if depth == 0 => {
                push_param(sig, start, i, &mut out);
                start = i + 1;
            }
            _ => {}
        }
    }
    out
}

fn push_param(sig: &str, start: usize, end: usize, out: &mut Vec<(u32, u32)>) {
    let s = &sig[start..end];
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim();
    if !trimmed.is_empty() {
        let a = start + lead;
        out.push((a as u32, (a + trimmed.len()) as u32));
    }
}

const GO_BUILTIN_DOCS: &[(&str, &str, &str, &str)] = &[
    (
        "and",
        "and(arg0 any, args ...any) any",
        "Returns the first empty argument or the last argument: `and x y` behaves as `if x then y else x`. Arguments are evaluated left to right and evaluation stops at the first empty one.",
        "{{ if and .Values.ingress.enabled .Values.ingress.tls }}tls: true{{ end }}",
    ),
    (
        "or",
        "or(arg0 any, args ...any) any",
        "Returns the first non-empty argument or the last argument: `or x y` behaves as `if x then x else y`. Evaluation stops at the first non-empty argument.",
        "{{ or .Values.nameOverride .Chart.Name }}",
    ),
    (
        "not",
        "not(arg any) bool",
        "Returns the boolean negation of its single argument (empty values are false).",
        "{{ if not .Values.enabled }}# disabled{{ end }}",
    ),
    (
        "eq",
        "eq(arg1 any, arg2 ...any) bool",
        "True when arg1 equals arg2, or any of the following arguments (`eq x a b` is `x == a || x == b`). Only basic types compare; comparing a string with a number is an error.",
        "{{ if eq .Values.env \"prod\" \"staging\" }}replicas: 3{{ end }}",
    ),
    (
        "ne",
        "ne(arg1 any, arg2 any) bool",
        "True when arg1 != arg2.",
        "{{ if ne .Values.service.type \"ClusterIP\" }}nodePort: 30080{{ end }}",
    ),
    (
        "lt",
        "lt(arg1 any, arg2 any) bool",
        "True when arg1 < arg2 (numbers or strings of the same kind).",
        "{{ if lt (int .Values.replicas) 2 }}# single replica{{ end }}",
    ),
    (
        "le",
        "le(arg1 any, arg2 any) bool",
        "True when arg1 <= arg2.",
        "{{ if le (len .Values.hosts) 1 }}single host{{ end }}",
    ),
    (
        "gt",
        "gt(arg1 any, arg2 any) bool",
        "True when arg1 > arg2.",
        "{{ if gt (int .Values.replicas) 1 }}podAntiAffinity: {}{{ end }}",
    ),
    (
        "ge",
        "ge(arg1 any, arg2 any) bool",
        "True when arg1 >= arg2.",
        "{{ if ge .Capabilities.KubeVersion.Minor \"19\" }}networking.k8s.io/v1{{ end }}",
    ),
    (
        "index",
        "index(item any, indexes ...any) any",
        "Indexes a map, slice or array by each following argument in turn: `index x 1 2` is `x[1][2]`. Use it for keys that are not identifiers (dashes, dots).",
        "{{ index .Values.annotations \"app.kubernetes.io/name\" }}",
    ),
    (
        "slice",
        "slice(item any, indexes ...int) any",
        "Slices a string, slice or array: `slice x 1 2` is `x[1:2]`, `slice x 1` is `x[1:]`.",
        "{{ slice \"kubernetes\" 0 4 }} → kube",
    ),
    (
        "len",
        "len(item any) int",
        "The length of a string, slice, array or map.",
        "{{ if gt (len .Values.hosts) 0 }}hosts:{{ end }}",
    ),
    (
        "print",
        "print(args ...any) string",
        "Formats its arguments as Go's fmt.Sprint: spaces are added between operands when neither is a string.",
        "{{ print \"v\" .Chart.Version }} → v1.0.0",
    ),
    (
        "printf",
        "printf(format string, args ...any) string",
        "Formats its arguments as Go's fmt.Sprintf (`%s`, `%d`, `%v`, `%q`, ...).",
        "{{ printf \"%s-%s\" .Release.Name .Chart.Name | trunc 63 }}",
    ),
    (
        "println",
        "println(args ...any) string",
        "Formats its arguments as Go's fmt.Sprintln: spaces between all operands and a final newline.",
        "{{ println \"a\" \"b\" }} → a b⏎",
    ),
    (
        "html",
        "html(args ...any) string",
        "The HTML-escaped textual representation of its arguments.",
        "{{ html \"<b>\" }} → &lt;b&gt;",
    ),
    (
        "js",
        "js(args ...any) string",
        "The JavaScript-escaped textual representation of its arguments.",
        "{{ js \"it's\" }} → it\\'s",
    ),
    (
        "urlquery",
        "urlquery(args ...any) string",
        "The textual representation of its arguments escaped for a URL query.",
        "{{ urlquery \"a b&c\" }} → a+b%26c",
    ),
    (
        "call",
        "call(fn any, args ...any) any",
        "Calls a function value (not a function name) with the remaining arguments; rarely useful in Helm, whose objects have no function fields.",
        "{{ call .Func \"arg\" }}",
    ),
];

/// Every function a Helm template may call, sorted by name.
pub(crate) fn functions() -> &'static [Func] {
    static FUNCS: OnceLock<Vec<Func>> = OnceLock::new();
    FUNCS.get_or_init(|| {
        let mut out: Vec<Func> = cw_engine::func_docs()
            .into_iter()
            .map(|d| Func {
                name: d.name,
                signature: d.signature,
                summary: d.summary,
                example: d.example,
                go_builtin: false,
            })
            .collect();
        for name in cw_syntax::GO_BUILTINS {
            if out.iter().any(|f| f.name == *name) {
                continue;
            }
            let (sig, summary, example) = GO_BUILTIN_DOCS
                .iter()
                .find(|d| d.0 == *name)
                .map(|d| (d.1, d.2, d.3))
                .unwrap_or(("", "", ""));
            out.push(Func {
                name,
                signature: sig,
                summary,
                example,
                go_builtin: true,
            });
        }
        out.sort_by(|a, b| a.name.cmp(b.name));
        out
    })
}

pub(crate) fn function(name: &str) -> Option<&'static Func> {
    let f = functions();
    f.binary_search_by(|x| x.name.cmp(name)).ok().map(|i| &f[i])
}

/// A built-in object or one of its members.
#[derive(Debug)]
pub(crate) struct Member {
    pub name: &'static str,
    /// The Go type Helm gives it.
    pub ty: &'static str,
    pub doc: &'static str,
    pub example: &'static str,
    /// A method that takes arguments (`.Files.Get "x"`), not a field.
    pub method: bool,
    /// For `.Chart.X`: the Chart.yaml key it comes from.
    pub chart_key: Option<&'static str>,
    pub children: &'static [Member],
}

const fn m(
    name: &'static str,
    ty: &'static str,
    doc: &'static str,
    example: &'static str,
) -> Member {
    Member {
        name,
        ty,
        doc,
        example,
        method: false,
        chart_key: None,
        children: &[],
    }
}

const fn method(
    name: &'static str,
    ty: &'static str,
    doc: &'static str,
    example: &'static str,
) -> Member {
    Member {
        name,
        ty,
        doc,
        example,
        method: true,
        chart_key: None,
        children: &[],
    }
}

const fn chart(
    name: &'static str,
    key: &'static str,
    ty: &'static str,
    doc: &'static str,
    example: &'static str,
) -> Member {
    Member {
        name,
        ty,
        doc,
        example,
        method: false,
        chart_key: Some(key),
        children: &[],
    }
}

const fn obj(
    name: &'static str,
    ty: &'static str,
    doc: &'static str,
    example: &'static str,
    children: &'static [Member],
) -> Member {
    Member {
        name,
        ty,
        doc,
        example,
        method: false,
        chart_key: None,
        children,
    }
}

const RELEASE: &[Member] = &[
    m(
        "Name",
        "string",
        "The release name (`helm install NAME`; `release-name` for `helm template` without a name).",
        "name: {{ .Release.Name }}-web",
    ),
    m(
        "Namespace",
        "string",
        "The namespace the release is installed into (`--namespace`).",
        "namespace: {{ .Release.Namespace }}",
    ),
    m(
        "IsInstall",
        "bool",
        "True when the current operation is an install.",
        "{{ if .Release.IsInstall }}# first install{{ end }}",
    ),
    m(
        "IsUpgrade",
        "bool",
        "True when the current operation is an upgrade or rollback.",
        "{{ if .Release.IsUpgrade }}# upgrading{{ end }}",
    ),
    m(
        "Revision",
        "int",
        "The revision number of the release: 1 on install, incremented by each upgrade and rollback.",
        "checksum/revision: {{ .Release.Revision | quote }}",
    ),
    m(
        "Service",
        "string",
        "The service rendering the template: always `Helm`.",
        "app.kubernetes.io/managed-by: {{ .Release.Service }}",
    ),
];

const CHART: &[Member] = &[
    chart("Name", "name", "string", "The chart's name (`name` in Chart.yaml; a subchart's alias when it has one).", "helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}"),
    chart("Version", "version", "string", "The chart's SemVer 2 version (`version` in Chart.yaml).", "helm.sh/chart: {{ printf \"%s-%s\" .Chart.Name .Chart.Version | replace \"+\" \"_\" }}"),
    chart("AppVersion", "appVersion", "string", "The version of the application the chart deploys (`appVersion` in Chart.yaml).", "image: \"nginx:{{ .Values.image.tag | default .Chart.AppVersion }}\""),
    chart("APIVersion", "apiVersion", "string", "The chart API version (`apiVersion` in Chart.yaml): `v2` for Helm 3 charts, `v1` for older ones.", "{{ if eq .Chart.APIVersion \"v2\" }}...{{ end }}"),
    chart("Description", "description", "string", "The one-sentence description of the chart (`description` in Chart.yaml).", "description: {{ .Chart.Description | quote }}"),
    chart("Type", "type", "string", "The chart type (`type` in Chart.yaml): `application` or `library`.", "{{ .Chart.Type }}"),
    chart("KubeVersion", "kubeVersion", "string", "The SemVer constraint on Kubernetes versions (`kubeVersion` in Chart.yaml).", "{{ .Chart.KubeVersion }}"),
    chart("Home", "home", "string", "The URL of the project's home page (`home` in Chart.yaml).", "{{ .Chart.Home }}"),
    chart("Icon", "icon", "string", "A URL to an SVG or PNG image for the chart (`icon` in Chart.yaml).", "{{ .Chart.Icon }}"),
    chart("Keywords", "keywords", "[]string", "Keywords about the project (`keywords` in Chart.yaml).", "{{ join \",\" .Chart.Keywords }}"),
    chart("Sources", "sources", "[]string", "URLs of the project's source code (`sources` in Chart.yaml).", "{{ first .Chart.Sources }}"),
    chart("Maintainers", "maintainers", "[]*chart.Maintainer", "The maintainers (`maintainers` in Chart.yaml), each with Name, Email and URL.", "{{ range .Chart.Maintainers }}{{ .Name }} {{ end }}"),
    chart("Dependencies", "dependencies", "[]*chart.Dependency", "The declared dependencies (`dependencies` in Chart.yaml), each with Name, Version, Repository, Condition, Tags, Enabled, ImportValues and Alias.", "{{ range .Chart.Dependencies }}{{ .Name }} {{ end }}"),
    chart("Annotations", "annotations", "map[string]string", "The chart's annotations (`annotations` in Chart.yaml).", "{{ index .Chart.Annotations \"category\" }}"),
    chart("Deprecated", "deprecated", "bool", "Whether the chart is deprecated (`deprecated` in Chart.yaml).", "{{ if .Chart.Deprecated }}# deprecated{{ end }}"),
    chart("Condition", "condition", "string", "The Helm 2 `condition` field of Chart.yaml (kept for compatibility).", "{{ .Chart.Condition }}"),
    chart("Tags", "tags", "string", "The Helm 2 `tags` field of Chart.yaml (kept for compatibility).", "{{ .Chart.Tags }}"),
    m("IsRoot", "bool", "True in the templates of the top-level chart, false in a subchart's.", "{{ if .Chart.IsRoot }}# top-level chart{{ end }}"),
];

const KUBE_VERSION: &[Member] = &[
    m(
        "Version",
        "string",
        "The Kubernetes version, `v1.31.0`.",
        "{{ .Capabilities.KubeVersion.Version }}",
    ),
    m(
        "Major",
        "string",
        "The major version, `1`.",
        "{{ .Capabilities.KubeVersion.Major }}",
    ),
    m(
        "Minor",
        "string",
        "The minor version, `31` (may carry a `+` suffix on some distributions).",
        "{{ .Capabilities.KubeVersion.Minor }}",
    ),
    method(
        "GitVersion",
        "string",
        "The version as the API server reports it, `v1.31.0` (deprecated alias of `Version`).",
        "{{ .Capabilities.KubeVersion.GitVersion }}",
    ),
];

const API_VERSIONS: &[Member] = &[method(
    "Has",
    "func(string) bool",
    "True when the cluster supports an API version (`batch/v1`) or a resource (`networking.k8s.io/v1/Ingress`). `helm template` knows only the built-in set plus `--api-versions`.",
    "{{ if .Capabilities.APIVersions.Has \"networking.k8s.io/v1/Ingress\" }}networking.k8s.io/v1{{ end }}",
)];

const HELM_VERSION: &[Member] = &[
    m(
        "Version",
        "string",
        "Helm's version, `v4.1.4`.",
        "{{ .Capabilities.HelmVersion.Version }}",
    ),
    m(
        "GitCommit",
        "string",
        "The git commit Helm was built from.",
        "{{ .Capabilities.HelmVersion.GitCommit }}",
    ),
    m(
        "GitTreeState",
        "string",
        "Whether Helm's git tree was `clean` or `dirty` at build time.",
        "{{ .Capabilities.HelmVersion.GitTreeState }}",
    ),
    m(
        "GoVersion",
        "string",
        "The Go version Helm was compiled with.",
        "{{ .Capabilities.HelmVersion.GoVersion }}",
    ),
];

const CAPABILITIES: &[Member] = &[
    obj(
        "KubeVersion",
        "common.KubeVersion",
        "The Kubernetes version (the cluster's, or `--kube-version` for `helm template`).",
        "{{ if semverCompare \">=1.19-0\" .Capabilities.KubeVersion.Version }}...{{ end }}",
        KUBE_VERSION,
    ),
    obj(
        "APIVersions",
        "common.VersionSet",
        "The API versions and resources the cluster supports; test them with `Has`.",
        "{{ if .Capabilities.APIVersions.Has \"policy/v1\" }}policy/v1{{ end }}",
        API_VERSIONS,
    ),
    obj(
        "HelmVersion",
        "version.BuildInfo",
        "The version of Helm rendering the chart.",
        "{{ .Capabilities.HelmVersion.Version }}",
        HELM_VERSION,
    ),
];

const FILES: &[Member] = &[
    method("Get", "func(name string) string", "The content of a non-template file of the chart as a string (`\"\"` when it does not exist).", "config.ini: |-\n{{ .Files.Get \"files/config.ini\" | indent 2 }}"),
    method("GetBytes", "func(name string) []byte", "The content of a file as bytes (for `b64enc`).", "data: {{ .Files.GetBytes \"files/logo.png\" | b64enc }}"),
    method("Glob", "func(pattern string) files", "The files whose names match a glob pattern (`**` crosses directories), as a Files object.", "{{ range $path, $_ := .Files.Glob \"conf/*.yaml\" }}{{ $path }}{{ end }}"),
    method("Lines", "func(name string) []string", "The lines of a file, for ranging over.", "{{ range .Files.Lines \"hosts.txt\" }}- {{ . }}{{ end }}"),
    method("AsConfig", "func() string", "The files as a YAML map of base name → content, for a ConfigMap's `data` (usually after `Glob`).", "data:\n{{ (.Files.Glob \"conf/*\").AsConfig | indent 2 }}"),
    method("AsSecrets", "func() string", "The files as a YAML map of base name → base64 content, for a Secret's `data` (usually after `Glob`).", "data:\n{{ (.Files.Glob \"secrets/*\").AsSecrets | indent 2 }}"),
];

const TEMPLATE: &[Member] = &[
    m(
        "Name",
        "string",
        "The path of the current template file, `mychart/templates/deployment.yaml`.",
        "# Source: {{ .Template.Name }}",
    ),
    m(
        "BasePath",
        "string",
        "The templates directory of the current chart, `mychart/templates`.",
        "{{ include (print .Template.BasePath \"/configmap.yaml\") . | sha256sum }}",
    ),
];

/// The top-level objects (the fields of the dot a template file starts with).
pub(crate) const OBJECTS: &[Member] = &[
    obj("Values", "chartutil.Values", "The chart's values: values.yaml merged with the values files (`-f`) and `--set` flags of the install; a subchart sees its own section and `global`.", "image: \"{{ .Values.image.repository }}:{{ .Values.image.tag }}\"", &[]),
    obj("Release", "map[string]interface {}", "The release being installed or upgraded: its name, namespace, revision and operation.", "name: {{ .Release.Name }}", RELEASE),
    obj("Chart", "map[string]interface {}", "The chart's metadata from Chart.yaml, with Helm's field names (`.Chart.Name`, `.Chart.Version`, `.Chart.AppVersion`, ...).", "helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}", CHART),
    obj("Capabilities", "*common.Capabilities", "What the cluster supports: the Kubernetes version, the API versions and the Helm version.", "{{ if .Capabilities.APIVersions.Has \"batch/v1\" }}batch/v1{{ end }}", CAPABILITIES),
    obj("Files", "engine.files", "The chart's non-template files (not under `templates/`, not ignored by `.helmignore`).", "{{ .Files.Get \"config.json\" }}", FILES),
    obj("Template", "map[string]interface {}", "The current template: its name and its chart's templates directory.", "{{ .Template.Name }}", TEMPLATE),
    obj("Subcharts", "map[string]interface {}", "The top-level objects of each enabled subchart, by name (or alias): `.Subcharts.mysql.Values`.", "{{ .Subcharts.mysql.Values.auth.database }}", &[]),
];

/// Follows a path of member names from the top-level objects.
pub(crate) fn member(path: &[&str]) -> Option<&'static Member> {
    let mut level = OBJECTS;
    let mut found = None;
    for name in path {
        let m = level.iter().find(|m| m.name == *name)?;
        level = m.children;
        found = Some(m);
    }
    found
}

/// Markdown for a member at `path` (`["Release", "Name"]`).
pub(crate) fn member_markdown(path: &[&str], m: &Member) -> String {
    let full: String = path.iter().map(|p| format!(".{p}")).collect();
    let what = if m.method { "method " } else { "" };
    format!(
        "```go\n{what}{full} {}\n```\n{}\n\nExample:\n```gotmpl\n{}\n```",
        m.ty, m.doc, m.example
    )
}

/// The actions' keywords: `(keyword, syntax, doc, example)`.
pub(crate) const KEYWORDS: &[(&str, &str, &str, &str)] = &[
    ("if", "{{ if pipeline }} T1 {{ else }} T0 {{ end }}", "Executes T1 when the pipeline's value is not empty (false, 0, nil, and empty strings, lists and maps are empty), else T0. The dot is unchanged.", "{{ if .Values.ingress.enabled }}kind: Ingress{{ end }}"),
    ("else", "{{ else }} / {{ else if pipeline }} / {{ else with pipeline }}", "The alternative branch of `if`, `with` or `range` (for `range`: when there is nothing to iterate).", "{{ if .Values.a }}a{{ else if .Values.b }}b{{ else }}c{{ end }}"),
    ("range", "{{ range [$i, $v :=] pipeline }} T1 {{ else }} T0 {{ end }}", "Iterates a list, map or integer: T1 runs once per element with the dot set to it (maps in sorted key order); T0 runs when there is nothing to iterate. `$` keeps the top-level object.", "{{ range $name, $port := .Values.ports }}- name: {{ $name }}\n  port: {{ $port }}\n{{ end }}"),
    ("with", "{{ with pipeline }} T1 {{ else }} T0 {{ end }}", "Executes T1 with the dot set to the pipeline's value when it is not empty, else T0 with the dot unchanged.", "{{ with .Values.nodeSelector }}nodeSelector: {{- toYaml . | nindent 2 }}{{ end }}"),
    ("define", "{{ define \"name\" }} T {{ end }}", "Defines a named template, called with `include \"name\" data` (whose output can be piped) or `{{ template \"name\" data }}`. Every template file of a chart and its subcharts shares one namespace: prefix names with the chart name.", "{{- define \"mychart.labels\" -}}\napp.kubernetes.io/name: {{ .Chart.Name }}\n{{- end }}"),
    ("template", "{{ template \"name\" pipeline }}", "Executes a named template with the dot set to the pipeline's value and writes its output in place. Its output cannot be piped: use `include` for that.", "{{ template \"mychart.labels\" . }}"),
    ("block", "{{ block \"name\" pipeline }} T {{ end }}", "Defines a named template and executes it in place: shorthand for a `define` followed by a `template`.", "{{ block \"mychart.extra\" . }}{{ end }}"),
    ("end", "{{ end }}", "Closes an `if`, `range`, `with`, `define` or `block`.", "{{ if .Values.a }}a{{ end }}"),
    ("break", "{{ break }}", "Stops the innermost `range` loop.", "{{ range .Values.items }}{{ if eq . \"stop\" }}{{ break }}{{ end }}{{ . }}{{ end }}"),
    ("continue", "{{ continue }}", "Skips to the next iteration of the innermost `range` loop.", "{{ range .Values.items }}{{ if not . }}{{ continue }}{{ end }}{{ . }}{{ end }}"),
];

/// Markdown for a keyword.
pub(crate) fn keyword_markdown(word: &str) -> Option<String> {
    KEYWORDS
        .iter()
        .find(|k| k.0 == word)
        .map(|(_, syntax, doc, example)| {
            format!("```gotmpl\n{syntax}\n```\n{doc}\n\nExample:\n```gotmpl\n{example}\n```")
        })
}

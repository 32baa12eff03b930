//! Rendering a chart as Helm's engine.go does: every template of the chart and its subcharts in
//! one template set (parsed deepest path first, so a parent's define wins), each executed with
//! its own chart's scoped values, `<no value>` erased, partials not rendered.

use std::collections::BTreeMap;
use std::sync::Arc;

use cw_chart::{str_of, Chart, Metadata};
use cw_template::{
    erase_str, Budget, BudgetKind, Elem, ExecError, ExecErrorKind, Limits, MapRef, MissingKey,
    SourceMap, TemplateSet, Value,
};

use crate::capabilities::Capabilities;
use crate::convert::{as_values_map, node_to_value, VALUES_TYPE};
use crate::funcs::{render_funcs, FuncOptions, RenderState, HELM_ERR_END, HELM_ERR_START};
use crate::objects::{CapabilitiesObject, FilesObject};

/// The name `tpl` parses its text under (Helm: the root template's name, `gotpl`).
pub const TPL_NAME: &str = "gotpl";

/// `.Release`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Release {
    pub name: String,
    pub namespace: String,
    pub revision: i64,
    pub is_install: bool,
    pub is_upgrade: bool,
}

impl Default for Release {
    /// What `helm template` uses without flags (`release-name` in namespace `default`).
    fn default() -> Release {
        Release {
            name: "release-name".into(),
            namespace: "default".into(),
            revision: 1,
            is_install: true,
            is_upgrade: false,
        }
    }
}

impl Release {
    /// The `.Release` map (`map[string]interface {}`).
    pub fn to_value(&self) -> Value {
        Value::map_from([
            ("IsInstall", Value::Bool(self.is_install)),
            ("IsUpgrade", Value::Bool(self.is_upgrade)),
            ("Name", Value::str(&self.name)),
            ("Namespace", Value::str(&self.namespace)),
            ("Revision", Value::Int(self.revision)),
            ("Service", Value::str("Helm")),
        ])
    }
}

/// How to render.
#[derive(Clone)]
pub struct Engine {
    pub funcs: FuncOptions,
    /// Helm's `Strict`: `missingkey=error`.
    pub strict: bool,
    /// Budgets for the whole render (all templates together).
    pub limits: Limits,
}

impl Default for Engine {
    fn default() -> Engine {
        Engine {
            funcs: FuncOptions::default(),
            strict: false,
            limits: Limits {
                max_steps: 200_000_000,
                // Also the largest string a function may return (cw_template's exec). The
                // largest output of the public corpus is 1.5 MB; a release over ~1 MB cannot
                // even be stored by Helm.
                max_output_bytes: 128 * 1024 * 1024,
                timeout: Some(std::time::Duration::from_secs(120)),
                ..Limits::default()
            },
        }
    }
}

/// One rendered template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenderedTemplate {
    /// `chart/templates/x.yaml` or `chart/charts/sub/templates/x.yaml`.
    pub name: String,
    /// Where the template file is, relative to the root chart directory
    /// (`templates/x.yaml`, `charts/sub/templates/x.yaml`), for source maps.
    pub file: String,
    /// The output, `<no value>` erased.
    pub content: String,
}

/// The result of rendering: every non-partial template in execution order.
#[derive(Clone, Debug, Default)]
pub struct Rendered {
    pub templates: Vec<RenderedTemplate>,
    /// Lint-mode notes from `required`/`fail`.
    pub notes: Vec<String>,
}

impl Rendered {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.templates
            .iter()
            .find(|t| t.name == name)
            .map(|t| t.content.as_str())
    }
}

/// A rendering error with Helm's text.
#[derive(Clone, Debug)]
pub enum RenderError {
    /// A template does not parse: `parse error at (c/templates/x.yaml:3): ...`.
    Parse {
        template: String,
        message: String,
        error: Box<cw_syntax::ParseError>,
    },
    /// A template fails: `execution error at (...): msg` for `required`/`fail`, else Helm 4's
    /// traced form (`LOCATION\n  executing "NAME" at <NODE>:\n    MESSAGE`).
    Exec {
        template: String,
        message: String,
        error: Box<ExecError>,
    },
}

impl RenderError {
    /// The text Helm prints after `Error: `.
    pub fn message(&self) -> &str {
        match self {
            RenderError::Parse { message, .. } | RenderError::Exec { message, .. } => message,
        }
    }
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for RenderError {}

struct Renderable<'c> {
    name: String,
    file: String,
    text: &'c str,
    vals: MapRef,
    base_path: String,
}

fn strings_list(v: &Option<cw_chart::Spanned<Vec<cw_chart::Spanned<String>>>>) -> Value {
    Value::list(
        v.iter()
            .flat_map(|s| s.value.iter())
            .map(|s| Value::str(&s.value))
            .collect(),
    )
}

/// `.Chart`: the metadata as a map with Go's field names (Helm 4's `MetadataAsMap`), plus
/// `IsRoot`. Dependencies that are disabled are left out (Helm removes them).
pub fn metadata_value(md: &Metadata, is_root: bool, enabled: &dyn Fn(&str) -> bool) -> Value {
    let s = |f: &cw_chart::StrField| Value::str(str_of(f));
    let maintainers = Value::list(
        md.maintainers
            .iter()
            .flat_map(|m| m.value.iter())
            .map(|m| match m {
                None => Value::Nil,
                Some(m) => Value::map_from([
                    ("Email", s(&m.email)),
                    ("Name", s(&m.name)),
                    ("URL", s(&m.url)),
                ]),
            })
            .collect(),
    );
    let deps = Value::list(
        md.dependencies
            .iter()
            .flat_map(|d| d.value.iter())
            .filter(|d| d.as_ref().is_none_or(|d| enabled(d.effective_name())))
            .map(|d| match d {
                None => Value::Nil,
                Some(d) => Value::map_from([
                    ("Alias", s(&d.alias)),
                    ("Condition", s(&d.condition)),
                    ("Enabled", Value::Bool(enabled(d.effective_name()))),
                    (
                        "ImportValues",
                        Value::list(
                            d.import_values
                                .iter()
                                .flat_map(|i| i.value.iter())
                                .map(node_to_value)
                                .collect(),
                        ),
                    ),
                    ("Name", Value::str(d.effective_name())),
                    ("Repository", s(&d.repository)),
                    ("Tags", strings_list(&d.tags)),
                    ("Version", s(&d.version)),
                ]),
            })
            .collect(),
    );
    // Chart.yaml without annotations (or with `annotations:` null) leaves the map nil.
    let annotations = match md.annotations.as_ref().map(|a| &a.value) {
        None => Value::nil_map(Elem::String),
        Some(a) => Value::typed_map(
            None,
            Elem::String,
            a.iter()
                .map(|(k, v)| (k.value.clone(), Value::str(&v.value)))
                .collect(),
        ),
    };
    Value::map_from([
        ("APIVersion", Value::str(md.api_version())),
        ("Annotations", annotations),
        ("AppVersion", s(&md.app_version)),
        ("Condition", s(&md.condition)),
        ("Dependencies", deps),
        (
            "Deprecated",
            Value::Bool(md.deprecated.as_ref().is_some_and(|d| d.value)),
        ),
        ("Description", s(&md.description)),
        ("Home", s(&md.home)),
        ("Icon", s(&md.icon)),
        ("IsRoot", Value::Bool(is_root)),
        ("Keywords", strings_list(&md.keywords)),
        ("KubeVersion", s(&md.kube_version)),
        ("Maintainers", maintainers),
        ("Name", s(&md.name)),
        ("Sources", strings_list(&md.sources)),
        ("Tags", s(&md.tags)),
        ("Type", s(&md.chart_type)),
        ("Version", s(&md.version)),
    ])
}

/// One chart to render: the loaded chart, the name Helm gives it (the alias when aliased), the
/// `.Values` its templates see, and its enabled subcharts in Helm's order. Build it from
/// cw-values' result with [`RenderChart::from_values`].
#[derive(Clone)]
pub struct RenderChart<'c> {
    pub chart: &'c Chart,
    pub name: String,
    pub values: Value,
    pub subcharts: Vec<RenderChart<'c>>,
}

impl<'c> RenderChart<'c> {
    /// From the values layer's tree (`cw_values::compute(..).root`).
    pub fn from_values(cv: &cw_values::ChartValues<'c>) -> RenderChart<'c> {
        RenderChart {
            chart: cv.chart,
            name: cv.name.clone(),
            values: cv.values.clone(),
            subcharts: cv.subcharts.iter().map(RenderChart::from_values).collect(),
        }
    }

    /// A chart without subcharts rendered with the given `.Values`.
    pub fn single(chart: &'c Chart, values: Value) -> RenderChart<'c> {
        RenderChart {
            chart,
            name: chart.name().to_string(),
            values,
            subcharts: Vec::new(),
        }
    }
}

/// Helm's `recAllTpls`: the dot of each chart and its templates.
///
/// A subchart's `.Values` is its own `common.Values` map whose entries are shared with the
/// parent's `.Values.<name>` (nested maps such as `global` are the same maps). In Helm it is the
/// very same map, seen as `common.Values` by the subchart and as `map[string]interface {}` by
/// the parent; one map here carries one Go type name, and the type decides `dig` and `%T`, so
/// top-level `set`/`unset` in a subchart's `.Values` do not show in the parent's (and the
/// reverse).
fn collect<'c>(
    rc: &RenderChart<'c>,
    is_root: bool,
    full_path: &str,
    release: &Value,
    caps: &Value,
    out: &mut Vec<Renderable<'c>>,
) -> MapRef {
    let values = as_values_map(&rc.values);
    crate::values_methods::with_methods(&values);
    let chart = rc.chart;
    let sub_names: Vec<&str> = rc.subcharts.iter().map(|c| c.name.as_str()).collect();
    let enabled = |n: &str| sub_names.contains(&n);
    let chart_v = metadata_value(&chart.metadata, is_root, &enabled);
    if let Value::Map(m) = &chart_v {
        m.insert("Name", Value::str(&rc.name));
    }
    let subcharts = MapRef::new(cw_template::Map::default());
    let mut map = cw_template::Map::default();
    map.name = Some(Arc::from(VALUES_TYPE));
    map.entries = BTreeMap::from([
        ("Chart".to_string(), chart_v),
        (
            "Files".to_string(),
            Value::object(FilesObject::new(
                chart.files.iter().map(|f| (f.name.clone(), f.data.clone())),
            )),
        ),
        ("Release".to_string(), release.clone()),
        ("Capabilities".to_string(), caps.clone()),
        ("Values".to_string(), values.clone()),
        ("Subcharts".to_string(), Value::Map(subcharts.clone())),
    ]);
    let next = MapRef::new(map);
    for child in &rc.subcharts {
        let child_path = format!("{full_path}/charts/{}", child.name);
        let m = collect(child, false, &child_path, release, caps, out);
        subcharts.insert(child.name.clone(), Value::Map(m));
    }
    let library = chart.is_library();
    for t in &chart.templates {
        let base = t.name.rsplit('/').next().unwrap_or(&t.name);
        if library && !base.starts_with('_') {
            continue;
        }
        out.push(Renderable {
            name: format!("{full_path}/{}", t.name),
            file: format!("{}{}", chart.prefix, t.name),
            text: t.text().unwrap_or(""),
            vals: next.clone(),
            base_path: format!("{full_path}/templates"),
        });
    }
    next
}

/// Helm's `sortTemplates`: most `/` first, then reverse lexicographic.
fn sort_templates(r: &mut [Renderable<'_>]) {
    r.sort_by(|a, b| {
        let (ca, cb) = (a.name.matches('/').count(), b.name.matches('/').count());
        cb.cmp(&ca).then_with(|| b.name.cmp(&a.name))
    });
}

/// Helm's `cleanupParseError`: `parse error at (LOCATION): LAST`.
fn cleanup_parse_error(filename: &str, go_text: &str) -> String {
    let tokens: Vec<&str> = go_text.split(": ").collect();
    if tokens.len() == 1 {
        return format!("parse error in ({filename}): {go_text}");
    }
    format!(
        "parse error at ({}): {}",
        tokens[1],
        tokens[tokens.len() - 1]
    )
}

struct Trace {
    location: String,
    executing: String,
    message: String,
}

/// Splits `template: LOC: executing "NAME" at <NODE>: REST`.
fn split_exec(msg: &str) -> Option<Trace> {
    let rest = msg.strip_prefix("template: ")?;
    let (location, rest) = rest.split_once(": ")?;
    let rest = rest.strip_prefix("executing ")?;
    let at = rest.find(" at <")?;
    let name = &rest[..at];
    let after = &rest[at + 5..];
    let close = after.find(">: ")?;
    Some(Trace {
        location: location.to_string(),
        executing: format!("executing {name} at <{}>:", &after[..close]),
        message: after[close + 3..].to_string(),
    })
}

/// Helm's `cleanupExecError` (Helm 4): `required`/`fail` messages as
/// `execution error at (LOC): MSG`, other template errors traced level by level.
pub fn cleanup_exec_error(filename: &str, msg: &str) -> String {
    if !msg.starts_with("template: ") {
        return msg.to_string();
    }
    let tokens: Vec<&str> = msg.splitn(3, ": ").collect();
    if tokens.len() != 3 {
        return format!("execution error in ({filename}): {msg}");
    }
    if let Some(start) = tokens[2].find(HELM_ERR_START) {
        let inner = &tokens[2][start + HELM_ERR_START.len()..];
        if let Some(end) = inner.rfind(HELM_ERR_END) {
            return format!("execution error at ({}): {}", tokens[1], &inner[..end]);
        }
    }
    // Helm keeps Go's one-line text when a function's own error is in the chain (`error calling
    // first: Cannot find first on type string`, `error calling tpl: error during tpl function
    // execution ...`): only chains where every call's error is another template's error are
    // traced level by level.
    if !calls_wrap_template_errors(msg) {
        return msg.to_string();
    }
    let mut levels = Vec::new();
    let mut cur = msg.to_string();
    while let Some(t) = split_exec(&cur) {
        let next = t
            .message
            .find("template: ")
            .map(|i| t.message[i..].to_string());
        levels.push(t);
        match next {
            Some(n) if split_exec(&n).is_some() => cur = n,
            _ => break,
        }
    }
    if levels.is_empty() {
        return msg.to_string();
    }
    for i in 0..levels.len().saturating_sub(1) {
        let inner = levels[i + 1..]
            .first()
            .map(|_| {
                let idx = levels[i].message.find("template: ").unwrap_or(0);
                levels[i].message[idx..].to_string()
            })
            .unwrap_or_default();
        if let Some(trimmed) = levels[i].message.strip_suffix(inner.as_str()) {
            // `error calling include: ` loses the space before the inner error too.
            levels[i].message = trimmed.trim_end().to_string();
        }
    }
    // The innermost error, when it is a template error without a location (`template: no
    // template "x" associated with template "gotpl"`), goes on a line of its own.
    if let Some(last) = levels.last_mut() {
        if let Some(i) = last.message.find(": template: ") {
            last.message = format!("{}:\n{}", &last.message[..i], &last.message[i + 2..]);
        }
    }
    let mut out = String::new();
    for l in &levels {
        out.push_str(&format!(
            "{}\n  {}\n    {}\n",
            l.location, l.executing, l.message
        ));
    }
    out.trim_end().to_string()
}

/// True when every `error calling NAME: ` in a Go template error is followed by another
/// template error (`template: ...`).
fn calls_wrap_template_errors(msg: &str) -> bool {
    const CALLING: &str = "error calling ";
    let mut rest = msg;
    while let Some(i) = rest.find(CALLING) {
        let after = &rest[i + CALLING.len()..];
        let Some(colon) = after.find(": ") else {
            return false;
        };
        if !after[colon + 2..].starts_with("template: ") {
            return false;
        }
        rest = &after[colon + 2..];
    }
    true
}

/// What Helm erases from every rendered template.
const NO_VALUE: &str = "<no value>";

/// Options of [`Engine::render_all`].
#[derive(Clone, Default)]
pub struct RenderAllOptions {
    /// Record a [`SourceMap`] for each template (off: nothing is recorded).
    pub source_map: bool,
    /// Parses the caller made earlier, asked for each template before parsing it.
    pub parsed: Option<Arc<ParsedTemplates>>,
}

/// `(template name, text)` → the caller's parse of that text under that name with the engine's
/// function names (Helm's function map and Go's builtins, as
/// [`cw_template::TemplateSet::has_function`] answers them), or `None` to have
/// [`Engine::render_all`] parse it. A language server keeps each file's parse across edits;
/// handing them over spares parsing every template again on every render. A caller that does
/// not need a template's own output may hand the parse of its text blanked outside its defines
/// and blocks (same length and newlines, the defines' bytes unchanged; or empty when it has
/// none): the template's defines are then what they are in `text`.
pub type ParsedTemplates = dyn Fn(&str, &str) -> Option<Arc<cw_syntax::Parse>> + Send + Sync;

impl std::fmt::Debug for RenderAllOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RenderAllOptions")
            .field("source_map", &self.source_map)
            .field("parsed", &self.parsed.is_some())
            .finish()
    }
}

/// One template of a keep-going render ([`Engine::render_all`]).
#[derive(Clone, Debug)]
pub struct TemplateRender {
    /// `chart/templates/x.yaml` (the parse name source maps and error traces use).
    pub name: String,
    /// The file relative to the root chart directory (`templates/x.yaml`).
    pub file: String,
    /// The output, `<no value>` erased; when `error` is set, what was written before the error.
    pub content: String,
    /// Where each byte of `content` came from (the erasure of `<no value>` accounted for),
    /// when [`RenderAllOptions::source_map`] was set.
    pub source_map: Option<SourceMap>,
    /// The error Helm would report for this template, with its text.
    pub error: Option<RenderError>,
}

/// The result of [`Engine::render_all`]: every parse error, and every template that parsed,
/// rendered or failed on its own.
#[derive(Clone, Debug, Default)]
pub struct RenderAll {
    /// One [`RenderError::Parse`] per template that does not parse, in Helm's parse order.
    /// Those templates (and their defines) are left out of the set.
    pub parse_errors: Vec<RenderError>,
    /// Every non-partial template that parsed, in Helm's execution order.
    pub templates: Vec<TemplateRender>,
    /// Lint-mode notes from `required`/`fail`, in execution order.
    pub notes: Vec<String>,
    /// Every template's name (the parse name of source maps and traces, partials included) and
    /// its file relative to the root chart directory.
    pub files: BTreeMap<String, String>,
    /// True when the [`Limits::cancel`] flag stopped the render: the templates not rendered by
    /// then carry a cancelled error.
    pub cancelled: bool,
}

impl RenderAll {
    pub fn get(&self, name: &str) -> Option<&TemplateRender> {
        self.templates.iter().find(|t| t.name == name)
    }

    /// The error [`Engine::render`] would return: the first parse error, else the first
    /// execution error in execution order.
    pub fn first_error(&self) -> Option<&RenderError> {
        self.parse_errors
            .first()
            .or_else(|| self.templates.iter().find_map(|t| t.error.as_ref()))
    }

    /// The templates that rendered without error, as [`Engine::render`]'s result (for
    /// [`crate::output::assemble`]; a document's `content_range` then indexes the content of
    /// the same template here).
    pub fn rendered(&self) -> Rendered {
        Rendered {
            templates: self
                .templates
                .iter()
                .filter(|t| t.error.is_none())
                .map(|t| RenderedTemplate {
                    name: t.name.clone(),
                    file: t.file.clone(),
                    content: t.content.clone(),
                })
                .collect(),
            notes: self.notes.clone(),
        }
    }
}

/// Sets `.Template` in the template's dot.
fn set_template_object(t: &Renderable<'_>) {
    t.vals.insert(
        "Template",
        Value::typed_map(
            Some(VALUES_TYPE),
            Elem::Any,
            BTreeMap::from([
                ("BasePath".to_string(), Value::str(&t.base_path)),
                ("Name".to_string(), Value::str(&t.name)),
            ]),
        ),
    );
}

fn is_partial(name: &str) -> bool {
    name.rsplit('/').next().unwrap_or(name).starts_with('_')
}

fn exec_error(name: &str, e: ExecError) -> RenderError {
    RenderError::Exec {
        template: name.to_string(),
        message: cleanup_exec_error(name, &e.message),
        error: Box::new(e),
    }
}

fn parse_error(name: &str, e: &cw_syntax::ParseError) -> RenderError {
    RenderError::Parse {
        template: name.to_string(),
        message: cleanup_parse_error(name, &e.go_text()),
        error: Box::new(e.clone()),
    }
}

impl Engine {
    /// The templates of a chart tree in Helm's order, the render state and an empty set.
    fn prepare<'c>(
        &self,
        chart: &RenderChart<'c>,
        release: &Release,
        caps: &Capabilities,
    ) -> (Vec<Renderable<'c>>, Arc<RenderState>, TemplateSet) {
        let release_v = release.to_value();
        let caps_v = Value::object(CapabilitiesObject(Arc::new(caps.clone())));
        let mut tpls = Vec::new();
        collect(chart, true, &chart.name, &release_v, &caps_v, &mut tpls);
        sort_templates(&mut tpls);

        let state = Arc::new(RenderState::default());
        let funcs = render_funcs(&self.funcs, state.clone());
        let set = TemplateSet::new(TPL_NAME)
            .with_funcs(funcs)
            .with_missing_key(if self.strict {
                MissingKey::Error
            } else {
                MissingKey::Zero
            });
        (tpls, state, set)
    }

    /// Renders a chart tree (enabled subcharts only, values already scoped), as Helm's
    /// `engine.Render` after `ToRenderValues`: the first parse or execution error stops it.
    pub fn render(
        &self,
        chart: &RenderChart<'_>,
        release: &Release,
        caps: &Capabilities,
    ) -> Result<Rendered, RenderError> {
        self.render_parsed(chart, release, caps, None)
    }

    /// [`Engine::render`] taking the caller's parses where it has them (see
    /// [`ParsedTemplates`]; they must be of the templates' own texts, not blanked): a linter
    /// that analysed the chart, or renders it once per values profile, parses each file once.
    pub fn render_parsed(
        &self,
        chart: &RenderChart<'_>,
        release: &Release,
        caps: &Capabilities,
        parsed: Option<&ParsedTemplates>,
    ) -> Result<Rendered, RenderError> {
        let (tpls, state, mut set) = self.prepare(chart, release, caps);
        for t in &tpls {
            let error = match parsed.and_then(|p| p(&t.name, t.text)) {
                Some(parse) => {
                    set.add_parse(t.text, &parse);
                    parse.first_error().cloned()
                }
                None => set.parse_into(&t.name, t.text).into_iter().next(),
            };
            if let Some(e) = error {
                return Err(parse_error(&t.name, &e));
            }
        }

        let mut budget = Budget::new(self.limits.clone());
        let mut rendered = Rendered::default();
        for t in &tpls {
            if is_partial(&t.name) {
                continue;
            }
            set_template_object(t);
            let mut out = String::new();
            if let Err(e) =
                set.execute_with_budget(&t.name, Value::Map(t.vals.clone()), &mut out, &mut budget)
            {
                return Err(exec_error(&t.name, e));
            }
            erase_str(&mut out, None, NO_VALUE);
            cw_template::gostr::printable(&mut out);
            rendered.templates.push(RenderedTemplate {
                name: t.name.clone(),
                file: t.file.clone(),
                content: out,
            });
        }
        rendered.notes =
            std::mem::take(&mut *state.notes.lock().unwrap_or_else(|e| e.into_inner()));
        Ok(rendered)
    }

    /// The language server's render: never stops at the first error. Every template is parsed
    /// and every parse error reported (a template that does not parse is left out of the set,
    /// with its defines); every non-partial template that parsed is executed on its own and
    /// gets its output or its error, and with [`RenderAllOptions::source_map`] its source map.
    /// Lint mode ([`FuncOptions::lint_mode`]) works as in [`Engine::render`].
    ///
    /// Budgets: the time limit and the cancel flag cover the whole render; steps and output
    /// are counted per template, so one runaway template does not fail the others.
    pub fn render_all(
        &self,
        chart: &RenderChart<'_>,
        release: &Release,
        caps: &Capabilities,
        opts: &RenderAllOptions,
    ) -> RenderAll {
        let started = std::time::Instant::now();
        let (tpls, state, mut set) = self.prepare(chart, release, caps);
        let mut res = RenderAll::default();
        for t in &tpls {
            res.files.insert(t.name.clone(), t.file.clone());
            let given = opts.parsed.as_ref().and_then(|p| p(&t.name, t.text));
            let parse = given.unwrap_or_else(|| {
                let check = |n: &str| set.has_function(n);
                Arc::new(cw_syntax::parse(
                    t.text,
                    &cw_syntax::ParseOptions::new(&t.name, &check),
                ))
            });
            match parse.first_error() {
                Some(e) => res.parse_errors.push(parse_error(&t.name, e)),
                None => set.add_parse(t.text, &parse),
            }
        }
        let failed: std::collections::HashSet<&str> = res
            .parse_errors
            .iter()
            .map(|e| match e {
                RenderError::Parse { template, .. } | RenderError::Exec { template, .. } => {
                    template.as_str()
                }
            })
            .collect();

        for t in &tpls {
            if is_partial(&t.name) || failed.contains(t.name.as_str()) {
                continue;
            }
            let mut limits = self.limits.clone();
            if let Some(total) = self.limits.timeout {
                limits.timeout = Some(total.saturating_sub(started.elapsed()));
            }
            let mut budget = Budget::new(limits);
            set_template_object(t);
            let mut out = String::new();
            let mut map = opts.source_map.then(SourceMap::new);
            let data = Value::Map(t.vals.clone());
            let r = match map.as_mut() {
                Some(m) => set.execute_with_budget_mapped(&t.name, data, &mut out, &mut budget, m),
                None => set.execute_with_budget(&t.name, data, &mut out, &mut budget),
            };
            if let Err(e) = &r {
                if e.kind == ExecErrorKind::Budget(BudgetKind::Cancelled) {
                    res.cancelled = true;
                }
            }
            erase_str(&mut out, map.as_mut(), NO_VALUE);
            // (With a source map the byte offsets must stay: carried bytes stay as they are.)
            if map.is_none() {
                cw_template::gostr::printable(&mut out);
            }
            res.templates.push(TemplateRender {
                name: t.name.clone(),
                file: t.file.clone(),
                content: out,
                source_map: map,
                error: r.err().map(|e| exec_error(&t.name, e)),
            });
        }
        res.notes = std::mem::take(&mut *state.notes.lock().unwrap_or_else(|e| e.into_inner()));
        res
    }
}

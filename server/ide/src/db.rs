//! The analysis of one root chart, computed from a snapshot of the files and cached until a file
//! under the chart changes, in two layers:
//!
//! - the core, computed at once: the loaded chart tree, every template parsed, the values Helm
//!   would compute (chart defaults plus the configured values files) and each chart's scope.
//!   Completion, hover, navigation and symbols need only this;
//! - the render of every template with its source map ([`ChartAnalysis::render`]), computed on
//!   first use and kept with the analysis: the diagnostics and the preview ask for it, nothing
//!   else waits for it.
//!
//! A new analysis of a chart reuses what the previous one computed from the same inputs: the
//! text and parse of every template whose bytes (and name) did not change, the YAML of values
//! files whose text did not change, and the parts of the values model
//! ([`crate::values::Model`]) whose inputs did not change. The render is handed the parses
//! instead of parsing every template again.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, OnceLock};

use cw_base::{Finding, TextRange};
use cw_chart::{Chart, LoadResult};
use cw_engine::{
    Capabilities, Engine, Release, RenderAll, RenderAllOptions, RenderChart, RenderError,
    TemplateRender,
};
use cw_template::Value;
use cw_values::{SchemaError, ValuesSource};

use crate::config::Config;
use crate::diagnostics::render::InputKey;
use crate::incremental::{self, RenderBase};
use crate::vfs::Vfs;

/// One template file of the root chart or of any subchart (enabled or not).
#[derive(Debug)]
pub struct TemplateFile {
    /// Absolute path (inside the `.tgz` for archived subcharts: such paths do not exist on disk).
    pub path: PathBuf,
    /// Where the file's chart is, relative to the root chart (`""`, `charts/sub/`).
    pub chart_prefix: String,
    /// The path inside its chart (`templates/deployment.yaml`).
    pub name: String,
    /// The name Helm gives the template (`root/charts/sub/templates/x.yaml`; aliases applied
    /// for enabled subcharts).
    pub helm_name: String,
    pub text: Arc<str>,
    /// The file parsed alone (every define, every error), for the IDE. Shared with the next
    /// analysis of the chart while the text and name stay the same.
    pub parse: Arc<cw_syntax::Parse>,
}

/// A values file that feeds a render: a chart's `values.yaml` or a configured `-f` file.
#[derive(Debug)]
pub struct ValuesFileInfo {
    pub path: PathBuf,
    /// The chart it belongs to (relative prefix, `""` for the root). Configured `-f` files
    /// belong to the root.
    pub chart_prefix: String,
    /// True for the configured files (user values, Helm's `-f`).
    pub user: bool,
    pub text: Arc<str>,
    pub yaml: cw_yaml::Loaded,
    /// JSON pointer → key and value ranges.
    pub source: ValuesSource,
}

/// A chart Helm renders (the root or an enabled subchart), with the `.Values` its templates see.
#[derive(Clone, Debug)]
pub struct ChartScope {
    /// The name Helm uses (the alias for an aliased dependency).
    pub name: String,
    /// Names from the root's first subchart down (`[]` for the root).
    pub path: Vec<String>,
    /// Relative directory of the chart inside the root (`""`, `charts/sub/`).
    pub prefix: String,
    /// `.Values` of this chart's templates (a `common.Values`).
    pub values: Value,
}

/// Everything known about one root chart.
pub struct ChartAnalysis {
    /// Absolute directory of the root chart.
    pub root: PathBuf,
    pub loaded: LoadResult,
    /// Loader findings and the Chart.yaml / dependency lint rules (paths relative to `root`).
    pub chart_findings: Vec<Finding>,
    pub templates: Vec<TemplateFile>,
    pub values_files: Vec<ValuesFileInfo>,
    /// Every chart Helm renders, parents first.
    pub scopes: Vec<ChartScope>,
    /// Helm's coalescing warnings and error, and the schema violations.
    pub values_warnings: Vec<String>,
    pub values_error: Option<String>,
    pub schema: Option<SchemaError>,
    /// Errors reading the configured values files (`open x: no such file`, YAML errors).
    pub user_values_errors: Vec<String>,
    /// What the render needs besides the core (`None` when the loader refused the chart: it
    /// cannot render at all).
    render_input: Option<RenderInput>,
    /// The render, computed on first use ([`ChartAnalysis::render`]).
    render: LazyRender,
    /// Fingerprints of the inputs other than template texts, and of the defines
    /// ([`crate::incremental`]).
    pub(crate) inputs_key: InputKey,
    pub(crate) defines_key: InputKey,
    /// A previous render of the chart this one may reuse, until it renders.
    base: Mutex<Option<Arc<RenderBase>>>,
    /// The values model ([`crate::values::model_of`]), built on first use.
    pub(crate) values_model: OnceLock<Arc<crate::values::Model>>,
    /// The previous analysis's values model this one may reuse parts of, until it is built.
    pub(crate) model_base: Mutex<Option<Arc<crate::values::Model>>>,
    /// The host's structure revision this analysis was loaded at ([`LoadReuse`]).
    pub(crate) structure: u64,
}

/// Whether an analysis may take the previous analysis's loaded chart instead of loading the
/// chart again: when nothing but the text of open template files changed since (the host's
/// structure revision is the same: no file opened, closed or changed on disk, no other open
/// file edited). The previous chart is then patched with the open templates' texts.
#[derive(Clone, Copy, Debug, Default)]
pub struct LoadReuse {
    /// The host's structure revision now (the previous analysis's loaded chart is taken when
    /// it was loaded at this same revision).
    pub structure: u64,
}

/// The previous load with the open templates' texts of `vfs` patched in, or `None` when that
/// would not equal a fresh load: a template reached through a symbolic link (the loader reads
/// the link's target), or sizes near the loader's limits.
fn patched_load(vfs: &Vfs, root: &Path, previous: &LoadResult) -> Option<LoadResult> {
    use cw_chart::archive::{MAX_DECOMPRESSED_CHART_SIZE, MAX_DECOMPRESSED_FILE_SIZE};
    if previous
        .findings
        .iter()
        .any(|f| f.code == cw_chart::codes::FILE_TOO_LARGE)
    {
        return None;
    }
    fn patch(vfs: &Vfs, root: &Path, c: &mut Chart, total: &mut u64) -> Option<()> {
        // A subchart from an archive (`charts/x.tgz/`) has no files an editor can open.
        let in_archive = c.prefix.contains(".tgz/");
        for t in &mut c.templates {
            *total += t.data.len() as u64;
            let path = root.join(&c.prefix).join(&t.name);
            let Some(text) = vfs.overlay(&path) else {
                continue;
            };
            // What the loader keeps of the file (a leading byte order mark dropped).
            let data = cw_chart::archive::strip_bom(text.as_bytes().to_vec());
            if data == t.data {
                continue;
            }
            if in_archive {
                return None;
            }
            match std::fs::canonicalize(&path) {
                Ok(real) if real != path => return None,
                _ => {}
            }
            if data.len() as u64 > MAX_DECOMPRESSED_FILE_SIZE / 2 {
                return None;
            }
            *total = *total - t.data.len() as u64 + data.len() as u64;
            t.data = data;
        }
        for f in c
            .files
            .iter()
            .chain(&c.raw)
            .chain(c.chart_yaml.as_ref())
            .chain(c.schema.as_ref())
        {
            *total += f.data.len() as u64;
        }
        if let Some(v) = &c.values {
            *total += v.file.data.len() as u64;
        }
        for d in &mut c.dependencies {
            patch(vfs, root, d, total)?;
        }
        Some(())
    }
    let mut loaded = previous.clone();
    let mut total = 0;
    patch(vfs, root, &mut loaded.chart, &mut total)?;
    (total <= MAX_DECOMPRESSED_CHART_SIZE / 2).then_some(loaded)
}

/// The chart tree as Helm renders it (enabled subcharts, scoped values), by positions in
/// `loaded.chart` so the analysis does not borrow itself.
struct RenderNode {
    /// Indices into `dependencies`, from the root chart down.
    chart: Vec<usize>,
    name: String,
    values: Value,
    subcharts: Vec<RenderNode>,
}

impl RenderNode {
    /// The values of this chart and its subcharts, parents first.
    fn values(&self, out: &mut Vec<Value>) {
        out.push(self.values.clone());
        for s in &self.subcharts {
            s.values(out);
        }
    }
}

struct RenderInput {
    tree: RenderNode,
    release: Release,
    caps: Capabilities,
    /// The merged configured values files (a copy: to compute the values again when a
    /// template changed them during an incremental render).
    user: Value,
}

/// A render computed once, by the first query that needs it. A query cancelled while rendering
/// leaves nothing behind: the next one renders again.
#[derive(Default)]
struct LazyRender {
    cell: OnceLock<Option<Arc<RenderAll>>>,
    /// The templates executed again when the render reused a previous one (`None`: rendered in
    /// full).
    reexecuted: OnceLock<Option<Vec<String>>>,
    /// Held while rendering, so concurrent queries wait for one render instead of each doing it.
    lock: Mutex<()>,
}

impl std::fmt::Debug for ChartAnalysis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChartAnalysis")
            .field("root", &self.root)
            .field("templates", &self.templates.len())
            .finish_non_exhaustive()
    }
}

impl ChartAnalysis {
    /// The template at an absolute path.
    pub fn template(&self, path: &Path) -> Option<&TemplateFile> {
        self.templates.iter().find(|t| t.path == path)
    }

    /// The scope (rendered chart) whose directory is `prefix`.
    pub fn scope(&self, prefix: &str) -> Option<&ChartScope> {
        self.scopes.iter().find(|s| s.prefix == prefix)
    }

    /// The loaded chart at a relative prefix (`""` = root).
    pub fn chart_at(&self, prefix: &str) -> Option<&Chart> {
        fn find<'c>(c: &'c Chart, prefix: &str) -> Option<&'c Chart> {
            if c.prefix == prefix {
                return Some(c);
            }
            c.dependencies.iter().find_map(|d| find(d, prefix))
        }
        find(&self.loaded.chart, prefix)
    }

    /// The render, kept going past errors (every template's output or error, with its source
    /// map): `None` when the chart cannot render at all (the loader refused it). Computed on
    /// first use, without a way to stop it: the language server's queries use
    /// [`crate::Analysis::render_of`], which a newer change cancels.
    pub fn render(&self) -> Option<&RenderAll> {
        // Nothing cancels it.
        self.render_cancellable(&|| false, None).unwrap_or_default()
    }

    /// Whether the render has been computed already (a query that needs it will not wait).
    pub fn is_rendered(&self) -> bool {
        self.render.cell.get().is_some()
    }

    /// [`ChartAnalysis::render`], stopped (and nothing kept) once `cancelled` says so or the
    /// flag is set.
    pub(crate) fn render_cancellable(
        &self,
        cancelled: &dyn Fn() -> bool,
        cancel_flag: Option<Arc<AtomicBool>>,
    ) -> Result<Option<&RenderAll>, crate::Cancelled> {
        if let Some(r) = self.render.cell.get() {
            return Ok(r.as_deref());
        }
        let _rendering = self.render.lock.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(r) = self.render.cell.get() {
            return Ok(r.as_deref());
        }
        if cancelled() {
            return Err(crate::Cancelled);
        }
        let render = match &self.render_input {
            None => None,
            Some(input) => {
                let mut engine = ide_engine();
                if let Some(flag) = cancel_flag {
                    engine.limits = engine.limits.with_cancel(flag);
                }
                let base = self.base.lock().unwrap_or_else(|e| e.into_inner()).clone();
                let (all, reexecuted) = self.render_from(&engine, input, base.as_deref());
                if all.cancelled || cancelled() {
                    return Err(crate::Cancelled);
                }
                let _ = self.render.reexecuted.set(reexecuted);
                Some(Arc::new(all))
            }
        };
        // The previous render is not needed any more.
        self.base.lock().unwrap_or_else(|e| e.into_inner()).take();
        Ok(self.render.cell.get_or_init(|| render).as_deref())
    }

    /// The render: from `base` when the inputs allow it ([`crate::incremental`]), else in full.
    /// Also the templates executed again when it reused `base`.
    fn render_from(
        &self,
        engine: &Engine,
        input: &RenderInput,
        base: Option<&RenderBase>,
    ) -> (RenderAll, Option<Vec<String>>) {
        // The engine parses with Helm's function names, as `parse_template` does: a template
        // whose text is the analysed one gets the analysis's parse.
        let parses = self.parses_by_name();
        let opts = RenderAllOptions {
            source_map: true,
            parsed: Some(given_parses(parses.clone(), None)),
        };
        let full = |tree: &RenderNode| {
            engine.render_all(
                &render_chart(&self.loaded.chart, tree),
                &input.release,
                &input.caps,
                &opts,
            )
        };
        let mut before = Vec::new();
        input.tree.values(&mut before);
        let Some((base, plan)) = base.and_then(|b| Some((b, incremental::plan(self, b, &before)?)))
        else {
            return (full(&input.tree), None);
        };
        let partial = engine.render_all(
            &render_chart(&self.loaded.chart, &input.tree),
            &input.release,
            &input.caps,
            &RenderAllOptions {
                source_map: true,
                parsed: Some(given_parses(parses, Some(plan.blanked.clone()))),
            },
        );
        if partial.cancelled {
            return (partial, None);
        }
        let mut after = Vec::new();
        input.tree.values(&mut after);
        // `before` are the same maps as `after`: compare with the previous render's values,
        // which the plan found equal to them before this render.
        let unchanged = after.len() == base.values.len()
            && after
                .iter()
                .zip(&base.values)
                .all(|(a, b)| incremental::value_eq(a, b, 0));
        if unchanged {
            if let Some(all) = incremental::splice(&plan, &base.render, partial) {
                let mut names: Vec<String> = plan
                    .rerender
                    .into_iter()
                    .filter(|n| all.templates.iter().any(|t| t.name == *n))
                    .collect();
                names.sort();
                return (all, Some(names));
            }
            return (full(&input.tree), None);
        }
        // A template changed `.Values`: what the other templates saw is unknown. In full, on
        // values computed again.
        let computed = cw_values::compute(
            &self.loaded.chart,
            &input.user,
            &cw_values::ComputeOptions::default(),
        );
        (full(&render_node(&self.loaded.chart, &computed.root)), None)
    }

    /// What a later analysis of this chart may reuse: this render when it is done, else the
    /// previous render this one would have reused.
    pub(crate) fn render_base(&self) -> Option<Arc<RenderBase>> {
        match self.render.cell.get() {
            Some(Some(render)) => {
                let mut values = Vec::new();
                self.render_input.as_ref()?.tree.values(&mut values);
                Some(Arc::new(RenderBase {
                    render: render.clone(),
                    inputs: self.inputs_key,
                    defines: self.defines_key,
                    texts: self
                        .templates
                        .iter()
                        .map(|t| (t.helm_name.clone(), t.text.clone()))
                        .collect(),
                    values,
                }))
            }
            Some(None) => None,
            None => self.base.lock().unwrap_or_else(|e| e.into_inner()).clone(),
        }
    }

    /// When the render reused a previous one: the Helm names of the templates executed again
    /// (the others kept their output). `None` when it rendered in full or has not rendered.
    pub fn reexecuted_templates(&self) -> Option<&[String]> {
        self.render.reexecuted.get()?.as_deref()
    }

    /// The rendered output of the template at `path`, when it rendered without error.
    pub fn rendered(&self, path: &Path) -> Option<&TemplateRender> {
        let rel = path.strip_prefix(&self.root).ok()?.to_string_lossy();
        self.render()?
            .templates
            .iter()
            .find(|t| t.file == rel && t.error.is_none())
    }

    /// The error `helm template` would stop at (first parse error, else first execution error).
    pub fn render_error(&self) -> Option<&RenderError> {
        self.render()?.first_error()
    }

    /// The values files of the chart at `prefix` and, for the root, the user files, in the
    /// order Helm applies them (chart defaults first).
    pub fn values_files_of(&self, prefix: &str) -> impl Iterator<Item = &ValuesFileInfo> {
        let prefix = prefix.to_string();
        self.values_files
            .iter()
            .filter(move |v| v.chart_prefix == prefix)
    }
}

/// Helm template name → the analysed text and its parse.
pub(crate) type TemplateParses =
    std::collections::HashMap<String, (Arc<str>, Arc<cw_syntax::Parse>)>;

/// The parses a render takes instead of parsing ([`cw_engine::ParsedTemplates`]): for a
/// template whose text is the analysed one, its blanked parse when `blanked` has one
/// ([`crate::incremental`]), else the analysis's parse.
fn given_parses(
    parses: Arc<TemplateParses>,
    blanked: Option<Arc<TemplateParses>>,
) -> Arc<cw_engine::ParsedTemplates> {
    Arc::new(move |name: &str, text: &str| {
        if let Some((ours, parse)) = blanked.as_ref().and_then(|b| b.get(name)) {
            return (**ours == *text).then(|| parse.clone());
        }
        let (ours, parse) = parses.get(name)?;
        (**ours == *text).then(|| parse.clone())
    })
}

impl ChartAnalysis {
    /// Every template's parse, for a render of this chart's own texts to take instead of
    /// parsing ([`cw_engine::Engine::render_parsed`]).
    pub fn template_parses(&self) -> Arc<cw_engine::ParsedTemplates> {
        given_parses(self.parses_by_name(), None)
    }

    /// Every template's text and parse, by the name the engine gives it.
    fn parses_by_name(&self) -> Arc<TemplateParses> {
        Arc::new(
            self.templates
                .iter()
                .map(|t| (t.helm_name.clone(), (t.text.clone(), t.parse.clone())))
                .collect(),
        )
    }
}

/// The function names a Helm template may call (Helm's map and Go's builtins).
pub fn helm_function_names() -> &'static std::collections::HashSet<&'static str> {
    static NAMES: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    NAMES.get_or_init(|| {
        cw_engine::func_docs()
            .iter()
            .map(|d| d.name)
            .chain(cw_syntax::GO_BUILTINS.iter().copied())
            .collect()
    })
}

/// Parses one template file as Helm would (Helm's function names, default delimiters).
pub fn parse_template(helm_name: &str, text: &str) -> cw_syntax::Parse {
    let names = helm_function_names();
    let funcs = |n: &str| names.contains(n);
    cw_syntax::parse(text, &cw_syntax::ParseOptions::new(helm_name, &funcs))
}

/// The parses of a previous analysis, by helm name, with the text they were made from.
type Parses<'a> = std::collections::HashMap<&'a str, (&'a Arc<str>, &'a Arc<cw_syntax::Parse>)>;

fn collect_templates(
    chart: &Chart,
    root: &Path,
    helm_prefix: &str,
    aliases: &BTreeMap<String, String>,
    previous: &Parses<'_>,
    out: &mut Vec<TemplateFile>,
) {
    for t in &chart.templates {
        let helm_name = format!("{helm_prefix}/{}", t.name);
        let old = previous.get(helm_name.as_str());
        // The previous text when the bytes are the same (no conversion, one shared copy).
        let text: Arc<str> = match old {
            Some((old, _)) if old.as_bytes() == t.data.as_slice() => Arc::clone(old),
            _ => Arc::from(String::from_utf8_lossy(&t.data).as_ref()),
        };
        // The parse depends on the text and the name only (Helm's function names are fixed).
        let parse = match old {
            Some((old, parse)) if ***old == *text => Arc::clone(parse),
            _ => Arc::new(parse_template(&helm_name, &text)),
        };
        out.push(TemplateFile {
            path: root.join(&chart.prefix).join(&t.name),
            chart_prefix: chart.prefix.clone(),
            name: t.name.clone(),
            helm_name,
            text,
            parse,
        });
    }
    for d in &chart.dependencies {
        let name = aliases
            .get(&d.prefix)
            .cloned()
            .unwrap_or_else(|| d.name().to_string());
        collect_templates(
            d,
            root,
            &format!("{helm_prefix}/charts/{name}"),
            aliases,
            previous,
            out,
        );
    }
}

/// Resolves the configured values files of a chart: globs against the chart's files.
fn user_value_files(vfs: &Vfs, root: &Path, patterns: &[String]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in patterns {
        let path = Path::new(p);
        if !p.contains(['*', '?', '[']) {
            let abs = if path.is_absolute() {
                path.to_path_buf()
            } else {
                root.join(path)
            };
            if cw_chart::FileSystem::metadata(vfs, &abs).is_ok() {
                out.push(abs);
            }
            continue;
        }
        // A glob: `dir/*.yaml` matches the files of `dir` (one level, as filepath.Glob).
        let (dir, pat) = match p.rsplit_once('/') {
            Some((d, f)) => (root.join(d), f.to_string()),
            None => (root.to_path_buf(), p.clone()),
        };
        let Ok(glob) = cw_engine::Glob::compile(&pat) else {
            continue;
        };
        let Ok(mut names) = cw_chart::FileSystem::read_dir(vfs, &dir) else {
            continue;
        };
        names.sort();
        out.extend(
            names
                .into_iter()
                .filter(|n| glob.is_match(n))
                .map(|n| dir.join(n)),
        );
    }
    out
}

/// Analyses the root chart at `root` over the files of `vfs`. Never fails: every problem is a
/// finding or an error field. `cancel` is checked between phases.
pub fn analyse(
    vfs: &Vfs,
    root: &Path,
    config: &Config,
    cancelled: &dyn Fn() -> bool,
) -> Result<ChartAnalysis, crate::Cancelled> {
    analyse_incremental(vfs, root, config, cancelled, None, LoadReuse::default())
}

/// [`analyse`] with the snapshot's cancel flag. The render is computed on first use
/// ([`ChartAnalysis::render`]); the flag no longer applies to it (it is the caller's).
pub fn analyse_with_flag(
    vfs: &Vfs,
    root: &Path,
    config: &Config,
    cancelled: &dyn Fn() -> bool,
    _cancel_flag: Option<Arc<AtomicBool>>,
) -> Result<ChartAnalysis, crate::Cancelled> {
    analyse_incremental(vfs, root, config, cancelled, None, LoadReuse::default())
}

/// [`analyse`], reusing what `previous` (an older analysis of the same chart, with the same
/// configuration) computed from inputs that did not change: the parse of each template whose
/// name and text are the same, and the loaded chart itself when `reuse` says only open
/// templates were edited since.
pub fn analyse_incremental(
    vfs: &Vfs,
    root: &Path,
    config: &Config,
    cancelled: &dyn Fn() -> bool,
    previous: Option<&ChartAnalysis>,
    reuse: LoadReuse,
) -> Result<ChartAnalysis, crate::Cancelled> {
    let root = crate::vfs::normalize(root);
    // `cw_lint::lint`, its rules remembered while their inputs stay the same.
    let loaded = previous
        .filter(|p| p.structure == reuse.structure)
        .and_then(|p| patched_load(vfs, &root, &p.loaded))
        .unwrap_or_else(|| cw_chart::load(vfs, &root));
    // Hashed once: the chart rules' memo and the render's reuse are keyed by it.
    let chart_files_key = incremental::chart_files_key(&loaded.chart);
    let mut chart_findings = loaded.findings.clone();
    chart_findings.extend(
        incremental::chart_rules(vfs, &root, &loaded.chart, chart_files_key)
            .iter()
            .cloned(),
    );
    if cancelled() {
        return Err(crate::Cancelled);
    }

    let mut values_files = Vec::new();
    // The YAML and sources of the previous analysis's values files, by path, with their text:
    // copied when the text is the same (a copy is several times cheaper than a parse).
    let previous_values: std::collections::HashMap<(&Path, bool), &ValuesFileInfo> = previous
        .into_iter()
        .flat_map(|p| &p.values_files)
        .map(|v| ((v.path.as_path(), v.user), v))
        .collect();
    let load_values = |path: &Path, user: bool, name: String, text: &Arc<str>| match previous_values
        .get(&(path, user))
    {
        Some(v) if *v.text == **text => (v.yaml.clone(), v.source.clone()),
        _ => {
            let yaml = cw_yaml::load(text);
            let source = ValuesSource::new(name, yaml.root.as_slice());
            (yaml, source)
        }
    };
    type LoadValues<'a> =
        dyn Fn(&Path, bool, String, &Arc<str>) -> (cw_yaml::Loaded, ValuesSource) + 'a;
    fn chart_values_files(
        c: &Chart,
        root: &Path,
        load: &LoadValues<'_>,
        previous: &dyn Fn(&Path) -> Option<Arc<str>>,
        out: &mut Vec<ValuesFileInfo>,
    ) {
        if let Some(vf) = &c.values {
            let path = root.join(&c.prefix).join(&vf.file.name);
            let text: Arc<str> = match previous(&path) {
                Some(old) if old.as_bytes() == vf.file.data.as_slice() => old,
                _ => Arc::from(String::from_utf8_lossy(&vf.file.data).as_ref()),
            };
            let (yaml, source) = load(&path, false, format!("{}{}", c.prefix, vf.file.name), &text);
            out.push(ValuesFileInfo {
                path,
                chart_prefix: c.prefix.clone(),
                user: false,
                text,
                yaml,
                source,
            });
        }
        for d in &c.dependencies {
            chart_values_files(d, root, load, previous, out);
        }
    }
    let previous_text = |path: &Path| previous_values.get(&(path, false)).map(|v| v.text.clone());
    chart_values_files(
        &loaded.chart,
        &root,
        &load_values,
        &previous_text,
        &mut values_files,
    );

    // The configured values files, merged in order as `-f` files.
    let mut user_values_errors = Vec::new();
    let mut vopts = cw_values::ValueOptions::default();
    for path in user_value_files(vfs, &root, &config.value_files) {
        let Some(text) = vfs.text(&path) else {
            user_values_errors.push(format!(
                "open {}: no such file or directory",
                path.display()
            ));
            continue;
        };
        let (yaml, source) = load_values(&path, true, path.display().to_string(), &text);
        vopts
            .value_files
            .push((path.display().to_string(), text.to_string()));
        values_files.push(ValuesFileInfo {
            path,
            chart_prefix: String::new(),
            user: true,
            text,
            yaml,
            source,
        });
    }
    let user = match cw_values::merge_user_values(&vopts, &|p| {
        vfs.text(Path::new(p))
            .map(|t| t.to_string())
            .ok_or_else(|| format!("open {p}: no such file or directory"))
    }) {
        Ok(u) => u.values,
        Err(e) => {
            user_values_errors.push(e);
            cw_values::empty_map()
        }
    };

    let user_copy = cw_values::deep_copy(&user);
    let computed = cw_values::compute(&loaded.chart, &user, &cw_values::ComputeOptions::default());
    let scopes: Vec<ChartScope> = computed
        .root
        .walk()
        .into_iter()
        .map(|cv| ChartScope {
            name: cv.name.clone(),
            path: cv.path.clone(),
            prefix: cv.chart.prefix.clone(),
            values: cv.values.clone(),
        })
        .collect();
    let aliases: BTreeMap<String, String> = scopes
        .iter()
        .map(|s| (s.prefix.clone(), s.name.clone()))
        .collect();
    let previous_parses: Parses<'_> = previous
        .into_iter()
        .flat_map(|p| &p.templates)
        .map(|t| (t.helm_name.as_str(), (&t.text, &t.parse)))
        .collect();
    let mut templates = Vec::new();
    collect_templates(
        &loaded.chart,
        &root,
        loaded.chart.name(),
        &aliases,
        &previous_parses,
        &mut templates,
    );
    if cancelled() {
        return Err(crate::Cancelled);
    }

    let render_input = if loaded.helm_error.is_some() {
        None
    } else {
        let kube = config
            .kube_version
            .as_deref()
            .and_then(|k| cw_engine::parse_kube_version(k).ok());
        let caps = Capabilities::default().with_overrides(kube, &config.api_versions);
        let release = Release {
            name: config.release_name.clone(),
            namespace: config.namespace.clone(),
            ..Release::default()
        };
        Some(RenderInput {
            tree: render_node(&loaded.chart, &computed.root),
            release,
            caps,
            user: user_copy,
        })
    };

    let user_files: Vec<(String, Arc<str>)> = values_files
        .iter()
        .filter(|v| v.user)
        .map(|v| (v.path.display().to_string(), v.text.clone()))
        .collect();
    let inputs_key = incremental::inputs_key(chart_files_key, &user_files, &format!("{config:?}"));
    let defines_key = incremental::defines_key(&templates);
    let base = previous.and_then(ChartAnalysis::render_base);
    let model_base = previous.and_then(|p| {
        p.values_model.get().cloned().or_else(|| {
            p.model_base
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .clone()
        })
    });
    let values_warnings = computed.warnings.clone();
    let values_error = computed.error.clone();
    let schema = computed.schema.clone();
    drop(computed);
    Ok(ChartAnalysis {
        root,
        loaded,
        chart_findings,
        templates,
        values_files,
        scopes,
        values_warnings,
        values_error,
        schema,
        user_values_errors,
        render_input,
        render: LazyRender::default(),
        inputs_key,
        defines_key,
        base: Mutex::new(base),
        values_model: OnceLock::new(),
        model_base: Mutex::new(model_base),
        structure: reuse.structure,
    })
}

/// The render tree of `cv`, its charts found by position in `root` (the values layer's charts
/// are the loaded chart's, by address).
fn render_node(root: &Chart, cv: &cw_values::ChartValues<'_>) -> RenderNode {
    fn position(c: &Chart, target: *const Chart, path: &mut Vec<usize>) -> bool {
        if std::ptr::eq(c, target) {
            return true;
        }
        for (i, d) in c.dependencies.iter().enumerate() {
            path.push(i);
            if position(d, target, path) {
                return true;
            }
            path.pop();
        }
        false
    }
    let mut chart = Vec::new();
    position(root, cv.chart, &mut chart);
    RenderNode {
        chart,
        name: cv.name.clone(),
        values: cv.values.clone(),
        subcharts: cv.subcharts.iter().map(|s| render_node(root, s)).collect(),
    }
}

/// The engine's chart tree for a render node.
fn render_chart<'c>(root: &'c Chart, node: &RenderNode) -> RenderChart<'c> {
    let chart = node
        .chart
        .iter()
        .fold(root, |c, &i| c.dependencies.get(i).unwrap_or(c));
    RenderChart {
        chart,
        name: node.name.clone(),
        values: node.values.clone(),
        subcharts: node
            .subcharts
            .iter()
            .map(|s| render_chart(root, s))
            .collect(),
    }
}

/// The engine the IDE renders with: lint mode off (errors are what helm template reports),
/// tighter budgets than the CLI so a hostile chart cannot stall the editor.
pub fn ide_engine() -> Engine {
    let mut engine = Engine::default();
    engine.limits.max_steps = 20_000_000;
    engine.limits.max_output_bytes = 64 * 1024 * 1024;
    engine.limits.timeout = Some(std::time::Duration::from_secs(10));
    engine
}

/// The byte range of a JSON pointer's value in a values file, if the file has it.
pub fn value_range(file: &ValuesFileInfo, pointer: &str) -> Option<TextRange> {
    file.source.get(pointer).map(|s| s.range)
}

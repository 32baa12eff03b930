//! The analysis core both drivers (the language server and the CLI) call: a host that holds the
//! workspace's files (open buffers over the disk) and settings, and immutable snapshots that
//! answer questions about them — diagnostics, completion, hover, navigation, the render preview.
//!
//! ```text
//! let mut host = AnalysisHost::new(Config::default());
//! host.set_roots(vec![workspace_dir]);
//! host.set_file(&path, Arc::from(text));          // didOpen / didChange (unsaved text)
//! let analysis = host.snapshot();                  // cheap; moves to a worker thread
//! let chart = analysis.chart_of(&path)?;           // Result<Option<Arc<ChartAnalysis>>, Cancelled>
//! ```
//!
//! Everything here speaks UTF-8 byte offsets ([`cw_base::TextRange`]) and absolute paths; the
//! language server converts to LSP positions. A snapshot computes lazily and caches per root
//! chart; any change to the host cancels work still running on older snapshots (their queries
//! return [`Cancelled`]).

pub mod config;
pub mod db;
pub mod diagnostics;
pub mod features;
pub mod fixture;
mod incremental;
mod lang;
pub mod preview;
pub mod types;
mod values;
pub mod vfs;
pub mod workspace;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

pub use config::{Config, DiagnosticsConfig};
pub use cw_base::{Finding, LineIndex, Severity, TextRange};
pub use db::{ChartAnalysis, ChartScope, TemplateFile, ValuesFileInfo};
pub use types::*;
pub use vfs::Vfs;

/// A query was abandoned because the files changed after its snapshot was taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cancelled;

impl std::fmt::Display for Cancelled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("cancelled: the files changed")
    }
}

impl std::error::Error for Cancelled {}

pub type Cancellable<T> = Result<T, Cancelled>;

/// A byte range in a file.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileRange {
    pub path: PathBuf,
    pub range: TextRange,
}

/// A replacement of a byte range of a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextEdit {
    pub range: TextRange,
    pub new_text: String,
}

/// Edits over several files (rename, code actions), each file's edits non-overlapping and in
/// order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceChange {
    pub edits: std::collections::BTreeMap<PathBuf, Vec<TextEdit>>,
}

impl SourceChange {
    pub fn insert(&mut self, path: PathBuf, edit: TextEdit) {
        let v = self.edits.entry(path).or_default();
        v.push(edit);
        v.sort_by_key(|e| (e.range.start(), e.range.end()));
    }
}

/// A cached analysis: (the generation it was computed at, the analysis, when it was last used).
type CacheEntry = (u64, Arc<ChartAnalysis>, u64);

#[derive(Default)]
struct Cache {
    /// Root chart → its entry.
    charts: Mutex<HashMap<PathBuf, CacheEntry>>,
    /// Root chart → a lock held while one query analyses it, so concurrent queries of the same
    /// generation (diagnostics and a completion after a keystroke) share one analysis.
    computing: Mutex<HashMap<PathBuf, Arc<Mutex<()>>>>,
    /// A clock for `last used`.
    tick: std::sync::atomic::AtomicU64,
}

/// At most this many chart analyses are kept (least recently used go first): an analysis holds
/// the chart's files, parses, values and render (a few MB for a large chart), and a monorepo
/// may have hundreds of charts with open documents. An evicted chart is analysed again when
/// next asked for. With all 417 corpus charts open at once the server peaks at 255 MB with 16
/// (368 MB with 48, over 1.1 GB unbounded; `tests/e2e/workspace_bench.py memory`).
pub const MAX_CACHED_CHARTS: usize = 16;

impl Cache {
    fn now(&self) -> u64 {
        self.tick.fetch_add(1, Ordering::Relaxed)
    }
}

/// The mutable side: files, settings and roots. Owned by the language server's main loop.
pub struct AnalysisHost {
    vfs: Vfs,
    config: Arc<Config>,
    roots: Arc<Vec<PathBuf>>,
    /// Root chart → generation; bumped whenever a file under the chart changes.
    generations: Arc<HashMap<PathBuf, u64>>,
    /// Bumped on every change: charts without an entry in `generations` use it.
    revision: u64,
    /// Bumped on every change except an edit of an open template: while it stays the same, an
    /// analysis takes the previous one's loaded chart with the open templates' texts patched
    /// in ([`db::LoadReuse`]) instead of reading and parsing the chart's files again.
    structure: u64,
    cancel: Arc<AtomicBool>,
    cache: Arc<Cache>,
}

impl AnalysisHost {
    pub fn new(config: Config) -> AnalysisHost {
        AnalysisHost {
            vfs: Vfs::default(),
            config: Arc::new(config),
            roots: Arc::new(Vec::new()),
            generations: Arc::new(HashMap::new()),
            revision: 0,
            structure: 0,
            cancel: Arc::new(AtomicBool::new(false)),
            cache: Arc::new(Cache::default()),
        }
    }

    /// Cancels the work of every earlier snapshot.
    fn bump(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
        self.cancel = Arc::new(AtomicBool::new(false));
        self.revision += 1;
        self.structure += 1;
    }

    /// Marks the charts that contain `path` (any root chart whose directory is an ancestor) as
    /// changed.
    fn invalidate(&mut self, path: &Path) {
        let path = vfs::normalize(path);
        let root = workspace::root_chart_of(&self.vfs, &path);
        let revision = self.revision;
        let gens = Arc::make_mut(&mut self.generations);
        // Every cached chart whose tree holds the file (a chart dir or a configured values file
        // outside it changing), or the file's own root chart.
        let cached: Vec<PathBuf> = self
            .cache
            .charts
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .keys()
            .filter(|r| path.starts_with(r))
            .cloned()
            .collect();
        for r in cached.into_iter().chain(root) {
            gens.insert(r, revision);
        }
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// New settings: every chart is analysed again.
    pub fn set_config(&mut self, config: Config) {
        if *self.config == config {
            return;
        }
        self.config = Arc::new(config);
        self.bump();
        let revision = self.revision;
        for g in Arc::make_mut(&mut self.generations).values_mut() {
            *g = revision;
        }
        self.cache
            .charts
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    /// The workspace folders.
    pub fn set_roots(&mut self, roots: Vec<PathBuf>) {
        self.roots = Arc::new(roots.iter().map(|r| vfs::normalize(r)).collect());
        self.bump();
    }

    /// An open document's text (didOpen, didChange).
    pub fn set_file(&mut self, path: &Path, text: Arc<str>) {
        let was_open = match self.vfs.overlay(path) {
            Some(t) if **t == *text => return,
            Some(_) => true,
            None => false,
        };
        let structure = self.structure;
        self.bump();
        if was_open && workspace::is_chart_template(&self.vfs, path) {
            self.structure = structure;
        }
        self.vfs.set(path, text);
        self.invalidate(path);
    }

    /// A document was closed: the disk's version counts again.
    pub fn close_file(&mut self, path: &Path) {
        self.bump();
        self.vfs.remove(path);
        self.invalidate(path);
    }

    /// Files changed on disk (watched files; saves of files not open).
    pub fn disk_changed(&mut self, paths: &[PathBuf]) {
        self.bump();
        for p in paths {
            self.invalidate(p);
        }
    }

    /// An immutable view of the current state, cheap to take and to send to a worker.
    pub fn snapshot(&self) -> Analysis {
        Analysis {
            vfs: self.vfs.clone(),
            config: self.config.clone(),
            roots: self.roots.clone(),
            generations: self.generations.clone(),
            structure: self.structure,
            cancel: self.cancel.clone(),
            cache: self.cache.clone(),
        }
    }
}

/// An immutable snapshot of the workspace. Queries compute lazily and share a cache with the
/// host's other snapshots; they return [`Cancelled`] once the host has changed.
#[derive(Clone)]
pub struct Analysis {
    vfs: Vfs,
    config: Arc<Config>,
    roots: Arc<Vec<PathBuf>>,
    generations: Arc<HashMap<PathBuf, u64>>,
    /// The host's structure revision ([`AnalysisHost`]'s `structure`).
    structure: u64,
    cancel: Arc<AtomicBool>,
    cache: Arc<Cache>,
}

impl Analysis {
    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn vfs(&self) -> &Vfs {
        &self.vfs
    }

    /// True once the host has changed since this snapshot.
    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// `Err(Cancelled)` once the host has changed.
    pub fn check_cancelled(&self) -> Cancellable<()> {
        if self.is_cancelled() {
            Err(Cancelled)
        } else {
            Ok(())
        }
    }

    /// The flag the host sets when this snapshot becomes stale (for budgets of long work).
    pub fn cancel_flag(&self) -> Arc<AtomicBool> {
        self.cancel.clone()
    }

    /// The text of a file (its open buffer, else the disk).
    pub fn file_text(&self, path: &Path) -> Option<Arc<str>> {
        self.vfs.text(path)
    }

    /// The line index of a file's text.
    pub fn line_index(&self, path: &Path) -> Option<LineIndex> {
        self.file_text(path).map(|t| LineIndex::new(&t))
    }

    /// The top-level charts of the workspace folders.
    pub fn charts(&self) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = self
            .roots
            .iter()
            .flat_map(|r| workspace::discover_charts(&self.vfs, r))
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// The root chart a file is analysed in.
    pub fn root_chart_of(&self, path: &Path) -> Option<PathBuf> {
        workspace::root_chart_of(&self.vfs, path)
    }

    /// The analysis of the root chart at `root` (computed now or from the cache). Its core
    /// (parses, values, scopes) only: the render is computed when first asked for
    /// ([`Analysis::render_of`]).
    pub fn chart(&self, root: &Path) -> Cancellable<Arc<ChartAnalysis>> {
        self.chart_with(root, true)
    }

    /// Like [`Analysis::chart`], for work in the background (the language server's diagnostics
    /// of charts without an open document): a cached analysis of this generation is used, else
    /// one is computed and not cached, so sweeping a workspace of hundreds of charts never
    /// evicts the analyses of the charts being edited (their next edit would start from
    /// nothing instead of reusing them).
    pub fn chart_uncached(&self, root: &Path) -> Cancellable<Arc<ChartAnalysis>> {
        self.chart_with(root, false)
    }

    fn chart_with(&self, root: &Path, keep: bool) -> Cancellable<Arc<ChartAnalysis>> {
        let root = vfs::normalize(root);
        let generation = self.generations.get(&root).copied().unwrap_or(0);
        // The cached analysis when it is of this generation, else the older one to reuse from.
        let cached = |used: bool| -> Result<Arc<ChartAnalysis>, Option<Arc<ChartAnalysis>>> {
            let mut charts = self.cache.charts.lock().unwrap_or_else(|e| e.into_inner());
            match charts.get_mut(&root) {
                Some((g, a, last)) if *g == generation => {
                    if used {
                        *last = self.cache.now();
                    }
                    Ok(a.clone())
                }
                Some((_, a, _)) => Err(Some(a.clone())),
                None => Err(None),
            }
        };
        if let Ok(a) = cached(keep) {
            return Ok(a);
        }
        self.check_cancelled()?;
        let lock = self
            .cache
            .computing
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(root.clone())
            .or_default()
            .clone();
        let _analysing = lock.lock().unwrap_or_else(|e| e.into_inner());
        // Another query may have analysed it while this one waited.
        let previous = match cached(keep) {
            Ok(a) => return Ok(a),
            Err(previous) => previous,
        };
        self.check_cancelled()?;
        let analysis = Arc::new(db::analyse_incremental(
            &self.vfs,
            &root,
            &self.config,
            &|| self.is_cancelled(),
            previous.as_deref(),
            db::LoadReuse {
                structure: self.structure,
            },
        )?);
        drop(previous);
        self.check_cancelled()?;
        if !keep {
            return Ok(analysis);
        }
        let mut charts = self.cache.charts.lock().unwrap_or_else(|e| e.into_inner());
        charts.insert(root, (generation, analysis.clone(), self.cache.now()));
        while charts.len() > MAX_CACHED_CHARTS {
            let Some(oldest) = charts
                .iter()
                .min_by_key(|(_, (_, _, used))| *used)
                .map(|(k, _)| k.clone())
            else {
                break;
            };
            charts.remove(&oldest);
        }
        Ok(analysis)
    }

    /// The render of an analysed chart ([`ChartAnalysis::render`]), computed now unless an
    /// earlier query did; stopped, and nothing kept, once the host changes.
    pub fn render_of<'a>(
        &self,
        chart: &'a ChartAnalysis,
    ) -> Cancellable<Option<&'a cw_engine::RenderAll>> {
        chart.render_cancellable(&|| self.is_cancelled(), Some(self.cancel_flag()))
    }

    /// The analysis of the root chart a file belongs to, if it belongs to one.
    pub fn chart_of(&self, path: &Path) -> Cancellable<Option<Arc<ChartAnalysis>>> {
        match self.root_chart_of(path) {
            Some(root) => self.chart(&root).map(Some),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_keeps_the_most_recently_used_charts() {
        let (host, roots) = host_with_charts("lru", MAX_CACHED_CHARTS + 2);
        let snap = host.snapshot();
        let first = snap.chart(&roots[0]).unwrap();
        let second = snap.chart(&roots[1]).unwrap();
        for r in &roots[1..] {
            snap.chart(r).unwrap();
            // The first chart stays in use, so it is never the one evicted.
            assert!(Arc::ptr_eq(&first, &snap.chart(&roots[0]).unwrap()));
        }
        let cached = snap.cache.charts.lock().unwrap().len();
        assert_eq!(cached, MAX_CACHED_CHARTS);
        // The second chart was the least recently used: it is analysed again when asked for.
        assert!(!Arc::ptr_eq(&second, &snap.chart(&roots[1]).unwrap()));
        assert!(Arc::ptr_eq(&first, &snap.chart(&roots[0]).unwrap()));
    }

    /// A background analysis uses the cached one of its generation and never evicts another.
    #[test]
    fn uncached_analyses_leave_the_cache_alone() {
        let (host, roots) = host_with_charts("uncached", MAX_CACHED_CHARTS + 1);
        let snap = host.snapshot();
        let cached: Vec<_> = roots[..MAX_CACHED_CHARTS]
            .iter()
            .map(|r| snap.chart(r).unwrap())
            .collect();
        snap.chart_uncached(&roots[MAX_CACHED_CHARTS]).unwrap();
        assert_eq!(snap.cache.charts.lock().unwrap().len(), MAX_CACHED_CHARTS);
        assert!(!snap
            .cache
            .charts
            .lock()
            .unwrap()
            .contains_key(&vfs::normalize(&roots[MAX_CACHED_CHARTS])));
        for (r, a) in roots.iter().zip(&cached) {
            assert!(Arc::ptr_eq(a, &snap.chart_uncached(r).unwrap()));
            assert!(Arc::ptr_eq(a, &snap.chart(r).unwrap()));
        }
    }

    /// A host holding `n` minimal charts (in memory), and their directories.
    fn host_with_charts(prefix: &str, n: usize) -> (AnalysisHost, Vec<PathBuf>) {
        let mut host = AnalysisHost::new(Config::default());
        let roots: Vec<PathBuf> = (0..n)
            .map(|i| chart_dir(&format!("{prefix}-{i}")))
            .collect();
        for r in &roots {
            host.set_file(
                &r.join("Chart.yaml"),
                Arc::from("apiVersion: v2\nname: demo\nversion: 0.1.0\n"),
            );
        }
        (host, roots)
    }

    fn chart_dir(name: &str) -> PathBuf {
        std::env::temp_dir().join(format!("cw-ide-host-{name}-{}", std::process::id()))
    }

    /// Editing an open template takes the previous loaded chart with the new text patched in,
    /// and that equals loading the chart again; editing anything else loads it again.
    #[test]
    fn template_edits_reuse_the_loaded_chart() {
        let root = chart_dir("load-reuse");
        let mut host = AnalysisHost::new(Config::default());
        host.set_roots(vec![root.clone()]);
        let files = [
            ("Chart.yaml", "apiVersion: v2\nname: demo\nversion: 0.1.0\n"),
            ("values.yaml", "a: 1\n"),
            ("templates/cm.yaml", "a: {{ .Values.a }}\n"),
            (
                "charts/sub/Chart.yaml",
                "apiVersion: v2\nname: sub\nversion: 0.1.0\n",
            ),
            ("charts/sub/templates/s.yaml", "s: 1\n"),
            ("files/templates/f.txt", "data\n"),
        ];
        for (name, text) in files {
            host.set_file(&root.join(name), Arc::from(text));
        }
        let first = host.snapshot().chart(&root).unwrap();
        for (name, text) in [
            ("templates/cm.yaml", "a: {{ .Values.a }}\nb: 2\n"),
            ("charts/sub/templates/s.yaml", "s: 2\n"),
            ("templates/cm.yaml", "\u{feff}a: {{ .Values.a }}\n"),
        ] {
            let before = host.structure;
            host.set_file(&root.join(name), Arc::from(text));
            assert_eq!(host.structure, before, "{name}");
            let snap = host.snapshot();
            let a = snap.chart(&root).unwrap();
            assert_eq!(a.structure, first.structure);
            assert_eq!(
                a.loaded.chart,
                cw_chart::load(&host.vfs, &root).chart,
                "{name}"
            );
        }
        for name in ["values.yaml", "files/templates/f.txt", "Chart.yaml"] {
            let before = host.structure;
            let text = format!("{}# edited\n", host.vfs.text(&root.join(name)).unwrap());
            host.set_file(&root.join(name), Arc::from(text.as_str()));
            assert_ne!(host.structure, before, "{name}");
            let a = host.snapshot().chart(&root).unwrap();
            assert_eq!(
                a.loaded.chart,
                cw_chart::load(&host.vfs, &root).chart,
                "{name}"
            );
        }
    }

    #[test]
    fn unsaved_buffers_are_analysed_and_changes_cancel_old_snapshots() {
        let root = chart_dir("buffers");
        let mut host = AnalysisHost::new(Config::default());
        host.set_roots(vec![root.clone()]);
        host.set_file(
            &root.join("Chart.yaml"),
            Arc::from("apiVersion: v2\nname: demo\nversion: 0.1.0\n"),
        );
        host.set_file(&root.join("values.yaml"), Arc::from("name: first\n"));
        let tpl = root.join("templates/cm.yaml");
        host.set_file(&tpl, Arc::from("a: {{ .Values.name }}\n"));
        let snap = host.snapshot();
        assert_eq!(snap.charts(), vec![root.clone()]);
        let chart = snap.chart_of(&tpl).unwrap().unwrap();
        assert_eq!(chart.rendered(&tpl).unwrap().content, "a: first\n");
        // Cached: the same Arc comes back while nothing changes.
        assert!(Arc::ptr_eq(&chart, &snap.chart(&root).unwrap()));

        host.set_file(&root.join("values.yaml"), Arc::from("name: second\n"));
        assert!(snap.is_cancelled());
        assert_eq!(snap.check_cancelled(), Err(Cancelled));
        // A stale snapshot may still answer from what it already computed, consistently...
        assert_eq!(
            snap.chart(&root).unwrap().rendered(&tpl).unwrap().content,
            "a: first\n"
        );
        // ...but computes nothing new.
        assert_eq!(snap.chart(&chart_dir("other")).unwrap_err(), Cancelled);
        let chart = host.snapshot().chart(&root).unwrap();
        assert_eq!(chart.rendered(&tpl).unwrap().content, "a: second\n");
    }

    #[test]
    fn completion_needs_no_render_and_unchanged_templates_keep_their_parse() {
        let root = chart_dir("layers");
        let mut host = AnalysisHost::new(Config::default());
        host.set_roots(vec![root.clone()]);
        host.set_file(
            &root.join("Chart.yaml"),
            Arc::from("apiVersion: v2\nname: demo\nversion: 0.1.0\n"),
        );
        host.set_file(&root.join("values.yaml"), Arc::from("name: x\n"));
        let a = root.join("templates/a.yaml");
        let b = root.join("templates/b.yaml");
        host.set_file(&a, Arc::from("a: {{ .Values.name }}\n"));
        host.set_file(&b, Arc::from("b: {{ .Values. }}\n"));
        let snap = host.snapshot();
        let items = snap.completion(&b, "b: {{ .Values.".len() as u32).unwrap();
        assert!(items.iter().any(|i| i.label == "name"), "{items:?}");
        let first = snap.chart(&root).unwrap();
        assert!(!first.is_rendered(), "completion rendered the chart");
        let render = snap.render_of(&first).unwrap().unwrap();
        // b.yaml does not parse yet: a.yaml alone renders.
        assert_eq!((render.templates.len(), render.parse_errors.len()), (1, 1));
        assert!(first.is_rendered());

        host.set_file(&b, Arc::from("b: {{ .Values.name }}\n"));
        let second = host.snapshot().chart(&root).unwrap();
        let parse = |c: &ChartAnalysis, p: &Path| c.template(p).unwrap().parse.clone();
        assert!(Arc::ptr_eq(&parse(&first, &a), &parse(&second, &a)));
        assert!(!Arc::ptr_eq(&parse(&first, &b), &parse(&second, &b)));
        assert_eq!(second.rendered(&b).unwrap().content, "b: x\n");
    }

    /// The render takes the analysis's parses instead of parsing again
    /// (`RenderAllOptions::parsed`): they are the engine's own only while both parse with the
    /// same function names (Helm's map and Go's builtins).
    #[test]
    fn the_analysis_parses_with_the_engines_function_names() {
        // Helm's map has 219 names and each has a doc entry (cw-engine's tests): no more docs.
        assert_eq!(cw_engine::func_docs().len(), 219);
        let mut names: Vec<&str> = db::helm_function_names().iter().copied().collect();
        names.sort_unstable();
        let text: String = names
            .iter()
            .map(|n| format!("{{{{ if false }}}}{{{{ {n} }}}}{{{{ end }}}}\n"))
            .collect();
        let root = chart_dir("function-names");
        let mut host = AnalysisHost::new(Config::default());
        host.set_file(
            &root.join("Chart.yaml"),
            Arc::from("apiVersion: v2\nname: demo\nversion: 0.1.0\n"),
        );
        host.set_file(&root.join("templates/a.yaml"), Arc::from(text.as_str()));
        let chart = host.snapshot().chart(&root).unwrap();
        assert!(chart.templates[0].parse.errors.is_empty());
        // The engine's own parse of the same text.
        let render = db::ide_engine().render_all(
            &cw_engine::RenderChart {
                chart: &chart.loaded.chart,
                name: "demo".into(),
                values: cw_values::empty_map(),
                subcharts: Vec::new(),
            },
            &cw_engine::Release::default(),
            &cw_engine::Capabilities::default(),
            &cw_engine::RenderAllOptions::default(),
        );
        assert!(render.parse_errors.is_empty(), "{:?}", render.parse_errors);
        assert_eq!(render.templates.len(), 1);
    }

    #[test]
    fn a_cancelled_render_is_not_kept() {
        let root = chart_dir("cancelled-render");
        let mut host = AnalysisHost::new(Config::default());
        host.set_file(
            &root.join("Chart.yaml"),
            Arc::from("apiVersion: v2\nname: demo\nversion: 0.1.0\n"),
        );
        let tpl = root.join("templates/a.yaml");
        host.set_file(&tpl, Arc::from("a: 1\n"));
        let snap = host.snapshot();
        let chart = snap.chart(&root).unwrap();
        // A change elsewhere cancels the snapshot: its render stops and leaves nothing.
        host.set_file(&chart_dir("elsewhere").join("x.yaml"), Arc::from(""));
        assert!(matches!(snap.render_of(&chart), Err(Cancelled)));
        assert!(!chart.is_rendered());
        // The analysis is still current for the chart: a newer snapshot renders it.
        let newer = host.snapshot();
        let same = newer.chart(&root).unwrap();
        assert!(Arc::ptr_eq(&chart, &same));
        assert_eq!(newer.render_of(&same).unwrap().unwrap().templates.len(), 1);
    }

    #[test]
    fn remembered_chart_rules_follow_the_file_system() {
        // A `file://` dependency whose directory appears on disk: the chart's files are the
        // same, the rule's answer is not.
        let root = chart_dir("chart-rules");
        let dep = root.with_extension("dep");
        let _ = std::fs::remove_dir_all(&dep);
        let mut host = AnalysisHost::new(Config::default());
        let chart = format!(
            "apiVersion: v2\nname: demo\nversion: 0.1.0\ndependencies:\n  - name: dep\n    \
             version: 0.1.0\n    repository: file://../{}\n",
            dep.file_name().unwrap().to_string_lossy()
        );
        host.set_file(&root.join("Chart.yaml"), Arc::from(chart.as_str()));
        host.set_file(&root.join("templates/a.yaml"), Arc::from("a: 1\n"));
        let invalid = |host: &AnalysisHost| {
            host.snapshot()
                .chart(&root)
                .unwrap()
                .chart_findings
                .iter()
                .any(|f| f.message.contains("has an invalid repository"))
        };
        assert!(invalid(&host));
        std::fs::create_dir_all(&dep).unwrap();
        host.disk_changed(std::slice::from_ref(&dep));
        host.set_file(&root.join("templates/a.yaml"), Arc::from("a: 2\n"));
        assert!(!invalid(&host));
        std::fs::remove_dir_all(&dep).unwrap();
        host.set_file(&root.join("templates/a.yaml"), Arc::from("a: 3\n"));
        assert!(invalid(&host));
    }

    #[test]
    fn configured_values_files_apply_over_values_yaml() {
        let root = chart_dir("config");
        let mut host = AnalysisHost::new(Config {
            value_files: vec!["ci/*.yaml".into()],
            ..Config::default()
        });
        host.set_file(
            &root.join("Chart.yaml"),
            Arc::from("apiVersion: v2\nname: demo\nversion: 0.1.0\n"),
        );
        host.set_file(&root.join("values.yaml"), Arc::from("a: 1\nb: 1\n"));
        host.set_file(&root.join("ci/x-values.yaml"), Arc::from("b: 2\n"));
        let tpl = root.join("templates/cm.yaml");
        host.set_file(&tpl, Arc::from("{{ .Values.a }}{{ .Values.b }}"));
        let chart = host.snapshot().chart(&root).unwrap();
        assert_eq!(chart.rendered(&tpl).unwrap().content, "12");
        assert_eq!(chart.values_files.len(), 2);
        assert!(chart.values_files[1].user);
    }
}

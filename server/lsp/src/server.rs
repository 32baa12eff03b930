//! The main loop: owns the [`AnalysisHost`] and the open documents, applies notifications in
//! the order they arrive, and hands requests and diagnostics to worker threads with immutable
//! snapshots. It never waits on analysis: workers send their results back as [`Task`]s.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossbeam_channel::{select, Receiver, Sender};
use cw_ide::AnalysisHost;
use lsp_server::{
    Connection, ErrorCode, Message, Notification, ReqQueue, Request, RequestId, Response,
};
use lsp_types as lsp;
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::Url;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::caps::{self, ClientFeatures};
use crate::config::DiagnosticsScope;
use crate::handlers;
use crate::pos::apply_change;
use crate::snap::{uri_to_path, HandlerError, HandlerResult, OpenDoc, Snap};

/// The debounce window of diagnostics, leading and trailing edge.
///
/// The issue asks for diagnostics "a short debounce after each change (about 50 ms), always for
/// the latest version" and for edit-to-diagnostics under 50 ms: a plain trailing debounce alone
/// spends the whole budget waiting. The debounce exists to coalesce bursts of keystrokes, so:
///
/// - leading edge: a change that arrives while the server is idle (no diagnostics pending or
///   running) is analysed at once;
/// - trailing edge: changes that arrive while a run is pending or running are coalesced into
///   one run, due this long after the last of them. The running one is stale: the change
///   cancelled its snapshot (it stops at its next check or inside the render), and its result
///   is dropped because the chart's revision moved on;
/// - only a result computed from a chart's latest revision is published, with the version of
///   the documents it was computed from.
pub const DIAGNOSTICS_DEBOUNCE: Duration = Duration::from_millis(50);

/// How long the server waits after the last change before it analyses charts without an open
/// document (diagnostics scope `workspace`), one at a time. Typing cancels such a run (every
/// change cancels every snapshot) and pushes the next one back, so the charts being edited
/// keep the workers; a workspace of hundreds of charts is swept while the user reads.
pub const BACKGROUND_IDLE: Duration = Duration::from_millis(300);

/// Work a worker sends back to the main loop.
pub(crate) enum Task {
    Response(Response),
    Diagnostics(DiagnosticsResult),
    /// The root charts found under the workspace folders by the discovery of that generation.
    WorkspaceCharts {
        generation: u64,
        charts: HashSet<PathBuf>,
    },
}

pub(crate) struct DiagnosticsResult {
    root: PathBuf,
    revision: u64,
    /// A run for a chart without an open document ([`BACKGROUND_IDLE`]).
    background: bool,
    outcome: DiagnosticsOutcome,
}

enum DiagnosticsOutcome {
    Published(BTreeMap<Url, Vec<lsp::Diagnostic>>),
    Cancelled,
    Panicked,
}

/// What a request the server sent to the client was for.
enum Outgoing {
    Configuration,
    Registration,
    Progress,
}

/// The progress token of the background sweep (`window/workDoneProgress/create`).
pub const SWEEP_PROGRESS_TOKEN: &str = "chartwright/workspaceDiagnostics";

/// A background sweep in progress, shown to clients with `window.workDoneProgress`.
struct Sweep {
    /// Charts done since the sweep began.
    done: usize,
    /// `done` plus the charts queued or running when last counted.
    total: usize,
}

struct Document {
    version: i32,
    text: Arc<str>,
    path: Option<PathBuf>,
}

/// A small pool of worker threads running boxed jobs. Dropping it lets the threads end after
/// their current job; nobody waits for them (a stale job finishes or notices it is cancelled).
struct Pool {
    sender: Sender<Box<dyn FnOnce() + Send>>,
}

impl Pool {
    fn new(n: usize) -> Pool {
        let (sender, receiver) = crossbeam_channel::unbounded::<Box<dyn FnOnce() + Send>>();
        for i in 0..n {
            let receiver = receiver.clone();
            std::thread::Builder::new()
                .name(format!("cw-lsp-worker-{i}"))
                // Analysis recursion (templates, YAML) is bounded, but deep: room for it.
                .stack_size(16 * 1024 * 1024)
                .spawn(move || {
                    for job in receiver {
                        job();
                    }
                })
                .expect("spawn worker thread");
        }
        Pool { sender }
    }

    fn spawn(&self, job: impl FnOnce() + Send + 'static) {
        // The receivers live as long as the threads, which live as long as the sender.
        let _ = self.sender.send(Box::new(job));
    }
}

/// The text of a panic payload.
pub(crate) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}

pub(crate) struct Server {
    sender: Sender<Message>,
    host: AnalysisHost,
    client: Arc<ClientFeatures>,
    docs: HashMap<Url, Document>,
    req_queue: ReqQueue<(String, Instant), Outgoing>,
    pool: Pool,
    task_sender: Sender<Task>,
    task_receiver: Receiver<Task>,
    /// The settings from initializationOptions (workspace/configuration answers override them).
    init_settings: Option<serde_json::Value>,
    roots: Vec<PathBuf>,
    /// When the pending diagnostics are due.
    diagnostics_due: Option<Instant>,
    /// Diagnostics runs handed to workers whose result has not come back.
    diagnostics_running: usize,
    /// Root charts whose diagnostics are out of date.
    dirty: HashSet<PathBuf>,
    /// Which charts get diagnostics (setting `diagnostics.scope`).
    scope: DiagnosticsScope,
    /// The root charts under the workspace folders (found again, on a worker, when the folders
    /// change and when files are created or deleted).
    workspace_charts: HashSet<PathBuf>,
    /// The generation of the latest discovery of `workspace_charts`: older answers are dropped.
    discovery: u64,
    /// Root charts without an open document whose diagnostics are out of date: analysed one at
    /// a time once the server has been quiet for [`BACKGROUND_IDLE`] (scope `workspace`).
    background: BTreeSet<PathBuf>,
    /// A background run handed to a worker whose result has not come back.
    background_running: bool,
    /// When the next background run may start.
    background_due: Option<Instant>,
    /// When the last change (edit, open, close, disk, settings) arrived.
    last_change: Instant,
    /// The background sweep being reported, if any.
    sweep: Option<Sweep>,
    /// The client answered `window/workDoneProgress/create` with an error.
    progress_refused: bool,
    /// Root chart → revision of its last change: a result computed at an older one is stale.
    revisions: HashMap<PathBuf, u64>,
    revision: u64,
    /// Diagnostics published, per root chart, per URI.
    published: HashMap<PathBuf, BTreeMap<Url, Vec<lsp::Diagnostic>>>,
    /// What was last sent for each URI (the union over root charts), to skip repeats.
    sent: HashMap<Url, (Option<i32>, Vec<lsp::Diagnostic>)>,
    shutdown_requested: bool,
}

/// Runs the server on a connection until `exit`. Returns an error on a protocol error or when
/// the client went away without `shutdown`.
pub fn run(connection: Connection) -> Result<(), String> {
    let (id, params) = connection
        .initialize_start()
        .map_err(|e| format!("initialize: {e}"))?;
    let init: lsp::InitializeParams =
        serde_json::from_value(params).map_err(|e| format!("initialize params: {e}"))?;
    let client = ClientFeatures::from_capabilities(&init.capabilities);
    let result = lsp::InitializeResult {
        capabilities: caps::server_capabilities(&client),
        server_info: Some(lsp::ServerInfo {
            name: "chartwright".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
    };
    connection
        .initialize_finish(id, serde_json::to_value(result).map_err(|e| e.to_string())?)
        .map_err(|e| format!("initialize: {e}"))?;
    tracing::info!(encoding = ?client.encoding, "initialized");

    let mut roots: Vec<PathBuf> = Vec::new();
    if let Some(folders) = &init.workspace_folders {
        roots.extend(folders.iter().filter_map(|f| uri_to_path(&f.uri)));
    }
    #[allow(deprecated)]
    if roots.is_empty() {
        if let Some(p) = init.root_uri.as_ref().and_then(uri_to_path) {
            roots.push(p);
        } else if let Some(p) = &init.root_path {
            roots.push(cw_ide::vfs::normalize(std::path::Path::new(p)));
        }
    }

    let (task_sender, task_receiver) = crossbeam_channel::unbounded();
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .clamp(2, 4);
    let mut server = Server {
        sender: connection.sender.clone(),
        host: AnalysisHost::new(cw_ide::Config::default()),
        client: Arc::new(client),
        docs: HashMap::new(),
        req_queue: ReqQueue::default(),
        pool: Pool::new(threads),
        task_sender,
        task_receiver,
        init_settings: init.initialization_options.clone(),
        roots: Vec::new(),
        diagnostics_due: None,
        diagnostics_running: 0,
        dirty: HashSet::new(),
        scope: DiagnosticsScope::default(),
        workspace_charts: HashSet::new(),
        discovery: 0,
        background: BTreeSet::new(),
        background_running: false,
        background_due: None,
        last_change: Instant::now(),
        sweep: None,
        progress_refused: false,
        revisions: HashMap::new(),
        revision: 0,
        published: HashMap::new(),
        sent: HashMap::new(),
        shutdown_requested: false,
    };
    if let Some(settings) = init.initialization_options.as_ref() {
        server.apply_settings(settings);
    }
    server.set_roots(roots);
    server.after_initialized();
    server.main_loop(&connection.receiver)
}

impl Server {
    fn send(&self, msg: impl Into<Message>) {
        // The connection's writer outlives the loop; a closed one ends the loop via receiver.
        let _ = self.sender.send(msg.into());
    }

    fn notify<N: lsp::notification::Notification>(&self, params: N::Params) {
        self.send(Notification::new(N::METHOD.to_string(), params));
    }

    fn request<R: lsp::request::Request>(&mut self, params: R::Params, kind: Outgoing) {
        let req = self
            .req_queue
            .outgoing
            .register(R::METHOD.to_string(), params, kind);
        self.send(req);
    }

    fn show_message(&self, typ: lsp::MessageType, message: String) {
        self.notify::<lsp::notification::ShowMessage>(lsp::ShowMessageParams { typ, message });
    }

    /// Registers the file watchers and asks for the settings.
    fn after_initialized(&mut self) {
        if self.client.watched_files_dynamic {
            let globs = [
                "**/Chart.yaml",
                "**/Chart.lock",
                "**/values*.yaml",
                "**/values*.yml",
                "**/values.schema.json",
                "**/requirements.yaml",
                "**/requirements.lock",
                "**/.helmignore",
                "**/templates/**",
                "**/*.tpl",
                "**/charts/**",
                "**/crds/**",
            ];
            let options = lsp::DidChangeWatchedFilesRegistrationOptions {
                watchers: globs
                    .iter()
                    .map(|g| lsp::FileSystemWatcher {
                        glob_pattern: lsp::GlobPattern::String(g.to_string()),
                        kind: None,
                    })
                    .collect(),
            };
            let params = lsp::RegistrationParams {
                registrations: vec![lsp::Registration {
                    id: "chartwright-watch".into(),
                    method: lsp::notification::DidChangeWatchedFiles::METHOD.into(),
                    register_options: serde_json::to_value(options).ok(),
                }],
            };
            self.request::<lsp::request::RegisterCapability>(params, Outgoing::Registration);
        }
        self.fetch_configuration();
    }

    fn fetch_configuration(&mut self) {
        if !self.client.configuration {
            return;
        }
        let params = lsp::ConfigurationParams {
            items: vec![lsp::ConfigurationItem {
                scope_uri: None,
                section: Some("chartwright".into()),
            }],
        };
        self.request::<lsp::request::WorkspaceConfiguration>(params, Outgoing::Configuration);
    }

    fn apply_settings(&mut self, value: &serde_json::Value) {
        let Some(section) = crate::config::section(value) else {
            return;
        };
        if let Ok(scope) = crate::config::scope(section) {
            if scope != self.scope {
                tracing::info!(?scope, "diagnostics scope changed");
                self.scope = scope;
                self.mark_all_dirty();
            }
        }
        match crate::config::parse(section) {
            Ok(config) => {
                if config != *self.host.config() {
                    tracing::info!(?config, "settings changed");
                    self.host.set_config(config);
                    self.mark_all_dirty();
                }
            }
            Err(e) => {
                tracing::warn!("{e}");
                self.show_message(lsp::MessageType::WARNING, e);
            }
        }
    }

    fn set_roots(&mut self, roots: Vec<PathBuf>) {
        self.roots = roots;
        self.host.set_roots(self.roots.clone());
        self.find_workspace_charts();
        self.mark_all_dirty();
    }

    /// Finds the root charts under the workspace folders (a folder inside a chart counts as
    /// that chart) on a worker: a folder can be a big tree, and the main loop never waits on
    /// the disk. [`Server::on_workspace_charts`] takes the answer.
    fn find_workspace_charts(&mut self) {
        self.discovery += 1;
        let generation = self.discovery;
        let analysis = self.host.snapshot();
        let roots = self.roots.clone();
        let sender = self.task_sender.clone();
        self.pool.spawn(move || {
            let found = catch_unwind(AssertUnwindSafe(|| {
                let mut charts: HashSet<PathBuf> = analysis.charts().into_iter().collect();
                for root in &roots {
                    charts.extend(analysis.root_chart_of(&root.join("Chart.yaml")));
                }
                charts
            }));
            match found {
                Ok(charts) => {
                    let _ = sender.send(Task::WorkspaceCharts { generation, charts });
                }
                Err(p) => tracing::error!("chart discovery panicked: {}", panic_message(&*p)),
            }
        });
    }

    /// The workspace's root charts, found: new ones are analysed, the diagnostics of charts
    /// gone are cleared (by [`Server::start_diagnostics`]).
    fn on_workspace_charts(&mut self, generation: u64, charts: HashSet<PathBuf>) {
        if generation != self.discovery {
            return;
        }
        let new: Vec<PathBuf> = charts.difference(&self.workspace_charts).cloned().collect();
        self.workspace_charts = charts;
        if self.scope == DiagnosticsScope::Workspace {
            for root in new {
                self.mark_dirty(root);
            }
        }
        self.schedule_diagnostics();
    }

    fn snap(&self) -> Snap {
        let open = self
            .docs
            .iter()
            .filter_map(|(uri, d)| {
                Some((
                    d.path.clone()?,
                    OpenDoc {
                        uri: uri.clone(),
                        version: d.version,
                    },
                ))
            })
            .collect();
        Snap {
            analysis: self.host.snapshot(),
            client: self.client.clone(),
            open: Arc::new(open),
        }
    }

    // ---- the loop ----

    fn main_loop(mut self, receiver: &Receiver<Message>) -> Result<(), String> {
        loop {
            let due = match (self.diagnostics_due, self.background_due) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            let timeout = match due {
                Some(due) => crossbeam_channel::at(due),
                None => crossbeam_channel::never(),
            };
            select! {
                recv(receiver) -> msg => {
                    let Ok(msg) = msg else {
                        return Err("the client closed the connection without exit".into());
                    };
                    if let Some(exit) = self.on_message(msg) {
                        return exit;
                    }
                }
                recv(self.task_receiver) -> task => {
                    if let Ok(task) = task {
                        self.on_task(task);
                    }
                }
                recv(timeout) -> _ => {
                    let now = Instant::now();
                    if self.diagnostics_due.is_some_and(|d| d <= now) {
                        self.diagnostics_due = None;
                        self.start_diagnostics();
                    }
                    if self.background_due.is_some_and(|d| d <= now) {
                        self.background_due = None;
                        self.start_background();
                    }
                }
            }
        }
    }

    /// Handles one message; `Some` ends the loop (exit).
    fn on_message(&mut self, msg: Message) -> Option<Result<(), String>> {
        match msg {
            Message::Request(req) => self.on_request(req),
            Message::Notification(n) => {
                if n.method == lsp::notification::Exit::METHOD {
                    return Some(if self.shutdown_requested {
                        Ok(())
                    } else {
                        Err("exit without shutdown".into())
                    });
                }
                let method = n.method.clone();
                // A bug in a notification handler must not take the server down.
                if let Err(p) = catch_unwind(AssertUnwindSafe(|| self.on_notification(n))) {
                    tracing::error!(
                        method,
                        "notification handler panicked: {}",
                        panic_message(&*p)
                    );
                }
            }
            Message::Response(resp) => self.on_response(resp),
        }
        None
    }

    fn on_task(&mut self, task: Task) {
        match task {
            Task::Response(resp) => {
                // Not pending any more: cancelled by the client, answered already.
                if let Some((method, start)) = self.req_queue.incoming.complete(&resp.id) {
                    tracing::debug!(method, elapsed = ?start.elapsed(), "answered");
                    self.send(resp);
                }
            }
            Task::Diagnostics(result) => self.on_diagnostics(result),
            Task::WorkspaceCharts { generation, charts } => {
                self.on_workspace_charts(generation, charts)
            }
        }
    }

    fn on_response(&mut self, resp: Response) {
        let Some(kind) = self.req_queue.outgoing.complete(resp.id.clone()) else {
            return;
        };
        if let Some(err) = &resp.error {
            if matches!(kind, Outgoing::Progress) {
                // A client that declares window.workDoneProgress but cannot create the token:
                // no progress is sent to it any more.
                tracing::info!("the client refused a progress token: no progress reported");
                self.progress_refused = true;
                self.sweep = None;
                return;
            }
            tracing::warn!(code = err.code, "client answered an error: {}", err.message);
            return;
        }
        match kind {
            Outgoing::Configuration => {
                // One item asked: `[section]`. A null section (the client has no such settings)
                // leaves the initializationOptions in force.
                let first = resp
                    .result
                    .and_then(|r| r.as_array().and_then(|a| a.first().cloned()));
                match first {
                    Some(v) if !v.is_null() => self.apply_settings(&v),
                    _ => {
                        if let Some(init) = self.init_settings.clone() {
                            self.apply_settings(&init);
                        }
                    }
                }
            }
            Outgoing::Registration | Outgoing::Progress => {}
        }
    }

    fn on_request(&mut self, req: Request) {
        self.req_queue
            .incoming
            .register(req.id.clone(), (req.method.clone(), Instant::now()));
        if self.shutdown_requested {
            self.respond_err(
                req.id,
                ErrorCode::InvalidRequest,
                "the server is shutting down".into(),
            );
            return;
        }
        use lsp_types::request as r;
        match req.method.as_str() {
            r::Shutdown::METHOD => {
                self.shutdown_requested = true;
                self.respond(Response::new_ok(req.id, ()));
            }
            r::Completion::METHOD => self.spawn::<r::Completion>(req, handlers::completion),
            r::HoverRequest::METHOD => self.spawn::<r::HoverRequest>(req, handlers::hover),
            r::GotoDefinition::METHOD => self.spawn::<r::GotoDefinition>(req, handlers::definition),
            r::References::METHOD => self.spawn::<r::References>(req, handlers::references),
            r::PrepareRenameRequest::METHOD => {
                self.spawn::<r::PrepareRenameRequest>(req, handlers::prepare_rename)
            }
            r::Rename::METHOD => self.spawn::<r::Rename>(req, handlers::rename),
            r::CodeActionRequest::METHOD => {
                self.spawn::<r::CodeActionRequest>(req, handlers::code_action)
            }
            r::DocumentSymbolRequest::METHOD => {
                self.spawn::<r::DocumentSymbolRequest>(req, handlers::document_symbol)
            }
            r::SemanticTokensFullRequest::METHOD => {
                self.spawn::<r::SemanticTokensFullRequest>(req, handlers::semantic_tokens)
            }
            r::SignatureHelpRequest::METHOD => {
                self.spawn::<r::SignatureHelpRequest>(req, handlers::signature_help)
            }
            r::InlayHintRequest::METHOD => {
                self.spawn::<r::InlayHintRequest>(req, handlers::inlay_hint)
            }
            caps::RENDER_METHOD => self.spawn::<handlers::RenderRequest>(req, handlers::render),
            #[cfg(test)]
            m if m.starts_with(crate::tests::TEST_METHOD_PREFIX) => {
                crate::tests::dispatch(self, req)
            }
            _ => self.respond_err(
                req.id,
                ErrorCode::MethodNotFound,
                format!("unknown request {}", req.method),
            ),
        }
    }

    fn respond(&mut self, resp: Response) {
        if self.req_queue.incoming.complete(&resp.id).is_some() {
            self.send(resp);
        }
    }

    pub(crate) fn respond_err(&mut self, id: RequestId, code: ErrorCode, message: String) {
        self.respond(Response::new_err(id, code as i32, message));
    }

    /// Runs a request handler on a worker with a snapshot. A panic is caught, logged and
    /// answered with `InternalError`; a stale snapshot is answered with `ContentModified`.
    pub(crate) fn spawn<R>(
        &mut self,
        req: Request,
        handler: fn(&Snap, R::Params) -> HandlerResult<R::Result>,
    ) where
        R: lsp::request::Request,
        R::Params: DeserializeOwned + Send + 'static,
        R::Result: Serialize,
    {
        let params = match serde_json::from_value::<R::Params>(req.params) {
            Ok(p) => p,
            Err(e) => {
                self.respond_err(
                    req.id,
                    ErrorCode::InvalidParams,
                    format!("{}: {e}", R::METHOD),
                );
                return;
            }
        };
        let snap = self.snap();
        let sender = self.task_sender.clone();
        let id = req.id;
        self.pool.spawn(move || {
            let result = catch_unwind(AssertUnwindSafe(|| handler(&snap, params)));
            let resp = match result {
                Ok(Ok(r)) => Response::new_ok(id, r),
                Ok(Err(HandlerError::Cancelled)) => Response::new_err(
                    id,
                    ErrorCode::ContentModified as i32,
                    "content modified".into(),
                ),
                Ok(Err(HandlerError::Failed(message))) => {
                    Response::new_err(id, ErrorCode::RequestFailed as i32, message)
                }
                Err(p) => {
                    let message = panic_message(&*p);
                    tracing::error!(method = R::METHOD, "request handler panicked: {message}");
                    Response::new_err(
                        id,
                        ErrorCode::InternalError as i32,
                        format!("{} failed: internal error: {message}", R::METHOD),
                    )
                }
            };
            let _ = sender.send(Task::Response(resp));
        });
    }

    fn on_notification(&mut self, n: Notification) {
        use lsp_types::notification as nt;
        match n.method.as_str() {
            nt::Cancel::METHOD => {
                if let Ok(p) = serde_json::from_value::<lsp::CancelParams>(n.params) {
                    let id: RequestId = match p.id {
                        lsp::NumberOrString::Number(i) => i.into(),
                        lsp::NumberOrString::String(s) => s.into(),
                    };
                    // Answered now; the worker's late answer is dropped.
                    if let Some(resp) = self.req_queue.incoming.cancel(id) {
                        self.send(resp);
                    }
                }
            }
            nt::DidOpenTextDocument::METHOD => {
                if let Some(p) = extract::<nt::DidOpenTextDocument>(n) {
                    let doc = p.text_document;
                    let path = uri_to_path(&doc.uri);
                    let text: Arc<str> = Arc::from(doc.text);
                    if let Some(path) = &path {
                        self.host.set_file(path, text.clone());
                        self.mark_dirty_path(path);
                    }
                    self.docs.insert(
                        doc.uri,
                        Document {
                            version: doc.version,
                            text,
                            path,
                        },
                    );
                }
            }
            nt::DidChangeTextDocument::METHOD => {
                if let Some(p) = extract::<nt::DidChangeTextDocument>(n) {
                    tracing::debug!(uri = %p.text_document.uri, version = p.text_document.version, "didChange");
                    let encoding = self.client.encoding;
                    let Some(doc) = self.docs.get_mut(&p.text_document.uri) else {
                        tracing::warn!(uri = %p.text_document.uri, "didChange of a document not open");
                        return;
                    };
                    let mut text = doc.text.to_string();
                    for c in p.content_changes {
                        text = apply_change(&text, c.range, &c.text, encoding);
                    }
                    doc.text = Arc::from(text);
                    doc.version = p.text_document.version;
                    if let Some(path) = doc.path.clone() {
                        let text = doc.text.clone();
                        self.host.set_file(&path, text);
                        self.mark_dirty_path(&path);
                    }
                }
            }
            nt::DidSaveTextDocument::METHOD => {
                if let Some(p) = extract::<nt::DidSaveTextDocument>(n) {
                    let Some(doc) = self.docs.get_mut(&p.text_document.uri) else {
                        return;
                    };
                    if let Some(text) = p.text {
                        if *doc.text != *text {
                            tracing::warn!(uri = %p.text_document.uri,
                                "saved text differs from the text the edits built: resynchronised");
                            doc.text = Arc::from(text);
                            if let Some(path) = doc.path.clone() {
                                let text = doc.text.clone();
                                self.host.set_file(&path, text);
                                self.mark_dirty_path(&path);
                            }
                        }
                    }
                }
            }
            nt::DidCloseTextDocument::METHOD => {
                if let Some(p) = extract::<nt::DidCloseTextDocument>(n) {
                    if let Some(doc) = self.docs.remove(&p.text_document.uri) {
                        if let Some(path) = doc.path {
                            self.host.close_file(&path);
                            self.mark_dirty_path(&path);
                        }
                    }
                }
            }
            nt::DidChangeWatchedFiles::METHOD => {
                if let Some(p) = extract::<nt::DidChangeWatchedFiles>(n) {
                    let paths: Vec<PathBuf> = p
                        .changes
                        .iter()
                        .filter_map(|c| uri_to_path(&c.uri))
                        .collect();
                    if !paths.is_empty() {
                        self.host.disk_changed(&paths);
                        self.files_changed_on_disk(&paths, &p.changes);
                    }
                }
            }
            nt::DidChangeWorkspaceFolders::METHOD => {
                if let Some(p) = extract::<nt::DidChangeWorkspaceFolders>(n) {
                    let removed: HashSet<PathBuf> = p
                        .event
                        .removed
                        .iter()
                        .filter_map(|f| uri_to_path(&f.uri))
                        .collect();
                    let mut roots: Vec<PathBuf> = self
                        .roots
                        .iter()
                        .filter(|r| !removed.contains(*r))
                        .cloned()
                        .collect();
                    for f in &p.event.added {
                        if let Some(path) = uri_to_path(&f.uri) {
                            if !roots.contains(&path) {
                                roots.push(path);
                            }
                        }
                    }
                    self.set_roots(roots);
                }
            }
            nt::DidChangeConfiguration::METHOD => {
                if let Some(p) = extract::<nt::DidChangeConfiguration>(n) {
                    // Push clients send the settings; pull clients send null and are asked.
                    let has_section = p
                        .settings
                        .as_object()
                        .is_some_and(|o| o.contains_key("chartwright"));
                    if has_section {
                        self.apply_settings(&p.settings);
                    } else {
                        self.fetch_configuration();
                    }
                }
            }
            nt::Initialized::METHOD | nt::SetTrace::METHOD | nt::LogTrace::METHOD => {}
            m if m.starts_with("$/") => {}
            m => tracing::debug!(method = m, "notification ignored"),
        }
    }

    // ---- diagnostics ----

    /// The root charts with an open document: their files get diagnostics.
    fn active_roots(&self) -> HashSet<PathBuf> {
        let analysis = self.host.snapshot();
        self.docs
            .values()
            .filter_map(|d| d.path.as_ref())
            .filter_map(|p| analysis.root_chart_of(p))
            .collect()
    }

    /// Leading edge when idle, else trailing ([`DIAGNOSTICS_DEBOUNCE`]).
    fn schedule_diagnostics(&mut self) {
        let now = Instant::now();
        self.diagnostics_due = Some(match self.diagnostics_due {
            // A leading-edge run not started yet: it will see this change too.
            Some(due) if due <= now => due,
            None if self.diagnostics_running == 0 => now,
            _ => now + DIAGNOSTICS_DEBOUNCE,
        });
    }

    fn mark_dirty(&mut self, root: PathBuf) {
        self.last_change = Instant::now();
        self.revision += 1;
        self.revisions.insert(root.clone(), self.revision);
        self.dirty.insert(root);
        self.schedule_diagnostics();
    }

    fn mark_dirty_path(&mut self, path: &std::path::Path) {
        match self.host.snapshot().root_chart_of(path) {
            Some(root) => self.mark_dirty(root),
            // Not in a chart: nothing to analyse, but a chart may have lost an open document.
            None => self.schedule_diagnostics(),
        }
    }

    fn mark_all_dirty(&mut self) {
        let mut roots: BTreeSet<PathBuf> = self
            .active_roots()
            .into_iter()
            .chain(self.published.keys().cloned())
            .collect();
        if self.scope == DiagnosticsScope::Workspace {
            roots.extend(self.workspace_charts.iter().cloned());
        }
        for r in roots {
            self.mark_dirty(r);
        }
        self.schedule_diagnostics();
    }

    /// Files changed on disk: the charts that hold them, the charts with an open document (a
    /// configured values file may lie outside the chart) are analysed again; when files were
    /// created or deleted the workspace's charts are found again (charts that appeared are
    /// analysed, charts that went away lose their diagnostics). The other charts of the
    /// workspace are not touched.
    fn files_changed_on_disk(&mut self, paths: &[PathBuf], changes: &[lsp::FileEvent]) {
        let mut roots: BTreeSet<PathBuf> = self.active_roots().into_iter().collect();
        let analysis = self.host.snapshot();
        roots.extend(paths.iter().filter_map(|p| analysis.root_chart_of(p)));
        // A deleted Chart.yaml: the chart it made is no root any more; its old root is.
        roots.extend(
            self.published
                .keys()
                .filter(|r| paths.iter().any(|p| p.starts_with(r)))
                .cloned(),
        );
        if changes
            .iter()
            .any(|c| c.typ != lsp::FileChangeType::CHANGED)
        {
            self.find_workspace_charts();
        }
        for r in roots {
            self.mark_dirty(r);
        }
        self.schedule_diagnostics();
    }

    /// Whether a root chart's diagnostics are shown: it has an open document, or it is in the
    /// workspace and the scope is `workspace`.
    fn shown(&self, root: &PathBuf, active: &HashSet<PathBuf>) -> bool {
        active.contains(root)
            || (self.scope == DiagnosticsScope::Workspace && self.workspace_charts.contains(root))
    }

    fn start_diagnostics(&mut self) {
        let active = self.active_roots();
        // Charts not shown any more (no open document, or no longer in the workspace): their
        // diagnostics go away.
        let gone: Vec<PathBuf> = self
            .published
            .keys()
            .filter(|r| !self.shown(r, &active))
            .cloned()
            .collect();
        for root in gone {
            self.publish_root(&root, BTreeMap::new());
            self.published.remove(&root);
        }
        let queued = std::mem::take(&mut self.background);
        let dirty: Vec<PathBuf> = self.dirty.drain().collect();
        for root in dirty {
            if active.contains(&root) {
                self.spawn_diagnostics(root, false);
            } else if self.shown(&root, &active) {
                self.background.insert(root);
            }
        }
        // Queued charts that gained an open document run above; those no longer shown leave.
        for root in queued {
            if !active.contains(&root) && self.shown(&root, &active) {
                self.background.insert(root);
            }
        }
        self.schedule_background();
        if self.sweep.is_some() {
            self.report_sweep();
        }
    }

    /// Arms the background timer when there is background work and none running.
    fn schedule_background(&mut self) {
        self.background_due = if self.background.is_empty() || self.background_running {
            None
        } else {
            Some(self.last_change + BACKGROUND_IDLE)
        };
    }

    /// Starts the diagnostics of one chart without an open document, if the server is quiet:
    /// no change for [`BACKGROUND_IDLE`], no diagnostics of open charts due or running.
    fn start_background(&mut self) {
        if self.background_running || self.scope != DiagnosticsScope::Workspace {
            return;
        }
        if self.diagnostics_due.is_some() || self.diagnostics_running > 0 {
            // Re-armed when those are done (on_diagnostics).
            return;
        }
        let quiet = self.last_change + BACKGROUND_IDLE;
        if Instant::now() < quiet {
            self.background_due = Some(quiet);
            return;
        }
        let Some(root) = self.background.pop_first() else {
            return;
        };
        self.spawn_diagnostics(root, true);
        if self.sweep.is_none() {
            self.report_sweep();
        }
    }

    /// `$/progress` of the background sweep: begun when it starts, a report as charts are
    /// done, ended when nothing is queued or running (clients with `window.workDoneProgress`).
    fn report_sweep(&mut self) {
        if !self.client.work_done_progress || self.progress_refused {
            return;
        }
        use lsp::{WorkDoneProgress as P, WorkDoneProgressBegin, WorkDoneProgressEnd};
        let token = lsp::NumberOrString::String(SWEEP_PROGRESS_TOKEN.into());
        let left = self.background.len() + usize::from(self.background_running);
        let progress = match &mut self.sweep {
            None if left == 0 => return,
            None => {
                self.request::<lsp::request::WorkDoneProgressCreate>(
                    lsp::WorkDoneProgressCreateParams {
                        token: token.clone(),
                    },
                    Outgoing::Progress,
                );
                self.sweep = Some(Sweep {
                    done: 0,
                    total: left,
                });
                P::Begin(WorkDoneProgressBegin {
                    title: "chartwright: checking charts".into(),
                    cancellable: Some(false),
                    message: Some(format!("0/{left}")),
                    percentage: Some(0),
                })
            }
            Some(_) if left == 0 => {
                self.sweep = None;
                P::End(WorkDoneProgressEnd { message: None })
            }
            Some(sweep) => {
                sweep.total = sweep.done + left;
                let percentage = (sweep.done * 100 / sweep.total.max(1)) as u32;
                P::Report(lsp::WorkDoneProgressReport {
                    cancellable: Some(false),
                    message: Some(format!("{}/{}", sweep.done, sweep.total)),
                    percentage: Some(percentage),
                })
            }
        };
        self.notify::<lsp::notification::Progress>(lsp::ProgressParams {
            token,
            value: lsp::ProgressParamsValue::WorkDone(progress),
        });
    }

    fn spawn_diagnostics(&mut self, root: PathBuf, background: bool) {
        let revision = self.revisions.get(&root).copied().unwrap_or(0);
        tracing::debug!(root = %root.display(), revision, background, "diagnostics scheduled");
        let snap = self.snap();
        let sender = self.task_sender.clone();
        if background {
            self.background_running = true;
        } else {
            self.diagnostics_running += 1;
        }
        self.pool.spawn(move || {
            let run = || diagnostics_of(&snap, &root, background);
            let outcome = match catch_unwind(AssertUnwindSafe(run)) {
                Ok(Ok(map)) => DiagnosticsOutcome::Published(map),
                Ok(Err(cw_ide::Cancelled)) => DiagnosticsOutcome::Cancelled,
                Err(p) => {
                    tracing::error!(root = %root.display(),
                        "diagnostics panicked: {}", panic_message(&*p));
                    DiagnosticsOutcome::Panicked
                }
            };
            let _ = sender.send(Task::Diagnostics(DiagnosticsResult {
                root,
                revision,
                background,
                outcome,
            }));
        });
    }

    fn on_diagnostics(&mut self, result: DiagnosticsResult) {
        if result.background {
            self.background_running = false;
        } else {
            self.diagnostics_running = self.diagnostics_running.saturating_sub(1);
        }
        let background = result.background;
        self.handle_diagnostics(result);
        self.schedule_background();
        if background {
            self.report_sweep();
        }
    }

    fn handle_diagnostics(&mut self, result: DiagnosticsResult) {
        let current = self.revisions.get(&result.root).copied().unwrap_or(0);
        if current != result.revision {
            // A newer change is scheduled or running: this result is of older text.
            return;
        }
        if result.background && !self.shown(&result.root, &self.active_roots()) {
            // The scope changed while it ran.
            return;
        }
        match result.outcome {
            DiagnosticsOutcome::Published(map) => {
                if let (true, Some(sweep)) = (result.background, &mut self.sweep) {
                    sweep.done += 1;
                }
                self.publish_root(&result.root, map);
                self.render_changed(&result.root);
            }
            DiagnosticsOutcome::Cancelled if result.background => {
                self.background.insert(result.root);
            }
            // Cancelled by a change elsewhere (every change cancels every snapshot): again,
            // without pushing back what is already due.
            DiagnosticsOutcome::Cancelled => {
                self.dirty.insert(result.root);
                if self.diagnostics_due.is_none() {
                    self.schedule_diagnostics();
                }
            }
            DiagnosticsOutcome::Panicked => {}
        }
    }

    /// Replaces a root chart's diagnostics and sends what changed (each URI's diagnostics are
    /// the union over the root charts that report on it).
    fn publish_root(&mut self, root: &PathBuf, map: BTreeMap<Url, Vec<lsp::Diagnostic>>) {
        let old = self.published.insert(root.clone(), map).unwrap_or_default();
        let new = &self.published[root];
        let uris: Vec<Url> = old.keys().chain(new.keys()).cloned().collect();
        let mut seen = HashSet::new();
        for uri in uris {
            if !seen.insert(uri.clone()) {
                continue;
            }
            let diagnostics: Vec<lsp::Diagnostic> = self
                .published
                .values()
                .filter_map(|m| m.get(&uri))
                .flatten()
                .cloned()
                .collect();
            let version = self.docs.get(&uri).map(|d| d.version);
            let entry = (version, diagnostics);
            if self.sent.get(&uri) == Some(&entry) {
                continue;
            }
            let (version, diagnostics) = entry.clone();
            if diagnostics.is_empty() && !self.sent.contains_key(&uri) {
                // Nothing shown before, nothing to show now.
                self.sent.insert(uri, entry);
                continue;
            }
            self.sent.insert(uri.clone(), entry);
            tracing::debug!(%uri, ?version, count = diagnostics.len(), "publish diagnostics");
            self.notify::<lsp::notification::PublishDiagnostics>(lsp::PublishDiagnosticsParams {
                uri,
                diagnostics,
                // Sent to every client: the field is optional and ignored by clients that do
                // not declare `versionSupport`; for the others it ties the diagnostics to the
                // text they were computed from.
                version,
            });
        }
    }

    /// `chartwright/renderChanged` for each open document of a re-rendered chart.
    fn render_changed(&self, root: &std::path::Path) {
        let analysis = self.host.snapshot();
        for (uri, d) in &self.docs {
            let Some(path) = &d.path else { continue };
            if analysis.root_chart_of(path).as_deref() == Some(root) {
                self.send(Notification::new(
                    caps::RENDER_CHANGED_METHOD.to_string(),
                    serde_json::json!({"uri": uri, "version": d.version}),
                ));
            }
        }
    }
}

fn extract<N: lsp::notification::Notification>(n: Notification) -> Option<N::Params>
where
    N::Params: DeserializeOwned,
{
    match serde_json::from_value(n.params) {
        Ok(p) => Some(p),
        Err(e) => {
            tracing::warn!(method = N::METHOD, "bad notification params: {e}");
            None
        }
    }
}

/// The diagnostics of a root chart, per URI, in the snapshot's text.
///
/// A background run (a chart without an open document) does not keep its analysis in the
/// cache ([`cw_ide::Analysis::chart_uncached`]).
fn diagnostics_of(
    snap: &Snap,
    root: &std::path::Path,
    background: bool,
) -> Result<BTreeMap<Url, Vec<lsp::Diagnostic>>, cw_ide::Cancelled> {
    let start = Instant::now();
    let chart = if background {
        snap.analysis.chart_uncached(root)?
    } else {
        snap.analysis.chart(root)?
    };
    let analysed = start.elapsed();
    let findings = snap.analysis.diagnostics_of(&chart)?;
    let diagnosed = start.elapsed();
    snap.analysis.check_cancelled()?;
    let out = snap.diagnostics(&findings);
    tracing::debug!(
        root = %root.display(),
        templates = chart.templates.len(),
        // Templates executed again when the render reused the previous one.
        reexecuted = ?chart.reexecuted_templates().map(<[String]>::len),
        ?analysed,
        ?diagnosed,
        total = ?start.elapsed(),
        "diagnostics computed"
    );
    Ok(out)
}

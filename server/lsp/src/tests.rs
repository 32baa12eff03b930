//! In-process tests of the server: a client drives it over `Connection::memory()` (initialize,
//! open, typing, diagnostics, cancellation, panics, settings, watched files, shutdown/exit).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::Url;
use serde_json::{json, Value};

use crate::server::Server;
use crate::snap::{HandlerError, Snap};

// ---- test-only requests (compiled into test builds only) ----

pub(crate) const TEST_METHOD_PREFIX: &str = "chartwright/test/";

macro_rules! test_request {
    ($name:ident, $method:literal) => {
        pub(crate) enum $name {}
        impl lsp_types::request::Request for $name {
            type Params = Value;
            type Result = Value;
            const METHOD: &'static str = $method;
        }
    };
}
test_request!(PanicRequest, "chartwright/test/panic");
test_request!(SlowRequest, "chartwright/test/slow");
test_request!(WaitCancelledRequest, "chartwright/test/waitCancelled");

pub(crate) fn dispatch(server: &mut Server, req: Request) {
    match req.method.as_str() {
        "chartwright/test/panic" => server
            .spawn::<PanicRequest>(req, |_, _| panic!("deliberate panic for the survival test")),
        "chartwright/test/slow" => server.spawn::<SlowRequest>(req, |_, _| {
            std::thread::sleep(Duration::from_millis(500));
            Ok(json!("done"))
        }),
        // Answers once the snapshot is stale, as a long analysis would.
        "chartwright/test/waitCancelled" => {
            server.spawn::<WaitCancelledRequest>(req, |snap: &Snap, _| {
                let deadline = Instant::now() + Duration::from_secs(10);
                while !snap.analysis.is_cancelled() && Instant::now() < deadline {
                    std::thread::sleep(Duration::from_millis(5));
                }
                snap.analysis.check_cancelled()?;
                Err(HandlerError::Failed("never cancelled".into()))
            })
        }
        _ => server.respond_err(
            req.id,
            ErrorCode::MethodNotFound,
            "no such test method".into(),
        ),
    }
}

// ---- the test client ----

const TIMEOUT: Duration = Duration::from_secs(30);

struct Client {
    conn: Connection,
    server: Option<JoinHandle<Result<(), String>>>,
    next_id: i32,
    /// Notifications received and not yet consumed.
    notifications: Vec<Notification>,
    /// The answer to workspace/configuration (`[settings]`).
    settings: Value,
    /// Server → client requests received (method names).
    server_requests: Vec<String>,
    init_result: Value,
    /// Answer `window/workDoneProgress/create` with an error.
    refuse_progress: bool,
}

impl Client {
    fn start(
        capabilities: Value,
        init_options: Option<Value>,
        settings: Value,
        root: &Path,
    ) -> Client {
        let (server, conn) = Connection::memory();
        let handle = std::thread::spawn(move || crate::run(server));
        let mut client = Client {
            conn,
            server: Some(handle),
            next_id: 0,
            notifications: Vec::new(),
            settings,
            server_requests: Vec::new(),
            init_result: Value::Null,
            refuse_progress: false,
        };
        let root_uri = Url::from_directory_path(root).unwrap();
        let mut params = json!({
            "processId": null,
            "rootUri": root_uri,
            "capabilities": capabilities,
            "workspaceFolders": [{"uri": root_uri, "name": "ws"}],
        });
        if let Some(o) = init_options {
            params["initializationOptions"] = o;
        }
        let resp = client.request("initialize", params);
        client.init_result = resp.result.expect("initialize result");
        client.notify("initialized", json!({}));
        client
    }

    fn send(&self, msg: impl Into<Message>) {
        self.conn.sender.send(msg.into()).unwrap();
    }

    fn notify(&self, method: &str, params: Value) {
        self.send(Notification::new(method.into(), params));
    }

    fn send_request(&mut self, method: &str, params: Value) -> RequestId {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.send(Request::new(id.clone(), method.into(), params));
        id
    }

    fn request(&mut self, method: &str, params: Value) -> Response {
        let id = self.send_request(method, params);
        self.response(&id)
    }

    /// Handles one incoming message; returns responses.
    fn recv(&mut self, timeout: Duration) -> Option<Response> {
        let msg = self.conn.receiver.recv_timeout(timeout).ok()?;
        match msg {
            Message::Response(r) => return Some(r),
            Message::Notification(n) => self.notifications.push(n),
            Message::Request(r) => {
                self.server_requests.push(r.method.clone());
                if self.refuse_progress && r.method == "window/workDoneProgress/create" {
                    let code = ErrorCode::MethodNotFound as i32;
                    self.send(Response::new_err(r.id, code, "no progress here".into()));
                    return None;
                }
                let result = match r.method.as_str() {
                    "workspace/configuration" => json!([self.settings.clone()]),
                    _ => Value::Null,
                };
                self.send(Response::new_ok(r.id, result));
            }
        }
        None
    }

    fn response(&mut self, id: &RequestId) -> Response {
        let deadline = Instant::now() + TIMEOUT;
        while Instant::now() < deadline {
            if let Some(r) = self.recv(Duration::from_millis(100)) {
                if &r.id == id {
                    return r;
                }
                panic!("unexpected response {r:?}");
            }
        }
        panic!("no response to {id:?}");
    }

    /// Waits for a notification matching `pred` (consuming it and those before it).
    fn wait_for(&mut self, method: &str, pred: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(i) = self
                .notifications
                .iter()
                .position(|n| n.method == method && pred(&n.params))
            {
                let n = self.notifications.remove(i);
                self.notifications.drain(..i);
                return n.params;
            }
            assert!(
                Instant::now() < deadline,
                "no {method} notification arrived"
            );
            if let Some(r) = self.recv(Duration::from_millis(100)) {
                panic!("unexpected response {r:?}");
            }
        }
    }

    /// Lets messages arrive for `d`, then returns the notifications received.
    fn drain(&mut self, d: Duration) -> Vec<Notification> {
        let deadline = Instant::now() + d;
        while Instant::now() < deadline {
            if let Some(r) = self.recv(Duration::from_millis(20)) {
                panic!("unexpected response {r:?}");
            }
        }
        std::mem::take(&mut self.notifications)
    }

    fn shutdown(mut self) {
        let resp = self.request("shutdown", Value::Null);
        assert!(resp.error.is_none());
        self.notify("exit", Value::Null);
        let result = self.server.take().unwrap().join().unwrap();
        assert_eq!(result, Ok(()));
    }
}

fn temp_chart(files: &[(&str, &str)]) -> PathBuf {
    static N: AtomicU64 = AtomicU64::new(0);
    let dir = std::env::temp_dir().join(format!(
        "cw-lsp-test-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    for (name, text) in files {
        let p = dir.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

const CHART: &str = "apiVersion: v2\nname: demo\nversion: 0.1.0\n";

fn caps_vscode_like() -> Value {
    json!({
        "general": {"positionEncodings": ["utf-16"]},
        "window": {"workDoneProgress": true},
        "workspace": {
            "configuration": true,
            "didChangeWatchedFiles": {"dynamicRegistration": true},
            "workspaceEdit": {"documentChanges": true},
        },
        "textDocument": {
            "publishDiagnostics": {"versionSupport": true, "relatedInformation": true},
            "completion": {"completionItem": {"snippetSupport": true}},
            "hover": {"contentFormat": ["markdown", "plaintext"]},
        }
    })
}

fn open(client: &Client, uri: &Url, text: &str) {
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "helm", "version": 1, "text": text}}),
    );
}

fn change(client: &Client, uri: &Url, version: i32, changes: Value) {
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
    );
}

fn pos_end(text: &str) -> Value {
    // The end of `text` as a UTF-16 LSP position.
    let line = text.matches('\n').count();
    let last = text.rsplit('\n').next().unwrap();
    json!({"line": line, "character": last.encode_utf16().count()})
}

fn diagnostics_of(params: &Value) -> &Vec<Value> {
    params["diagnostics"].as_array().unwrap()
}

#[test]
fn typing_char_by_char_publishes_diagnostics_of_the_latest_version() {
    let root = temp_chart(&[
        ("Chart.yaml", CHART),
        ("values.yaml", "name: first\n"),
        ("templates/cm.yaml", ""),
    ]);
    let mut client = Client::start(caps_vscode_like(), None, Value::Null, &root);
    let uri = Url::from_file_path(root.join("templates/cm.yaml")).unwrap();
    let mut text =
        String::from("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo\ndata:\n  a: {{ .Values.name }}\n");
    open(&client, &uri, &text);
    // The chart was analysed for the open document: the preview may refresh.
    let changed = client.wait_for("chartwright/renderChanged", |p| p["uri"] == json!(uri));
    assert_eq!(changed["version"], 1);

    // Type `  b: é😀 {{ .Values.name ` one character at a time (an unclosed action at the end).
    let typed = "  b: é😀 {{ .Values.name ";
    let mut version = 1;
    for ch in typed.chars() {
        version += 1;
        let at = pos_end(&text);
        change(
            &client,
            &uri,
            version,
            json!([{"range": {"start": at, "end": at}, "text": ch.to_string()}]),
        );
        text.push(ch);
    }
    let last = version;
    let params = client.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == json!(uri) && p["version"] == json!(last)
    });
    let diags = diagnostics_of(&params);
    let d = diags
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("unclosed action"))
        .unwrap_or_else(|| panic!("no syntax error in {diags:?}"));
    assert_eq!(d["severity"], 1);
    assert_eq!(d["source"], "chartwright");
    // On line 6, in UTF-16 units: `  b: é😀 ` is 9 units (12 bytes).
    assert_eq!(d["range"]["start"]["line"], 6);
    let start = d["range"]["start"]["character"].as_u64().unwrap();
    assert!(start >= 9, "{d}");
    assert!(start <= typed.encode_utf16().count() as u64, "{d}");

    // Nothing stale arrives afterwards.
    for n in client.drain(Duration::from_millis(300)) {
        if n.method == "textDocument/publishDiagnostics" && n.params["uri"] == json!(uri) {
            assert_eq!(n.params["version"], json!(last), "{:?}", n.params);
        }
    }

    // Closing the action (a full-text change) clears the diagnostics, for that version.
    version += 1;
    text.push_str("}}\n");
    change(&client, &uri, version, json!([{"text": text}]));
    let params = client.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == json!(uri)
    });
    assert_eq!(params["version"], json!(version));
    assert!(diagnostics_of(&params).is_empty(), "{params}");

    // The render follows the latest text.
    let resp = client.request("chartwright/render", json!({"uri": uri}));
    let result = resp.result.unwrap();
    let rendered = result["text"].as_str().unwrap();
    assert!(rendered.contains("a: first"), "{rendered}");
    assert!(rendered.contains("b: é😀 first"), "{rendered}");
    assert_eq!(result["version"], json!(version));
    client.shutdown();
}

#[test]
fn a_panicking_handler_is_answered_and_the_server_lives_on() {
    let root = temp_chart(&[("Chart.yaml", CHART), ("templates/cm.yaml", "a: 1\n")]);
    let mut client = Client::start(json!({}), None, Value::Null, &root);
    let resp = client.request("chartwright/test/panic", Value::Null);
    let err = resp.error.expect("an error answer");
    assert_eq!(err.code, ErrorCode::InternalError as i32);
    assert!(err.message.contains("deliberate panic"), "{}", err.message);
    // Still serving: a second panic and a real request.
    let resp = client.request("chartwright/test/panic", Value::Null);
    assert_eq!(resp.error.unwrap().code, ErrorCode::InternalError as i32);
    let uri = Url::from_file_path(root.join("templates/cm.yaml")).unwrap();
    open(&client, &uri, "a: {{ .Values.x }}\n");
    let resp = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 1}}),
    );
    assert!(resp.error.is_none(), "{resp:?}");
    client.shutdown();
}

#[test]
fn cancel_request_answers_request_cancelled_once() {
    let root = temp_chart(&[("Chart.yaml", CHART)]);
    let mut client = Client::start(json!({}), None, Value::Null, &root);
    let id = client.send_request("chartwright/test/slow", Value::Null);
    client.notify("$/cancelRequest", json!({"id": client.next_id}));
    let resp = client.response(&id);
    assert_eq!(resp.error.unwrap().code, ErrorCode::RequestCanceled as i32);
    // The handler's late answer is dropped: the next response is the next request's.
    std::thread::sleep(Duration::from_millis(700));
    let resp = client.request("chartwright/test/slow", Value::Null);
    assert_eq!(resp.result, Some(json!("done")));
    client.shutdown();
}

#[test]
fn an_edit_makes_running_requests_answer_content_modified() {
    let root = temp_chart(&[("Chart.yaml", CHART), ("templates/cm.yaml", "a: 1\n")]);
    let mut client = Client::start(json!({}), None, Value::Null, &root);
    let uri = Url::from_file_path(root.join("templates/cm.yaml")).unwrap();
    open(&client, &uri, "a: 1\n");
    let id = client.send_request("chartwright/test/waitCancelled", Value::Null);
    change(&client, &uri, 2, json!([{"text": "a: 2\n"}]));
    let resp = client.response(&id);
    assert_eq!(resp.error.unwrap().code, ErrorCode::ContentModified as i32);
    client.shutdown();
}

#[test]
fn utf8_is_chosen_when_offered_and_positions_count_bytes() {
    let root = temp_chart(&[("Chart.yaml", CHART), ("templates/cm.yaml", "")]);
    let caps = json!({
        "general": {"positionEncodings": ["utf-8", "utf-16"]},
        "textDocument": {"publishDiagnostics": {"versionSupport": true}},
    });
    let mut client = Client::start(caps, None, Value::Null, &root);
    assert_eq!(
        client.init_result["capabilities"]["positionEncoding"],
        "utf-8"
    );
    let uri = Url::from_file_path(root.join("templates/cm.yaml")).unwrap();
    // `é` is 2 bytes: the bad action starts at byte 6 of line 0.
    let text = "x: é {{ end }}\n";
    open(&client, &uri, text);
    let params = client.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == json!(uri)
    });
    let d = &diagnostics_of(&params)[0];
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("unexpected {{end}}"),
        "{d}"
    );
    let start = d["range"]["start"]["character"].as_u64().unwrap();
    assert!(start >= 6, "{d}");
    // Incremental edits are in bytes too: replace `é` (bytes 3..5) with `e`.
    change(
        &client,
        &uri,
        2,
        json!([{"range": {"start": {"line": 0, "character": 3}, "end": {"line": 0, "character": 5}},
                "text": "e"}]),
    );
    let params = client.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == json!(uri) && p["version"] == 2
    });
    let d = &diagnostics_of(&params)[0];
    assert_eq!(
        d["range"]["start"]["character"].as_u64().unwrap(),
        start - 1
    );
    client.shutdown();
}

#[test]
fn settings_come_from_init_options_then_workspace_configuration() {
    let root = temp_chart(&[
        ("Chart.yaml", CHART),
        ("values.yaml", "name: default\n"),
        ("ci/a.yaml", "name: from-a\n"),
        ("ci/b.yaml", "name: from-b\n"),
        ("templates/cm.yaml", "name: {{ .Values.name }}\n"),
    ]);
    let uri = Url::from_file_path(root.join("templates/cm.yaml")).unwrap();
    let render = |client: &mut Client| -> String {
        let resp = client.request("chartwright/render", json!({"uri": uri}));
        resp.result.unwrap()["text"].as_str().unwrap().to_string()
    };

    // initializationOptions only (the client has no workspace/configuration).
    let mut client = Client::start(
        json!({}),
        Some(json!({"valuesFiles": ["ci/a.yaml"]})),
        Value::Null,
        &root,
    );
    assert!(render(&mut client).contains("name: from-a"));
    // didChangeConfiguration with the settings pushed.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"chartwright": {"valuesFiles": ["ci/b.yaml"]}}}),
    );
    assert!(render(&mut client).contains("name: from-b"));
    // A per-request values file list.
    let resp = client.request(
        "chartwright/render",
        json!({"uri": uri, "valuesFiles": ["ci/a.yaml"]}),
    );
    assert!(resp.result.unwrap()["text"]
        .as_str()
        .unwrap()
        .contains("name: from-a"));
    client.shutdown();

    // workspace/configuration answers override the initializationOptions.
    let mut client = Client::start(
        json!({"workspace": {"configuration": true}}),
        Some(json!({"valuesFiles": ["ci/a.yaml"]})),
        json!({"valuesFiles": ["ci/b.yaml"], "releaseName": "rel"}),
        &root,
    );
    // The configuration request is answered before the next request is sent.
    while !client
        .server_requests
        .iter()
        .any(|m| m == "workspace/configuration")
    {
        client.recv(Duration::from_millis(50));
    }
    assert!(render(&mut client).contains("name: from-b"));
    client.shutdown();
}

#[test]
fn watched_files_are_registered_and_disk_changes_are_seen() {
    let root = temp_chart(&[
        ("Chart.yaml", CHART),
        ("values.yaml", "name: before\n"),
        ("templates/cm.yaml", "name: {{ .Values.name }}\n"),
    ]);
    let mut client = Client::start(caps_vscode_like(), None, Value::Null, &root);
    let uri = Url::from_file_path(root.join("templates/cm.yaml")).unwrap();
    open(&client, &uri, "name: {{ .Values.name }}\n");
    let resp = client.request("chartwright/render", json!({"uri": uri}));
    assert!(resp.result.unwrap()["text"]
        .as_str()
        .unwrap()
        .contains("name: before"));
    assert!(client
        .server_requests
        .iter()
        .any(|m| m == "client/registerCapability"));

    std::fs::write(root.join("values.yaml"), "name: after\n").unwrap();
    let values_uri = Url::from_file_path(root.join("values.yaml")).unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": values_uri, "type": 2}]}),
    );
    let resp = client.request("chartwright/render", json!({"uri": uri}));
    assert!(resp.result.unwrap()["text"]
        .as_str()
        .unwrap()
        .contains("name: after"));
    client.shutdown();
}

#[test]
fn closing_the_last_document_of_a_chart_clears_its_diagnostics() {
    let root = temp_chart(&[("Chart.yaml", CHART), ("templates/cm.yaml", "")]);
    let mut client = Client::start(caps_vscode_like(), None, Value::Null, &root);
    let uri = Url::from_file_path(root.join("templates/cm.yaml")).unwrap();
    open(&client, &uri, "{{ if }}\n");
    let params = client.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == json!(uri)
    });
    assert!(!diagnostics_of(&params).is_empty());
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    let params = client.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == json!(uri)
    });
    assert!(diagnostics_of(&params).is_empty(), "{params}");
    client.shutdown();
}

fn has_message(params: &Value, text: &str) -> bool {
    diagnostics_of(params)
        .iter()
        .any(|d| d["message"].as_str().unwrap().contains(text))
}

/// Scope `workspace` (the default): every chart under the workspace folders gets its
/// diagnostics, from disk, without a document open; a chart that appears on disk too, and one
/// that goes away loses them.
#[test]
fn charts_without_an_open_document_get_diagnostics_in_the_background() {
    let ws = temp_chart(&[
        ("a/Chart.yaml", CHART),
        ("a/templates/cm.yaml", "{{ if }}\n"),
        ("nested/b/Chart.yaml", CHART),
        ("nested/b/templates/cm.yaml", "{{ fail \"b is broken\" }}\n"),
    ]);
    let mut client = Client::start(caps_vscode_like(), None, Value::Null, &ws);
    let a = Url::from_file_path(ws.join("a/templates/cm.yaml")).unwrap();
    let b = Url::from_file_path(ws.join("nested/b/templates/cm.yaml")).unwrap();
    // The sweep is reported as work-done progress: begun with both charts, ended after them.
    let begin = client.wait_for("$/progress", |p| p["value"]["kind"] == "begin");
    assert_eq!(begin["token"], json!(crate::server::SWEEP_PROGRESS_TOKEN));
    assert_eq!(begin["value"]["message"], json!("0/2"));
    let mut seen = HashMap::new();
    while seen.len() < 2 {
        let params = client.wait_for("textDocument/publishDiagnostics", |p| {
            (p["uri"] == json!(a) || p["uri"] == json!(b)) && !diagnostics_of(p).is_empty()
        });
        assert!(params["version"].is_null(), "{params}");
        seen.insert(params["uri"].as_str().unwrap().to_string(), params);
    }
    assert!(has_message(&seen[a.as_str()], "missing value for if"));
    assert!(has_message(&seen[b.as_str()], "b is broken"));
    client.wait_for("$/progress", |p| p["value"]["kind"] == "end");
    assert!(client
        .server_requests
        .iter()
        .any(|m| m == "window/workDoneProgress/create"));

    // A chart created on disk is found; a deleted one's diagnostics go away.
    std::fs::create_dir_all(ws.join("c/templates")).unwrap();
    std::fs::write(ws.join("c/templates/x.yaml"), "{{ fail \"c too\" }}\n").unwrap();
    std::fs::write(ws.join("c/Chart.yaml"), CHART).unwrap();
    let c = Url::from_file_path(ws.join("c/templates/x.yaml")).unwrap();
    let c_chart = Url::from_file_path(ws.join("c/Chart.yaml")).unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": c_chart, "type": 1}, {"uri": c, "type": 1}]}),
    );
    let params = client.wait_for("textDocument/publishDiagnostics", |p| p["uri"] == json!(c));
    assert!(has_message(&params, "c too"), "{params}");
    std::fs::remove_dir_all(ws.join("nested")).unwrap();
    let b_chart = Url::from_file_path(ws.join("nested/b/Chart.yaml")).unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": b_chart, "type": 3}, {"uri": b, "type": 3}]}),
    );
    let params = client.wait_for("textDocument/publishDiagnostics", |p| p["uri"] == json!(b));
    assert!(diagnostics_of(&params).is_empty(), "{params}");
    client.shutdown();
}

/// A client that refuses the progress token gets no progress after its answer, and the sweep's
/// diagnostics all the same.
#[test]
fn a_refused_progress_token_is_not_used() {
    let ws = temp_chart(&[
        ("a/Chart.yaml", CHART),
        ("a/templates/cm.yaml", "{{ fail \"a\" }}\n"),
        ("b/Chart.yaml", CHART),
        ("b/templates/cm.yaml", "{{ fail \"b\" }}\n"),
    ]);
    let mut client = Client::start(caps_vscode_like(), None, Value::Null, &ws);
    client.refuse_progress = true;
    let b = Url::from_file_path(ws.join("b/templates/cm.yaml")).unwrap();
    client.wait_for("textDocument/publishDiagnostics", |p| p["uri"] == json!(b));
    let later = client.drain(Duration::from_millis(500));
    assert!(
        later.iter().all(|n| n.method != "$/progress"),
        "{:?}",
        later.iter().map(|n| &n.params).collect::<Vec<_>>()
    );
    client.shutdown();
}

/// Closing the last document of a chart: scope `workspace` shows the disk's text's problems
/// again, scope `openCharts` clears them.
#[test]
fn closing_a_document_shows_the_disk_or_clears_by_scope() {
    for (scope, kept) in [("workspace", true), ("openCharts", false)] {
        let root = temp_chart(&[
            ("Chart.yaml", CHART),
            ("templates/cm.yaml", "{{ fail \"on disk\" }}\n"),
        ]);
        let options = json!({"diagnostics": {"scope": scope}});
        let mut client = Client::start(caps_vscode_like(), Some(options), Value::Null, &root);
        let uri = Url::from_file_path(root.join("templates/cm.yaml")).unwrap();
        open(&client, &uri, "{{ if }}\n");
        let params = client.wait_for("textDocument/publishDiagnostics", |p| {
            p["uri"] == json!(uri) && p["version"] == json!(1)
        });
        assert!(has_message(&params, "missing value for if"), "{params}");
        client.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": uri}}),
        );
        let params = client.wait_for("textDocument/publishDiagnostics", |p| {
            p["uri"] == json!(uri) && p["version"].is_null()
        });
        assert_eq!(has_message(&params, "on disk"), kept, "{scope}: {params}");
        assert_eq!(
            diagnostics_of(&params).is_empty(),
            !kept,
            "{scope}: {params}"
        );
        client.shutdown();
    }
}

#[test]
fn unknown_methods_are_refused_and_exit_without_shutdown_is_an_error() {
    let root = temp_chart(&[("Chart.yaml", CHART)]);
    let mut client = Client::start(json!({}), None, Value::Null, &root);
    let resp = client.request("no/such/method", Value::Null);
    assert_eq!(resp.error.unwrap().code, ErrorCode::MethodNotFound as i32);
    client.notify("exit", Value::Null);
    let result = client.server.take().unwrap().join().unwrap();
    assert!(result.is_err());
}

"""End-to-end tests of `chartwright serve` over stdio with pytest-lsp: real JSON-RPC against the
real binary, replaying the ClientCapabilities of real editors (Neovim 0.7 and 0.11, VS Code,
Emacs). pytest-lsp also checks every answer against the capabilities the client declared
(snippets, documentation formats, ...).

The binary is $CHARTWRIGHT_BIN (tests/e2e/run.sh builds it and sets it)."""

import asyncio
import os
import pathlib
import time

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

HERE = pathlib.Path(__file__).parent
WORKSPACE = HERE / "workspace"
CHART = WORKSPACE / "webapp"
BIN = os.environ.get("CHARTWRIGHT_BIN", str(HERE.parents[1] / "target" / "debug" / "chartwright"))

EDITORS = ["neovim@v0.7.0", "neovim", "visual-studio-code", "emacs"]

TIMEOUT = 30.0


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[BIN, "serve", "--stdio"]),
    params=EDITORS,
)
async def client(lsp_client: LanguageClient, request):
    # Every notification, in arrival order (pytest-lsp keeps only the last diagnostics per URI
    # and drops notifications it has no handler for, like chartwright/renderChanged).
    lsp_client.received = []
    handle = lsp_client.protocol._handle_notification

    def record(method, params):
        lsp_client.received.append((method, params))
        return handle(method, params)

    lsp_client.protocol._handle_notification = record

    # Editors that support dynamic registration accept the file watchers chartwright registers.
    lsp_client.registrations = []

    def register_capability(params: types.RegistrationParams):
        lsp_client.registrations.extend(params.registrations)

    lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)(register_capability)
    result = await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities(request.param),
            root_uri=WORKSPACE.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=WORKSPACE.as_uri(), name="ws")],
        )
    )
    lsp_client.init_result = result
    lsp_client.editor = request.param
    yield
    await lsp_client.shutdown_session()


def field(obj, name):
    """A field of a typed (lsprotocol) or untyped (pygls Object / dict) message."""
    if isinstance(obj, dict):
        return obj.get(name)
    return getattr(obj, name, None)


def utf8(client: LanguageClient) -> bool:
    return client.init_result.capabilities.position_encoding == types.PositionEncodingKind.Utf8


def end_position(client: LanguageClient, text: str) -> types.Position:
    """The end of `text` in the negotiated encoding."""
    line = text.count("\n")
    last = text.rsplit("\n", 1)[-1]
    if utf8(client):
        character = len(last.encode("utf-8"))
    else:
        character = len(last.encode("utf-16-le")) // 2
    return types.Position(line=line, character=character)


def open_doc(client: LanguageClient, path: pathlib.Path, text: str | None = None) -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri,
                language_id="helm",
                version=1,
                text=path.read_text() if text is None else text,
            )
        )
    )
    return uri


async def wait_for(client: LanguageClient, method: str, pred, timeout: float = TIMEOUT):
    """The first notification received (or arriving) with `method` whose params match."""
    deadline = time.monotonic() + timeout
    while True:
        for m, p in client.received:
            if m == method and pred(p):
                return p
        if time.monotonic() > deadline:
            raise AssertionError(f"no matching {method} within {timeout}s")
        await asyncio.sleep(0.02)


def diagnostics_for(uri: str, version: int):
    return lambda p: field(p, "uri") == uri and field(p, "version") == version


async def render(client: LanguageClient, params: dict):
    result = await client.protocol.send_request_async("chartwright/render", params)
    assert result is not None
    return result


async def test_initialize_negotiates_encoding_and_announces_features(client: LanguageClient):
    caps = client.init_result.capabilities
    assert client.init_result.server_info.name == "chartwright"
    offered = client.capabilities.general and client.capabilities.general.position_encodings
    if offered and types.PositionEncodingKind.Utf8 in offered:
        assert caps.position_encoding == types.PositionEncodingKind.Utf8
    else:
        assert caps.position_encoding == types.PositionEncodingKind.Utf16
    assert caps.hover_provider
    assert caps.completion_provider is not None
    assert caps.semantic_tokens_provider is not None
    assert caps.text_document_sync.change == types.TextDocumentSyncKind.Incremental
    dynamic = (
        client.capabilities.workspace
        and client.capabilities.workspace.did_change_watched_files
        and client.capabilities.workspace.did_change_watched_files.dynamic_registration
    )
    await asyncio.sleep(0.2)
    watchers = [r for r in client.registrations if r.method == "workspace/didChangeWatchedFiles"]
    assert bool(watchers) == bool(dynamic), client.registrations


async def test_charts_never_opened_get_diagnostics_from_disk(client: LanguageClient):
    """Scope `workspace` (the default): a chart of the workspace with no open document still
    gets its diagnostics, computed from disk in the background (unversioned)."""
    uri = (WORKSPACE / "broken-on-disk" / "templates" / "configmap.yaml").as_uri()
    p = await wait_for(
        client,
        types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS,
        lambda p: field(p, "uri") == uri and field(p, "diagnostics"),
    )
    assert field(p, "version") is None
    (d,) = [d for d in p.diagnostics if d.code == "template-render-error"]
    assert "owner is required" in d.message
    # At the failing action: `{{ required ... }}` on line 7.
    assert d.range.start.line == 6, d


async def test_syntax_error_diagnostic_on_open(client: LanguageClient):
    path = CHART / "templates" / "broken.yaml"  # a buffer only: never written to disk
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: {{ end }}\n"
    uri = open_doc(client, path, text)
    p = await wait_for(client, types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, diagnostics_for(uri, 1))
    syntax = [d for d in p.diagnostics if d.code == "template-syntax-error"]
    assert syntax, p.diagnostics
    d = syntax[0]
    assert d.severity == types.DiagnosticSeverity.Error
    assert d.source == "chartwright"
    assert d.range.start.line == 5
    assert "unexpected {{end}}" in d.message
    # Columns in the negotiated encoding (ASCII here: the same in both).
    assert d.range.start.character == len("  a: ")


async def test_typing_session_diagnostics_and_preview_follow_the_latest_text(client: LanguageClient):
    path = CHART / "templates" / "typing.yaml"  # a buffer only
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: typed\ndata:\n"
    uri = open_doc(client, path, text)
    await wait_for(client, "chartwright/renderChanged", lambda p: field(p, "uri") == uri)

    version = 1

    async def type_text(s: str):
        nonlocal text, version
        for ch in s:
            version += 1
            at = end_position(client, text)
            client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                    content_changes=[
                        types.TextDocumentContentChangePartial(
                            range=types.Range(start=at, end=at), text=ch
                        )
                    ],
                )
            )
            text += ch
            # A fast typist: a few milliseconds between keys, well under the debounce.
            await asyncio.sleep(0.002)

    # Non-ASCII first: the positions of everything after it depend on the encoding.
    await type_text('  note: "café ☕ 😀"\n  tag: {{ .Values.image.tag')
    broken = version
    p = await wait_for(client, types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, diagnostics_for(uri, broken))
    syntax = [d for d in p.diagnostics if d.code == "template-syntax-error"]
    assert syntax and "unclosed action" in syntax[0].message, p.diagnostics
    assert syntax[0].range.start.line == 6

    await type_text(" | quote }}\n")
    final = version
    p = await wait_for(client, types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, diagnostics_for(uri, final))
    assert not [d for d in p.diagnostics if d.severity == types.DiagnosticSeverity.Error], p.diagnostics
    # Nothing older than the final version is published afterwards.
    await asyncio.sleep(0.3)
    later = [
        field(p, "version")
        for m, p in client.received
        if m == types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS and field(p, "uri") == uri
    ]
    assert later[-1] == final, later

    changed = await wait_for(
        client, "chartwright/renderChanged", lambda p: field(p, "uri") == uri and field(p, "version") == final
    )
    assert changed is not None
    result = await render(client, {"uri": uri, "onlyTemplate": True})
    assert field(result, "version") == final
    rendered = field(result, "text")
    assert 'note: "café ☕ 😀"' in rendered, rendered
    assert 'tag: "1.27"' in rendered, rendered
    assert "kind: Deployment" not in rendered

    # The source map points the rendered value back at the action that printed it.
    segments = field(result, "sourceMap")
    lines = rendered.split("\n")
    tag_line = next(i for i, l in enumerate(lines) if l.startswith("  tag:"))
    actions = [
        s for s in segments
        if field(s, "uri") == uri and not field(s, "verbatim")
        and field(field(field(s, "rendered"), "start"), "line") == tag_line
    ]
    assert actions, segments
    assert field(field(field(actions[0], "range"), "start"), "line") == 6


async def test_render_preview_of_the_chart_with_other_values_files(client: LanguageClient):
    uri = open_doc(client, CHART / "templates" / "deployment.yaml")
    result = await render(client, {"uri": uri})
    text = field(result, "text")
    assert "# Source: webapp/templates/deployment.yaml" in text
    assert "# Source: webapp/templates/service.yaml" in text
    assert "replicas: 2" in text
    assert field(result, "errors") == []
    result = await render(client, {"uri": uri, "valuesFiles": ["ci/prod-values.yaml"]})
    assert "replicas: 5" in field(result, "text")


async def test_hover_on_a_function(client: LanguageClient):
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: h\ndata:\n  a: {{ .Values.image.tag | quote }}\n"
    uri = open_doc(client, CHART / "templates" / "hover.yaml", text)
    col = text.split("\n")[5].index("quote") + 2
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=5, character=col),
        )
    )
    assert hover is not None
    value = hover.contents.value if hasattr(hover.contents, "value") else str(hover.contents)
    assert "quote" in value and "double-quoted" in value, value


async def test_completion_of_functions(client: LanguageClient):
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: {{ .Values.image.tag | quo }}\n"
    uri = open_doc(client, CHART / "templates" / "complete.yaml", text)
    col = text.split("\n")[5].index("quo") + 3
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=5, character=col),
        )
    )
    items = result.items if isinstance(result, types.CompletionList) else result
    labels = [i.label for i in items]
    assert "quote" in labels, labels


async def test_definition_of_an_include(client: LanguageClient):
    path = CHART / "templates" / "deployment.yaml"
    uri = open_doc(client, path)
    lines = path.read_text().split("\n")
    line = next(i for i, l in enumerate(lines) if "include" in l)
    col = lines[line].index("webapp.fullname") + 2
    result = await client.text_document_definition_async(
        types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=line, character=col),
        )
    )
    locations = result if isinstance(result, list) else [result]
    assert any(field(l, "uri") == (CHART / "templates" / "_helpers.tpl").as_uri() for l in locations), result


async def test_semantic_tokens_and_symbols(client: LanguageClient):
    uri = open_doc(client, CHART / "templates" / "_helpers.tpl")
    tokens = await client.text_document_semantic_tokens_full_async(
        types.SemanticTokensParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert tokens is not None and tokens.data and len(tokens.data) % 5 == 0
    legend = client.init_result.capabilities.semantic_tokens_provider.legend
    assert all(t < len(legend.token_types) for t in tokens.data[3::5])
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert any(s.name == "webapp.fullname" for s in symbols), symbols


def position_of(path: pathlib.Path, needle: str, offset: int = 0) -> types.Position:
    """The position of `needle` (+ `offset` characters) in a file of ASCII text."""
    lines = path.read_text().split("\n")
    line = next(i for i, l in enumerate(lines) if needle in l)
    return types.Position(line=line, character=lines[line].index(needle) + offset)


async def test_values_completion(client: LanguageClient):
    path = CHART / "templates" / "deployment.yaml"
    uri = open_doc(client, path)
    at = position_of(path, ".Values.image.repository", len(".Values.image."))
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=at)
    )
    items = result.items if isinstance(result, types.CompletionList) else result
    labels = [i.label for i in items]
    assert "repository" in labels and "tag" in labels, labels


async def test_inlay_hints_show_resolved_values(client: LanguageClient):
    path = CHART / "templates" / "deployment.yaml"
    uri = open_doc(client, path)
    hints = await client.text_document_inlay_hint_async(
        types.InlayHintParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=100, character=0)),
        )
    )
    by_line = {h.position.line: h.label for h in hints}
    replicas = position_of(path, ".Values.replicaCount")
    assert "2" in by_line[replicas.line], hints


async def test_references_and_rename_of_a_value(client: LanguageClient):
    path = CHART / "templates" / "deployment.yaml"
    uri = open_doc(client, path)
    at = position_of(path, ".Values.replicaCount", len(".Values.") + 2)
    doc = types.TextDocumentIdentifier(uri=uri)
    refs = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=doc, position=at, context=types.ReferenceContext(include_declaration=True)
        )
    )
    values_uri = (CHART / "values.yaml").as_uri()
    assert {r.uri for r in refs} == {uri, values_uri}, refs

    prepared = await client.text_document_prepare_rename_async(
        types.PrepareRenameParams(text_document=doc, position=at)
    )
    assert prepared is not None and prepared.placeholder == "replicaCount"
    edit = await client.text_document_rename_async(
        types.RenameParams(text_document=doc, position=at, new_name="replicas")
    )
    ws = client.capabilities.workspace
    if ws and ws.workspace_edit and ws.workspace_edit.document_changes:
        edited = {d.text_document.uri: d for d in edit.document_changes}
        # The open document's edit is tied to the version the client has.
        assert edited[uri].text_document.version == 1
        files = set(edited)
        new_texts = {e.new_text for d in edit.document_changes for e in d.edits}
    else:
        files = set(edit.changes)
        new_texts = {e.new_text for es in edit.changes.values() for e in es}
    assert files == {uri, values_uri}, edit
    assert new_texts == {"replicas"}

"""Completion latency and memory of `chartwright serve` over stdio, as an editor sees them. A
measurement, not a test: it prints figures and asserts nothing.

1. Completion: opens a template, then asks for completion after `.Values.` N times (each request
   on a fresh edit, so nothing is answered from a cache of the previous request) and prints p50/p99.
2. Memory: opens one template of every chart under a folder (the whole corpus as one workspace),
   waits until every chart has been analysed (`chartwright/renderChanged`), and prints the server's peak and current
   resident memory (VmHWM / VmRSS).

3. Sweep: opens nothing; with diagnostics scope `workspace` (the default) the server checks every
   chart under the folder in the background. Waits for the end of its work-done progress and
   prints how long the sweep took, how many files got diagnostics, and peak/current resident memory.

Usage (with the e2e venv):
  .venv/bin/python workspace_bench.py completion CHART_DIR TEMPLATE [--requests N] [--bin PATH]
  .venv/bin/python workspace_bench.py memory CHARTS_DIR [--bin PATH]
  .venv/bin/python workspace_bench.py sweep CHARTS_DIR [--bin PATH]
"""

import argparse
import asyncio
import os
import pathlib
import time

from lsprotocol import types
from pytest_lsp import LanguageClient, client_capabilities


async def start(binary: str, root: pathlib.Path, published: dict):
    client = LanguageClient()
    client.feature(types.CLIENT_REGISTER_CAPABILITY)(lambda params: None)
    client.feature(types.WORKSPACE_CONFIGURATION)(lambda params: [None])
    client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)(lambda params: None)

    # Sent for each open document once its chart has been analysed (diagnostics are published
    # only for files that have some, or had some).
    def on_analysed(params):
        uri = params["uri"] if isinstance(params, dict) else getattr(params, "uri", None)
        published[uri] = True

    client.feature("chartwright/renderChanged")(on_analysed)
    await client.start_io(binary, "serve", "--stdio", env={**os.environ, "CHARTWRIGHT_LOG": "warn"})
    caps = client_capabilities("visual-studio-code")
    client.capabilities = caps
    await client.initialize_session(types.InitializeParams(capabilities=caps, root_uri=root.as_uri()))
    return client


def open_doc(client, path: pathlib.Path, text: str, version: int = 1):
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=path.as_uri(), language_id="helm", version=version, text=text)
        )
    )


def pct(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


async def completion(chart: pathlib.Path, template: pathlib.Path, n: int, binary: str):
    published = {}
    client = await start(binary, chart, published)
    text = template.read_text()
    line = text.count("\n")
    open_doc(client, template, text)
    lat = []
    for i in range(n):
        # Type `{{ .Values.` (a fresh version each time), then ask at its end.
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=template.as_uri(), version=i + 2),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text + "{{ .Values. }}" + " " * (i % 2))],
            )
        )
        pos = types.Position(line=line, character=len("{{ .Values."))
        t = time.perf_counter()
        result = await client.text_document_completion_async(
            types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=template.as_uri()), position=pos)
        )
        elapsed = (time.perf_counter() - t) * 1000
        items = result.items if hasattr(result, "items") else (result or [])
        if i > 0 and items:  # the first request includes the chart's first analysis
            lat.append(elapsed)
    await client.shutdown_session()
    await client.stop()
    print(f"completion after .Values. in {chart.name}/{template.relative_to(chart)} over {len(lat)} requests "
          f"(each after an edit): p50 {pct(lat, 0.5):.1f} ms, p99 {pct(lat, 0.99):.1f} ms")


def rss(pid: int):
    status = pathlib.Path(f"/proc/{pid}/status").read_text()
    kb = {l.split(":")[0]: int(l.split()[1]) for l in status.splitlines() if l.startswith(("VmRSS", "VmHWM"))}
    return kb["VmHWM"] / 1024, kb["VmRSS"] / 1024


async def memory(charts_dir: pathlib.Path, binary: str):
    published = {}
    client = await start(binary, charts_dir, published)
    pid = client._server.pid
    charts = sorted(p.parent for p in charts_dir.glob("*/*/Chart.yaml"))
    opened = []
    for c in charts:
        tpls = sorted((c / "templates").glob("*.yaml"))
        if tpls:
            open_doc(client, tpls[0], tpls[0].read_text(errors="replace"))
            opened.append(tpls[0].as_uri())
    t = time.perf_counter()
    peak_seen, last = 0, t
    # Until every chart has published, or nothing new has been published for 30 s.
    while time.perf_counter() - t < 900 and not all(u in published for u in opened):
        await asyncio.sleep(0.5)
        n = sum(u in published for u in opened)
        if n != peak_seen:
            peak_seen, last = n, time.perf_counter()
        elif time.perf_counter() - last > 30:
            break
    done = sum(u in published for u in opened)
    peak, now = rss(pid)
    await client.shutdown_session()
    await client.stop()
    print(f"{len(charts)} charts as one workspace, {len(opened)} documents open, {done} analysed "
          f"after {time.perf_counter() - t:.0f} s: peak RSS {peak:.0f} MB, RSS {now:.0f} MB")


async def sweep(charts_dir: pathlib.Path, binary: str):
    client = LanguageClient()
    client.feature(types.CLIENT_REGISTER_CAPABILITY)(lambda params: None)
    client.feature(types.WORKSPACE_CONFIGURATION)(lambda params: [None])
    client.feature(types.WINDOW_WORK_DONE_PROGRESS_CREATE)(lambda params: None)
    with_diagnostics = set()

    def on_diagnostics(params):
        if params.diagnostics:
            with_diagnostics.add(params.uri)

    client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)(on_diagnostics)
    ended = asyncio.Event()
    reports = []

    def on_progress(params):
        value = params.value if not isinstance(params, dict) else params["value"]
        kind = value["kind"] if isinstance(value, dict) else getattr(value, "kind", None)
        reports.append(kind)
        if kind == "end":
            ended.set()

    client.feature(types.PROGRESS)(on_progress)
    await client.start_io(binary, "serve", "--stdio", env={**os.environ, "CHARTWRIGHT_LOG": "warn"})
    caps = client_capabilities("visual-studio-code")
    client.capabilities = caps
    t = time.perf_counter()
    await client.initialize_session(types.InitializeParams(capabilities=caps, root_uri=charts_dir.as_uri()))
    pid = client._server.pid
    await asyncio.wait_for(ended.wait(), 900)
    took = time.perf_counter() - t
    peak, now = rss(pid)
    await client.shutdown_session()
    await client.stop()
    charts = len(list(charts_dir.glob("**/Chart.yaml")))
    print(f"sweep of {charts_dir} ({charts} Chart.yaml files), nothing open: done after {took:.1f} s, "
          f"{len(with_diagnostics)} files with diagnostics, {reports.count('report')} progress reports; "
          f"peak RSS {peak:.0f} MB, RSS {now:.0f} MB")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["completion", "memory", "sweep"])
    ap.add_argument("dir")
    ap.add_argument("template", nargs="?")
    ap.add_argument("--requests", type=int, default=100)
    ap.add_argument("--bin", default=os.environ.get("CHARTWRIGHT_BIN", "chartwright"))
    args = ap.parse_args()
    d = pathlib.Path(args.dir).resolve()
    if args.mode == "completion":
        asyncio.run(completion(d, d / args.template, args.requests, args.bin))
    elif args.mode == "sweep":
        asyncio.run(sweep(d, args.bin))
    else:
        asyncio.run(memory(d, args.bin))


if __name__ == "__main__":
    main()

"""Edit-to-published-diagnostics latency of `chartwright serve`, measured as an editor sees it:
over stdio, one keystroke (a didChange) at a time, from sending the change to receiving the
publishDiagnostics of that document version. Includes the debounce: each edit here arrives once
the previous version's diagnostics are published (the server is idle), so it is analysed at once
(the leading edge of cw_lsp::DIAGNOSTICS_DEBOUNCE); edits that arrive while a run is pending or
running wait for the trailing edge (50 ms after the last). A measurement, not a test: it prints
p50/p99 and asserts nothing.

With --root DIR the workspace folder is DIR (e.g. the whole corpus: a monorepo whose other charts
the server checks in the background while idle, diagnostics scope `workspace`), and --pause S
waits S seconds after each publish before the next edit (over 0.3 s: the background sweep runs
between edits, and each edit has to cancel it).

Usage (with the e2e venv):
  .venv/bin/python latency.py CHART_DIR [TEMPLATE (relative to the chart)] [--edits N] [--bin PATH]
                              [--root DIR] [--pause SECONDS]
e.g. .venv/bin/python latency.py ../../../shared/corpus/charts/bitnami/contour \\
       templates/contour/deployment.yaml --edits 100 --bin ../../target/release/chartwright
"""

import argparse
import asyncio
import os
import pathlib
import statistics
import time

from lsprotocol import types
from pytest_lsp import LanguageClient, client_capabilities


async def measure(chart: pathlib.Path, template: pathlib.Path, edits: int, binary: str,
                  root: pathlib.Path, pause: float):
    client = LanguageClient()
    client.feature(types.CLIENT_REGISTER_CAPABILITY)(lambda params: None)
    client.feature(types.WORKSPACE_CONFIGURATION)(lambda params: [None])
    client.feature("chartwright/renderChanged")(lambda params: None)
    # The background sweep's progress (a --root with other charts).
    client.feature(types.WINDOW_WORK_DONE_PROGRESS_CREATE)(lambda params: None)
    client.feature(types.PROGRESS)(lambda params: None)
    published: dict[int, float] = {}

    def on_diagnostics(params: types.PublishDiagnosticsParams):
        if params.uri == template.as_uri() and params.version is not None:
            published.setdefault(params.version, time.perf_counter())

    client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)(on_diagnostics)
    await client.start_io(binary, "serve", "--stdio", env={**os.environ, "CHARTWRIGHT_LOG": "warn"})
    caps = client_capabilities("visual-studio-code")
    client.capabilities = caps
    await client.initialize_session(
        types.InitializeParams(capabilities=caps, root_uri=root.as_uri())
    )
    text = template.read_text()
    start = time.perf_counter()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=template.as_uri(), language_id="helm", version=1, text=text
            )
        )
    )
    cold = None
    latencies = []
    line = text.count("\n")
    for i in range(edits):
        version = i + 2
        if pause and i > 0:
            await asyncio.sleep(pause)
        # Alternately add and remove a template comment with a syntax error at the end, so every
        # version has diagnostics that differ from the previous one.
        if i % 2 == 0:
            change = types.TextDocumentContentChangePartial(
                range=types.Range(
                    start=types.Position(line=line, character=0),
                    end=types.Position(line=line, character=0),
                ),
                text="{{ end }}",
            )
        else:
            change = types.TextDocumentContentChangePartial(
                range=types.Range(
                    start=types.Position(line=line, character=0),
                    end=types.Position(line=line, character=9),
                ),
                text="",
            )
        sent = time.perf_counter()
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(
                    uri=template.as_uri(), version=version
                ),
                content_changes=[change],
            )
        )
        deadline = sent + 60
        while version not in published and time.perf_counter() < deadline:
            await asyncio.sleep(0.001)
        if version not in published:
            raise SystemExit(f"no diagnostics for version {version}")
        elapsed = (published[version] - sent) * 1000
        if cold is None:
            # The first edit waits for the whole chart's first analysis.
            cold = (published[version] - start) * 1000
        else:
            latencies.append(elapsed)
    await client.shutdown_session()
    await client.stop()
    return cold, latencies


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("chart")
    ap.add_argument("template", nargs="?")
    ap.add_argument("--edits", type=int, default=50)
    ap.add_argument("--bin", default=os.environ.get("CHARTWRIGHT_BIN", "chartwright"))
    ap.add_argument("--root", help="workspace folder (default: the chart)")
    ap.add_argument("--pause", type=float, default=0.0, help="seconds between edits")
    args = ap.parse_args()
    chart = pathlib.Path(args.chart).resolve()
    root = pathlib.Path(args.root).resolve() if args.root else chart
    template = (
        chart / args.template
        if args.template
        else sorted((chart / "templates").rglob("*.yaml"))[0]
    )
    cold, lat = asyncio.run(measure(chart, template, args.edits, args.bin, root, args.pause))
    lat.sort()
    p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))]
    where = f" (workspace {root}, {args.pause} s between edits)" if args.root or args.pause else ""
    print(f"{chart.name} {template.relative_to(chart)}{where}: open->first diagnostics {cold:.0f} ms; "
          f"edit->diagnostics over {len(lat)} edits: p50 {p(0.5):.1f} ms, p99 {p(0.99):.1f} ms, "
          f"max {lat[-1]:.1f} ms, mean {statistics.mean(lat):.1f} ms (debounce included)")


if __name__ == "__main__":
    main()

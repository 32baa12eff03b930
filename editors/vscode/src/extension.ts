// chartwright for VS Code: starts `chartwright serve --stdio` and shows a live render preview of
// the chart (chartwright/render), refreshed on chartwright/renderChanged, with navigation
// between template text and rendered lines through the preview's source map.

import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;

/** A range of the protocol (positions in the negotiated encoding: UTF-16 for VS Code). */
interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

interface SourceSegment {
  rendered: LspRange;
  uri: string;
  range: LspRange;
  verbatim: boolean;
}

interface RenderResult {
  chart: string;
  version: number | null;
  text: string;
  sourceMap: SourceSegment[];
  errors: { uri: string; diagnostic: { range: LspRange; message: string } }[];
}

const SCHEME = "chartwright-preview";

function toRange(r: LspRange): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

/** The preview documents: `chartwright-preview:/<template>.rendered.yaml?<source uri>#only`. */
class PreviewProvider implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  /** The last render of each open preview. */
  readonly renders = new Map<string, RenderResult>();

  static previewUri(source: vscode.Uri, onlyTemplate: boolean): vscode.Uri {
    return vscode.Uri.from({
      scheme: SCHEME,
      path: source.path + ".rendered.yaml",
      query: source.toString(),
      fragment: onlyTemplate ? "only" : "",
    });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    if (!client) {
      return "# chartwright is not running";
    }
    const result = await client.sendRequest<RenderResult | null>("chartwright/render", {
      uri: uri.query,
      onlyTemplate: uri.fragment === "only",
    });
    if (!result) {
      return "# not part of a chart";
    }
    this.renders.set(uri.toString(), result);
    const errors = result.errors.map(
      (e) =>
        `# error: ${vscode.Uri.parse(e.uri).fsPath}:${e.diagnostic.range.start.line + 1}: ${e.diagnostic.message}`,
    );
    // Errors are shown after the manifests so the source map's line numbers stay right.
    return errors.length ? `${result.text}\n${errors.join("\n")}\n` : result.text;
  }

  /** A chart was rendered again: refresh the previews of its documents. */
  refresh(changedUri: string): void {
    for (const doc of vscode.workspace.textDocuments) {
      if (doc.uri.scheme !== SCHEME) {
        continue;
      }
      const render = this.renders.get(doc.uri.toString());
      const sameChart = render
        ? changedUri.startsWith(render.chart)
        : doc.uri.query === changedUri;
      if (sameChart) {
        this.changed.fire(doc.uri);
      }
    }
  }
}

function settings(): Record<string, unknown> {
  const c = vscode.workspace.getConfiguration("chartwright");
  return {
    valuesFiles: c.get("valuesFiles"),
    kubeVersion: c.get("kubeVersion"),
    apiVersions: c.get("apiVersions"),
    releaseName: c.get("releaseName"),
    namespace: c.get("namespace"),
    crdPaths: c.get("crdPaths"),
    diagnostics: c.get("diagnostics"),
  };
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const command = vscode.workspace.getConfiguration("chartwright").get<string>("serverPath", "chartwright");
  // TransportKind.stdio makes the client append `--stdio` itself.
  const serverOptions: ServerOptions = {
    command,
    args: ["serve"],
    transport: TransportKind.stdio,
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "helm" },
      { scheme: "file", pattern: "**/values*.{yaml,yml}" },
      { scheme: "file", pattern: "**/Chart.yaml" },
      { scheme: "file", pattern: "**/values.schema.json" },
    ],
    initializationOptions: settings(),
    // didChangeConfiguration carries {chartwright: {...}}; the server also asks with
    // workspace/configuration. File watchers are registered by the server itself.
    synchronize: { configurationSection: "chartwright" },
  };
  client = new LanguageClient("chartwright", "chartwright", serverOptions, clientOptions);

  const provider = new PreviewProvider();
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, provider),
    client.onNotification("chartwright/renderChanged", (p: { uri: string; version: number }) =>
      provider.refresh(p.uri),
    ),
  );

  const showPreview = (onlyTemplate: boolean) => async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.uri.scheme !== "file") {
      return;
    }
    const doc = await vscode.workspace.openTextDocument(
      PreviewProvider.previewUri(editor.document.uri, onlyTemplate),
    );
    await vscode.languages.setTextDocumentLanguage(doc, "yaml");
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true });
  };

  // Template cursor → the rendered lines it wrote, in the open preview.
  const revealInPreview = async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      return;
    }
    const source = editor.document.uri.toString();
    const pos = editor.selection.active;
    for (const previewEditor of vscode.window.visibleTextEditors) {
      const render = provider.renders.get(previewEditor.document.uri.toString());
      if (!render) {
        continue;
      }
      const hits = render.sourceMap
        .filter((s) => s.uri === source && toRange(s.range).contains(pos))
        .map((s) => toRange(s.rendered));
      if (hits.length) {
        previewEditor.selections = hits.map((r) => new vscode.Selection(r.start, r.end));
        previewEditor.revealRange(hits[0], vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      }
    }
  };

  // Preview cursor → the template text that wrote it.
  const revealSource = async () => {
    const editor = vscode.window.activeTextEditor;
    const render = editor && provider.renders.get(editor.document.uri.toString());
    if (!editor || !render) {
      return;
    }
    const pos = editor.selection.active;
    const seg = render.sourceMap.find((s) => toRange(s.rendered).contains(pos));
    if (!seg) {
      return;
    }
    let target = toRange(seg.range);
    if (seg.verbatim) {
      // Verbatim text maps character for character.
      const r = toRange(seg.rendered);
      if (r.start.line === pos.line && target.start.line === target.end.line) {
        const at = target.start.translate(0, pos.character - r.start.character);
        target = new vscode.Range(at, at);
      }
    }
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(seg.uri));
    const shown = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One });
    shown.selection = new vscode.Selection(target.start, target.end);
    shown.revealRange(target, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  };

  context.subscriptions.push(
    vscode.commands.registerCommand("chartwright.showPreview", showPreview(false)),
    vscode.commands.registerCommand("chartwright.showTemplatePreview", showPreview(true)),
    vscode.commands.registerCommand("chartwright.revealInPreview", revealInPreview),
    vscode.commands.registerCommand("chartwright.revealSource", revealSource),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}

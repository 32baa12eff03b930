//! Output assembly of `helm template` (pkg/action/install.go `renderResources` and
//! pkg/cmd/template.go): NOTES.txt left out, manifests sorted by kind with `# Source:` headers,
//! CRDs first with `--include-crds`, hooks after, `--show-only` and `--skip-tests`.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use crate::manifest::{go_trim_space, sort_manifests, split_manifests, Hook, Manifest};
use crate::render::{RenderChart, Rendered};

/// Options of the output (the flags of `helm template` that shape it).
#[derive(Clone, Debug, Default)]
pub struct OutputOptions {
    /// `--include-crds`: print the `crds/` files of the chart and its subcharts first.
    pub include_crds: bool,
    /// `--skip-tests`: leave out `test` hooks.
    pub skip_tests: bool,
    /// `--no-hooks`: leave out every hook.
    pub no_hooks: bool,
    /// `--show-only`: only the documents of these templates (Go `filepath.Match` patterns
    /// against the path after the chart name, `templates/x.yaml`).
    pub show_only: Vec<String>,
}

/// Where each printed document came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    Crd,
    Manifest,
    Hook,
}

/// One document of the output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// The `# Source:` name (`chart/templates/x.yaml`, `chart/crds/x.yaml`): for manifests and
    /// hooks the template it came from (the name of its [`crate::RenderedTemplate`]).
    pub source: String,
    pub content: String,
    pub origin: Origin,
    /// Where `content` is in the template's rendered content (its `content[range]`), for
    /// manifests and hooks; `None` for CRD files.
    pub content_range: Option<Range<u32>>,
    /// Where `content` is printed in [`Output::text`] (`None` when it is not printed).
    pub text_range: Option<Range<u32>>,
}

/// The printed output and the documents it is made of.
#[derive(Clone, Debug, Default)]
pub struct Output {
    pub text: String,
    pub documents: Vec<Document>,
}

impl Output {
    /// The document printed at byte `offset` of [`Output::text`], and the matching offset in
    /// its template's rendered content (look that up in the template's source map). `None`
    /// for headers, separators and CRD files.
    pub fn locate(&self, offset: u32) -> Option<(&Document, u32)> {
        self.documents.iter().find_map(|d| {
            let t = d.text_range.as_ref()?;
            let c = d.content_range.as_ref()?;
            (t.start <= offset && offset < t.end).then(|| (d, c.start + (offset - t.start)))
        })
    }
}

fn u(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Appends `---\n# Source: NAME\nCONTENT\n` and returns where CONTENT went.
fn push_doc(out: &mut String, name: &str, content: &str) -> Range<u32> {
    out.push_str("---\n# Source: ");
    out.push_str(name);
    out.push('\n');
    let start = out.len();
    out.push_str(content);
    let end = out.len();
    out.push('\n');
    u(start)..u(end)
}

/// An error of the assembly step, with Helm's text. `with_release` is true when Helm had
/// created the release already (it then adds `Use --debug flag to render out invalid YAML`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputError {
    pub message: String,
    pub with_release: bool,
}

/// The CRD files of a chart tree, as `Chart.CRDObjects` lists them: (`# Source:` name, text).
pub fn crd_objects(rc: &RenderChart<'_>, full_path: &str, out: &mut Vec<(String, String)>) {
    for f in rc.chart.crds() {
        out.push((
            format!("{full_path}/{}", f.name),
            String::from_utf8_lossy(&f.data).into_owned(),
        ));
    }
    for s in &rc.subcharts {
        crd_objects(s, &format!("{full_path}/charts/{}", s.name), out);
    }
}

fn source_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"# Source: [^/]+/(.+)").expect("valid regex"))
}

/// Assembles `helm template`'s standard output from a render.
pub fn assemble(
    root: &RenderChart<'_>,
    rendered: &Rendered,
    opts: &OutputOptions,
) -> Result<Output, OutputError> {
    let files = rendered
        .templates
        .iter()
        .filter(|t| !t.name.ends_with("NOTES.txt"))
        .map(|t| (t.name.as_str(), t.content.as_str()));
    let sorted = sort_manifests(files).map_err(|(message, _)| OutputError {
        message,
        with_release: true,
    })?;
    let mut docs = Vec::new();
    let mut manifest = String::new();
    if opts.include_crds {
        let mut crds = Vec::new();
        crd_objects(root, &root.name, &mut crds);
        for (name, text) in crds {
            let at = push_doc(&mut manifest, &name, &text);
            docs.push(Document {
                source: name,
                content: text,
                origin: Origin::Crd,
                content_range: None,
                text_range: Some(at),
            });
        }
    }
    for Manifest {
        name,
        content,
        range,
        ..
    } in &sorted.manifests
    {
        let at = push_doc(&mut manifest, name, content);
        docs.push(Document {
            source: name.clone(),
            content: content.clone(),
            origin: Origin::Manifest,
            content_range: Some(range.clone()),
            text_range: Some(at),
        });
    }
    let mut text = String::new();
    // The manifests start with `---`, so trimming only cuts the end.
    let trimmed = go_trim_space(&manifest);
    debug_assert!(manifest.starts_with(trimmed));
    text.push_str(trimmed);
    text.push('\n');
    let kept = u(trimmed.len());
    for d in &mut docs {
        d.text_range = d
            .text_range
            .take()
            .map(|r| r.start.min(kept)..r.end.min(kept));
    }
    if !opts.no_hooks {
        for h in &sorted.hooks {
            let Hook {
                path,
                manifest,
                range,
                ..
            } = h;
            if opts.skip_tests && h.is_test() {
                continue;
            }
            let at = push_doc(&mut text, path, manifest);
            docs.push(Document {
                source: path.clone(),
                content: manifest.clone(),
                origin: Origin::Hook,
                content_range: Some(range.clone()),
                text_range: Some(at),
            });
        }
    }
    if opts.show_only.is_empty() {
        return Ok(Output {
            text,
            documents: docs,
        });
    }
    let all = split_manifests(&text);
    let mut shown = String::new();
    // Where each printed piece went: (offset in `shown`, piece).
    let mut printed: Vec<(usize, &str)> = Vec::new();
    for pattern in &opts.show_only {
        let pattern = pattern.replace('\\', "/");
        let mut missing = true;
        for m in &all {
            let Some(c) = source_re().captures(m) else {
                continue;
            };
            let path = &c[1];
            if cw_chart::ignore::go_match(&pattern, path).unwrap_or(false) {
                shown.push_str("---\n");
                printed.push((shown.len(), m));
                shown.push_str(m);
                shown.push('\n');
                missing = false;
            }
        }
        if missing {
            return Err(OutputError {
                message: format!("could not find template {pattern} in chart"),
                with_release: false,
            });
        }
    }
    docs.retain(|d| {
        opts.show_only.iter().any(|p| {
            let path = d.source.split_once('/').map_or("", |(_, p)| p);
            cw_chart::ignore::go_match(&p.replace('\\', "/"), path).unwrap_or(false)
        })
    });
    // Each printed piece is `# Source: NAME\nCONTENT` (trimmed): find its document.
    for d in &mut docs {
        d.text_range = None;
    }
    for (at, m) in printed {
        let Some((head, body)) = m.split_once('\n') else {
            continue;
        };
        let Some(name) = head.strip_prefix("# Source: ") else {
            continue;
        };
        let doc = docs.iter_mut().find(|d| {
            d.text_range.is_none() && d.source == name && go_trim_space(&d.content) == body
        });
        if let Some(d) = doc {
            let start = at + head.len() + 1;
            d.text_range = Some(u(start)..u(start + body.len()));
        }
    }
    Ok(Output {
        text: shown,
        documents: docs,
    })
}

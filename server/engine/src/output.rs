//! Output assembly of `helm template` (pkg/action/install.go `renderResources` and
//! pkg/cmd/template.go): NOTES.txt left out, manifests sorted by kind with `# Source:` headers,
//! CRDs first with `--include-crds`, hooks after, `--show-only` and `--skip-tests`.

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
    /// The `# Source:` name (`chart/templates/x.yaml`, `chart/crds/x.yaml`).
    pub source: String,
    pub content: String,
    pub origin: Origin,
}

/// The printed output and the documents it is made of.
#[derive(Clone, Debug, Default)]
pub struct Output {
    pub text: String,
    pub documents: Vec<Document>,
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
            manifest.push_str(&format!("---\n# Source: {name}\n{text}\n"));
            docs.push(Document {
                source: name,
                content: text,
                origin: Origin::Crd,
            });
        }
    }
    for Manifest { name, content, .. } in &sorted.manifests {
        manifest.push_str(&format!("---\n# Source: {name}\n{content}\n"));
        docs.push(Document {
            source: name.clone(),
            content: content.clone(),
            origin: Origin::Manifest,
        });
    }
    let mut text = String::new();
    text.push_str(go_trim_space(&manifest));
    text.push('\n');
    if !opts.no_hooks {
        for h in &sorted.hooks {
            let Hook { path, manifest, .. } = h;
            if opts.skip_tests && h.is_test() {
                continue;
            }
            text.push_str(&format!("---\n# Source: {path}\n{manifest}\n"));
            docs.push(Document {
                source: path.clone(),
                content: manifest.clone(),
                origin: Origin::Hook,
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
    for pattern in &opts.show_only {
        let pattern = pattern.replace('\\', "/");
        let mut missing = true;
        for m in &all {
            let Some(c) = source_re().captures(m) else {
                continue;
            };
            let path = &c[1];
            if cw_chart::ignore::go_match(&pattern, path).unwrap_or(false) {
                shown.push_str(&format!("---\n{m}\n"));
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
    Ok(Output {
        text: shown,
        documents: docs,
    })
}

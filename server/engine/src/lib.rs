//! Helm's rendering engine: the function map, built-in objects, `include`/`tpl`/`required`, and
//! output assembly exactly like `helm template`.
//!
//! - [`Engine::render`] renders a chart tree ([`RenderChart`], built from cw-values' result)
//!   into one output per template ([`Rendered`]), as Helm's `engine.Render`.
//! - [`Engine::render_all`] is the language server's render: every parse error, every
//!   template's output or error, and on request each template's source map
//!   ([`cw_template::SourceMap`], `<no value>` erasure accounted for).
//! - [`output::assemble`] turns a render into `helm template`'s output (kind order, hooks,
//!   `# Source:` headers, `--show-only`, CRDs).
//! - [`template::template`] is the whole `helm template` command.

mod capabilities;
mod convert;
mod funcs;
mod glob;
mod json;
pub mod manifest;
mod objects;
pub mod output;
mod render;
pub mod template;
mod toml;
mod values_methods;

pub use capabilities::{
    parse_kube_version, Capabilities, CapabilitiesProvider, HelmVersion, KubeVersion,
};
pub use convert::{go_to_value, node_to_value, value_to_go, VALUES_TYPE};
pub use funcs::{func_docs, FuncOptions, LookupProvider, HELM_FUNC_DOCS, INCLUDE_MAX_DEPTH};
pub use glob::Glob;
pub use objects::FilesObject;
pub use render::{
    cleanup_exec_error, metadata_value, Engine, ParsedTemplates, Release, RenderAll,
    RenderAllOptions, RenderChart, RenderError, Rendered, RenderedTemplate, TemplateRender,
    TPL_NAME,
};

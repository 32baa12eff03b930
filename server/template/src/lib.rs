//! Go text/template execution: value model, Go fmt, builtins, function registry and budgets.
//!
//! This crate knows nothing of Helm. The Helm layer drives it like this:
//!
//! - **Templates**: a [`TemplateSet`] holds named templates. Parse each file into it with
//!   [`TemplateSet::parse_and_add`] (or parse with `cw_syntax` yourself and call
//!   [`TemplateSet::add_parse`]); Go's `define` rules apply (a later definition replaces an
//!   earlier one, an empty one never does). Helm's settings are
//!   `TemplateSet::new("gotpl").with_missing_key(MissingKey::Zero)`.
//! - **Functions**: a [`FuncMap`] of [`Function`]s, each with a [`Signature`] (fixed or
//!   variadic, `interface {}` or typed parameters) so that arity and type errors read as Go's.
//!   A function gets a [`CallCtx`] (execute another template of the set with the same budget:
//!   `include`; execute in another set: `tpl`; the current template name and location:
//!   `required`/`fail`) and its arguments as [`Value`]s, and returns a `Value` or a
//!   [`FuncError`] (Go's error text; the executor adds `error calling NAME: `).
//! - **Data**: [`Value`] is Go's dynamic value (cheap to clone, `Send + Sync`): nil, bool, int,
//!   int64, uint64, float64, string, `[]byte`, slices and maps with Go element types and named
//!   types (`common.Values`), and [`Object`]s with fields, methods and a print form for Helm's
//!   built-in objects. Maps are shared and mutable, as Go maps are (Sprig's `set`); named map
//!   types can carry methods ([`MapMethods`]).
//! - **Execution**: [`TemplateSet::execute`] / [`TemplateSet::execute_with_budget`] write to a
//!   `String`. An [`ExecError`] has Go's exact text
//!   (`template: NAME:LINE:COL: executing "NAME" at <.a.b>: ...`), an [`ErrorLocation`] with the
//!   node's byte range, a trace of locations through `include`/`tpl`/`{{template}}` down to the
//!   innermost failing node ([`ExecError::trace`]), and a kind (Go error, missing template, or
//!   one of our [`Limits`], including cancellation through [`Limits::cancel`]).
//! - **Source maps**: [`TemplateSet::execute_with_budget_mapped`] also records which template
//!   span wrote each output byte ([`SourceMap`]: text byte for byte, an action's printed value
//!   to the action, `{{template}}` bodies into the called template's file). Without it nothing
//!   is recorded.
//!
//! ```
//! use cw_template::{FuncMap, MissingKey, Param, Signature, TemplateSet, Value, Function};
//!
//! let mut funcs = FuncMap::new();
//! funcs.insert("upper", Function::new(Signature::typed(&[Param::String], None), |_, args| {
//!     Ok(Value::string(args[0].as_str().unwrap_or("").to_uppercase()))
//! }));
//! let mut set = TemplateSet::new("gotpl").with_funcs(funcs).with_missing_key(MissingKey::Zero);
//! let parse = set.parse_and_add("c/templates/a.yaml", "name: {{ .name | upper }} {{ .n }}");
//! assert!(!parse.has_errors());
//! let data = Value::map_from([("name", Value::str("web")), ("n", Value::Float(1e6))]);
//! let (out, err) = set.render("c/templates/a.yaml", data);
//! assert_eq!(out, "name: WEB 1e+06");
//! assert!(err.is_none());
//! ```
//!
//! Stack safety: the executor grows its stack on the heap (`stacker`) at every recursive step
//! (nested templates, control structures, parenthesised pipelines, function calls), so Go's
//! 100000-deep template recursion ends in Go's error on any thread, even a small one.

mod builtins;
mod exec;
pub mod fmt;
mod func;
mod known;
pub mod limit;
mod srcmap;
mod value;

pub use builtins::BUILTIN_NAMES;
/// Go strings as bytes in UTF-8 values (see the module's documentation).
pub use cw_base::gostr;
pub use exec::{
    Budget, BudgetKind, CallCtx, ErrorLocation, ExecError, ExecErrorKind, Limits, MissingKey,
    Source, Template, TemplateSet, GO_MAX_TEMPLATE_DEPTH,
};
pub use func::{FuncError, FuncMap, Function, NativeFn, Param, Signature};
pub use srcmap::{erase_str, Segment, SegmentKind, SourceMap};
pub use value::{
    exported_fields, json_struct_fields, Elem, List, Map, MapMethods, MapRef, Object, Repr, Value,
};

/// Parses `text` as template `name` into a new set with `funcs` (and Go's builtins) and executes
/// it with `data`: the output (partial on error) and Go's error text, parse or execution.
pub fn render_text(
    name: &str,
    text: &str,
    funcs: FuncMap,
    missing_key: MissingKey,
    data: Value,
) -> (String, Option<String>) {
    let mut set = TemplateSet::new(name)
        .with_funcs(funcs)
        .with_missing_key(missing_key);
    let parse = set.parse_and_add(name, text);
    if let Some(e) = parse.first_error() {
        return (String::new(), Some(e.go_text()));
    }
    let (out, err) = set.render(name, data);
    (out, err.map(|e| e.message))
}

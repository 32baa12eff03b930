//! Helm's rendering engine: the function map, built-in objects, `include`/`tpl`/`required`, and
//! output assembly exactly like `helm template`.

mod toml;

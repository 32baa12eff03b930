//! The Sprig v3.3.0 function library (Helm's `sprig.TxtFuncMap()` minus `env`/`expandenv`) over
//! cw-template values, with a documentation entry for every function.
//!
//! Each module registers its functions and their docs; [`funcs`] assembles the whole map.

mod conversion;
mod crypto;
pub use crypto::{make_reusable_rsa_key, reusable_rsa_key_ready, reuse_generated_keys};
mod dates;
mod defaults;
mod dicts;
mod encoding;
mod lists;
mod math;
mod network;
mod paths;
mod random;
mod reflection;
mod regex;
mod semver;
mod strings;
mod urls;

use cw_template::FuncMap;

/// Documentation of one template function, for completion, hover and signature help.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FuncDoc {
    pub name: &'static str,
    /// Go-style signature, e.g. `trunc(length int, s string) string`.
    pub signature: &'static str,
    /// One or two sentences on what it does.
    pub summary: &'static str,
    /// A template snippet and what it renders, e.g. `{{ trunc 3 "hello" }} → hel`.
    pub example: &'static str,
}

/// Functions and docs being collected by the modules.
pub struct Registry {
    pub funcs: FuncMap,
    pub docs: Vec<FuncDoc>,
}

/// Every Sprig function Helm exposes, with docs.
pub fn registry() -> Registry {
    let mut r = Registry {
        funcs: FuncMap::new(),
        docs: Vec::new(),
    };
    strings::register(&mut r);
    conversion::register(&mut r);
    math::register(&mut r);
    defaults::register(&mut r);
    lists::register(&mut r);
    dicts::register(&mut r);
    reflection::register(&mut r);
    regex::register(&mut r);
    paths::register(&mut r);
    encoding::register(&mut r);
    urls::register(&mut r);
    semver::register(&mut r);
    dates::register(&mut r);
    crypto::register(&mut r);
    random::register(&mut r);
    network::register(&mut r);
    r
}

/// Every Sprig function Helm exposes.
pub fn funcs() -> FuncMap {
    registry().funcs
}

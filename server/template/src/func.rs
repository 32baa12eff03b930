//! The function registry: native functions with Go-style signatures (so arity and argument type
//! errors read as Go's), called with a [`CallCtx`] that lets Helm's `include`/`tpl` execute
//! templates of the set under the same budget.

use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use crate::exec::{CallCtx, ExecError};
use crate::value::{Elem, Value};

/// The Go type of a parameter, for Go's argument checks (`wrong type for value; expected string;
/// got float64`, `expected integer; found "x"`). Most Sprig functions take `interface {}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Param {
    /// `interface {}`: anything, nil included.
    Any,
    String,
    /// Go `int`.
    Int,
    Int64,
    Float64,
    Bool,
    /// `[]interface {}`.
    List,
    /// `[]string`.
    StringList,
    /// `map[string]interface {}` (named map types with that underlying type are assignable).
    Map,
    /// Go `uint32`: a literal must be a non-negative integer constant (`expected unsigned
    /// integer`); the function receives it as `Value::Uint64`.
    Uint32,
    /// `time.Time`: a value whose type is `time.Time` (from `now`, `toDate`...); a literal
    /// cannot be one (`can't handle "x" for arg of type time.Time`).
    Time,
    /// `io.Writer` (Helm's `Values.Encode`): an interface no template value implements; only
    /// nil passes.
    Writer,
}

impl Param {
    /// The Go spelling of the type, as errors print it.
    pub fn go_name(self) -> &'static str {
        match self {
            Param::Any => "interface {}",
            Param::String => "string",
            Param::Int => "int",
            Param::Int64 => "int64",
            Param::Float64 => "float64",
            Param::Bool => "bool",
            Param::List => "[]interface {}",
            Param::StringList => "[]string",
            Param::Map => "map[string]interface {}",
            Param::Uint32 => "uint32",
            Param::Time => "time.Time",
            Param::Writer => "io.Writer",
        }
    }

    /// Whether a nil may be passed (Go's `canBeNil`).
    pub fn can_be_nil(self) -> bool {
        matches!(
            self,
            Param::Any | Param::List | Param::StringList | Param::Map | Param::Writer
        )
    }

    /// Whether a (non-nil) value is assignable to the parameter type.
    pub fn accepts(self, v: &Value) -> bool {
        match self {
            Param::Any => true,
            Param::String => matches!(v, Value::String(_)),
            Param::Int => matches!(v, Value::Int(_)),
            Param::Int64 => matches!(v, Value::Int64(_)),
            Param::Float64 => matches!(v, Value::Float(_)),
            Param::Bool => matches!(v, Value::Bool(_)),
            Param::List => matches!(v, Value::List(l) if l.elem == Elem::Any),
            Param::StringList => matches!(v, Value::List(l) if l.elem == Elem::String),
            Param::Map => matches!(v, Value::Map(m) if m.elem() == Elem::Any),
            Param::Uint32 => false,
            Param::Time => matches!(v, Value::Object(o) if o.type_name() == "time.Time"),
            Param::Writer => false,
        }
    }

    /// The zero value of the type (what a nil becomes when passed to a nillable parameter).
    pub fn zero(self) -> Value {
        match self {
            Param::List => Value::list(Vec::new()),
            Param::StringList => Value::typed_list(Elem::String, Vec::new()),
            Param::Map => Value::map(Default::default()),
            _ => Value::Nil,
        }
    }
}

/// A function's parameters: fixed ones, then optionally a variadic tail (`...T`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature {
    pub params: Vec<Param>,
    pub variadic: Option<Param>,
}

impl Signature {
    /// `n` parameters of type `interface {}`.
    pub fn fixed(n: usize) -> Signature {
        Signature {
            params: vec![Param::Any; n],
            variadic: None,
        }
    }
    /// `n` fixed `interface {}` parameters then `...interface {}`.
    pub fn variadic(n: usize) -> Signature {
        Signature {
            params: vec![Param::Any; n],
            variadic: Some(Param::Any),
        }
    }
    pub fn typed(params: &[Param], variadic: Option<Param>) -> Signature {
        Signature {
            params: params.to_vec(),
            variadic,
        }
    }
}

/// Why a function failed. `Message` is the Go error text (the executor prefixes it with
/// `error calling NAME: `); `Abort` carries an error that must stop the whole execution as is
/// (an exhausted budget inside a nested `include`).
#[derive(Clone, Debug)]
pub enum FuncError {
    Message(String),
    Abort(Box<ExecError>),
}

impl FuncError {
    pub fn msg(s: impl Into<String>) -> FuncError {
        FuncError::Message(s.into())
    }
}

impl fmt::Display for FuncError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FuncError::Message(m) => f.write_str(m),
            FuncError::Abort(e) => write!(f, "{e}"),
        }
    }
}

impl From<String> for FuncError {
    fn from(s: String) -> FuncError {
        FuncError::Message(s)
    }
}

impl From<&str> for FuncError {
    fn from(s: &str) -> FuncError {
        FuncError::Message(s.to_string())
    }
}

/// The native code of a function.
pub type NativeFn =
    dyn Fn(&mut CallCtx<'_, '_>, Vec<Value>) -> Result<Value, FuncError> + Send + Sync;

/// A callable: a template function or an object's method.
#[derive(Clone)]
pub struct Function {
    pub sig: Arc<Signature>,
    pub(crate) imp: Arc<NativeFn>,
    /// The function's Go result type is `interface {}` (matters only for nil results and
    /// `can't evaluate field` messages).
    pub returns_interface: bool,
}

impl Function {
    pub fn new(
        sig: Signature,
        f: impl Fn(&mut CallCtx<'_, '_>, Vec<Value>) -> Result<Value, FuncError> + Send + Sync + 'static,
    ) -> Function {
        Function {
            sig: Arc::new(sig),
            imp: Arc::new(f),
            returns_interface: false,
        }
    }

    /// Marks the Go result type as `interface {}`.
    pub fn returning_interface(mut self) -> Function {
        self.returns_interface = true;
        self
    }

    /// Calls the function directly (arguments are not checked against the signature).
    pub fn call(&self, ctx: &mut CallCtx<'_, '_>, args: Vec<Value>) -> Result<Value, FuncError> {
        (self.imp)(ctx, args)
    }
}

impl fmt::Debug for Function {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Function({:?})", self.sig)
    }
}

/// A fast non-cryptographic hasher for name lookups (function and template names are not
/// attacker-chosen keys of a long-lived table; rustc's FxHash scheme).
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0xf135_7aea_2e62_a9c5;
        let mut h = self.0;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            h = (h.rotate_left(26) ^ w).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            h = (h.rotate_left(26) ^ b as u64).wrapping_mul(K);
        }
        self.0 = h;
    }
    fn write_u8(&mut self, i: u8) {
        self.write(&[i]);
    }
    fn finish(&self) -> u64 {
        self.0.rotate_left(26)
    }
}

pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Template functions by name (Go's `FuncMap`). Builtins (`and`, `eq`, `index`, `printf`...)
/// are always present; names added here shadow them, as in Go.
#[derive(Clone, Default)]
pub struct FuncMap {
    map: FxMap<String, Function>,
}

impl FuncMap {
    pub fn new() -> FuncMap {
        FuncMap::default()
    }

    pub fn insert(&mut self, name: impl Into<String>, f: Function) {
        self.map.insert(name.into(), f);
    }

    /// Registers a function taking `interface {}` arguments.
    pub fn add(
        &mut self,
        name: &str,
        sig: Signature,
        f: impl Fn(&mut CallCtx<'_, '_>, Vec<Value>) -> Result<Value, FuncError> + Send + Sync + 'static,
    ) {
        self.insert(name, Function::new(sig, f));
    }

    pub fn get(&self, name: &str) -> Option<&Function> {
        self.map.get(name)
    }

    pub fn contains(&self, name: &str) -> bool {
        self.map.contains_key(name)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.map.keys().map(String::as_str)
    }
}

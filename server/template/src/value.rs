//! The value model handed to templates: Go's dynamic values (nil, bool, ints, float64, string,
//! []byte, slices, maps, objects) with Go type names, cheap clones and Go truthiness.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

use crate::func::Function;

/// A Go value as text/template sees it. Clones are cheap (reference counted); maps are shared and
/// mutable like Go maps (Sprig's `set` mutates a map seen through every reference to it).
#[derive(Clone)]
pub enum Value {
    /// Untyped nil (a nil `interface {}`).
    Nil,
    Bool(bool),
    /// Go `int`.
    Int(i64),
    /// Go `int64`.
    Int64(i64),
    /// Go `uint64`.
    Uint64(u64),
    /// Go `float64`.
    Float(f64),
    /// Go `complex128` (real, imaginary): only template literals like `1i` make these.
    Complex(f64, f64),
    String(Arc<str>),
    /// Go `[]byte`.
    Bytes(Arc<[u8]>),
    List(Arc<List>),
    Map(MapRef),
    Object(Arc<dyn Object>),
}

/// The element type of a slice or map, for Go type names (`%T`, `typeOf`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Elem {
    /// `interface {}`
    #[default]
    Any,
    String,
    Int,
    Int64,
    Float64,
    Bool,
}

impl Elem {
    pub fn go_name(self) -> &'static str {
        match self {
            Elem::Any => "interface {}",
            Elem::String => "string",
            Elem::Int => "int",
            Elem::Int64 => "int64",
            Elem::Float64 => "float64",
            Elem::Bool => "bool",
        }
    }
}

/// A Go slice: its element type, an optional named type (`chartutil.VersionSet`) and items.
#[derive(Clone)]
pub struct List {
    pub elem: Elem,
    pub name: Option<Arc<str>>,
    pub items: Vec<Value>,
    /// A nil slice (no items): what Sprig's `rest`/`initial` of an empty list, `concat` of
    /// nothing and a regexp without matches return. It prints `[]` but `%#v` says
    /// `[]interface {}(nil)` and `encoding/json` writes `null`.
    pub nil: bool,
}

impl List {
    pub fn type_name(&self) -> String {
        match &self.name {
            Some(n) => n.to_string(),
            None => format!("[]{}", self.elem.go_name()),
        }
    }
}

/// A Go map with string keys, iterated in byte-wise key order as Go's fmt and `range` do.
#[derive(Clone, Default)]
pub struct Map {
    pub elem: Elem,
    /// The name of a named map type (`common.Values`); `None` prints `map[string]...`.
    pub name: Option<Arc<str>>,
    pub entries: BTreeMap<String, Value>,
    /// Methods of a named map type (Helm's `.Values.YAML`, `.Files.Get`): Go looks methods up
    /// before map keys.
    pub methods: Option<Arc<dyn MapMethods>>,
    /// A nil map, such as `.Chart.Annotations` of a chart without annotations: prints `map[]`
    /// but `%#v` says `map[string]string(nil)` and `encoding/json` writes `null`. Only while it
    /// has no entries.
    pub nil: bool,
}

// Values can nest arbitrarily deep (a template can wrap a list in a list in a loop); dropping
// them recursively could overflow the stack, so the two containers grow it on the heap.
impl Drop for List {
    fn drop(&mut self) {
        if !self.items.is_empty() {
            let items = std::mem::take(&mut self.items);
            stacker::maybe_grow(64 * 1024, 1024 * 1024, move || drop(items));
        }
    }
}

impl Drop for Map {
    fn drop(&mut self) {
        if !self.entries.is_empty() {
            let entries = std::mem::take(&mut self.entries);
            stacker::maybe_grow(64 * 1024, 1024 * 1024, move || drop(entries));
        }
    }
}

/// The methods of a named map type. The function gets the map as `receiver`.
pub trait MapMethods: Send + Sync {
    fn method(&self, receiver: &MapRef, name: &str) -> Option<Function>;

    /// `Some(names)` when the table's methods are exactly `names`, whatever the receiver holds,
    /// and looking one up has no side effect: the executor then reads (and remembers, see
    /// `known`) any other name as it reads a map without methods.
    fn static_names(&self) -> Option<&'static [&'static str]> {
        None
    }
}

impl Map {
    /// The entry for `key`. Same result as `entries.get(key)`, faster: the B-tree is searched
    /// with keys compared inline eight bytes at a time ([`KeyStr`]) instead of through a
    /// `memcmp` call per key passed.
    #[inline]
    pub fn lookup(&self, key: &str) -> Option<&Value> {
        self.entries.get(KeyStr::new(key))
    }

    pub fn type_name(&self) -> String {
        match &self.name {
            Some(n) => n.to_string(),
            None => format!("map[string]{}", self.elem.go_name()),
        }
    }
    /// A nil map ([`Map::nil`] and still empty).
    pub fn is_nil_map(&self) -> bool {
        self.nil && self.entries.is_empty()
    }
}

/// Byte-wise equality of two slices of the same length, inline (map keys and variable names are
/// short: a `memcmp` call costs more than the comparison).
#[inline(always)]
pub(crate) fn bytes_eq(a: &[u8], b: &[u8]) -> bool {
    debug_assert_eq!(a.len(), b.len());
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + 8 <= n {
        if load_be(a, i) != load_be(b, i) {
            return false;
        }
        i += 8;
    }
    while i < n {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

#[inline(always)]
fn load_be(s: &[u8], i: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&s[i..i + 8]);
    u64::from_be_bytes(w)
}

/// The bytes of `s` (shorter than eight) as a big-endian word padded with zeros, read with at
/// most three loads (overlapping ones: the bytes they share are the same) instead of a loop.
#[inline(always)]
fn load_tail_be(s: &[u8]) -> u64 {
    let n = s.len();
    debug_assert!(n < 8);
    if n >= 4 {
        let hi = u32::from_be_bytes([s[0], s[1], s[2], s[3]]) as u64;
        let lo = u32::from_be_bytes([s[n - 4], s[n - 3], s[n - 2], s[n - 1]]) as u64;
        (hi << 32) | (lo << (8 * (8 - n)))
    } else if n > 0 {
        let (a, b, c) = (s[0] as u64, s[n / 2] as u64, s[n - 1] as u64);
        (a << 56) | (b << (56 - 8 * (n / 2))) | (c << (56 - 8 * (n - 1)))
    } else {
        0
    }
}

/// The first eight bytes of `s` (zero-padded) as one word, for hashing short keys.
#[inline(always)]
pub(crate) fn prefix_word(s: &[u8]) -> u64 {
    if s.len() >= 8 {
        load_be(s, 0)
    } else {
        load_tail_be(s)
    }
}

/// Byte-wise lexicographic order of two slices (the order of `str`), inline. Most keys a
/// search passes differ from the key searched in their first byte: that is decided first; the
/// rest compares whole words, the last (short) one zero-padded, then the lengths.
#[inline(always)]
fn bytes_cmp(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    match (a.first(), b.first()) {
        (Some(x), Some(y)) if x != y => return x.cmp(y),
        (Some(_), Some(_)) => {}
        _ => return a.len().cmp(&b.len()),
    }
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + 8 <= n {
        let (x, y) = (load_be(a, i), load_be(b, i));
        if x != y {
            return x.cmp(&y);
        }
        i += 8;
    }
    let (x, y) = (load_tail_be(&a[i..n]), load_tail_be(&b[i..n]));
    if x != y {
        return x.cmp(&y);
    }
    a.len().cmp(&b.len())
}

/// A map key as the B-tree searches it: `str` with the same (byte-wise) order, compared inline.
/// `String: Borrow<KeyStr>` lets `BTreeMap<String, _>::get` take one.
#[repr(transparent)]
#[derive(Debug, ref_cast::RefCast)]
pub(crate) struct KeyStr(str);

impl KeyStr {
    #[inline(always)]
    pub(crate) fn new(s: &str) -> &KeyStr {
        ref_cast::RefCast::ref_cast(s)
    }
}

impl std::borrow::Borrow<KeyStr> for String {
    #[inline(always)]
    fn borrow(&self) -> &KeyStr {
        KeyStr::new(self.as_str())
    }
}

impl PartialEq for KeyStr {
    #[inline(always)]
    fn eq(&self, other: &KeyStr) -> bool {
        self.0.len() == other.0.len() && bytes_eq(self.0.as_bytes(), other.0.as_bytes())
    }
}
impl Eq for KeyStr {}
impl PartialOrd for KeyStr {
    #[inline(always)]
    fn partial_cmp(&self, other: &KeyStr) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for KeyStr {
    #[inline(always)]
    fn cmp(&self, other: &KeyStr) -> std::cmp::Ordering {
        bytes_cmp(self.0.as_bytes(), other.0.as_bytes())
    }
}

/// A shared, mutable map (Go maps are reference types).
#[derive(Clone)]
pub struct MapRef(Arc<MapCell>);

/// A map and its stamp: a number no other map and no other state of this map ever had (a new
/// one at creation and at every [`MapRef::write`]). An entry read from the map under a stamp
/// is the entry as long as the map still has that stamp, which lets the executor remember
/// entries it read ([`MapRef::stamp`]) and read them again without locking the map.
struct MapCell {
    stamp: AtomicU64,
    map: RwLock<Map>,
}

/// Stamps are handed out per thread from blocks of 2^32 taken from a global counter, so that
/// creating a map costs no shared atomic operation.
static STAMP_BLOCKS: AtomicU64 = AtomicU64::new(0);

thread_local! {
    static NEXT_STAMP: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// A stamp never handed out before (never 0).
fn new_stamp() -> u64 {
    let take = |next: &std::cell::Cell<u64>| {
        let mut s = next.get();
        if s & 0xffff_ffff == 0 {
            // A new block (the first of a thread, or the last one ran out).
            s = STAMP_BLOCKS.fetch_add(1 << 32, Ordering::Relaxed) + (1 << 32);
        }
        next.set(s + 1);
        s
    };
    // While the thread is being torn down its block is gone: a block of one.
    NEXT_STAMP
        .try_with(take)
        .unwrap_or_else(|_| STAMP_BLOCKS.fetch_add(1 << 32, Ordering::Relaxed) + (1 << 32))
}

impl MapRef {
    pub fn new(map: Map) -> MapRef {
        MapRef(Arc::new(MapCell {
            stamp: AtomicU64::new(new_stamp()),
            map: RwLock::new(map),
        }))
    }
    pub fn read(&self) -> RwLockReadGuard<'_, Map> {
        self.0.map.read().unwrap_or_else(|e| e.into_inner())
    }
    /// The map for writing; the map gets a new [`MapRef::stamp`].
    pub fn write(&self) -> RwLockWriteGuard<'_, Map> {
        let g = self.0.map.write().unwrap_or_else(|e| e.into_inner());
        self.0.stamp.store(new_stamp(), Ordering::Release);
        g
    }
    /// This state of the map: unique to this map, changed by every [`MapRef::write`].
    #[inline]
    pub(crate) fn stamp(&self) -> u64 {
        self.0.stamp.load(Ordering::Acquire)
    }
    pub fn get(&self, key: &str) -> Option<Value> {
        self.read().lookup(key).cloned()
    }
    pub fn insert(&self, key: impl Into<String>, value: Value) {
        self.write().entries.insert(key.into(), value);
    }
    pub fn len(&self) -> usize {
        self.read().entries.len()
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    pub fn ptr_eq(&self, other: &MapRef) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
    /// The element type and the Go type name.
    pub fn elem(&self) -> Elem {
        self.read().elem
    }
    pub fn type_name(&self) -> String {
        self.read().type_name()
    }
    /// A snapshot of the entries in key order.
    pub fn entries(&self) -> Vec<(String, Value)> {
        self.read()
            .entries
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }
}

/// How an object prints with `%v` (and `print`, `{{ . }}`).
pub enum Repr {
    /// A type with a `String() string` method (a Go Stringer): prints that string.
    Stringer(String),
    /// A struct (`{a b}`, with `%+v` field names), behind a pointer (`&{a b}`) when `pointer`.
    Struct {
        pointer: bool,
        fields: Vec<(String, Value)>,
    },
    /// A named type that prints as its underlying value (a named slice or map).
    Value(Value),
}

/// The fields of a struct that Go's encoders see: the exported ones (an upper-case first
/// letter), in declaration order.
pub fn exported_fields(fields: Vec<(String, Value)>) -> Vec<(String, Value)> {
    fields
        .into_iter()
        .filter(|(k, _)| k.starts_with(|c: char| c.is_ascii_uppercase()))
        .collect()
}

/// The fields `encoding/json` writes for a struct object ([`Object::json_fields`], else the
/// exported fields); `None` when the object is not a struct.
pub fn json_struct_fields(o: &dyn Object) -> Option<Vec<(String, Value)>> {
    if let Some(f) = o.json_fields() {
        return Some(f);
    }
    match o.repr() {
        Repr::Struct { fields, .. } => Some(exported_fields(fields)),
        _ => None,
    }
}

/// A Go value with fields and methods that is not a plain map or slice: Helm's `.Capabilities`,
/// `.Files`, `.Chart` and the like. Implemented by the layers above.
#[allow(clippy::len_without_is_empty)]
pub trait Object: Send + Sync {
    /// The Go type name `%T` prints (`*chart.Metadata`, `chartutil.Capabilities`).
    fn type_name(&self) -> String;
    /// A field (or map entry, for named map types) by name.
    fn field(&self, name: &str) -> Option<Value>;
    /// A method by name, called with the template's arguments.
    fn method(&self, name: &str) -> Option<Function> {
        let _ = name;
        None
    }
    /// How the value prints.
    fn repr(&self) -> Repr;
    /// The `String` method of a type that declares it on the pointer (`func (*T) String()`).
    /// Go's template printer takes the address of a value it reached through a field (printed
    /// straight, or through a variable, `with` or parentheses) and calls it; a function's
    /// argument or a function's result is a copy without that method and prints as
    /// [`Object::repr`] (`{{ .Capabilities.KubeVersion }}` is `v1.20.0`, `{{ print
    /// .Capabilities.KubeVersion }}` the struct).
    fn pointer_string(&self) -> Option<String> {
        None
    }
    /// The fields `encoding/json` writes for a struct, under their JSON names and in
    /// declaration order, where `json` tags rename or `omitempty` drops them; `None` for the
    /// exported fields of [`Object::repr`] under their Go names.
    fn json_fields(&self) -> Option<Vec<(String, Value)>> {
        None
    }
    /// Go truthiness: structs and non-nil pointers are true.
    fn truth(&self) -> bool {
        true
    }
    /// The length for `len`, when the underlying kind has one (map, slice, string).
    #[allow(clippy::len_without_is_empty)]
    fn len(&self) -> Option<usize> {
        None
    }
    /// The items `range` visits, as (key, element) pairs, when the underlying kind is iterable.
    fn range(&self) -> Option<Vec<(Value, Value)>> {
        None
    }
    /// True for named map types (fields missing from them read as zero values, not errors).
    fn is_map(&self) -> bool {
        false
    }
}

impl Value {
    pub fn str(s: &str) -> Value {
        Value::String(Arc::from(s))
    }
    pub fn string(s: String) -> Value {
        Value::String(Arc::from(s))
    }
    /// A `[]interface {}`.
    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Arc::new(List {
            elem: Elem::Any,
            name: None,
            items,
            nil: false,
        }))
    }
    /// A slice with a given element type (`[]string`, `[]int`).
    pub fn typed_list(elem: Elem, items: Vec<Value>) -> Value {
        Value::List(Arc::new(List {
            elem,
            name: None,
            items,
            nil: false,
        }))
    }
    /// A nil slice of the given element type ([`List::nil`]).
    pub fn nil_list(elem: Elem) -> Value {
        Value::List(Arc::new(List {
            elem,
            name: None,
            items: Vec::new(),
            nil: true,
        }))
    }
    /// A nil map of the given element type ([`Map::nil`]).
    pub fn nil_map(elem: Elem) -> Value {
        Value::Map(MapRef::new(Map {
            elem,
            name: None,
            entries: BTreeMap::new(),
            methods: None,
            nil: true,
        }))
    }
    /// A `map[string]interface {}`.
    pub fn map(entries: BTreeMap<String, Value>) -> Value {
        Value::Map(MapRef::new(Map {
            elem: Elem::Any,
            name: None,
            entries,
            methods: None,
            nil: false,
        }))
    }
    /// A map from (key, value) pairs; later keys win.
    pub fn map_from<K: Into<String>>(pairs: impl IntoIterator<Item = (K, Value)>) -> Value {
        Value::map(pairs.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }
    /// A map of a named type (`common.Values`) or with another element type (`map[string]string`).
    pub fn typed_map(name: Option<&str>, elem: Elem, entries: BTreeMap<String, Value>) -> Value {
        Value::Map(MapRef::new(Map {
            elem,
            name: name.map(Arc::from),
            entries,
            methods: None,
            nil: false,
        }))
    }
    pub fn object(o: impl Object + 'static) -> Value {
        Value::Object(Arc::new(o))
    }

    pub fn is_nil(&self) -> bool {
        matches!(self, Value::Nil)
    }

    /// Go's `%T` name of the dynamic type (`<nil>` for nil).
    pub fn type_name(&self) -> String {
        match self {
            Value::Nil => "<nil>".into(),
            Value::Bool(_) => "bool".into(),
            Value::Int(_) => "int".into(),
            Value::Int64(_) => "int64".into(),
            Value::Uint64(_) => "uint64".into(),
            Value::Float(_) => "float64".into(),
            Value::Complex(..) => "complex128".into(),
            Value::String(_) => "string".into(),
            Value::Bytes(_) => "[]uint8".into(),
            Value::List(l) => l.type_name(),
            Value::Map(m) => m.type_name(),
            Value::Object(o) => o.type_name(),
        }
    }

    /// Go's reflect kind name (`kindOf`): `map`, `slice`, `int`, `ptr`, `struct`, ...
    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::Nil => "invalid",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Int64(_) => "int64",
            Value::Uint64(_) => "uint64",
            Value::Float(_) => "float64",
            Value::Complex(..) => "complex128",
            Value::String(_) => "string",
            Value::Bytes(_) | Value::List(_) => "slice",
            Value::Map(_) => "map",
            Value::Object(o) => match o.repr() {
                Repr::Struct { pointer: true, .. } => "ptr",
                Repr::Struct { .. } => "struct",
                Repr::Value(v) => v.kind_name(),
                Repr::Stringer(_) => {
                    if o.is_map() {
                        "map"
                    } else {
                        "struct"
                    }
                }
            },
        }
    }

    /// Go template truthiness: the zero value of its type is false (nil, false, 0, "", empty
    /// slices and maps); structs and pointers are true.
    pub fn truth(&self) -> bool {
        match self {
            Value::Nil => false,
            Value::Bool(b) => *b,
            Value::Int(i) | Value::Int64(i) => *i != 0,
            Value::Uint64(u) => *u != 0,
            Value::Float(f) => *f != 0.0,
            Value::Complex(r, i) => *r != 0.0 || *i != 0.0,
            Value::String(s) => !s.is_empty(),
            Value::Bytes(b) => !b.is_empty(),
            Value::List(l) => !l.items.is_empty(),
            Value::Map(m) => !m.is_empty(),
            Value::Object(o) => o.truth(),
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// A signed integer value of any int kind.
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Value::Int(i) | Value::Int64(i) => Some(*i),
            _ => None,
        }
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}({})",
            self.type_name(),
            crate::fmt::sprintf("%#v", std::slice::from_ref(self))
        )
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}
impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Int(i)
    }
}
impl From<f64> for Value {
    fn from(x: f64) -> Value {
        Value::Float(x)
    }
}
impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::str(s)
    }
}
impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::string(s)
    }
}

/// A value with its static Go type as the executor tracks it: `iface` is true when the value was
/// read out of an `interface {}` slot (a `map[string]interface {}` entry, a `[]interface {}`
/// element). Go reports `nil pointer evaluating interface {}.x` only for such nils; a nil that is
/// not in an interface slot is Go's invalid value (`<no value>`).
#[derive(Clone, Debug)]
pub(crate) struct Val {
    pub v: Value,
    pub iface: bool,
}

impl Val {
    pub fn new(v: Value) -> Val {
        Val { v, iface: false }
    }
    pub fn iface(v: Value) -> Val {
        Val { v, iface: true }
    }
    /// The static type name Go's errors print (`interface {}` for interface slots).
    pub fn static_type(&self) -> String {
        if self.iface {
            "interface {}".into()
        } else {
            self.v.type_name()
        }
    }
    /// Go's invalid reflect.Value (an untyped nil outside an interface slot).
    pub fn is_invalid(&self) -> bool {
        self.v.is_nil() && !self.iface
    }
}

impl Elem {
    /// The zero value of the element type (what a missing map key reads as under
    /// `missingkey=zero`).
    pub fn zero(self) -> Value {
        match self {
            Elem::Any => Value::Nil,
            Elem::String => Value::str(""),
            Elem::Int => Value::Int(0),
            Elem::Int64 => Value::Int64(0),
            Elem::Float64 => Value::Float(0.0),
            Elem::Bool => Value::Bool(false),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_order_is_str_order() {
        let keys = [
            "",
            "a",
            "b",
            "ab",
            "abc",
            "abcdefgh",
            "abcdefgi",
            "abcdefghi",
            "abcdefgh\u{e9}",
            "\u{e9}",
            "z",
            "Z",
            "image",
            "imagePullSecrets",
            "ingress",
            "tag_",
            "tag",
            "ta\u{0}",
            "ta",
            "abcdef",
            "abcdeg",
            "abcdefg",
            "abcdefgh\u{0}",
            "abcdefghijklmno",
            "abcdefghijklmnp",
            "abcdefghijklmnop",
            "abd",
            "abcd",
            "abce",
            "0",
            "9",
        ];
        for a in keys {
            for b in keys {
                assert_eq!(
                    KeyStr::new(a).cmp(KeyStr::new(b)),
                    a.cmp(b),
                    "{a:?} vs {b:?}"
                );
                assert_eq!(KeyStr::new(a) == KeyStr::new(b), a == b);
            }
        }
        // Generated keys of every length up to 19 over bytes that stress the word comparisons
        // (NUL, low, high, multi-byte): the order and equality are `str`'s.
        let alphabet = ["\u{0}", "a", "b", "\u{7f}", "\u{e9}"];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let gen: Vec<String> = (0..400)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let len = (seed % 20) as usize;
                (0..len)
                    .map(|j| alphabet[((seed >> (j * 3)) % 5) as usize])
                    .collect()
            })
            .collect();
        for a in &gen {
            for b in &gen {
                assert_eq!(
                    KeyStr::new(a).cmp(KeyStr::new(b)),
                    a.cmp(b),
                    "{a:?} vs {b:?}"
                );
                assert_eq!(KeyStr::new(a) == KeyStr::new(b), a == b, "{a:?} vs {b:?}");
            }
        }
        let mut m = Map::default();
        m.entries = (0..40)
            .map(|i| (format!("key{i}"), Value::Int(i)))
            .collect();
        for i in 0..40 {
            assert!(matches!(m.lookup(&format!("key{i}")), Some(Value::Int(j)) if *j == i));
        }
        assert!(m.lookup("key40").is_none() && m.lookup("").is_none());
    }
}

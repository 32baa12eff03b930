//! Helm's coalescing (pkg/chart/common/util/coalesce.go as of helm v4.1.4): chart defaults under
//! user values, subchart sections, `global` propagation, `null` deleting keys — operating on
//! shared maps exactly as Go does, so Helm's aliasing quirks come out the same.

use cw_template::{MapRef, Value};

use crate::convert::{deep_copy, empty_map, is_table};

/// What coalescing needs of a chart: its name (after aliasing), its values and its subcharts.
pub trait Charter {
    fn name(&self) -> &str;
    /// The chart's values (a `map[string]interface {}`).
    fn values(&self) -> &Value;
    fn dependencies(&self) -> &[Self]
    where
        Self: Sized;
}

/// Collects Helm's log lines as its slog text handler prints them
/// (`level=INFO msg="warning: skipped value for p.a: Not a table."`).
pub type Printf<'a> = &'a mut Vec<String>;

/// Writing Helm's log lines.
pub(crate) trait Log {
    /// `log.Printf` text, which Helm 4 logs at INFO.
    fn push_info(&mut self, text: String);
    /// `slog.Warn(msg, key, value, ...)`.
    fn push_warn(&mut self, msg: &str, attrs: &[(&str, &str)]);
}

impl Log for Vec<String> {
    fn push_info(&mut self, text: String) {
        self.push(format!("level=INFO msg={}", slog_value(&text)));
    }
    fn push_warn(&mut self, msg: &str, attrs: &[(&str, &str)]) {
        let mut line = format!("level=WARN msg={}", slog_value(msg));
        for (k, v) in attrs {
            line.push_str(&format!(" {k}={}", slog_value(v)));
        }
        self.push(line);
    }
}

/// A value as Go's slog text handler writes it: bare, or Go-quoted when it is empty or has
/// spaces, quotes, `=` or control characters.
pub(crate) fn slog_value(s: &str) -> String {
    if s.is_empty()
        || s.chars().any(|c| {
            c == ' ' || c == '"' || c == '=' || c.is_control() || !c.is_ascii() && c.is_whitespace()
        })
    {
        cw_yaml::go_quote(s)
    } else {
        s.to_string()
    }
}

pub(crate) fn concat_prefix(a: &str, b: &str) -> String {
    if a.is_empty() {
        b.to_string()
    } else {
        format!("{a}.{b}")
    }
}

fn fmt_v(v: &Value) -> String {
    cw_template::fmt::sprintf("%v", std::slice::from_ref(v))
}

fn as_map(v: &Value) -> Option<MapRef> {
    match v {
        Value::Map(m) if is_table(v) => Some(m.clone()),
        _ => None,
    }
}

fn remove(m: &MapRef, key: &str) {
    m.write().entries.remove(key);
}

/// Helm's `CoalesceValues`: a deep copy of `vals` with the chart's defaults (and every
/// subchart's, under its name) filled in; `null` user values delete keys.
pub fn coalesce_values<C: Charter>(
    chart: &C,
    vals: &Value,
    warnings: Printf<'_>,
) -> Result<Value, String> {
    run(chart, vals, warnings, false)
}

/// Helm's `MergeValues`: as [`coalesce_values`] but `null`s are kept.
pub fn merge_values<C: Charter>(
    chart: &C,
    vals: &Value,
    warnings: Printf<'_>,
) -> Result<Value, String> {
    run(chart, vals, warnings, true)
}

fn run<C: Charter>(chart: &C, vals: &Value, w: Printf<'_>, merge: bool) -> Result<Value, String> {
    // A `common.Values` is copied as a plain `map[string]interface {}` (Go's copystructure of
    // the map's entries).
    let copy = match vals {
        Value::Map(m) => {
            let entries = m.read().entries.clone();
            deep_copy(&Value::map(entries))
        }
        _ => empty_map(),
    };
    let Some(dest) = as_map(&copy) else {
        return Ok(empty_map());
    };
    coalesce(w, chart, &dest, "", merge)?;
    Ok(Value::Map(dest))
}

fn coalesce<C: Charter>(
    w: Printf<'_>,
    ch: &C,
    dest: &MapRef,
    prefix: &str,
    merge: bool,
) -> Result<(), String> {
    coalesce_chart_values(w, ch, dest, prefix, merge);
    coalesce_deps(w, ch, dest, prefix, merge)
}

fn coalesce_deps<C: Charter>(
    w: Printf<'_>,
    ch: &C,
    dest: &MapRef,
    prefix: &str,
    merge: bool,
) -> Result<(), String> {
    for sub in ch.dependencies() {
        let dv = match dest.get(sub.name()) {
            None => {
                let m = empty_map();
                dest.insert(sub.name(), m.clone());
                m
            }
            Some(c) if !is_table(&c) => {
                return Err(format!(
                    "type mismatch on {}: {}",
                    sub.name(),
                    cw_template::fmt::sprintf("%t", std::slice::from_ref(&c))
                ));
            }
            Some(c) => c,
        };
        let Some(dvmap) = as_map(&dv) else { continue };
        let sub_prefix = concat_prefix(prefix, ch.name());
        coalesce_globals(w, &dvmap, dest, &sub_prefix);
        coalesce(w, sub, &dvmap, &sub_prefix, merge)?;
    }
    Ok(())
}

/// Copies the globals of `src` (the parent's values) into `dest` (the subchart's section);
/// the parent's globals win.
fn coalesce_globals(w: Printf<'_>, dest: &MapRef, src: &MapRef, prefix: &str) {
    let dg = match dest.get("global") {
        None => MapRef::new(cw_template::Map::default()),
        Some(v) => match as_map(&v) {
            Some(m) => m,
            None => {
                w.push_info(
                    "warning: skipping globals because destination global is not a table.".into(),
                );
                return;
            }
        },
    };
    let sg = match src.get("global") {
        None => MapRef::new(cw_template::Map::default()),
        Some(v) => match as_map(&v) {
            Some(m) => m,
            None => {
                w.push_info(
                    "warning: skipping globals because source global is not a table.".into(),
                );
                return;
            }
        },
    };
    for (key, val) in sg.entries() {
        if let Some(vm) = as_map(&val) {
            // A shallow copy: nested maps stay shared, as Go's copyMap leaves them.
            let vv = MapRef::new(vm.read().clone());
            match dg.get(&key) {
                None => dg.insert(key, Value::Map(vv)),
                Some(destv) => match as_map(&destv) {
                    None => w.push_info(format!(
                        "Conflict: cannot merge map onto non-map for {}. Skipping.",
                        cw_yaml::go_quote(&key)
                    )),
                    Some(destvmap) => {
                        let sub_prefix = concat_prefix(prefix, &key);
                        coalesce_tables_full_key(w, &vv, &destvmap, &sub_prefix, true);
                        dg.insert(key, Value::Map(vv));
                    }
                },
            }
        } else if dg.get(&key).is_some_and(|dv| is_table(&dv)) {
            w.push_info(format!("key {key} is table. Skipping"));
        } else {
            dg.insert(key, val);
        }
    }
    dest.insert("global", Value::Map(dg));
}

fn child_chart_merge_true<C: Charter>(ch: &C, key: &str, merge: bool) -> bool {
    ch.dependencies().iter().any(|s| s.name() == key) || merge
}

/// Fills `v` with the chart's defaults (`v` wins).
fn coalesce_chart_values<C: Charter>(w: Printf<'_>, ch: &C, v: &MapRef, prefix: &str, merge: bool) {
    let sub_prefix = concat_prefix(prefix, ch.name());
    let vc = deep_copy(ch.values());
    let Some(vc) = as_map(&vc) else { return };
    for (key, val) in vc.entries() {
        match v.get(&key) {
            Some(value) => {
                if value.is_nil() && !merge {
                    remove(v, &key);
                } else if let Some(dest) = as_map(&value) {
                    match as_map(&val) {
                        None => {
                            if !val.is_nil() {
                                w.push_info(format!(
                                    "warning: skipped value for {sub_prefix}.{key}: Not a table."
                                ));
                            }
                        }
                        Some(src) => {
                            let merge = child_chart_merge_true(ch, &key, merge);
                            coalesce_tables_full_key(
                                w,
                                &dest,
                                &src,
                                &concat_prefix(&sub_prefix, &key),
                                merge,
                            );
                        }
                    }
                }
            }
            None => v.insert(key, val),
        }
    }
}

/// Helm's `CoalesceTables`: `src` merged under `dst` (`dst` wins; `null` in `dst` deletes a
/// default).
pub fn coalesce_tables(w: Printf<'_>, dst: &MapRef, src: &MapRef) {
    coalesce_tables_full_key(w, dst, src, "", false);
}

/// Helm's `MergeTables`: as [`coalesce_tables`], keeping `null`s.
pub fn merge_tables(w: Printf<'_>, dst: &MapRef, src: &MapRef) {
    coalesce_tables_full_key(w, dst, src, "", true);
}

fn coalesce_tables_full_key(w: Printf<'_>, dst: &MapRef, src: &MapRef, prefix: &str, merge: bool) {
    coalesce_tables_depth(w, dst, src, prefix, merge, 0);
}

fn coalesce_tables_depth(
    w: Printf<'_>,
    dst: &MapRef,
    src: &MapRef,
    prefix: &str,
    merge: bool,
    depth: usize,
) {
    if depth > crate::convert::MAX_VALUE_DEPTH || (dst.ptr_eq(src) && depth > 0) {
        return;
    }
    let src_original_non_nil: std::collections::HashSet<String> = src
        .read()
        .entries
        .iter()
        .filter(|(_, v)| !v.is_nil())
        .map(|(k, _)| k.clone())
        .collect();
    for (key, val) in dst.entries() {
        if val.is_nil() {
            src.insert(key, Value::Nil);
        }
    }
    for (key, val) in src.entries() {
        let fullkey = concat_prefix(prefix, &key);
        let dv = dst.get(&key);
        match dv {
            Some(Value::Nil) if !merge && src_original_non_nil.contains(&key) => {
                remove(dst, &key);
            }
            None => dst.insert(key, val),
            Some(dv) => {
                if let Some(vm) = as_map(&val) {
                    match as_map(&dv) {
                        Some(dm) => coalesce_tables_depth(w, &dm, &vm, &fullkey, merge, depth + 1),
                        None => w.push_info(format!(
                            "warning: cannot overwrite table with non table for {fullkey} ({})",
                            fmt_v(&val)
                        )),
                    }
                } else if is_table(&dv) && !val.is_nil() {
                    w.push_info(format!(
                        "warning: destination for {fullkey} is a table. Ignoring non-table value ({})",
                        fmt_v(&val)
                    ));
                }
            }
        }
    }
}

/// `Values.Table`: the map at a dotted path (`a.b`), or `None`.
pub fn table(v: &Value, path: &str) -> Option<MapRef> {
    let mut cur = as_map_any(v)?;
    for seg in path.split('.') {
        let next = cur.get(seg)?;
        cur = as_map_any(&next)?;
    }
    Some(cur)
}

/// A map of any name (Helm's tableLookup accepts `map[string]interface {}` and `Values`).
fn as_map_any(v: &Value) -> Option<MapRef> {
    match v {
        Value::Map(m) => Some(m.clone()),
        _ => None,
    }
}

/// `Values.PathValue`: the non-table value at a dotted path.
pub fn path_value(v: &Value, path: &str) -> Option<Value> {
    if path.is_empty() {
        return None;
    }
    let (parent, key) = match path.rsplit_once('.') {
        Some((p, k)) => (Some(p), k),
        None => (None, path),
    };
    let t = match parent {
        None => as_map_any(v)?,
        Some(p) => table(v, p)?,
    };
    let val = t.get(key)?;
    if is_table(&val) {
        None
    } else {
        Some(val)
    }
}

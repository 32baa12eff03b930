//! The size limit of the strings one execution builds, per thread: what keeps functions that
//! multiply their input (escapes, padding, printing a list that holds the same big string many
//! times, serializers) from building gigabytes before any output budget could see them.
//!
//! [`crate::TemplateSet`]'s executions set it to their budget's output limit (a string longer
//! than that could never be written) for as long as they run. Code that builds strings from
//! values (cw-template's printer, Sprig's serializers) asks [`exceeds`] as it grows its result
//! and stops once it is over; the executor checks [`take_exceeded`] after each function call
//! and each printed value and fails the execution with its output-limit error.
//!
//! Invariant: outside an execution the limit is `usize::MAX` and nothing is ever flagged.

use std::cell::Cell;

thread_local! {
    static LIMIT: Cell<usize> = const { Cell::new(usize::MAX) };
    static EXCEEDED: Cell<bool> = const { Cell::new(false) };
}

/// The current limit (`usize::MAX` outside an execution).
pub fn value_limit() -> usize {
    LIMIT.with(Cell::get)
}

/// True, and the execution flagged, when a string of `len` bytes is over the limit: the caller
/// stops building it (what it returns is discarded by the executor's error).
pub fn exceeds(len: usize) -> bool {
    let over = len > value_limit();
    if over {
        EXCEEDED.with(|e| e.set(true));
    }
    over
}

/// Whether [`exceeds`] answered true since the last call (and clears the flag).
pub(crate) fn take_exceeded() -> bool {
    EXCEEDED.with(|e| e.replace(false))
}

/// Restores the previous limit when an execution ends.
pub(crate) struct Guard {
    previous: usize,
}

impl Drop for Guard {
    fn drop(&mut self) {
        LIMIT.with(|l| l.set(self.previous));
        EXCEEDED.with(|e| e.set(false));
    }
}

/// Sets the limit for the current execution.
pub(crate) fn set(limit: usize) -> Guard {
    EXCEEDED.with(|e| e.set(false));
    Guard {
        previous: LIMIT.with(|l| l.replace(limit)),
    }
}

/// True, and the execution flagged, when encoding `v` (JSON, YAML, TOML, `join`...) would take
/// more than the limit: its strings and keys, plus a few bytes per element. Serializers ask
/// this before converting a value: a list can hold the same big string thousands of times (or
/// nest such lists), which costs nothing to hold and gigabytes to encode. The walk stops as
/// soon as the sum passes the limit, so it visits at most about limit / 4 elements.
pub fn value_too_big(v: &crate::Value) -> bool {
    let limit = value_limit();
    if limit == usize::MAX {
        return false;
    }
    let mut size = 0usize;
    if grows_past(v, limit, &mut size, 0) {
        EXCEEDED.with(|e| e.set(true));
        return true;
    }
    false
}

/// Adds `v`'s encoded size to `size`; true once it passes `limit`.
fn grows_past(v: &crate::Value, limit: usize, size: &mut usize, depth: usize) -> bool {
    use crate::Value;
    // Per element: punctuation, quotes, a short scalar.
    *size = size.saturating_add(4);
    match v {
        Value::String(s) => *size = size.saturating_add(s.len()),
        Value::Bytes(b) => *size = size.saturating_add(b.len().saturating_mul(4) / 3),
        Value::List(l) if depth < 1_000 => {
            for item in &l.items {
                if grows_past(item, limit, size, depth + 1) {
                    return true;
                }
            }
        }
        Value::Map(m) if depth < 1_000 => {
            let map = m.read();
            for (k, item) in &map.entries {
                *size = size.saturating_add(k.len());
                if grows_past(item, limit, size, depth + 1) {
                    return true;
                }
            }
        }
        _ => {}
    }
    *size > limit
}

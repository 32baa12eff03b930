//! Map entries the executor has read, remembered per thread by the map's stamp and the key, so
//! that reading them again (the same `.Values.x` in the next action, the next template of the
//! render) takes neither the map's lock nor a search of its tree.
//!
//! A [`crate::value::MapRef::stamp`] is unique to one state of one map: every write gives the
//! map a new stamp, and no stamp is ever handed out twice. So while a map has the stamp a slot
//! was filled under, the slot's entry is the map's entry for the key: a slot can be stale (its
//! map changed or is gone) but never wrong. Only entries of maps without methods are kept (Go
//! asks a method table before the entries, and a table may have side effects), and only keys
//! of at most [`NAME_MAX`] bytes (kept inline, compared byte for byte). A missing key is
//! remembered too, with the zero value of the map's elements. The table is set-associative
//! (an entry goes to one of the four slots of its set, which keep the entries stored last).
//! A thread keeps at most 512 entries alive, of the data of its last few executions: every
//! 64 executions started at the top, it forgets them all ([`with_table`]). An entry is
//! remembered when it is read a second time ([`Slots::seen_before`]): one read costs no copy.
//!
//! The same holds for the (key, element) pairs a `range` over a map iterates ([`Snapshot`]):
//! remembered by the map's stamp, they are built (keys turned into string values, elements
//! cloned) once per state of the map rather than at every `range`. At most 64 snapshots of
//! at most [`SNAPSHOT_MAX`] pairs are kept per thread.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::value::{prefix_word, Val, Value};

/// Keys longer than this are not remembered.
pub(crate) const NAME_MAX: usize = 8 + REST_MAX;

/// Bytes of a key after its first eight that a slot holds.
const REST_MAX: usize = 14;

/// The number of slots (a power of two): 32 KiB per thread that executes templates. An entry
/// goes to one of the [`WAYS`] slots of its set, which keep the entries stored last.
const SLOTS: usize = 512;

/// Slots per set (a power of two).
const WAYS: usize = 4;

/// The table of a thread.
pub(crate) type Table = RefCell<Slots>;

/// The slots, the sets holding entries, and the stamp of the data of the last execution started
/// at the top (not from within another).
pub(crate) struct Slots {
    pub(crate) slots: Vec<Slot>,
    used: Vec<usize>,
    /// Executions started at the top since everything was last forgotten.
    runs: u32,
    /// Short tags of entries read once (by hash): an entry is remembered when it is read a
    /// second time, so entries read once cost no copy and no write to the slots.
    seen: Vec<Cell<u16>>,
}

/// The number of tags of [`Slots::seen`] (a power of two; 2 KiB).
const SEEN: usize = 1024;

impl Slots {
    /// No slots (when the thread's are in use or gone).
    pub(crate) const fn empty() -> Slots {
        Slots {
            slots: Vec::new(),
            used: Vec::new(),
            runs: 0,
            seen: Vec::new(),
        }
    }

    /// True when entry `key` of the map with `stamp` was read before (since the tag was set);
    /// else notes that it was read now.
    #[inline]
    pub(crate) fn seen_before(&self, stamp: u64, key: Key<'_>) -> bool {
        let h = hash(stamp, key);
        let tag = (h as u16) | 1;
        match self.seen.get((h >> (64 - SEEN.trailing_zeros())) as usize) {
            Some(c) if c.get() == tag => true,
            Some(c) => {
                c.set(tag);
                false
            }
            // No table yet: the first entry read makes it.
            None => true,
        }
    }
}

/// One remembered entry: the map's stamp, the key and the entry (value and whether the map's
/// elements are `interface {}`).
pub(crate) struct Slot {
    /// 0 for an empty slot (no map has stamp 0).
    stamp: u64,
    /// The key's first eight bytes ([`prefix_word`]).
    head: u64,
    len: u8,
    /// The key's bytes after the first eight, zero-padded.
    rest: [u8; REST_MAX],
    /// The map has no entry for the key: `entry` is the zero value of its elements.
    pub(crate) absent: bool,
    pub(crate) entry: Val,
}

/// A key as slots compare it: its first eight bytes as a word, its length and its bytes.
#[derive(Clone, Copy)]
pub(crate) struct Key<'k> {
    head: u64,
    bytes: &'k [u8],
}

impl<'k> Key<'k> {
    /// `None` for a key too long to be remembered.
    #[inline(always)]
    pub(crate) fn new(key: &'k str) -> Option<Key<'k>> {
        let bytes = key.as_bytes();
        (bytes.len() <= NAME_MAX).then(|| Key {
            head: prefix_word(bytes),
            bytes,
        })
    }
}

/// A slot to store once the chain that read it is done: (index, slot).
pub(crate) type Pending = Option<(usize, Slot)>;

impl Slot {
    fn empty() -> Slot {
        Slot {
            stamp: 0,
            head: 0,
            len: 0,
            rest: [0; REST_MAX],
            absent: false,
            entry: Val::new(Value::Nil),
        }
    }

    /// A slot for entry `key` of the map with `stamp`, and its index.
    #[inline]
    pub(crate) fn new(stamp: u64, key: Key<'_>, absent: bool, entry: Val) -> (usize, Slot) {
        let mut rest = [0; REST_MAX];
        if let Some(tail) = key.bytes.get(8..) {
            rest[..tail.len()].copy_from_slice(tail);
        }
        let slot = Slot {
            stamp,
            head: key.head,
            len: key.bytes.len() as u8,
            rest,
            absent,
            entry,
        };
        (index(stamp, key), slot)
    }

    /// True when this slot holds entry `key` of the map with `stamp`.
    #[inline(always)]
    fn holds(&self, stamp: u64, key: Key<'_>) -> bool {
        let n = key.bytes.len();
        self.stamp == stamp
            && self.head == key.head
            && usize::from(self.len) == n
            && (n <= 8 || crate::value::bytes_eq(&self.rest[..n - 8], &key.bytes[8..]))
    }
}

#[inline(always)]
fn hash(stamp: u64, key: Key<'_>) -> u64 {
    let mut h = stamp.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ key.head ^ key.bytes.len() as u64;
    h = (h ^ (h >> 31)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^ (h >> 29)
}

/// The first slot of the set of entry `key` of the map with `stamp`.
#[inline(always)]
fn index(stamp: u64, key: Key<'_>) -> usize {
    ((hash(stamp, key) >> (64 - (SLOTS / WAYS).trailing_zeros())) as usize) * WAYS
}

/// The remembered entry `key` of the map with `stamp`, if any.
// (A loop: `Iterator::find` was left as a call, on the path of every field read.)
#[allow(clippy::manual_find)]
#[inline(always)]
pub(crate) fn lookup<'t>(table: &'t [Slot], stamp: u64, key: Key<'_>) -> Option<&'t Slot> {
    let i = index(stamp, key);
    let set: &[Slot; WAYS] = table.get(i..i + WAYS)?.try_into().ok()?;
    for s in set {
        if s.holds(stamp, key) {
            return Some(s);
        }
    }
    None
}

/// Stores `pending` (if any) into `table`, unless the table is in use.
#[inline(never)]
pub(crate) fn store(table: &Table, pending: Pending) {
    let Some((i, slot)) = pending else {
        return;
    };
    if let Ok(mut t) = table.try_borrow_mut() {
        let t = &mut *t;
        if t.slots.is_empty() {
            t.slots.resize_with(SLOTS, Slot::empty);
            t.seen.resize_with(SEEN, Cell::default);
        }
        // The entry read last goes first; the set's oldest one goes.
        let set = &mut t.slots[i..i + WAYS];
        if set[0].stamp == 0 {
            t.used.push(i);
        }
        set.rotate_right(1);
        set[0] = slot;
    }
}

/// Forgets every remembered entry and snapshot.
fn forget(t: &mut Slots) {
    // (The tags of entries read once stay: they name states of maps, which never come back.)
    for i in t.used.drain(..) {
        for s in &mut t.slots[i..i + WAYS] {
            *s = Slot::empty();
        }
    }
    let _ = RANGES.try_with(|r| {
        if let Ok(mut r) = r.try_borrow_mut() {
            r.clear();
        }
    });
}

thread_local! {
    static KNOWN: Table = const {
        RefCell::new(Slots::empty())
    };
}

/// Executions started at the top after which a thread forgets everything it remembered.
const RUNS: u32 = 64;

/// Runs `body` with this thread's table (`None` while the thread is being torn down). Every
/// [`RUNS`] executions started at the top (`top`), everything remembered is forgotten first,
/// so that the entries a thread keeps alive are of the data of its last few executions (the
/// templates of a render share their values; a render with new values lets the old go).
pub(crate) fn with_table<R>(top: bool, body: impl FnOnce(Option<&Table>) -> R) -> R {
    let mut body = Some(body);
    let done = KNOWN.try_with(|t| {
        if top {
            if let Ok(mut t) = t.try_borrow_mut() {
                t.runs += 1;
                if t.runs >= RUNS {
                    t.runs = 0;
                    forget(&mut t);
                }
            }
        }
        body.take().map(|b| b(Some(t)))
    });
    match (done, body) {
        (Ok(Some(r)), _) => r,
        (_, Some(b)) => b(None),
        (_, None) => unreachable!("the body ran, so it returned"),
    }
}

/// The (key, element) pairs of one state of a map, in key order, and whether its elements are
/// `interface {}`: what `range` iterates.
pub(crate) struct Snapshot {
    pub(crate) pairs: Vec<(Value, Value)>,
    pub(crate) iface: bool,
}

/// The number of remembered snapshots (a power of two).
const SNAPSHOTS: usize = 64;

/// Maps with more entries than this are not remembered (their snapshot is built at every
/// `range`, whose cost it is proportional to anyway).
pub(crate) const SNAPSHOT_MAX: usize = 256;

thread_local! {
    static RANGES: RefCell<Vec<(u64, Option<Rc<Snapshot>>)>> = const { RefCell::new(Vec::new()) };
}

fn snapshot_index(stamp: u64) -> usize {
    (stamp.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - SNAPSHOTS.trailing_zeros())) as usize
}

/// The remembered snapshot of the map state `stamp`, if any.
pub(crate) fn snapshot(stamp: u64) -> Option<Rc<Snapshot>> {
    RANGES
        .try_with(|r| {
            let r = r.try_borrow().ok()?;
            match r.get(snapshot_index(stamp)) {
                Some((s, Some(snap))) if *s == stamp => Some(snap.clone()),
                _ => None,
            }
        })
        .ok()
        .flatten()
}

/// Remembers `snap` as the snapshot of the map state `stamp`.
pub(crate) fn remember_snapshot(stamp: u64, snap: &Rc<Snapshot>) {
    if snap.pairs.len() > SNAPSHOT_MAX {
        return;
    }
    let _ = RANGES.try_with(|r| {
        if let Ok(mut r) = r.try_borrow_mut() {
            if r.is_empty() {
                r.resize_with(SNAPSHOTS, || (0, None));
            }
            r[snapshot_index(stamp)] = (stamp, Some(snap.clone()));
        }
    });
}

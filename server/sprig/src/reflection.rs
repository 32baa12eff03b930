//! Sprig's reflection functions.

use crate::Registry;

pub(crate) fn register(r: &mut Registry) {
    let _ = r;
}

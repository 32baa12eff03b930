//! Sprig's urls functions.

use crate::Registry;

pub(crate) fn register(r: &mut Registry) {
    let _ = r;
}

//! Sprig's `getHostByName`. Helm replaces it unless DNS lookups are enabled
//! (`--enable-dns`), and a language server never resolves names: it returns "".

use cw_template::{Param, Signature, Value};

use crate::lists::def;
use crate::Registry;

pub(crate) fn register(r: &mut Registry) {
    def(
        r,
        "getHostByName",
        Signature::typed(&[Param::String], None),
        false,
        (
            "getHostByName(name string) string",
            "The first IP address of a host name. Helm returns \"\" unless run with --enable-dns, and so do we (no DNS).",
            "{{ getHostByName \"example.com\" }} → \"\"",
        ),
        |_, _| Ok(Value::str("")),
    );
}

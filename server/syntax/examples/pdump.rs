//! Prints the dump of a template read from stdin (debugging aid).
use std::io::Read;
fn main() {
    let mut s = String::new();
    std::io::stdin().read_to_string(&mut s).unwrap();
    let funcs = |n: &str| !n.starts_with("nope");
    let p = cw_syntax::parse(&s, &cw_syntax::ParseOptions::new("t.yaml", &funcs));
    print!("{}", cw_syntax::dump(&p));
}

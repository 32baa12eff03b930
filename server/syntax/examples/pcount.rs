//! Parses a file N times (for instruction counting under valgrind): pcount FILE N [gotmpl]
//! With `gotmpl`, parses with the gotmpl crate instead (the speed reference).
fn main() {
    let mut args = std::env::args().skip(1);
    let text = std::fs::read_to_string(args.next().expect("file")).unwrap();
    let n: usize = args.next().map_or(20, |s| s.parse().unwrap());
    let reference = args.next().as_deref() == Some("gotmpl");
    let funcs = |_: &str| true;
    let opts = cw_syntax::ParseOptions::new("t", &funcs);
    for _ in 0..n {
        if reference {
            let p = gotmpl::parse::Parser::new(std::hint::black_box(&text), "{{", "}}")
                .and_then(|p| p.parse());
            std::hint::black_box(p.is_ok());
        } else {
            std::hint::black_box(cw_syntax::parse(std::hint::black_box(&text), &opts));
        }
    }
}

//! `--set` family parsing: Helm's typing rules, error texts, and hostile lines (deep nesting,
//! huge indexes) that must end with an error in bounded time and memory.

use cw_template::{Map, MapRef, Value};
use cw_values::strvals;

fn json(v: &Value) -> String {
    cw_yaml::go_json_marshal(&cw_values::to_go_value(v))
}

fn set(line: &str) -> Result<String, String> {
    strvals::parse(line).map(|v| json(&v))
}

fn types(line: &str, key: &str) -> String {
    let v = strvals::parse(line).expect("parses");
    let Value::Map(m) = v else { panic!("map") };
    m.get(key).map_or("missing".into(), |x| x.type_name())
}

#[test]
fn typing_follows_helm() {
    assert_eq!(types("n=10", "n"), "int64");
    assert_eq!(types("n=-5", "n"), "int64");
    assert_eq!(types("n=+5", "n"), "int64");
    assert_eq!(types("n=0", "n"), "int64");
    assert_eq!(types("n=010", "n"), "string");
    assert_eq!(types("n=00", "n"), "string");
    assert_eq!(types("n=1.50", "n"), "string");
    assert_eq!(types("n=1e6", "n"), "string");
    assert_eq!(types("n=99999999999999999999", "n"), "string");
    assert_eq!(types("n=TrUe", "n"), "bool");
    assert_eq!(types("n=NULL", "n"), "<nil>");
    assert_eq!(set("a=b=c").unwrap(), r#"{"a":"b=c"}"#);
    assert_eq!(set("a= x ").unwrap(), r#"{"a":" x "}"#);
}

#[test]
fn names_lists_and_escapes() {
    assert_eq!(
        set("a.b.c=1,a.d=x").unwrap(),
        r#"{"a":{"b":{"c":1},"d":"x"}}"#
    );
    assert_eq!(set("a[0]=x,a[2]=y").unwrap(), r#"{"a":["x",null,"y"]}"#);
    assert_eq!(set("a[1].b=1,a[0]=x").unwrap(), r#"{"a":["x",{"b":1}]}"#);
    assert_eq!(set("a[1][0]=x").unwrap(), r#"{"a":[null,["x"]]}"#);
    assert_eq!(set("a={x,y,1}").unwrap(), r#"{"a":["x","y",1]}"#);
    assert_eq!(set("a={}").unwrap(), r#"{"a":[""]}"#);
    assert_eq!(set(r"a\.b=1,c=x\,y").unwrap(), r#"{"a.b":1,"c":"x,y"}"#);
    assert_eq!(set("a=").unwrap(), r#"{"a":""}"#);
    assert_eq!(set("=1,b=2").unwrap(), r#"{"b":2}"#);
    // Go's io.EOF ends these silently.
    assert_eq!(set("a.").unwrap(), "{}");
    assert_eq!(set("a[0").unwrap(), "{}");
}

#[test]
fn errors_have_helm_text() {
    assert_eq!(set("a").unwrap_err(), r#"key "a" has no value"#);
    assert_eq!(
        set("a,b=1").unwrap_err(),
        r#"key "a" has no value (cannot end with ,)"#
    );
    assert_eq!(
        set("a[x]=1").unwrap_err(),
        r#"error parsing index: strconv.Atoi: parsing "x": invalid syntax"#
    );
    assert_eq!(set("a[-1]=1").unwrap_err(), "negative -1 index not allowed");
    assert_eq!(
        set("a[70000]=1").unwrap_err(),
        "index of 70000 is greater than maximum supported index of 65536"
    );
    assert_eq!(
        set("a=1,a.b=2").unwrap_err(),
        "unable to parse key: interface conversion: interface {} is int64, not map[string]interface {}"
    );
    assert_eq!(
        set("a=x,a[0]=2").unwrap_err(),
        "unable to parse key: interface conversion: interface {} is string, not []interface {}"
    );
    assert_eq!(set("a={x,y").unwrap_err(), "list must terminate with '}'");
    assert_eq!(
        set("a[0]x=1").unwrap_err(),
        "unexpected data at end of array index: ['x']"
    );
    assert_eq!(set("a.=1").unwrap_err(), r#"key map "a" has no value"#);
    let deep = (0..32)
        .map(|i| format!("k{i}"))
        .collect::<Vec<_>>()
        .join(".")
        + "=1";
    assert_eq!(
        set(&deep).unwrap_err(),
        "value name nested level is greater than maximum supported nested level of 30"
    );
}

#[test]
fn string_json_literal_and_file_modes() {
    let m = MapRef::new(Map::default());
    strvals::parse_into_string("n=10,b=true,l={1,2}", &m).unwrap();
    assert_eq!(
        json(&Value::Map(m.clone())),
        r#"{"b":"true","l":["1","2"],"n":"10"}"#
    );
    assert_eq!(m.get("n").unwrap().type_name(), "string");

    let m = MapRef::new(Map::default());
    strvals::parse_json(r#"j=10,k={"a":[1,2.5,null]},n=null,e=,s="x""#, &m).unwrap();
    assert_eq!(
        json(&Value::Map(m.clone())),
        r#"{"e":null,"j":10,"k":{"a":[1,2.5,null]},"n":null,"s":"x"}"#
    );
    assert_eq!(m.get("j").unwrap().type_name(), "float64");
    assert!(strvals::parse_json("a={bad", &MapRef::new(Map::default())).is_err());

    let m = MapRef::new(Map::default());
    strvals::parse_literal_into(r"k=a,b=c\d{x}", &m).unwrap();
    assert_eq!(json(&Value::Map(m)), r#"{"k":"a,b=c\\d{x}"}"#);

    let m = MapRef::new(Map::default());
    let read = |p: &str| -> Result<Value, String> {
        if p == "f.txt" {
            Ok(Value::str("content\n"))
        } else {
            Err(format!("open {p}: no such file or directory"))
        }
    };
    strvals::parse_into_file("a=f.txt", &m, &read).unwrap();
    assert_eq!(json(&Value::Map(m.clone())), r#"{"a":"content\n"}"#);
    assert_eq!(
        strvals::parse_into_file("b=nope", &m, &read).unwrap_err(),
        "open nope: no such file or directory"
    );
}

#[test]
fn merge_maps_replaces_lists_and_merges_maps() {
    let a = strvals::parse("m.x=1,m.y=2,l={1,2},s=a").unwrap();
    let b = strvals::parse("m.y=3,l={9},s.t=1").unwrap();
    assert_eq!(
        json(&strvals::merge_maps(&a, &b)),
        r#"{"l":[9],"m":{"x":1,"y":3},"s":{"t":1}}"#
    );
}

#[test]
fn hostile_lines_end_with_errors() {
    // Deep list nesting, alternating list/map nesting and JSON nesting: errors, no overflow.
    let deep_lists = format!("a{}=1", "[0]".repeat(100_000));
    assert!(set(&deep_lists).unwrap_err().contains("nesting"));
    let alternating = format!("a{}=1", "[0].b".repeat(50_000));
    assert!(set(&alternating).unwrap_err().contains("nesting"));
    let m = MapRef::new(Map::default());
    let deep_json = format!("a={}", "[".repeat(100_000));
    assert!(strvals::parse_json(&deep_json, &m).is_err());
    // Big indexes nested: bounded memory.
    let big = format!("a{}=1", "[65536]".repeat(200));
    assert!(set(&big).unwrap_err().contains("elements"));
    // A long flat line is fine.
    let long: String = (0..20_000).map(|i| format!("k{i}={i},")).collect();
    assert!(set(&long).is_ok());
}

#[test]
fn random_lines_never_panic() {
    // Deterministic xorshift over an alphabet of the parser's special characters: every mode
    // must return (a value or an error) for every line.
    let alphabet: Vec<char> = "[]{}.,=\\a0b1-x\" :n\u{e9}".chars().collect();
    let mut state: u64 = 0x9e3779b97f4a7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let read = |p: &str| -> Result<Value, String> { Ok(Value::str(p)) };
    for _ in 0..20_000 {
        let len = (next() % 24) as usize;
        let line: String = (0..len)
            .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
            .collect();
        let _ = strvals::parse(&line);
        let _ = strvals::parse_into_string(&line, &MapRef::new(Map::default()));
        let _ = strvals::parse_json(&line, &MapRef::new(Map::default()));
        let _ = strvals::parse_literal_into(&line, &MapRef::new(Map::default()));
        let _ = strvals::parse_into_file(&line, &MapRef::new(Map::default()), &read);
    }
}

//! Snapshot tests of the syntax tree (spans, Go positions, trimming, numbers, strings) and of
//! error recovery. Update the snapshots with `UPDATE_EXPECT=1 cargo test -p cw-syntax`.

use cw_syntax::{dump, parse, ParseOptions, GO_BUILTINS};
use expect_test::{expect, Expect};

fn funcs(name: &str) -> bool {
    GO_BUILTINS.contains(&name)
        || ["include", "quote", "default", "toYaml", "nindent", "dict"].contains(&name)
}

fn check(text: &str, expect: Expect) {
    let p = parse(text, &ParseOptions::new("t", &funcs));
    expect.assert_eq(&dump(&p));
}

fn check_delims(text: &str, left: &str, right: &str, expect: Expect) {
    let p = parse(
        text,
        &ParseOptions::new("t", &funcs).with_delims(left, right),
    );
    expect.assert_eq(&dump(&p));
}

#[test]
fn fields_and_segments() {
    check(
        "a: {{ .Values.image.tag }}",
        expect![[r#"
        tree main "t" 0..26
          text 0..3 "a: " full=0..3
          action 3..26 pos=6 line=1
            pipe 6..23 pos=6
              cmd 6..23
                field 6..23 pos=13 [Values@7..13 image@14..19 tag@20..23]
    "#]],
    );
}

#[test]
fn pipeline_with_functions() {
    check(
        r#"{{ .Values.x | default "y" | quote }}"#,
        expect![[r#"
        tree main "t" 0..37
          action 0..37 pos=3 line=1
            pipe 3..34 pos=3
              cmd 3..12
                field 3..12 pos=10 [Values@4..10 x@11..12]
              cmd 15..26
                ident 15..22 default
                string 23..26 "y" = "y"
              cmd 29..34
                ident 29..34 quote
    "#]],
    );
}

#[test]
fn variables_and_declarations() {
    check(
        "{{ $x := .a }}{{ $x = 2 }}{{ $x.b.c }}{{ $ }}{{ $.d }}",
        expect![[r#"
        tree main "t" 0..54
          action 0..14 pos=3 line=1
            pipe 3..11 pos=3 decl[$x@3..5] :=
              cmd 9..11
                field 9..11 pos=9 [a@10..11]
          action 14..26 pos=17 line=1
            pipe 17..23 pos=17 decl[$x@17..19] =
              cmd 22..23
                number 22..23 2 int=2 uint=2 float=2.0
          action 26..38 pos=29 line=1
            pipe 29..35 pos=29
              cmd 29..35
                var 29..35 pos=31 $x@29..31 [b@32..33 c@34..35]
          action 38..45 pos=41 line=1
            pipe 41..42 pos=41
              cmd 41..42
                var 41..42 pos=41 $@41..42 []
          action 45..54 pos=48 line=1
            pipe 48..51 pos=48
              cmd 48..51
                var 48..51 pos=49 $@48..49 [d@50..51]
    "#]],
    );
}

#[test]
fn range_with_two_variables() {
    check(
        "{{ range $i, $v := .list }}{{ $i }}={{ $v }}{{ end }}",
        expect![[r#"
        tree main "t" 0..53
          range 0..53 pos=9 line=1 end=Some(44..53)
            pipe 9..24 pos=9 decl[$i@9..11, $v@13..15] :=
              cmd 19..24
                field 19..24 pos=19 [list@20..24]
            then
              action 27..35 pos=30 line=1
                pipe 30..32 pos=30
                  cmd 30..32
                    var 30..32 pos=30 $i@30..32 []
              text 35..36 "=" full=35..36
              action 36..44 pos=39 line=1
                pipe 39..41 pos=39
                  cmd 39..41
                    var 39..41 pos=39 $v@39..41 []
    "#]],
    );
}

#[test]
fn else_if_chain() {
    check(
        "{{ if .a }}A{{ else if .b }}B{{ else }}C{{ end }}",
        expect![[r#"
        tree main "t" 0..49
          if 0..49 pos=6 line=1 end=Some(40..49)
            pipe 6..8 pos=6
              cmd 6..8
                field 6..8 pos=6 [a@7..8]
            then
              text 11..12 "A" full=11..12
            else Some(12..20) chain
              if 12..49 pos=23 line=1 end=Some(40..49)
                pipe 23..25 pos=23
                  cmd 23..25
                    field 23..25 pos=23 [b@24..25]
                then
                  text 28..29 "B" full=28..29
                else Some(29..39)
                  text 39..40 "C" full=39..40
    "#]],
    );
}

#[test]
fn else_with_chain() {
    check(
        "{{ with .a }}A{{ else with .b }}B{{ end }}",
        expect![[r#"
        tree main "t" 0..42
          with 0..42 pos=8 line=1 end=Some(33..42)
            pipe 8..10 pos=8
              cmd 8..10
                field 8..10 pos=8 [a@9..10]
            then
              text 13..14 "A" full=13..14
            else Some(14..22) chain
              with 14..42 pos=27 line=1 end=Some(33..42)
                pipe 27..29 pos=27
                  cmd 27..29
                    field 27..29 pos=27 [b@28..29]
                then
                  text 32..33 "B" full=32..33
    "#]],
    );
}

#[test]
fn range_else_break_continue() {
    check(
        "{{ range .x }}{{ if . }}{{ break }}{{ end }}{{ continue }}{{ else }}none{{ end }}",
        expect![[r#"
        tree main "t" 0..81
          range 0..81 pos=9 line=1 end=Some(72..81)
            pipe 9..11 pos=9
              cmd 9..11
                field 9..11 pos=9 [x@10..11]
            then
              if 14..44 pos=20 line=1 end=Some(35..44)
                pipe 20..21 pos=20
                  cmd 20..21
                    dot 20..21
                then
                  break 24..35 pos=27
              continue 44..58 pos=47
            else Some(58..68)
              text 68..72 "none" full=68..72
    "#]],
    );
}

#[test]
fn define_template_block() {
    check(
        "{{ define \"a\" }}A{{ end }}{{ template \"a\" . }}{{ block \"b\" .x }}B{{ end }}",
        expect![[r#"
            tree define "a" 0..26
              text 16..17 "A" full=16..17
            tree block "b" 46..74
              text 64..65 "B" full=64..65
            tree main "t" 0..74
              template 26..46 "a"@38..41 pos=38 line=1
                pipe 42..43 pos=42
                  cmd 42..43
                    dot 42..43
              block 46..74 "b"@55..58 pos=55 line=1
                pipe 59..61 pos=59
                  cmd 59..61
                    field 59..61 pos=59 [x@60..61]
        "#]],
    );
}

#[test]
fn chains_and_parens() {
    check(
        "{{ (include \"x\" .).Field.Sub }}{{ (.a).b }}",
        expect![[r#"
        tree main "t" 0..43
          action 0..31 pos=3 line=1
            pipe 3..28 pos=3
              cmd 3..28
                chain 3..28 pos=18 [Field@19..24 Sub@25..28]
                  pipe 4..17 pos=4 parens=3..18
                    cmd 4..17
                      ident 4..11 include
                      string 12..15 "x" = "x"
                      dot 16..17
          action 31..43 pos=34 line=1
            pipe 34..40 pos=34
              cmd 34..40
                chain 34..40 pos=38 [b@39..40]
                  pipe 35..37 pos=35 parens=34..38
                    cmd 35..37
                      field 35..37 pos=35 [a@36..37]
    "#]],
    );
}

#[test]
fn trim_markers_and_comments() {
    check(
        "a  \n{{- .x -}}\n  b {{/* c */}} {{- /* d */ -}} e",
        expect![[r#"
        tree main "t" 0..48
          text 0..1 "a" full=0..4
          action 4..14 pos=8 line=2
            pipe 8..10 pos=8
              cmd 8..10
                field 8..10 pos=8 [x@9..10]
          text 17..19 "b " full=14..19
          comment 19..30 "/* c */"
          comment 31..46 "/* d */"
          text 47..48 "e" full=46..48
    "#]],
    );
}

#[test]
fn trim_marker_requires_space() {
    check(
        "{{-3}}{{- 3}}",
        expect![[r#"
        tree main "t" 0..13
          action 0..6 pos=2 line=1
            pipe 2..4 pos=2
              cmd 2..4
                number 2..4 -3 int=-3 float=-3.0
          action 6..13 pos=10 line=1
            pipe 10..11 pos=10
              cmd 10..11
                number 10..11 3 int=3 uint=3 float=3.0
    "#]],
    );
}

#[test]
fn numbers_like_go() {
    check(
        "{{ print 1 -2 017 0o17 0x1F 0b101 1_000 1.5 1e3 0x1p-2 'a' '\\n' 2i 1+2i 0i 18446744073709551615 }}",
        expect![[r#"
            tree main "t" 0..98
              action 0..98 pos=3 line=1
                pipe 3..95 pos=3
                  cmd 3..95
                    ident 3..8 print
                    number 9..10 1 int=1 uint=1 float=1.0
                    number 11..13 -2 int=-2 float=-2.0
                    number 14..17 017 int=15 uint=15 float=15.0
                    number 18..22 0o17 int=15 uint=15 float=15.0
                    number 23..27 0x1F int=31 uint=31 float=31.0
                    number 28..33 0b101 int=5 uint=5 float=5.0
                    number 34..39 1_000 int=1000 uint=1000 float=1000.0
                    number 40..43 1.5 float=1.5
                    number 44..47 1e3 int=1000 uint=1000 float=1000.0
                    number 48..54 0x1p-2 float=0.25
                    number 55..58 'a' int=97 uint=97 float=97.0
                    number 59..63 '\n' int=10 uint=10 float=10.0
                    number 64..66 2i complex=(0.0, 2.0)
                    number 67..71 1+2i complex=(1.0, 2.0)
                    number 72..74 0i int=0 uint=0 float=0.0 complex=(0.0, 0.0)
                    number 75..95 18446744073709551615 uint=18446744073709551615 float=1.8446744073709552e19
        "#]],
    );
}

#[test]
fn strings_like_go() {
    check(
        r#"{{ print "a\tb" `raw\n` "\u00e9" "\x41" nil true false }}"#,
        expect![[r#"
        tree main "t" 0..57
          action 0..57 pos=3 line=1
            pipe 3..54 pos=3
              cmd 3..54
                ident 3..8 print
                string 9..15 "a\tb" = "a\tb"
                string 16..23 `raw\n` = "raw\\n"
                string 24..32 "\u00e9" = "é"
                string 33..39 "\x41" = "A"
                nil 40..43
                bool 44..48 true
                bool 49..54 false
    "#]],
    );
}

#[test]
fn custom_delimiters() {
    check_delims(
        "a [[ .x ]] {{ .y }} [[- /* c */ -]] b",
        "[[",
        "]]",
        expect![[r#"
        tree main "t" 0..37
          text 0..2 "a " full=0..2
          action 2..10 pos=5 line=1
            pipe 5..7 pos=5
              cmd 5..7
                field 5..7 pos=5 [x@6..7]
          text 10..19 " {{ .y }}" full=10..20
          comment 20..35 "/* c */"
          text 36..37 "b" full=35..37
    "#]],
    );
}

#[test]
fn newlines_inside_actions() {
    check(
        "{{ .x\n  | quote\n}}\n{{ if\n .y }}{{ end }}",
        expect![[r#"
        tree main "t" 0..40
          action 0..18 pos=3 line=1
            pipe 3..15 pos=3
              cmd 3..5
                field 3..5 pos=3 [x@4..5]
              cmd 10..15
                ident 10..15 quote
          text 18..19 "\n" full=18..19
          if 19..40 pos=26 line=5 end=Some(31..40)
            pipe 26..28 pos=26
              cmd 26..28
                field 26..28 pos=26 [y@27..28]
            then
    "#]],
    );
}

#[test]
fn recovery_trailing_dot() {
    check(
        "{{ .Values.| }}\nnext: {{ .b }}",
        expect![[r#"
            tree main "t" 0..30
              action 0..15 pos=3 line=1
                pipe 3..11 pos=3
                  cmd 3..11
                    field 3..11 pos=3 [Values@4..10 @11..11]
              text 15..22 "\nnext: " full=15..22
              action 22..30 pos=25 line=2
                pipe 25..27 pos=25
                  cmd 25..27
                    field 25..27 pos=25 [b@26..27]
            error 10..11 template: t:1: unexpected <.> in operand
        "#]],
    );
}

#[test]
fn recovery_if_without_end() {
    check(
        "{{ if .x }}\na: {{ .y }}",
        expect![[r#"
            tree main "t" 0..23
              if 0..23 pos=6 line=1 end=None
                pipe 6..8 pos=6
                  cmd 6..8
                    field 6..8 pos=6 [x@7..8]
                then
                  text 11..15 "\na: " full=11..15
                  action 15..23 pos=18 line=2
                    pipe 18..20 pos=18
                      cmd 18..20
                        field 18..20 pos=18 [y@19..20]
            error 0..5 template: t:2: unexpected EOF
        "#]],
    );
}

#[test]
fn recovery_unclosed_action() {
    check(
        "a: {{ include \"x\" . \nb: {{ .c }}\n",
        expect![[r#"
        tree main "t" 0..33
          text 0..3 "a: " full=0..3
          action 3..24 pos=6 line=1
            pipe 6..22 pos=6
              cmd 6..22
                ident 6..13 include
                string 14..17 "x" = "x"
                dot 18..19
                ident 21..22 b
          action 24..32 pos=27 line=2
            pipe 27..29 pos=27
              cmd 27..29
                field 27..29 pos=27 [c@28..29]
          text 32..33 "\n" full=32..33
        error 21..22 template: t:2: function "b" not defined
    "#]],
    );
}

#[test]
fn recovery_keeps_parsing_after_errors() {
    check(
        "{{ nope 1 }}{{ $y }}{{ end }}{{ if }}x{{ end }}{{ .ok }}{{ define \"d\" }}{{ else }}{{ end }}",
        expect![[r#"
            tree define "d" 56..91
            tree main "t" 0..91
              action 0..12 pos=3 line=1
                pipe 3..7 pos=3
                  cmd 3..7
                    ident 3..7 nope
              action 12..20 pos=15 line=1
                pipe 15..17 pos=15
                  cmd 15..17
                    var 15..17 pos=15 $y@15..17 []
              if 29..47 pos=35 line=1 end=Some(38..47)
                pipe 35..35 pos=35
                then
                  text 37..38 "x" full=37..38
              action 47..56 pos=50 line=1
                pipe 50..53 pos=50
                  cmd 50..53
                    field 50..53 pos=50 [ok@51..53]
            error 3..7 template: t:1: function "nope" not defined
            error 15..17 template: t:1: undefined variable "$y"
            error 20..29 template: t:1: unexpected {{end}}
            error 35..37 template: t:1: missing value for if
            error 72..82 template: t:1: unexpected {{else}} in define clause
        "#]],
    );
}

#[test]
fn recovery_bad_lexeme_then_more() {
    check(
        "{{ .a-b }} {{ \"unterminated }}\n{{ .c }} {{ 'x }}",
        expect![[r#"
        tree main "t" 0..48
          action 0..10 pos=3 line=1
            pipe 3..3 pos=3
          text 10..11 " " full=10..11
          action 11..30 pos=14 line=1
            pipe 14..14 pos=14
          text 30..31 "\n" full=30..31
          action 31..39 pos=34 line=2
            pipe 34..36 pos=34
              cmd 34..36
                field 34..36 pos=34 [c@35..36]
          text 39..40 " " full=39..40
          action 40..48 pos=43 line=2
            pipe 43..43 pos=43
        error 3..5 template: t:1: bad character U+002D '-'
        error 14..31 template: t:1: unterminated quoted string
        error 43..48 template: t:2: unterminated character constant
    "#]],
    );
}

#[test]
fn recovery_partial_operands() {
    check(
        "{{ include (dict \"a\" .Values.| ) }}{{ .x.1 }}",
        expect![[r#"
            tree main "t" 0..45
              action 0..35 pos=3 line=1
                pipe 3..29 pos=3
                  cmd 3..29
                    ident 3..10 include
                    pipe 12..29 pos=12 parens=11..29
                      cmd 12..29
                        ident 12..16 dict
                        string 17..20 "a" = "a"
                        field 21..29 pos=21 [Values@22..28 @29..29]
              action 35..45 pos=38 line=1
                pipe 38..40 pos=38
                  cmd 38..40
                    field 38..40 pos=38 [x@39..40]
            error 28..29 template: t:1: unexpected <.> in operand
            error 40..42 template: t:1: unexpected ".1" in operand
        "#]],
    );
}

#[test]
fn duplicate_define() {
    check(
        "{{ define \"a\" }}1{{ end }}{{ define \"a\" }}2{{ end }}",
        expect![[r#"
        tree define "a" 0..26
          text 16..17 "1" full=16..17
        tree define "a" 26..52
          text 42..43 "2" full=42..43
        tree main "t" 0..52
        error 36..39 template: t:1: template: multiple definition of template "a"
    "#]],
    );
}

#!/usr/bin/env python3
"""Records the Sprig conformance table, part 1 (strings, conversion, math, defaults, reflection,
paths, encoding, URLs, semver, fail), from the real helm binary.

Every case is one template expression (or a short template) rendered as the chart's
templates/NOTES.txt with `helm install r CHART --dry-run=client -o json` (-> `.info.notes`,
exact bytes; Helm strips `<no value>`), against the values file VALUES below.

Cases are rendered many per helm run, each framed by markers (`<<<N>>>...<<</N>>>`) so outputs
with newlines stay separate. A batch that fails is split; every failing case is rendered alone
(the template is exactly the case text, line 1) and its error is stored as Go's text/template
message (`template: c/templates/NOTES.txt:1:3: executing ... error calling trunc: ...`).

Cases whose text starts with `@needs:NAME ` use a function outside part 1 (the test counts them
as skipped while NAME is not registered); `@needs:raw-byte-strings` marks Go strings holding
invalid UTF-8, which cw-template's UTF-8 strings cannot represent (always skipped, listed). Writes testdata/sprig/part1.json.

Usage (from anywhere):  python3 tests/record/record_sprig_part1.py
Uses $HELM if set, else runs ../shared/tools/install-helm .tools/helm4 from the repo root.
Deterministic: same cases and helm version give the same file except for the `recorded` date.
"""

import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(REPO, "testdata", "sprig", "part1.json")
CHART_YAML = "apiVersion: v2\nname: c\nversion: 0.1.0\n"
HELM_PREFIX = "Error: INSTALLATION FAILED: "
TIMEOUT_SECONDS = 120
BATCH = 60

VALUES = """\
str: hello
empty: ""
zero: 0
int: 42
float: 3.5
neg: -7
big: 1000000
huge: 1e21
t: true
f: false
list: [1, "two", 3.5]
slist: [b, a, C, a]
emptylist: []
map: {a: 1, b: x}
emptymap: {}
unicode: "héllo wörld ✓"
numstr: "8080"
url: "https://user:pw@example.com:8443/a/b?x=1&y=2#frag"
"""

# Expressions. `!` prefix: expected to fail (rendered alone). Plain: rendered in batches.
CASES = r"""
{{ hello }}
{{ abbrev 5 "hello world" }}
{{ abbrev 3 "hello world" }}
{{ abbrev 4 "hello world" }}
{{ abbrev 20 "hello world" }}
{{ abbrev 11 "hello world" }}
{{ abbrev 10 "hello world" }}
{{ abbrev 6 "héllo wörld" }}
{{ abbrevboth 5 10 "1234 5678 9123" }}
{{ abbrevboth 0 4 "abcdefghij" }}
{{ abbrevboth 1 6 "abcdefghij" }}
{{ abbrevboth 3 7 "abcdefghijklmno" }}
{{ abbrevboth 10 10 "abcdefghijklmno" }}
{{ abbrevboth 20 10 "abcdefghijklmno" }}
{{ abbrevboth 5 10 "short" }}
{{ trunc 5 "hello world" }}
{{ trunc -5 "hello world" }}
{{ trunc 0 "hello" }}
{{ trunc 50 "hello" }}
{{ trunc -50 "hello" }}
{{ trunc 2 "" }}
{{ "hello world" | trunc 3 }}
!{{ trunc 3.5 "hello" }}
!{{ trunc .Values.int "hello" }}
!{{ trunc 3 5 }}
!{{ trunc "3" "hello" }}
!{{ trunc 3 nil }}
{{ trim "  hi \n\t" }}
{{ trim "" }}
{{ upper "héllo ß" }}
{{ lower "HÉLLO İ" }}
{{ title "hello wORLD foo-bar x_y" }}
{{ title "ǆemal élan 1st" }}
{{ untitle "Hello World" }}
{{ untitle "ÉCOLE" }}
{{ untitle "" }}
{{ substr 0 5 "hello world" }}
{{ substr 6 -1 "hello world" }}
{{ substr 6 100 "hello world" }}
{{ substr -3 4 "hello world" }}
{{ substr 3 3 "hello" }}
!{{ substr 4 2 "hello" }}
!{{ substr 10 20 "hello" }}
!{{ substr -1 10 "hello" }}
{{ repeat 3 "ab" }}
{{ repeat 0 "ab" }}
{{ "x" | repeat 4 }}
!{{ repeat -1 "ab" }}
{{ trimall "$" "$$5.00$" }}
{{ trimAll "ab" "abcba" }}
{{ trimAll "" "  x " }}
{{ trimSuffix "-" "hello-" }}
{{ trimSuffix "x" "hello" }}
{{ trimPrefix "-" "-hello" }}
{{ trimPrefix "--" "--hello--" }}
{{ nospace "h e l\tl\no  w" }}
{{ nospace "" }}
{{ initials "First Try" }}
{{ initials "  multiple   spaces here " }}
{{ initials "élan vital" }}
{{ initials "" }}
{{ swapcase "Hello World ÉTÉ" }}
{{ swapcase "" }}
{{ swapcase "This Is A.Test" }}
{{ shuffle "" }}
{{ shuffle "a" }}
{{ len (shuffle "abcdef") }}
{{ snakecase "FirstName" }}
{{ snakecase "HTTPServer" }}
{{ snakecase "firstName lastName" }}
{{ snakecase "already_snake" }}
{{ snakecase "some-kebab-case" }}
{{ snakecase "ID" }}
{{ snakecase "userID2Name" }}
{{ snakecase "  leading space" }}
{{ snakecase "a.b.c" }}
{{ snakecase "ÜberCool" }}
{{ snakecase "" }}
{{ snakecase "__x__" }}
{{ snakecase "version2Alpha" }}
{{ snakecase "AbcDEFGhi" }}
{{ camelcase "http_server" }}
{{ camelcase "_my_field_name" }}
{{ camelcase "my-field name" }}
{{ camelcase "alreadyCamel" }}
{{ camelcase "a__b" }}
{{ camelcase "x_1_y" }}
{{ camelcase "" }}
{{ camelcase "hello_wörld" }}
{{ camelcase "HTTP_SERVER" }}
{{ kebabcase "FirstName" }}
{{ kebabcase "HTTPServer" }}
{{ kebabcase "my_field name" }}
{{ kebabcase "userID" }}
{{ kebabcase "" }}
{{ wrap 5 "Hello World Foo" }}
{{ wrap 10 "The quick brown fox jumps over" }}
{{ wrap 3 "abcdefgh ij" }}
{{ wrap 0 "a b c" }}
{{ wrap 80 "short" }}
{{ wrapWith 5 "\t" "Hello World" }}
{{ wrapWith 4 "|" "abcdefghij kl" }}
{{ wrapWith 10 "<br>" "The quick brown fox jumps" }}
{{ contains "cat" "catch" }}
{{ contains "dog" "catch" }}
{{ contains "" "x" }}
{{ "foobar" | contains "foo" }}
{{ hasPrefix "cat" "catch" }}
{{ hasPrefix "tch" "catch" }}
{{ hasSuffix "tch" "catch" }}
{{ hasSuffix "" "catch" }}
!{{ contains 1 "x1" }}
{{ quote "a" }}
{{ quote "a\"b" }}
{{ quote 1 2 }}
{{ quote nil }}
{{ quote .Values.missing }}
{{ quote "" }}
{{ quote 1.5 true }}
{{ quote .Values.list }}
{{ quote .Values.map }}
{{ quote "tab\there\n" }}
{{ quote "héllo ✓" }}
{{ quote "\x01" }}
{{ quote .Values.int .Values.float .Values.big .Values.huge }}
{{ quote }}
{{ squote "a" }}
{{ squote "it's" }}
{{ squote 1 nil 2 }}
{{ squote .Values.list }}
{{ squote .Values.float }}
{{ cat "a" "b" "c" }}
{{ cat "a" nil "c" }}
{{ cat }}
{{ cat 1 2.5 true .Values.list }}
{{ cat "hello" .Values.missing "world" }}
{{ indent 2 "a\nb" }}
{{ indent 0 "a" }}
{{ indent 3 "" }}
{{ indent 2 "a\n" }}
!{{ indent -1 "a" }}
{{ nindent 2 "a\nb" }}
{{ nindent 0 "x" }}
{{ replace " " "-" "a b c" }}
{{ replace "" "-" "abc" }}
{{ replace "x" "" "xaxbx" }}
{{ plural "one" "many" 1 }}
{{ plural "one" "many" 2 }}
{{ plural "one" "many" 0 }}
{{ plural "one" "many" 1.0 }}
{{ sha1sum "hello" }}
{{ sha256sum "hello" }}
{{ sha512sum "hello" }}
{{ adler32sum "hello" }}
{{ adler32sum "" }}
{{ sha256sum "" }}
{{ toString 1 }}
{{ toString nil }}
{{ toString .Values.missing }}
{{ toString 1.5 }}
{{ toString .Values.int }}
{{ toString .Values.huge }}
{{ toString .Values.list }}
{{ toString .Values.map }}
{{ toString true }}
{{ toString "s" }}
{{ typeOf (toString 1) }}
{{ atoi "42" }}
{{ atoi "abc" }}
{{ atoi " 42" }}
{{ atoi "-7" }}
{{ atoi "+7" }}
{{ atoi "0x10" }}
{{ atoi "" }}
!{{ atoi 42 }}
{{ int64 "42" }}
{{ int64 3.9 }}
{{ int64 -3.9 }}
{{ int64 "0x1F" }}
{{ int64 "010" }}
{{ int64 "0b101" }}
{{ int64 "0o17" }}
{{ int64 "1_000" }}
{{ int64 true }}
{{ int64 false }}
{{ int64 nil }}
{{ int64 .Values.float }}
{{ int64 .Values.list }}
{{ typeOf (int64 1) }}
{{ int "8080" }}
{{ int "abc" }}
{{ int "1e3" }}
{{ int "0x1F" }}
{{ int 3.9 }}
{{ int "3.9" }}
{{ int .Values.numstr }}
{{ int " 5" }}
{{ int "-0" }}
{{ int "9223372036854775807" }}
{{ int "9223372036854775808" }}
{{ int .Values.huge }}
{{ typeOf (int 1) }}
{{ float64 "3.5" }}
{{ float64 "abc" }}
{{ float64 1 }}
{{ float64 "1e3" }}
{{ float64 true }}
{{ float64 nil }}
{{ float64 "0x10" }}
{{ float64 "inf" }}
{{ float64 " 1" }}
{{ float64 "1_000" }}
{{ typeOf (float64 1) }}
{{ seq 5 }}
{{ seq -3 }}
{{ seq 0 }}
{{ seq 1 }}
{{ seq 2 5 }}
{{ seq 5 2 }}
{{ seq 0 2 10 }}
{{ seq 10 -3 1 }}
{{ seq 10 3 1 }}
{{ seq 1 0 5 }}
{{ seq }}
{{ seq 1 2 3 4 }}
!{{ seq "1" }}
{{ toDecimal "0777" }}
{{ toDecimal 777 }}
{{ toDecimal "9" }}
{{ toDecimal "-10" }}
{{ toDecimal 1.5 }}
{{ toDecimal .Values.int }}
{{ split "," "a,b,c" }}
{{ (split "," "a,b,c")._1 }}
{{ split "" "abc" }}
{{ split "," "" }}
{{ typeOf (split "," "a") }}
{{ splitList "," "a,b,c" }}
{{ splitList "" "héllo" }}
{{ splitList "," "" }}
{{ typeOf (splitList "," "a") }}
{{ splitn "$" 2 "foo$bar$baz" }}
{{ splitn "$" 0 "foo$bar$baz" }}
{{ splitn "$" -1 "foo$bar$baz" }}
{{ splitn "$" 1 "foo$bar" }}
{{ toStrings .Values.list }}
{{ typeOf (toStrings .Values.list) }}
{{ toStrings "abc" }}
{{ toStrings nil }}
{{ toStrings 5 }}
{{ toStrings .Values.map }}
{{ toStrings (splitList "," "x,y") }}
{{ until 5 }}
{{ until -3 }}
{{ until 0 }}
{{ typeOf (until 2) }}
{{ untilStep 0 10 3 }}
{{ untilStep 10 0 -3 }}
{{ untilStep 0 10 -1 }}
{{ untilStep 0 10 0 }}
{{ untilStep 5 5 1 }}
!{{ until 2.5 }}
{{ join "," .Values.slist }}
{{ join "-" .Values.list }}
{{ join "," "abc" }}
{{ join "," nil }}
{{ join "," 5 }}
{{ join ", " (splitList "/" "a/b/c") }}
{{ sortAlpha .Values.slist }}
{{ sortAlpha .Values.list }}
{{ sortAlpha "abc" }}
{{ sortAlpha 5 }}
{{ sortAlpha .Values.emptylist }}
{{ typeOf (sortAlpha .Values.slist) }}
{{ add1 2 }}
{{ add1 2.7 }}
{{ add1 "5" }}
{{ add1 nil }}
{{ add1 -1.5 }}
{{ add 1 2 3 }}
{{ add 1 2.5 }}
{{ add }}
{{ add "1" "2" }}
{{ add .Values.int .Values.float }}
{{ typeOf (add 1 2) }}
{{ sub 10 3 }}
{{ sub 3 10 }}
{{ sub 3.9 1 }}
{{ div 7 2 }}
{{ div -7 2 }}
{{ div 7.9 2 }}
!{{ div 1 0 }}
{{ mod 7 3 }}
{{ mod -7 3 }}
!{{ mod 7 0 }}
{{ mul 2 3 4 }}
{{ mul 2.7 2 }}
{{ mul 5 }}
{{ mul .Values.int 2 }}
{{ randInt 5 6 }}
{{ randInt -3 -2 }}
!{{ randInt 5 5 }}
!{{ randInt 1.5 3 }}
{{ add1f 1.5 }}
{{ add1f "2" }}
{{ addf 1.1 2.2 }}
{{ addf 0.1 0.2 }}
{{ addf }}
{{ addf 1 2 3 }}
{{ subf 10 2.5 1 }}
{{ subf 0.3 0.1 }}
{{ divf 10 4 }}
{{ divf 1 3 }}
{{ divf 2 3 }}
{{ divf 10 }}
{{ mulf 2.7 2 }}
{{ mulf 0.1 3 }}
{{ mulf 1.5 "2" }}
{{ typeOf (addf 1 2) }}
{{ biggest 1 5 3 }}
{{ max 1 5.9 3 }}
{{ max -1 }}
{{ min 3 1 2 }}
{{ min 3 "-5" }}
{{ maxf 1 2.5 2 }}
{{ maxf 1 }}
{{ minf 1.5 -2.5 0 }}
{{ minf "x" 2 }}
{{ ceil 1.1 }}
{{ ceil -1.1 }}
{{ ceil "2.5" }}
{{ ceil 3 }}
{{ floor 1.9 }}
{{ floor -1.1 }}
{{ floor "x" }}
{{ round 2.5 0 }}
{{ round 3.14159 2 }}
{{ round 2.345 2 }}
{{ round -2.5 0 }}
{{ round 1.2345 3 0.4 }}
{{ round 123.456 -1 }}
{{ round "7.77" 1 }}
!{{ round 2.5 0.5 }}
{{ typeOf (round 2.5 0) }}
{{ default "foo" "bar" }}
{{ default "foo" "" }}
{{ default "foo" nil }}
{{ default "foo" .Values.missing }}
{{ default 5 .Values.zero }}
{{ default true false }}
{{ default "d" .Values.emptylist }}
{{ default "d" .Values.emptymap }}
{{ default "d" .Values.map }}
{{ default "d" 0.0 }}
{{ default "d" }}
{{ default "d" "a" "b" }}
{{ .Values.str | default "x" }}
{{ .Values.missing | default "x" }}
{{ default "d" .Values }}
{{ empty "" }}
{{ empty "x" }}
{{ empty 0 }}
{{ empty 0.0 }}
{{ empty 1 }}
{{ empty nil }}
{{ empty .Values.emptylist }}
{{ empty .Values.emptymap }}
{{ empty .Values.map }}
{{ empty false }}
{{ empty .Values.zero }}
{{ empty .Values }}
{{ empty .Release }}
{{ coalesce "" nil "x" "y" }}
{{ coalesce 0 "" }}
{{ coalesce }}
{{ coalesce .Values.missing .Values.zero .Values.int }}
{{ coalesce .Values.emptymap .Values.map }}
{{ all 1 "a" true }}
{{ all 1 "" true }}
{{ all }}
{{ any 0 "" "x" }}
{{ any 0 "" false }}
{{ any }}
{{ compact .Values.list }}
@needs:list {{ compact (list 1 "" nil 0 "x" false) }}
{{ compact (splitList "," "a,,b,") }}
{{ typeOf (compact (splitList "," "a,,b,")) }}
{{ compact .Values.emptylist }}
!{{ compact "abc" }}
!{{ mustCompact "abc" }}
{{ mustCompact .Values.slist }}
{{ ternary "yes" "no" true }}
{{ ternary "yes" "no" false }}
{{ true | ternary 1 2 }}
!{{ ternary "yes" "no" 1 }}
!{{ ternary "yes" "no" nil }}
{{ ternary nil "no" true }}
{{ deepCopy .Values.map }}
{{ deepCopy .Values.list }}
{{ deepCopy 5 }}
{{ deepCopy "s" }}
{{ typeOf (deepCopy .Values.map) }}
{{ typeOf (deepCopy .Values) }}
!{{ deepCopy nil }}
!{{ mustDeepCopy nil }}
{{ mustDeepCopy .Values.slist }}
{{ toPrettyJson .Values.map }}
{{ toPrettyJson .Values.list }}
{{ toPrettyJson .Values.emptymap }}
{{ toPrettyJson .Values.emptylist }}
{{ toPrettyJson "<a&b>" }}
{{ toPrettyJson nil }}
{{ toPrettyJson .Values.huge }}
{{ toPrettyJson 1.5 }}
@needs:dict {{ toPrettyJson (dict "z" (dict "y" (list 1 2)) "a" (list)) }}
{{ toRawJson "<a&b>" }}
{{ toRawJson .Values.map }}
{{ toRawJson .Values.unicode }}
{{ toRawJson "\u2028" }}
{{ toRawJson nil }}
{{ toRawJson .Values.list }}
{{ toRawJson (splitList "," "a,b") }}
{{ toRawJson (split "," "a,b") }}
{{ mustToPrettyJson .Values.slist }}
{{ mustToRawJson "<x>" }}
!{{ mustToRawJson (float64 "inf") }}
{{ toRawJson (float64 "inf") }}
{{ mustFromJson "{\"a\": [1, 2.5, \"x\", null, true]}" }}
{{ mustFromJson "1e3" }}
{{ typeOf (mustFromJson "1") }}
{{ mustFromJson "\"s\"" }}
{{ mustFromJson "null" }}
!{{ mustFromJson "{" }}
!{{ mustFromJson "" }}
!{{ mustFromJson "x" }}
!{{ mustFromJson "[1,]" }}
!{{ mustFromJson "{\"a\" 1}" }}
!{{ mustFromJson "1 2" }}
{{ typeOf 1 }}
{{ typeOf 1.5 }}
{{ typeOf "s" }}
{{ typeOf nil }}
{{ typeOf .Values.missing }}
{{ typeOf .Values.int }}
{{ typeOf .Values.list }}
{{ typeOf .Values.map }}
{{ typeOf .Values }}
{{ typeOf true }}
{{ typeOf .Release }}
{{ typeOf .Chart }}
{{ typeOf .Capabilities }}
{{ typeIs "int" 1 }}
{{ typeIs "float64" 1 }}
{{ typeIs "string" "x" }}
{{ typeIs "<nil>" nil }}
{{ typeIsLike "int" 1 }}
{{ typeIsLike "chart.Metadata" .Chart }}
{{ typeIsLike "map[string]interface {}" .Values.map }}
{{ kindOf 1 }}
{{ kindOf .Values }}
{{ kindOf .Values.list }}
{{ kindOf nil }}
{{ kindOf "s" }}
{{ kindOf .Chart }}
{{ kindOf .Capabilities }}
{{ kindOf .Release }}
{{ kindIs "map" .Values.map }}
{{ kindIs "slice" .Values.list }}
{{ kindIs "int" 1.0 }}
{{ kindIs "invalid" nil }}
{{ deepEqual 1 1 }}
{{ deepEqual 1 1.0 }}
{{ deepEqual .Values.map .Values.map }}
{{ deepEqual .Values.list .Values.list }}
{{ deepEqual .Values.slist (splitList "," "b,a,C,a") }}
{{ deepEqual nil nil }}
{{ deepEqual "a" "a" }}
{{ deepEqual .Values.emptymap .Values.emptylist }}
{{ deepEqual .Values.int 42 }}
{{ deepEqual .Values.int 42.0 }}
{{ base "/a/b/c.txt" }}
{{ base "" }}
{{ base "/" }}
{{ base "a/b/" }}
{{ dir "/a/b/c.txt" }}
{{ dir "c.txt" }}
{{ dir "" }}
{{ dir "/a//b/../c/" }}
{{ clean "/a//b/./c/../d" }}
{{ clean "" }}
{{ clean "../../x" }}
{{ clean "a/../.." }}
{{ ext "a/b.tar.gz" }}
{{ ext "a.b/c" }}
{{ ext "noext" }}
{{ isAbs "/a" }}
{{ isAbs "a/b" }}
{{ osBase "/a/b/c.txt" }}
{{ osClean "a//b/../c" }}
{{ osDir "/a/b/c" }}
{{ osExt "x.yaml" }}
{{ osIsAbs "/x" }}
{{ osIsAbs "x" }}
{{ b64enc "hello" }}
{{ b64enc "" }}
{{ b64enc "héllo ✓" }}
{{ b64dec "aGVsbG8=" }}
{{ b64dec "aGVsbG8" }}
{{ b64dec "!!!" }}
{{ b64dec "" }}
{{ b64dec "aGVs bG8=" }}
{{ b32enc "hello" }}
{{ b32dec "NBSWY3DP" }}
{{ b32dec "NBSWY3D" }}
{{ b32dec "nbswy3dp" }}
{{ b32dec "" }}
{{ urlParse .Values.url }}
{{ (urlParse "http://example.com/x?y=1").host }}
{{ urlParse "mailto:joe@example.com" }}
{{ urlParse "/relative/path?q" }}
{{ urlParse "" }}
{{ urlParse "http://[::1]:80/p" }}
{{ urlParse "http://a.com/%7Efoo%20bar" }}
!{{ urlParse "http://a b.com/" }}
!{{ urlParse ":foo" }}
!{{ urlParse "http://%zz" }}
{{ urlJoin (urlParse .Values.url) }}
@needs:dict {{ urlJoin (dict "scheme" "https" "host" "x.io" "path" "/a b" "query" "q=1") }}
@needs:dict {{ urlJoin (dict "path" "a:b") }}
@needs:dict {{ urlJoin (dict "opaque" "joe@x.com" "scheme" "mailto") }}
@needs:dict {{ urlJoin (dict "userinfo" "u:p" "host" "h" "scheme" "s") }}
@needs:dict {{ urlJoin (dict) }}
!@needs:dict {{ urlJoin (dict "host" 1) }}
{{ urlJoin .Values.emptymap }}
{{ semver "1.2.3" }}
{{ (semver "1.2.3-beta.1+build").Prerelease }}
{{ (semver "v1.2").Major }}
{{ (semver "1.2.3").Minor }}
{{ typeOf (semver "1.2.3") }}
{{ semver "1.35" }}
!{{ semver "1.2.3.4" }}
!{{ semver "" }}
{{ semverCompare ">=1.20-0" "1.21.0" }}
{{ semverCompare "^1.2" "1.9.0" }}
{{ semverCompare "~1.2.3" "1.3.0" }}
!{{ semverCompare "bad" "1.0.0" }}
!{{ semverCompare ">1" "x" }}
!{{ fail "boom" }}
!{{ fail "" }}
!{{ fail 1 }}
!{{ hello 1 }}
!{{ upper 1 }}
!{{ upper nil }}
!{{ upper }}
!{{ add1 }}
!{{ default }}
!{{ ternary 1 2 }}
!{{ quote .Values.map.x.y }}
!{{ join 1 "a" }}
!{{ splitList 1 "a" }}
!{{ b64enc 1 }}
!{{ base 1 }}
!{{ semver 1 }}
!{{ typeIs 1 1 }}
!{{ wrap "5" "a b" }}
!{{ indent 2 1 }}
!{{ repeat 2 .Values.int }}
{{ upper .Values.str }}
{{ title .Values.unicode }}
{{ len .Values.unicode | toString }}
{{ trunc 3 .Values.unicode }}
{{ toString .Values.float }}
{{ int .Values.neg }}
{{ add .Values.neg .Values.big }}
{{ quote .Values.neg .Values.t }}
{{ toDecimal .Values.float }}
{{ seq 3 | splitList " " | join "+" }}
{{ until 3 | toStrings | join "," }}
{{ .Values.slist | sortAlpha | join "," }}
{{ untilStep 1 10 4 | toString }}
{{ printf "%v" (int64 "7") }}
{{ printf "%T" (atoi "7") }}
{{ printf "%T" (until 1) }}
{{ upper "ǆ ᾀ ß ﬀ" }}
{{ lower "ǅ Ω K" }}
{{ title "ᾀbc ǉudi" }}
{{ swapcase "ǅx ß" }}
{{ snakecase "HTTP2Server" }}
{{ snakecase "JSONData" }}
{{ snakecase "x-Y_z" }}
{{ snakecase "日本語Text" }}
{{ snakecase "a1b2" }}
{{ snakecase "Hello, World!" }}
{{ kebabcase "Bld4Floor3rd" }}
{{ kebabcase "HTTP20xOK" }}
{{ camelcase "ǆa_b" }}
{{ camelcase "-" }}
{{ camelcase "a" }}
{{ camelcase "some words here" }}
{{ abbrev 5 "日本語テキスト" }}
{{ trunc 4 "日本語" }}
{{ substr 1 4 "日本語" }}
{{ nospace "日 本" }}
{{ wrap 4 "日本語 テキスト" }}
{{ initials "ab\u00a0cd" }}
{{ toPrettyJson (mustFromJson "{\"b\":[{\"c\":{}}],\"a\":\"\\u003c\"}") }}
{{ toRawJson (mustFromJson "\"\\ud83d\\ude00\"") }}
{{ toRawJson (mustFromJson "\"\\ud83d\"") }}
{{ toRawJson "\b\f\x7f" }}
{{ mustFromJson "[1, -0, 1.5e2]" }}
!{{ mustFromJson "[1e400]" }}
!{{ mustFromJson "tru" }}
!{{ mustFromJson "trux" }}
!{{ mustFromJson "\"a\\x\"" }}
!{{ mustFromJson "01" }}
!{{ mustFromJson "-" }}
!{{ mustFromJson "1." }}
!{{ mustFromJson "1.e" }}
!{{ mustFromJson "{\"a\":1,}" }}
!{{ mustFromJson "[1 2]" }}
!{{ mustFromJson "é" }}
!{{ mustFromJson "'a'" }}
{{ mustFromJson " [ ] " }}
{{ toPrettyJson (semver "1.2.3") }}
{{ round 1.005 2 }}
{{ round -1.5 0 }}
{{ round 0.5 0 }}
{{ divf 1 7 }}
{{ mulf 1.1 1.1 }}
{{ subf 1 0.9 }}
{{ addf 1e20 1 }}
!{{ divf 1 0 }}
!{{ addf (float64 "inf") 1 }}
{{ maxf "nan" 1 }}
{{ int64 "-0x10" }}
{{ int64 "1e3" }}
{{ int64 "3.0" }}
{{ int "3.00" }}
{{ int ".0" }}
{{ float64 "1e400" }}
{{ float64 ".5" }}
{{ float64 "+Inf" }}
{{ float64 "0x1p4" }}
{{ float64 "1_0.5" }}
{{ float64 "_1" }}
{{ urlParse "https://例え.jp/パス?q=値#frag ment" }}
{{ urlJoin (urlParse "http://a.com/%7Efoo%20bar?x#y z") }}
{{ urlParse "http://user@host" }}
!{{ urlParse "http://[::1" }}
!{{ urlParse "http://h:port/" }}
{{ urlParse "//host/path" }}
{{ urlParse "http://h/a?" }}
{{ urlJoin (urlParse "http://h/a?") }}
{{ urlJoin (urlParse "file:///etc/x") }}
{{ b64dec "YQ==" }}
{{ b64dec "YQ=" }}
{{ b64dec "YQ" }}
{{ b64dec "YWI=\n" }}
{{ b64dec "YWI=x" }}
{{ b32dec "ME======" }}
{{ b32dec "ME=====" }}
{{ b32dec "MZXW6YQ=" }}
{{ base "a//" }}
{{ dir "/" }}
{{ ext "a.b." }}
{{ clean "./a/./b/" }}
@needs:list {{ sortAlpha (list "b" 1 nil "a") }}
@needs:list {{ join "," (list 1 nil "a") }}
{{ squote nil }}
{{ quote "\u00e9\u200b" }}
{{ cat "a" 1 "b" }}
{{ indent 2 "a\r\nb" }}
{{ seq 3 1 }}
{{ seq -1 -3 }}
{{ until 100 | len }}
{{ untilStep -5 5 2 }}
{{ toDecimal "0o17" }}
{{ toDecimal "+17" }}
{{ repeat 2 "日" }}
{{ replace "日" "x" "日本日" }}
{{ trimAll "日" "日本日" }}
{{ typeOf (mustFromJson "{}") }}
{{ typeOf (urlParse "x") }}
{{ kindOf (semver "1.0.0") }}
{{ deepEqual (semver "1.0.0") (semver "1.0.0") }}
{{ (semver "1.2.3").Compare (semver "1.3.0") }}
{{ (semver "v1.2.3").Original }}
{{ empty (semver "1.0.0") }}
{{ default "d" (semver "0.0.0") }}
{{ semverCompare "1.2.x" "1.2.9" }}
{{ deepCopy (semver "1.0.0") }}
{{ empty .Values.f }}
{{ ternary .Values.list .Values.map .Values.t }}
{{ coalesce .Values.empty .Values.str }}
{{ compact .Values.slist | len }}
!{{ mustToPrettyJson (float64 "nan") }}
{{ toPrettyJson (float64 "nan") }}
!{{ mustToRawJson (float64 "-inf") }}
{{ toRawJson 1e-7 }}
{{ toRawJson 100000000000000000000.0 }}
{{ toPrettyJson .Values }}
{{ wrapWith 3 "-" "abcdefgh ij klmnopq" }}
{{ wrap 3 "  a  b  " }}
{{ abbrevboth 4 9 "abcdefghijklmnop" }}
{{ abbrevboth 5 7 "abcdefghij" }}
{{ abbrevboth -3 5 "abcdefghij" }}
{{ trimAll " $-" "- $x$ -" }}
{{ substr 2 -5 "hello" }}
{{ substr 0 0 "" }}
!{{ substr 0 -1 "" | substr -1 -1 }}
{{ snakecase "a-b.c_d" }}
{{ snakecase "A" }}
{{ snakecase "aBC" }}
{{ snakecase "ABc" }}
{{ snakecase "a  b" }}
{{ snakecase "Ⅻ roman" }}
{{ kebabcase "x__y" }}
{{ kebabcase "ID_Number" }}
{{ camelcase "__" }}
{{ camelcase "a_" }}
{{ camelcase "A_B_C" }}
{{ round 2.5 0 0.6 }}
{{ round 2.6 0 0.6 }}
{{ round 1e300 2 }}
{{ (semver "1.2.3+meta").Metadata }}
{{ (semver "1.2.3").Patch }}
{{ (semver "1.2.3").LessThan (semver "1.2.4") }}
{{ (semver "1.2.3").GreaterThan (semver "1.2.4") }}
{{ (semver "1.2.3").Equal (semver "v1.2.3") }}
{{ (semver "1.2").String }}
{{ printf "%T" (semver "1.2").Major }}
@needs:dict {{ urlJoin (dict "scheme" "http" "host" "h" "userinfo" "a b:c@d") }}
@needs:dict {{ urlJoin (dict "scheme" "http" "host" "h" "fragment" "a#b c" "query" "a b") }}
@needs:dict {{ urlJoin (dict "host" "h" "path" "p") }}
@needs:dict {{ urlJoin (dict "scheme" "http" "path" "/x") }}
{{ urlParse "HTTP://Example.COM/A" }}
{{ urlParse "http://h/a%2Fb" }}
{{ urlParse "http://h:/p" }}
!{{ urlParse "http://h/%" }}
!{{ urlParse "a:b/c" | toString | urlParse }}
{{ urlParse "http://u:p%40x@h" }}
@needs:raw-byte-strings {{ quote (b64dec "/w==") }}
@needs:raw-byte-strings {{ b64dec "/w==" | len }}
{{ toString (b64dec "/w==") }}
{{ sortAlpha (splitList "" "bac") }}
{{ toStrings (until 3) }}
{{ join "" (until 3) }}
{{ all 0.0 }}
{{ any .Values.emptymap .Values.emptylist 1 }}
{{ coalesce nil nil }}
{{ deepEqual (until 2) (until 2) }}
{{ deepEqual (list) (list) }}
{{ typeIs "[]int" (until 1) }}
{{ kindIs "slice" (splitList "," "a") }}
{{ kindOf (split "," "a") }}
{{ typeOf (mustFromJson "[]") }}
{{ int64 18446744073709551615.0 }}
{{ float64 "0x1.8p1" }}
{{ float64 "1e-400" }}
{{ atoi "9223372036854775808" }}
{{ seq 2 -1 -2 }}
{{ until 3 | last }}
""".strip("\n").split("\n")


def find_helm():
    helm = os.environ.get("HELM")
    if helm:
        return helm
    dest = os.path.join(REPO, ".tools", "helm4")
    installer = os.path.join(REPO, "..", "shared", "tools", "install-helm")
    subprocess.run([installer, ".tools/helm4"], cwd=REPO, check=True)
    for candidate in (os.path.join(dest, "helm"), os.path.join(dest, "bin", "helm")):
        if os.path.isfile(candidate):
            return candidate
    sys.exit("install-helm did not produce a helm binary under " + dest)


def run_helm(helm, notes):
    """Returns ("ok", notes) or ("error", helm_error_text)."""
    root = tempfile.mkdtemp(prefix="cw-record-")
    try:
        os.makedirs(os.path.join(root, "c", "templates"))
        for name, text in (("Chart.yaml", CHART_YAML), ("values.yaml", VALUES),
                           ("templates/NOTES.txt", notes)):
            with open(os.path.join(root, "c", name), "w", encoding="utf-8", newline="") as f:
                f.write(text)
        env = dict(os.environ)
        for var, sub in (("HELM_CONFIG_HOME", "config"), ("HELM_CACHE_HOME", "cache"),
                         ("HELM_DATA_HOME", "data")):
            env[var] = os.path.join(root, sub)
        env["KUBECONFIG"] = os.path.join(root, "no-kubeconfig")
        proc = subprocess.run(
            [helm, "install", "r", os.path.join(root, "c"), "--dry-run=client", "-o", "json"],
            capture_output=True, timeout=TIMEOUT_SECONDS, env=env,
        )
        stdout = proc.stdout.decode("utf-8")
        stderr = proc.stderr.decode("utf-8")
        if proc.returncode == 0:
            return "ok", json.loads(stdout).get("info", {}).get("notes", "")
        if not stderr.startswith(HELM_PREFIX):
            raise RuntimeError(f"unexpected helm failure: {stderr!r}")
        text = stderr[len(HELM_PREFIX):]
        return "error", text[:-1] if text.endswith("\n") else text
    finally:
        shutil.rmtree(root, ignore_errors=True)


EXEC_SPLIT = re.compile(
    r'\A(?P<loc>\S+:\d+:\d+)\n  executing "(?P<name>[^"]*)" at <(?P<expr>.*?)>:\n    (?P<msg>.*)\Z',
    re.S,
)


def go_error(text):
    """Helm's error text turned back into Go's text/template message."""
    m = EXEC_SPLIT.match(text)
    if m:
        return (f"template: {m.group('loc')}: executing \"{m.group('name')}\" at "
                f"<{m.group('expr')}>: {m.group('msg')}")
    return text


def split_case(raw):
    expect_error = raw.startswith("!")
    text = raw[1:] if expect_error else raw
    needs = None
    if text.startswith("@needs:"):
        head, text = text.split(" ", 1)
        needs = head[len("@needs:"):]
    return expect_error, needs, text


def render_batch(helm, texts):
    """Renders texts in one run; returns a list of outputs, or None when the run fails."""
    notes = "".join(f"<<<{i}>>>{t}<<</{i}>>>\n" for i, t in enumerate(texts))
    kind, out = run_helm(helm, notes)
    if kind != "ok":
        return None
    results = []
    for i in range(len(texts)):
        m = re.search(re.escape(f"<<<{i}>>>") + r"(.*?)" + re.escape(f"<<</{i}>>>"), out, re.S)
        if not m:
            raise RuntimeError(f"batch output lost case {i}")
        results.append(m.group(1))
    return results


def render_alone(helm, text):
    kind, out = run_helm(helm, text)
    if kind == "ok":
        return {"output": out}
    return {"error": go_error(out)}


def main():
    helm = find_helm()
    version = subprocess.run([helm, "version", "--short"], capture_output=True, text=True,
                             check=True).stdout.strip()
    parsed = [split_case(raw) for raw in CASES if raw.strip()]
    results = [None] * len(parsed)
    batch_idx = [i for i, (err, _, _) in enumerate(parsed) if not err]
    for start in range(0, len(batch_idx), BATCH):
        chunk = batch_idx[start:start + BATCH]
        outs = render_batch(helm, [parsed[i][2] for i in chunk])
        if outs is None:
            print(f"batch at {start} failed; rendering its cases alone", file=sys.stderr)
            for i in chunk:
                results[i] = render_alone(helm, parsed[i][2])
        else:
            for i, o in zip(chunk, outs):
                results[i] = {"output": o}
    for i, (err, _, text) in enumerate(parsed):
        if err:
            results[i] = render_alone(helm, text)
            if "output" in results[i]:
                print(f"note: expected error but rendered: {text}", file=sys.stderr)
    cases = []
    for (err, needs, text), res in zip(parsed, results):
        case = {"template": text, "alone": err or "output" not in res}
        if needs:
            case["needs"] = needs
        case.update(res)
        cases.append(case)
    doc = {
        "helm_version": version,
        "recorded": datetime.date.today().isoformat(),
        "template_name": "c/templates/NOTES.txt",
        "values": VALUES,
        "cases": cases,
    }
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"{len(cases)} cases -> {OUT}")


if __name__ == "__main__":
    main()

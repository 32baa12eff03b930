#!/usr/bin/env python3
"""Records the Sprig conformance table, part 2 (lists, dicts, regex, dates, crypto, random,
network) plus Helm's toToml/fromToml and the error texts of fromJson/fromJsonArray/fromYaml/
fromYamlArray, from the real helm binary.

Every case is one template expression (or a short template) rendered as the chart's
templates/NOTES.txt with `helm install r CHART --dry-run=client -o json` (-> `.info.notes`,
exact bytes; Helm strips `<no value>`), against the values file VALUES below.

Cases are rendered many per helm run, each framed by markers (`<<<N>>>...<<</N>>>`) so outputs
with newlines stay separate. A batch that fails is split; every failing case is rendered alone
(the template is exactly the case text, line 1) and its error is stored as Go's text/template
message (`template: c/templates/NOTES.txt:1:3: executing ... error calling trunc: ...`).

Cases whose text starts with `@needs:NAME ` use a function outside part 2 (the test counts them
as skipped). Cases starting with `@prop:KIND ` are non-deterministic; the test checks a property of the
recorded output instead of equality (`aes:PASSWORD:PLAINTEXT`: decryptAES gives PLAINTEXT back).
RSA-4096 key generation (`genPrivateKey "rsa"`) is left out: it takes minutes in an
unoptimized test build; certificates cover RSA-2048 keys. Helm runs with TZ=UTC so `toDate` and `date` use UTC as the local zone.
Writes testdata/sprig/part2.json.

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
OUT = os.path.join(REPO, "testdata", "sprig", "part2.json")
CHART_YAML = "apiVersion: v2\nname: c\nversion: 0.1.0\n"
HELM_PREFIX = "Error: INSTALLATION FAILED: "
TIMEOUT_SECONDS = 120
BATCH = 60

VALUES = """\
epoch: 1700000000
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
{{ list 1 "a" 2.5 nil true }}
{{ tuple 1 2 }}
{{ list }}
{{ printf "%T" (list) }}
{{ printf "%#v" (list 1 "a") }}
{{ append (list 1 2) 3 }}
{{ mustAppend (list) "x" }}
{{ append .Values.list 4 }}
{{ append .Values.list (list 5) }}
{{ printf "%T" (append .Values.slist "z") }}
!{{ append "abc" 1 }}
!{{ append nil 1 }}
!{{ mustAppend .Values.map 1 }}
!{{ append 3 1 }}
{{ prepend (list 1 2) 0 }}
{{ prepend .Values.emptylist 0 }}
!{{ prepend .Values.str 0 }}
!{{ mustPrepend true 0 }}
{{ first (list 1 2 3) }}
{{ first .Values.slist }}
{{ first (list) }}
{{ printf "%v" (first (list)) }}
{{ mustFirst .Values.list }}
!{{ first "abc" }}
!{{ first nil }}
!{{ first .Values.map }}
!{{ mustFirst 1.5 }}
{{ rest (list 1 2 3) }}
{{ rest (list) }}
{{ printf "%#v" (rest (list)) }}
{{ rest (list 1) }}
{{ mustRest .Values.slist }}
!{{ rest "abc" }}
{{ last (list 1 2 3) }}
{{ last (list) }}
{{ mustLast .Values.list }}
!{{ last 1 }}
!{{ mustLast nil }}
{{ initial (list 1 2 3) }}
{{ initial (list) }}
{{ mustInitial .Values.list }}
!{{ initial .Values.str }}
{{ reverse (list 1 2 3) }}
{{ reverse (list) }}
{{ mustReverse .Values.slist }}
!{{ reverse "abc" }}
!{{ reverse .Values.t }}
{{ uniq (list 1 1 2 2 3 1) }}
{{ uniq (list 1 1.0 "1") }}
{{ uniq .Values.slist }}
{{ uniq (list (list 1) (list 1) (dict "a" 1) (dict "a" 1)) }}
{{ uniq (list nil nil 0 false "") }}
{{ mustUniq (list) }}
!{{ uniq "aab" }}
{{ without (list 1 2 3 2) 2 }}
{{ without (list 1 2 3) 2 3 }}
{{ without (list 1 2 3) }}
{{ without .Values.list 3.5 "two" }}
{{ without .Values.list 1 }}
{{ mustWithout .Values.slist "a" }}
!{{ without "abc" "a" }}
{{ has 2 (list 1 2 3) }}
{{ has 4 (list 1 2 3) }}
{{ has "a" .Values.slist }}
{{ has 1 .Values.list }}
{{ has 1.0 .Values.list }}
{{ has 1 nil }}
{{ has nil (list nil) }}
{{ mustHas "x" .Values.emptylist }}
!{{ has 1 "abc" }}
!{{ mustHas 1 .Values.map }}
{{ slice (list 1 2 3 4) 1 3 }}
{{ slice (list 1 2 3 4) 2 }}
{{ slice (list 1 2 3 4) }}
{{ slice (list 1 2 3 4) 0 0 }}
{{ slice (list) }}
{{ printf "%T" (slice .Values.slist 1) }}
{{ slice .Values.slist 1 "3" }}
{{ slice (list 1 2 3) 1.9 }}
{{ mustSlice (list 1 2 3) "1" }}
{{ slice "abcdef" 1 3 }}
{{ slice "abcdef" 3 }}
{{ slice "" 0 }}
!{{ slice (list 1 2 3) 2 1 }}
!{{ slice (list 1 2 3) 0 5 }}
!{{ slice (list 1 2 3) -1 }}
!{{ slice "abc" 2 9 }}
!{{ slice 5 1 }}
!{{ slice nil }}
!{{ mustSlice .Values.map 1 }}
{{ concat (list 1 2) (list 3) (list) }}
{{ concat }}
{{ printf "%#v" (concat) }}
{{ concat .Values.slist .Values.list }}
{{ concat (list 1) (list (list 2)) }}
!{{ concat (list 1) 2 }}
!{{ concat (list 1) "abc" }}
!{{ concat nil }}
{{ chunk 2 (list 1 2 3 4 5) }}
{{ chunk 2 (list 1 2 3 4) }}
{{ chunk 5 (list 1 2) }}
{{ chunk 1 (list 1 2) }}
{{ chunk 3 (list) }}
{{ mustChunk 2 .Values.slist }}
!{{ chunk 2 "abc" }}
!{{ chunk "2" (list 1) }}
!{{ chunk 0 (list 1 2) }}
!{{ chunk -1 (list 1 2) }}
!{{ chunk .Values.int (list 1) }}
{{ dict }}
{{ dict "a" 1 "b" "two" }}
{{ dict "a" }}
{{ dict "a" 1 "b" }}
{{ dict 1 2 3 4 }}
{{ dict true 1 nil 2 1.5 3 }}
{{ dict "a" 1 "a" 2 }}
{{ printf "%T" (dict) }}
{{ dict "l" (list 1 2) "m" (dict "x" "y") }}
{{ get (dict "a" 1) "a" }}
{{ get (dict "a" 1) "b" }}
{{ printf "%q" (get (dict) "b") }}
{{ get .Values.map "b" }}
{{ get .Values "str" }}
{{ get (dict "n" nil) "n" }}
!{{ get (dict "a" 1) 1 }}
!{{ get "abc" "a" }}
!{{ get .Values.list "a" }}
{{ $d := dict "a" 1 }}{{ $_ := set $d "b" 2 }}{{ $d }}
{{ set (dict) "k" "v" }}
{{ $d := dict "a" 1 }}{{ set $d "a" nil }}
{{ set (dict "a" 1) "c" 3 }}
{{ $d := dict "a" 1 "b" 2 }}{{ $_ := unset $d "a" }}{{ $d }}
{{ unset (dict "a" 1) "zz" }}
!{{ set "x" "k" "v" }}
!{{ set (dict) 1 "v" }}
!{{ unset (dict) 2 }}
{{ hasKey (dict "a" 1) "a" }}
{{ hasKey (dict "a" nil) "a" }}
{{ hasKey (dict "a" 1) "b" }}
{{ hasKey .Values "map" }}
{{ hasKey .Values.map "a" }}
{{ hasKey .Values.emptymap "a" }}
!{{ hasKey (list) "a" }}
!{{ hasKey .Values.missing "a" }}
{{ pluck "a" (dict "a" 1) (dict "a" 2) (dict "b" 3) }}
{{ pluck "a" }}
{{ pluck "a" .Values.map .Values.emptymap }}
!{{ pluck "a" (list 1) }}
!{{ pluck 1 (dict) }}
{{ keys (dict "b" 1 "a" 2) | len }}
{{ keys (dict "b" 1) (dict "a" 2) | len }}
{{ keys (dict "only" 1) }}
{{ printf "%T" (keys (dict)) }}
{{ keys }}
{{ keys .Values.map | len }}
!{{ keys (list 1) }}
{{ pick (dict "a" 1 "b" 2 "c" 3) "a" "c" "z" }}
{{ pick (dict "a" 1) }}
{{ pick .Values.map "a" }}
!{{ pick (dict "a" 1) 1 }}
{{ omit (dict "a" 1 "b" 2 "c" 3) "a" "c" "z" }}
{{ omit (dict "a" 1) }}
{{ omit .Values.map "a" }}
!{{ omit (dict "a" 1) nil }}
{{ merge (dict "a" 1) (dict "a" 2 "b" 3) }}
{{ merge (dict "a" "") (dict "a" 2) }}
{{ merge (dict "a" 0) (dict "a" 2) }}
{{ merge (dict "a" false) (dict "a" true) }}
{{ merge (dict "a" nil) (dict "a" 2) }}
{{ merge (dict) (dict "a" nil) }}
{{ merge (dict "a" 1) (dict "a" nil) }}
{{ merge (dict "a" (dict "x" 1)) (dict "a" (dict "x" 2 "y" 3)) }}
{{ merge (dict "a" (dict)) (dict "a" (dict "y" 3)) }}
{{ merge (dict "a" "s") (dict "a" (dict "y" 3)) }}
{{ merge (dict "a" (dict "y" 3)) (dict "a" "s") }}
{{ merge (dict "a" (list 1)) (dict "a" (list 2 3)) }}
{{ merge (dict "a" (list)) (dict "a" (list 2 3)) }}
{{ merge (dict "b" 1) (dict "a" (list 2 3)) }}
{{ merge (dict "a" "x") (dict "a" (list 2 3)) }}
{{ merge (dict) (dict "a" (list 2 3)) }}
{{ merge (dict "a" 1) (dict "b" 2) (dict "c" 3 "a" 4) }}
{{ merge (dict "a" 1) }}
{{ $d := dict "a" 1 }}{{ $_ := merge $d (dict "b" 2) }}{{ $d }}
{{ merge (dict) .Values.map }}
{{ merge (dict "x" 1) .Values }}
{{ mustMerge (dict "a" (dict "b" (dict "c" 1))) (dict "a" (dict "b" (dict "d" 2))) }}
{{ mergeOverwrite (dict "a" 1) (dict "a" 2 "b" 3) }}
{{ mergeOverwrite (dict "a" 1) (dict "a" "") }}
{{ mergeOverwrite (dict "a" 1) (dict "a" nil) }}
{{ mergeOverwrite (dict "a" 1) (dict "a" 0) }}
{{ mergeOverwrite (dict "a" (dict "x" 1 "z" 0)) (dict "a" (dict "x" 2 "y" 3)) }}
{{ mergeOverwrite (dict "a" (dict "x" 1)) (dict "a" "s") }}
{{ mergeOverwrite (dict "a" "s") (dict "a" (dict "x" 1)) }}
{{ mergeOverwrite (dict "a" (list 1)) (dict "a" (list)) }}
{{ mergeOverwrite (dict "a" (list 1 2)) (dict "a" (list 3)) }}
{{ mustMergeOverwrite (dict "a" 1) (dict "b" 2) (dict "a" 3) }}
!{{ merge "x" (dict) }}
!{{ merge (dict) (list) }}
!{{ mergeOverwrite (dict) 1 }}
{{ values (dict "a" 1) }}
{{ values (dict "a" 1 "b" 1) }}
{{ values (dict) }}
{{ printf "%T" (values (dict)) }}
{{ values .Values.map | len }}
!{{ values (list) }}
{{ dig "a" "b" "def" (dict "a" (dict "b" 1)) }}
{{ dig "a" "c" "def" (dict "a" (dict "b" 1)) }}
{{ dig "x" "def" (dict "a" 1) }}
{{ dig "a" "def" (dict "a" nil) }}
{{ dig "a" "b" "def" (dict "b" 1) }}
{{ dig "map" "a" "d" (dict "map" .Values.map) }}
!{{ dig "x" "y" "d" .Values }}
!{{ dig "a" "b" "def" (dict "a" 1) }}
!{{ dig "a" "b" "def" (dict "a" nil) }}
!{{ dig 1 "def" (dict "a" 1) }}
!{{ dig "a" (dict) }}
!{{ dig "a" "d" "notamap" }}
!{{ dig "a" "d" nil }}
{{ regexMatch "^[a-z]+$" "abc" }}
{{ regexMatch "^[a-z]+$" "ab1" }}
{{ regexMatch "b" "abc" }}
{{ regexMatch "(" "abc" }}
{{ regexMatch "\\d" "٣" }}
{{ regexMatch "\\w" "é" }}
{{ regexMatch "\\s" "\u00a0" }}
{{ regexMatch "\\bé" "é" }}
{{ regexMatch "[[]" "[" }}
{{ regexMatch "(?i)HELLO" "hello" }}
{{ regexMatch "\\pL" "é" }}
{{ regexMatch "[[:alpha:]]+" "abc" }}
{{ regexMatch "\\Qa.b\\E" "axb" }}
{{ regexMatch "\\Qa.b\\E" "a.b" }}
{{ regexMatch "a$" "a\n" }}
{{ regexMatch "(?m)a$" "a\n" }}
{{ regexMatch "a{2}" "aa" }}
{{ regexMatch "a{,2}" "a{,2}" }}
{{ regexMatch "x{" "x{" }}
{{ mustRegexMatch "^a" "abc" }}
!{{ mustRegexMatch "(" "abc" }}
!{{ mustRegexMatch "abc)" "abc" }}
!{{ mustRegexMatch "[a" "abc" }}
!{{ mustRegexMatch "*a" "abc" }}
!{{ mustRegexMatch "a**" "abc" }}
!{{ mustRegexMatch "\\q" "abc" }}
!{{ mustRegexMatch "[z-a]" "abc" }}
!{{ mustRegexMatch "(?=a)" "abc" }}
!{{ mustRegexMatch "a{1001}" "abc" }}
!{{ mustRegexMatch "a{3,2}" "abc" }}
!{{ mustRegexMatch "\\1" "abc" }}
!{{ mustRegexMatch "a\\" "abc" }}
!{{ mustRegexMatch "(?P<>a)" "abc" }}
!{{ mustRegexMatch "x+?+" "abc" }}
!{{ mustRegexMatch 1 "abc" }}
{{ regexFindAll "[0-9]" "a1b2c3" -1 }}
{{ regexFindAll "[0-9]" "a1b2c3" 2 }}
{{ regexFindAll "[0-9]" "a1b2c3" 0 }}
{{ regexFindAll "[0-9]" "abc" -1 }}
{{ printf "%#v" (regexFindAll "[0-9]" "abc" -1) }}
{{ printf "%#v" (regexFindAll "[0-9]" "a1" 0) }}
{{ regexFindAll "a*" "baaab" -1 }}
{{ regexFindAll "" "abc" -1 }}
{{ regexFindAll "" "héllo" -1 | len }}
{{ mustRegexFindAll "a.c" "abcadcaec" 2 }}
!{{ regexFindAll "(" "abc" -1 }}
!{{ regexFindAll "[" "abc" -1 }}
!{{ mustRegexFindAll "(" "abc" -1 }}
!{{ regexFindAll "a" "abc" "1" }}
!{{ regexFindAll "a" "abc" .Values.int }}
{{ regexFind "[0-9]+" "ab12cd34" }}
{{ regexFind "[0-9]+" "abcd" }}
{{ regexFind "a(b)" "xaby" }}
{{ mustRegexFind "é+" "ééé" }}
!{{ regexFind "a)" "abc" }}
!{{ mustRegexFind "a)" "abc" }}
!{{ regexFind "`(" "abc" }}
{{ regexReplaceAll "a(x*)b" "-ab-axxb-" "${1}W" }}
{{ regexReplaceAll "a(x*)b" "-ab-axxb-" "$1W" }}
{{ regexReplaceAll "a(x*)b" "-ab-axxb-" "$1" }}
{{ regexReplaceAll "a(?P<mid>x*)b" "-ab-axxb-" "<${mid}>" }}
{{ regexReplaceAll "a(?P<mid>x*)b" "-ab-axxb-" "<$mid>" }}
{{ regexReplaceAll "a(x*)b" "-axb-" "$$1" }}
{{ regexReplaceAll "a(x*)b" "-axb-" "$" }}
{{ regexReplaceAll "a(x*)b" "-axb-" "${1" }}
{{ regexReplaceAll "a(x*)b" "-axb-" "$9" }}
{{ regexReplaceAll "a(x*)b" "-axb-" "$01" }}
{{ regexReplaceAll "a(x*)b" "-axb-" "${0}" }}
{{ regexReplaceAll "a(x*)b" "-axb-" "$nosuch" }}
{{ regexReplaceAll "a(x*)b" "-axb-" "$é" }}
{{ regexReplaceAll "a(x*)b" "-axb-" "${}" }}
{{ regexReplaceAll "a*" "baaab" "-" }}
{{ regexReplaceAll "" "abc" "-" }}
{{ regexReplaceAll "x*" "héllo" "-" }}
{{ regexReplaceAll "(a)|b" "ab" "[$1]" }}
{{ regexReplaceAll "\\s+" "a  b\tc" " " }}
{{ mustRegexReplaceAll "(\\w+)@(\\w+)" "joe@example" "$2 at $1" }}
!{{ regexReplaceAll "(" "abc" "x" }}
!{{ mustRegexReplaceAll "(" "abc" "x" }}
{{ regexReplaceAllLiteral "a(x*)b" "-ab-axxb-" "${1}W" }}
{{ regexReplaceAllLiteral "a*" "baaab" "$" }}
{{ mustRegexReplaceAllLiteral "\\." "1.2.3" "\\" }}
!{{ regexReplaceAllLiteral "[" "abc" "x" }}
!{{ mustRegexReplaceAllLiteral "[" "abc" "x" }}
{{ regexSplit "z+" "pizza" -1 }}
{{ regexSplit "z+" "pizza" 1 }}
{{ regexSplit "z+" "pizza" 0 }}
{{ printf "%#v" (regexSplit "z+" "pizza" 0) }}
{{ regexSplit "z+" "" -1 }}
{{ printf "%#v" (regexSplit "" "" -1) }}
{{ regexSplit "" "abc" -1 }}
{{ regexSplit "" "abc" 2 }}
{{ regexSplit "a" "banana" -1 }}
{{ regexSplit "a" "banana" 2 }}
{{ regexSplit "x*" "axbxc" -1 }}
{{ regexSplit "," "a,b,,c," -1 }}
{{ mustRegexSplit "[0-9]" "a1b2c" 5 }}
!{{ regexSplit "(" "abc" -1 }}
!{{ mustRegexSplit "(" "abc" -1 }}
{{ regexQuoteMeta "1.2.3" }}
{{ regexQuoteMeta "a+b*c?(d)[e]{f}^$|\\" }}
{{ regexQuoteMeta "héllo-world_#" }}
{{ regexQuoteMeta "" }}
!{{ regexQuoteMeta 1 }}
{{ toDate "2006-01-02" "2024-03-05" }}
{{ toDate "2006-01-02T15:04:05Z07:00" "2024-03-05T10:20:30+02:00" }}
{{ toDate "2006-01-02T15:04:05Z07:00" "2024-03-05T10:20:30Z" }}
{{ toDate "2006-01-02 15:04:05.000" "2024-03-05 10:20:30.123" }}
{{ toDate "2006-01-02 15:04:05" "2024-03-05 10:20:30.123456789" }}
{{ toDate "Jan 2, 2006 at 3:04pm (MST)" "Feb 3, 2013 at 7:54pm (UTC)" }}
{{ toDate "02/01/06" "31/12/99" }}
{{ toDate "2006-01-02" "bad" }}
{{ printf "%T" (toDate "2006-01-02" "bad") }}
{{ (toDate "2006-01-02" "2024-03-05").Unix }}
{{ (toDate "2006-01-02" "2024-03-05").Year }}
{{ (toDate "2006-01-02" "2024-03-05").Month }}
{{ (toDate "2006-01-02" "2024-03-05").Day }}
{{ (toDate "2006-01-02" "2024-03-05").Weekday }}
{{ (toDate "2006-01-02T15:04:05Z07:00" "2024-03-05T10:20:30+02:00").UTC }}
{{ (toDate "2006-01-02T15:04:05Z07:00" "2024-03-05T10:20:30+02:00").Hour }}
{{ (toDate "2006-01-02" "2024-03-05").Format "Mon Jan _2 15:04:05 MST 2006" }}
{{ (toDate "2006-01-02" "2024-03-05").YearDay }}
{{ printf "%T" (toDate "2006-01-02" "2024-03-05") }}
{{ mustToDate "2006-01-02" "2024-03-05" }}
!{{ mustToDate "2006-01-02" "2024-13-05" }}
!{{ mustToDate "2006-01-02" "bad" }}
!{{ mustToDate "2006-01-02" "2024-03-05x" }}
!{{ mustToDate "2006-01-02" "2024-02-30" }}
!{{ toDate 1 "x" }}
{{ date "2006-01-02" (toDate "2006-01-02" "2024-03-05") }}
{{ date "Mon, 02 Jan 2006 15:04:05 -0700" (toDate "2006-01-02T15:04:05Z07:00" "2024-03-05T10:20:30+02:00") }}
{{ date "2006-01-02 15:04:05.000000 PM pm Z07:00 MST" (toDate "2006-01-02T15:04:05.999999999Z07:00" "2024-03-05T22:20:30.5+05:30") }}
{{ date "January Jan 1 01 _2 02 __2 002 Monday Mon 3 03 4 04 5 05 06 2006 .0 .00 .999 ,000" (toDate "2006-01-02T15:04:05.999999999Z07:00" "2024-07-09T08:07:06.25Z") }}
{{ date "2006-01-02" 0 }}
{{ date "2006-01-02 15:04:05" 1700000000 }}
{{ len (date "2006-01-02 15:04:05" .Values.epoch) }}
{{ len (date "2006-01-02" "notadate") }}
{{ dateInZone "2006-01-02 15:04 MST" 1700000000 "America/New_York" }}
{{ dateInZone "2006-01-02 15:04 MST -07:00" 1700000000 "Asia/Kolkata" }}
{{ dateInZone "2006-01-02 15:04 MST" 1700000000 "UTC" }}
{{ dateInZone "2006-01-02 15:04 MST" 1700000000 "" }}
{{ dateInZone "2006-01-02 15:04 MST" 1700000000 "Not/AZone" }}
{{ date_in_zone "15:04 MST" (toDate "2006-01-02" "2024-07-01") "Europe/Paris" }}
@needs:int64 {{ dateInZone "2006-01-02 15:04 MST" (int64 1700000000) "Europe/Berlin" }}
{{ htmlDate 1700000000 }}
{{ htmlDate (toDate "2006-01-02" "2024-03-05") }}
{{ htmlDateInZone 1700000000 "Pacific/Auckland" }}
{{ date_modify "1h30m" (toDate "2006-01-02" "2024-03-05") }}
{{ dateModify "-24h" (toDate "2006-01-02" "2024-03-05") }}
{{ dateModify "bad" (toDate "2006-01-02" "2024-03-05") }}
{{ mustDateModify "1.5h" (toDate "2006-01-02" "2024-03-05") }}
{{ must_date_modify "90s" (toDate "2006-01-02" "2024-03-05") }}
!{{ mustDateModify "bad" (toDate "2006-01-02" "2024-03-05") }}
!{{ mustDateModify "1x" (toDate "2006-01-02" "2024-03-05") }}
!{{ dateModify "1h" "2024-03-05" }}
{{ duration 3723 }}
{{ duration "3723" }}
{{ duration 0 }}
{{ duration 1.5 }}
{{ duration "x" }}
{{ duration -61 }}
{{ duration 86400 }}
{{ duration 9223372036 }}
{{ duration .Values.epoch }}
{{ durationRound "2h10m5s" }}
{{ durationRound 3723 }}
{{ durationRound "-3h" }}
{{ durationRound "400h" }}
{{ durationRound "9000h" }}
{{ durationRound "1ms" }}
{{ durationRound "0s" }}
{{ durationRound "bad" }}
{{ durationRound 59 }}
{{ durationRound "48h" }}
{{ durationRound "745h" }}
{{ durationRound (toDate "2006-01-02" "2024-03-05") | len | lt 0 }}
{{ unixEpoch (toDate "2006-01-02" "2024-03-05") }}
{{ unixEpoch (toDate "2006-01-02T15:04:05Z07:00" "1969-12-31T23:59:59Z") }}
!{{ unixEpoch 5 }}
@needs:typeOf {{ typeOf now }}
{{ gt (now.Unix) 1700000000 }}
{{ len (ago (toDate "2006-01-02" "2024-03-05")) | lt 0 }}
{{ ago (now) }}
{{ getHostByName "localhost" }}
{{ getHostByName "example.com" }}
!{{ getHostByName 1 }}
{{ len (randAlphaNum 10) }}
{{ len (randAlpha 7) }}
{{ len (randAscii 12) }}
{{ len (randNumeric 5) }}
{{ randAlpha 0 }}
{{ regexMatch "^[a-zA-Z0-9]{20}$" (randAlphaNum 20) }}
{{ regexMatch "^[a-zA-Z]{20}$" (randAlpha 20) }}
{{ regexMatch "^[0-9]{20}$" (randNumeric 20) }}
{{ regexMatch "^[ -~]{20}$" (randAscii 20) }}
{{ regexMatch "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$" uuidv4 }}
{{ len (randBytes 12) }}
{{ len (randBytes 0) }}
!{{ randAlpha -1 }}
!{{ randAlpha "3" }}
!{{ randBytes -1 }}
{{ derivePassword 1 "long" "password" "user" "example.com" }}
{{ derivePassword 1 "maximum" "password" "user" "example.com" }}
{{ derivePassword 1 "medium" "password" "user" "example.com" }}
{{ derivePassword 1 "short" "password" "user" "example.com" }}
{{ derivePassword 1 "basic" "password" "user" "example.com" }}
{{ derivePassword 1 "pin" "password" "user" "example.com" }}
{{ derivePassword 2 "long" "password" "user" "example.com" }}
{{ derivePassword 1 "long" "pässwörd" "üser" "exämple.com" }}
{{ derivePassword 1 "nosuch" "password" "user" "example.com" }}
!{{ derivePassword "1" "long" "password" "user" "example.com" }}
{{ decryptAES "secretkey" "not base64" }}
{{ decryptAES "secretkey" "" }}
{{ decryptAES "secretkey" "YWJj" }}
{{ encryptAES "secretkey" "plaintext" | decryptAES "secretkey" }}
{{ encryptAES "k" "" | decryptAES "k" }}
{{ encryptAES "a very long key that is longer than thirty two bytes" "héllo wörld ✓ with more than one block of text" | decryptAES "a very long key that is longer than thirty two bytes" }}
@prop:aes:secretkey:plaintext {{ encryptAES "secretkey" "plaintext" }}
@prop:aes:k: {{ encryptAES "k" "" }}
@prop:aes:pw:exactly sixteen b {{ encryptAES "pw" "exactly sixteen b" }}
{{ len (bcrypt "password") }}
{{ regexMatch "^\\$2a\\$10\\$" (bcrypt "password") }}
{{ regexMatch "^user:\\$2a\\$10\\$" (htpasswd "user" "password") }}
{{ htpasswd "us:er" "password" }}
{{ regexMatch "^-----BEGIN EC PRIVATE KEY-----\n" (genPrivateKey "ecdsa") }}
{{ regexMatch "^-----BEGIN PRIVATE KEY-----\n" (genPrivateKey "ed25519") }}
{{ regexMatch "^-----BEGIN DSA PRIVATE KEY-----\n" (genPrivateKey "dsa") }}
{{ genPrivateKey "foo" }}
{{ $ca := genCA "my-ca" 365 }}{{ regexMatch "^-----BEGIN CERTIFICATE-----\n" $ca.Cert }}-{{ regexMatch "^-----BEGIN RSA PRIVATE KEY-----\n" $ca.Key }}
{{ printf "%T" (genCA "my-ca" 365) }}
{{ $c := genSelfSignedCert "foo.com" (list "10.0.0.1") (list "bar.com") 30 }}{{ regexMatch "CERTIFICATE" $c.Cert }}
{{ $ca := genCA "ca" 1 }}{{ $c := genSignedCert "x.com" nil nil 1 $ca }}{{ regexMatch "CERTIFICATE" $c.Cert }}
!{{ genCA "ca" "x" }}
!{{ genSelfSignedCertWithKey "a" nil nil 1 "notakey" }}
!{{ genSelfSignedCert "a" (list "bad-ip") nil 1 }}
!{{ buildCustomCert "bad" "bad" }}
{{ toToml (dict "a" 1 "b" "two" "c" (list 1 2) "d" (dict "e" true)) }}
{{ toToml .Values }}
{{ toToml (dict) }}
{{ toToml (dict "a" nil "b" 1) }}
{{ toToml (dict "l" (list (dict "x" 1) (dict "x" 2))) }}
{{ toToml (dict "s" "quote\"back\\slash\nnl\ttab" "u" "é✓") }}
{{ toToml (dict "f" 1.5 "g" 1e21 "h" 0.000001 "i" -0.0 "j" 100.0) }}
{{ toToml (dict "key with space" 1 "dotted.key" 2 "" 3 "ok_key-1" 4) }}
{{ toToml (dict "z" (dict "y" (dict "x" 1)) "a" 1) }}
{{ toToml (dict "mixed" (list 1 "a" true)) }}
{{ toToml (dict "nested" (list (list 1 2) (list "a"))) }}
{{ toToml (dict "empty" (list) "em" (dict)) }}
{{ toToml (list 1 2) }}
{{ toToml "str" }}
{{ toToml 1 }}
{{ toToml nil }}
{{ toToml (dict "t" (toDate "2006-01-02" "2024-03-05")) }}
{{ toToml (dict "b" true "i" 42 "i64" (int64 7)) }}
{{ toToml (dict "a" (dict "b" 1) "c" 2) }}
{{ toToml (dict "tbl" (list (dict "a" (dict "b" 1)))) }}
{{ fromToml "a = 1\nb = \"two\"\n[c]\nd = true" }}
{{ fromToml "a = 1.5\nl = [1, 2]\nt = 1979-05-27T07:32:00Z" }}
{{ printf "%T" (fromToml "a = 1").a }}
{{ printf "%T" (fromToml "a = 1.0").a }}
{{ printf "%T" (fromToml "l = [1, 2]").l }}
{{ printf "%T" (fromToml "[[x]]\na=1").x }}
{{ fromToml "bad = " }}
{{ fromToml "a = 1\na = 2" }}
{{ fromToml "" }}
{{ fromToml "[[p]]\nn = 1\n[[p]]\nn = 2" }}
{{ fromToml "d = 1979-05-27" }}
{{ fromToml "x = 'lit'\ny = \"\"\"multi\nline\"\"\"" }}
{{ fromToml "inf = inf\nnan = nan\nhex = 0xff" }}
{{ fromToml "i = 9223372036854775807" }}
{{ fromToml "[a.b.c]\nd = 1" }}
{{ fromToml "a = {x = 1, y = [1, 'z']}" }}
{{ (fromToml "a = 1").Error }}
{{ fromToml "a = " }}
{{ fromToml "a = x" }}
{{ fromToml "[a" }}
{{ fromToml "a = \"x" }}
{{ fromToml "= 1" }}
{{ fromToml "a = 1 b = 2" }}
{{ fromToml "a = 1979-05-27T07:32:00Zx" }}
{{ fromToml "[a]\n[a]" }}
{{ fromToml "a = 0x" }}
{{ fromToml "a = 99999999999999999999" }}
{{ fromToml "\n\na = {" }}
{{ fromToml "a = [1,\"x\"]" }}
{{ toToml (dict "a" (list 1 nil)) }}
{{ toToml (dict "a" (dict "b" nil)) }}
{{ toToml (list (dict "a" 1)) }}
{{ toToml true }}
{{ toToml .Values.missing }}
{{ toToml (dict "a" (list (dict "b" 1) 2)) }}
{{ fromJson "" }}
{{ fromJson "{" }}
{{ fromJson "{\"a\":}" }}
{{ fromJson "[1,2]" }}
{{ fromJson "tru" }}
{{ fromJson "{\"a\":1}x" }}
{{ fromJson "{'a':1}" }}
{{ fromJsonArray "{}" }}
{{ fromJsonArray "[1," }}
{{ fromJsonArray "nul" }}
{{ fromJson "{\"a\" 1}" }}
{{ fromJson "{\"a\":1,}" }}
{{ fromJson "\"abc" }}
{{ fromJson "1e" }}
{{ fromJson "-" }}
{{ fromJson "01" }}
{{ fromJson "\"\\x\"" }}
{{ fromJson "{\"a\":1 \"b\":2}" }}
{{ fromJson "[1 2]" }}
{{ fromJson "  " }}
{{ fromJson "null" }}
{{ fromJson "\"s\"" }}
{{ fromJsonArray "null" }}
{{ fromJson "{\"a\":\"\t\"}" }}
{{ fromJson "{\"a\":nan}" }}
{{ fromJson "1.5" }}
{{ fromJson "true" }}
{{ fromJsonArray "\"x\"" }}
{{ fromJson "{\"a\":1}{}" }}
{{ fromJson "\u00e9" }}
{{ fromJson "{\"a\":tx}" }}
{{ fromJson "{\"a\":fals}" }}
{{ fromJson "{\"a\":[}" }}
{{ fromJson "{1:2}" }}
{{ fromJson "{\"a\":1.}" }}
{{ fromJson "{\"a\":-a}" }}
{{ fromJson "{\"a\":\"\\u12\"}" }}
{{ fromJson "{\"a\":1e400,\"b\":1}" }}
{{ fromJsonArray "[1e400,2]" }}
{{ fromJson "[1e400]" }}
{{ fromJson "{\"a\":\"\\ud83d\\ude00\\ud800x\",\"a\":2,\"b\":[1,{\"c\":null}]}" }}
{{ printf "%T" (fromJson "{\"a\":1}").a }}
{{ fromYaml "a: [" }}
{{ fromYaml "- 1" }}
{{ fromYaml "a: 1\n b: 2" }}
{{ fromYaml "x" }}
{{ fromYaml "a: *x" }}
{{ fromYaml "a: 1\na: 2" }}
{{ fromYaml "\t a: 1" }}
{{ fromYamlArray "a: 1" }}
{{ fromYamlArray "- [" }}
{{ fromYaml "a: 'x" }}
{{ fromYaml "{a: 1" }}
{{ fromYaml "a: 1\n---\nb: [" }}
{{ fromYaml "a: !!int x" }}
{{ fromYaml "a: b: c" }}
{{ fromYaml "? [a]\n: 1" }}
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
        env["TZ"] = "UTC"
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
    prop = None
    while text.startswith("@"):
        head, text = text.split(" ", 1)
        if head.startswith("@needs:"):
            needs = head[len("@needs:"):]
        elif head.startswith("@prop:"):
            prop = head[len("@prop:"):]
            # A property's value may contain spaces up to the template.
            while not text.startswith("{{"):
                more, text = text.split(" ", 1)
                prop += " " + more
        else:
            raise SystemExit(f"unknown case prefix {head}")
    return expect_error, (needs, prop), text


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
    for (err, (needs, prop), text), res in zip(parsed, results):
        case = {"template": text, "alone": err or "output" not in res}
        if needs:
            case["needs"] = needs
        if prop:
            case["property"] = prop
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

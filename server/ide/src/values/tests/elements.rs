//! `.Values` reached through the dot and through variables: the fields read under
//! `with .Values.image`, through `$x := .Values.a`, `$.Values` and the elements of
//! `range .Values.items` are values references like `.Values.image.tag` — they count as uses,
//! are checked where the shape is known (maps; list elements by their items), complete, and
//! hover, definition, references and rename follow them.

use expect_test::expect;

use super::{completion, diags, hover, navigation, rename};

const HEAD: &str = "//- /Chart.yaml\napiVersion: v2\nname: demo\nversion: 0.1.0\n";

const VALUES: &str = r#"//- /values.yaml
image:
  repository: nginx
  # The image tag.
  tag: "1.25"
# Extra containers.
items:
  - name: a
    port: 80
  - name: b
ports:
  http:
    port: 80
    protocol: TCP
  metrics:
    port: 9090
    protocol: TCP
empty: []
hosts:
  - example.com
"#;

fn chart(template: &str) -> String {
    format!("{HEAD}{VALUES}//- /templates/a.yaml\n{template}\n")
}

#[test]
fn fields_under_with_variables_and_dollar_are_checked_with_did_you_mean() {
    // `with .Values.image` allows `image` to be missing, not `tga` to be misspelt.
    expect![[r#"
        warning values-undefined templates/a.yaml@tga: `.Values.image.tga` is not defined in any values file or values schema; did you mean `.Values.image.tag`?
        warning values-undefined templates/a.yaml@repo: `.Values.image.repo` is not defined in any values file or values schema
        warning values-undefined templates/a.yaml@tg: `.Values.image.tg` is not defined in any values file or values schema; did you mean `.Values.image.tag`?
        warning values-unused values.yaml@items: `items` is not used by any template
        warning values-unused values.yaml@ports: `ports` is not used by any template (nor anything under it)
        warning values-unused values.yaml@empty: `empty` is not used by any template
    "#]]
    .assert_eq(&diags(&chart(
        r#"{{- with .Values.image }}
a: {{ .tag }}{{ .tga }}
{{- end }}
{{- $img := .Values.image }}
b: {{ $img.repository }}{{ $img.repo }}
{{- range .Values.hosts }}
c: {{ $.Values.image.tg }}
{{- end }}
{{- with .Values.missing }}{{ .anything }}{{ end }}"#,
    )));
}

#[test]
fn fields_of_list_items_are_checked_against_the_items() {
    // `nme` is in no item; `port` is in one item of two (optional fields are fine); the
    // elements of an empty list or of a list of strings have no known fields.
    expect![[r#"
        warning values-undefined templates/a.yaml@nme: `.Values.items[].nme` is not defined in any values file or values schema; did you mean `.Values.items[].name`?
    "#]]
    .assert_eq(
        &diags(&chart(
            r#"{{- range .Values.items }}
- {{ .name }}:{{ .port }} {{ .nme }}
{{- end }}
{{- range $i, $item := .Values.items }}{{ $item.name }}{{ end }}
{{- range .Values.empty }}{{ .whatever }}{{ end }}
{{- range .Values.hosts }}{{ .host }}{{ end }}
{{- range $k, $v := .Values.ports }}{{ $k }}{{ $v.port }}{{ $v.protocol }}{{ end }}
{{- with .Values.image }}{{ .tag }}{{ .repository }}{{ end }}"#,
        ))
        .lines()
        .filter(|l| l.contains("undefined"))
        .map(|l| format!("{l}\n"))
        .collect::<String>(),
    );
}

#[test]
fn fields_read_of_map_entries_mark_only_those_fields_used() {
    // Ranging over `ports` reads each entry's `port`: every `protocol` is unused.
    expect![[r#"
        warning values-undefined templates/a.yaml@prot: `.Values.ports[].prot` is not defined in any values file or values schema; did you mean `.Values.ports[].port`?
        warning values-unused values.yaml@protocol: `ports.http.protocol` is not used by any template
        warning values-unused values.yaml@protocol: `ports.metrics.protocol` is not used by any template
    "#]]
    .assert_eq(&diags(&format!(
        r#"{HEAD}//- /values.yaml
ports:
  http:
    port: 80
    protocol: TCP
  metrics:
    port: 9090
    protocol: TCP
//- /templates/a.yaml
{{{{- range $name, $p := .Values.ports }}}}
- {{{{ $name }}}}: {{{{ $p.port }}}}{{{{ $p.prot }}}}
{{{{- end }}}}
"#
    )));
}

#[test]
fn using_the_element_whole_uses_everything_under_it() {
    expect![[r#""#]].assert_eq(&diags(&format!(
        r#"{HEAD}//- /values.yaml
ports:
  http:
    port: 80
    protocol: TCP
items:
  - name: a
//- /templates/a.yaml
{{{{- range .Values.ports }}}}{{{{ toYaml . }}}}{{{{ end }}}}
{{{{- range $i, $e := .Values.items }}}}{{{{ include "x" $e }}}}{{{{ end }}}}
{{{{- define "x" }}}}{{{{ . }}}}{{{{ end }}}}
"#
    )));
}

#[test]
fn completion_under_with_range_and_variables() {
    expect![[r#"
        repository — string = nginx
        tag — string = 1.25
    "#]]
    .assert_eq(&completion(&chart(
        "{{ with .Values.image }}{{ .$0 }}{{ end }}",
    )));
    // The union of the items' keys.
    expect![[r#"
        name — string = a
        port — number = 80
    "#]]
    .assert_eq(&completion(&chart("{{ range .Values.items }}{{ .$0")));
    expect![[r#"
        port — number = 80
        protocol — string = TCP
    "#]]
    .assert_eq(&completion(&chart(
        "{{ range $k, $v := .Values.ports }}{{ $v.p$0 }}{{ end }}",
    )));
    // Nothing is known of the fields of strings.
    expect![[r#""#]].assert_eq(&completion(&chart(
        "{{ range .Values.hosts }}{{ .$0 }}{{ end }}",
    )));
}

#[test]
fn hover_of_an_element_field_shows_it_in_each_item() {
    expect![[r#"
        [name]
        **`.Values.items[].name`** — `string = a`

        - `values.yaml` `items[0].name`: `a`
        - `values.yaml` `items[1].name`: `b`
    "#]]
    .assert_eq(&hover(&chart(
        "{{ range .Values.items }}{{ .na$0me }}{{ end }}",
    )));
    expect![[r#"
        [tag]
        **`.Values.image.tag`** — `string = 1.25`

        The image tag.

        - `values.yaml`: `"1.25"`
    "#]]
    .assert_eq(&hover(&chart(
        "{{ with .Values.image }}{{ .t$0ag }}{{ end }}",
    )));
}

#[test]
fn definition_and_references_through_elements() {
    // From the template: the key in every item, and every read of it.
    expect![[r#"
        definition:
        values.yaml:7@name
        values.yaml:9@name
        references:
        templates/a.yaml:1@name
        templates/a.yaml:2@name
    "#]]
    .assert_eq(&navigation(&chart(
        "{{ range .Values.items }}{{ .na$0me }}{{ end }}\n{{ range $x := .Values.items }}{{ $x.name }}{{ end }}",
    )));
    // From a key in an item of values.yaml.
    let fixture = format!(
        "{HEAD}//- /values.yaml\nitems:\n  - name: a\n  - na$0me: b\n//- /templates/a.yaml\n{{{{ range .Values.items }}}}{{{{ .name }}}}{{{{ end }}}}\n"
    );
    expect![[r#"
        definition:
        values.yaml:2@name
        references:
        templates/a.yaml:1@name
    "#]]
    .assert_eq(&navigation(&fixture));
    // A map's entry is read by its own name and through the range over the map.
    let fixture = format!(
        "{HEAD}//- /values.yaml\nports:\n  http:\n    po$0rt: 80\n  metrics:\n    port: 9090\n//- /templates/a.yaml\n{{{{ range .Values.ports }}}}{{{{ .port }}}}{{{{ end }}}}\n{{{{ .Values.ports.http.port }}}}\n"
    );
    expect![[r#"
        definition:
        references:
        templates/a.yaml:1@port
        templates/a.yaml:2@port
    "#]]
    .assert_eq(&navigation(&fixture));
}

#[test]
fn rename_through_elements_renames_every_item() {
    expect![[r#"
        //- /templates/a.yaml
        {{ range .Values.items }}{{ .title }}{{ end }}
        {{ range $x := .Values.items }}{{ $x.title }}{{ end }}
        //- /values.yaml
        items:
          - title: a
          - title: b
    "#]]
    .assert_eq(&rename(
        &format!(
            "{HEAD}//- /values.yaml\nitems:\n  - name: a\n  - name: b\n//- /templates/a.yaml\n{{{{ range .Values.items }}}}{{{{ .na$0me }}}}{{{{ end }}}}\n{{{{ range $x := .Values.items }}}}{{{{ $x.name }}}}{{{{ end }}}}\n"
        ),
        "title",
    ));
    // One entry's key alone cannot be renamed while a range reads it of every entry.
    expect![[r#"
        error: cannot rename `port` alone: it is read for every element of its collection at templates/a.yaml:1 (rename it there, for all of them)
    "#]]
    .assert_eq(&rename(
        &format!(
            "{HEAD}//- /values.yaml\nports:\n  http:\n    po$0rt: 80\n  metrics:\n    port: 9090\n//- /templates/a.yaml\n{{{{ range .Values.ports }}}}{{{{ .port }}}}{{{{ end }}}}\n"
        ),
        "number",
    ));
}

#[test]
fn schema_items_describe_list_elements() {
    let fixture = format!(
        r#"{HEAD}//- /values.yaml
sidecars: []
//- /values.schema.json
{{"type": "object", "properties": {{"sidecars": {{"type": "array", "items": {{"type": "object", "properties": {{"image": {{"type": "string", "description": "The sidecar's image."}}}}}}}}}}}}
//- /templates/a.yaml
{{{{ range .Values.sidecars }}}}{{{{ .$0 }}}}{{{{ end }}}}
"#
    );
    expect![[r#"
        image — string (schema)
    "#]]
    .assert_eq(&completion(&fixture));
}

#[test]
fn element_fields_read_under_a_condition_are_not_checked() {
    // A condition inside the range may pick the elements that have the field.
    expect![[r#""#]].assert_eq(
        &diags(&chart(
            r#"{{- range $k, $v := .Values.ports }}
{{- if eq $k "grpc" }}{{ $v.h2c }}{{ end }}
{{- with $v.port }}{{ $v.tls }}{{ end }}
{{- end }}
{{- range .Values.items }}{{ if .name }}{{ .tag }}{{ end }}{{ end }}"#,
        ))
        .lines()
        .filter(|l| l.contains("undefined"))
        .collect::<String>(),
    );
}

#[test]
fn a_built_in_object_read_through_a_rebound_dot_says_so() {
    // Under `with`, `.Release` is a field of the value (Go fails when the value is set).
    expect![[r#"
        warning values-undefined templates/a.yaml@Release: `.Values.image.Release` is not defined in any values file or values schema; the dot is `.Values.image` here, not the top-level object: `$.Release` reads the built-in object
    "#]]
    .assert_eq(
        &diags(&chart(
            "{{- with .Values.image }}{{ .Release.Name }}{{ .tag }}{{ .repository }}{{ end }}",
        ))
        .lines()
        .filter(|l| l.contains("undefined"))
        .map(|l| format!("{l}\n"))
        .collect::<String>(),
    );
}

#[test]
fn schema_items_of_any_shape_leave_element_fields_open() {
    let fixture = format!(
        r#"{HEAD}//- /values.yaml
users: []
//- /values.schema.json
{{"type": "object", "properties": {{"users": {{"type": "array", "items": {{}}}}}}}}
//- /templates/a.yaml
{{{{ range .Values.users }}}}{{{{ .username }}}}{{{{ end }}}}
"#
    );
    expect![[r#""#]].assert_eq(&diags(&fixture));
}

#[test]
fn a_schema_only_value_goes_to_its_property_name() {
    let fixture = format!(
        r##"{HEAD}//- /values.yaml
a: 1
//- /values.schema.json
{{"type": "object", "properties": {{"extra": {{"$ref": "#/definitions/extra"}}}}, "definitions": {{"extra": {{"type": "object", "properties": {{"flag": {{"type": "boolean"}}}}}}}}}}
//- /templates/a.yaml
{{{{ .Values.a }}}}{{{{ .Values.extra.fl$0ag }}}}
"##
    );
    expect![[r#"
        definition:
        values.schema.json:1@flag
        references:
        templates/a.yaml:1@flag
    "#]]
    .assert_eq(&navigation(&fixture));
}

#[test]
fn rename_renames_the_schema_property_and_its_required_entry() {
    let fixture = format!(
        r#"{HEAD}//- /values.yaml
image:
  tag: "1"
//- /values.schema.json
{{"type": "object", "properties": {{"image": {{"type": "object", "required": ["tag"], "properties": {{"tag": {{"type": "string"}}, "digest": {{"type": "string"}}}}}}}}}}
//- /templates/a.yaml
{{{{ .Values.image.t$0ag }}}}{{{{ .Values.image.digest }}}}
"#
    );
    expect![[r#"
        //- /templates/a.yaml
        {{ .Values.image.version }}{{ .Values.image.digest }}
        //- /values.schema.json
        {"type": "object", "properties": {"image": {"type": "object", "required": ["version"], "properties": {"version": {"type": "string"}, "digest": {"type": "string"}}}}}
        //- /values.yaml
        image:
          version: "1"
    "#]]
    .assert_eq(&rename(&fixture, "version"));
    expect![[r#"
        error: `image.digest` already exists in a values schema
    "#]]
    .assert_eq(&rename(&fixture, "digest"));
    // References with declarations: the key and the schema property.
    let f = crate::fixture::Fixture::parse(&fixture);
    let (path, offset) = f.cursor();
    let refs = f.host.snapshot().references(path, offset, true).unwrap();
    expect![[r#"
        templates/a.yaml:1@tag
        values.schema.json:1@tag
        values.yaml:2@tag
    "#]]
    .assert_eq(&super::ranges(&f, &refs));
}

#[test]
fn hover_of_a_variable_says_which_value_it_holds() {
    expect![[r#"
        [$img]
        ```gotmpl
        $img := .Values.image
        ```
        Declared on line 1.

        Holds `.Values.image` — `map = {…2 keys}`

        - `values.yaml`: `{…2 keys}`
    "#]]
    .assert_eq(&hover(&chart(
        "{{- $img := .Values.image }}\n{{ $i$0mg.tag }}",
    )));
    expect![[r#"
        [$item]
        ```gotmpl
        range $i, $item := .Values.items
        ```
        Declared on line 1.

        Holds `.Values.items[]` — `map = {…2 keys}`

        - `values.yaml` `items[0]`: `{…2 keys}`
        - `values.yaml` `items[1]`: `{…1 key}`
    "#]]
    .assert_eq(&hover(&chart(
        "{{- range $i, $item := .Values.items }}{{ $it$0em.name }}{{ end }}",
    )));
}

#[test]
fn a_key_ranged_over_counts_each_written_reference_once() {
    // The range (once, not again for its elements), `.name` of each element, the `toYaml`.
    expect![[r#"
        [items]
        **`items`** — used by 3 references in templates: `templates/a.yaml:1`

        Extra containers.

        - `values.yaml`: `[…2 items]`
    "#]]
    .assert_eq(&hover(&format!(
        "{HEAD}{}//- /templates/a.yaml\n{{{{ range .Values.items }}}}{{{{ .name }}}}{{{{ end }}}}{{{{ .Values.items | toYaml }}}}\n",
        VALUES.replace("\nitems:", "\nit$0ems:")
    )));
}

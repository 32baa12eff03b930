//! `values-undefined` and `values-unused`: what is reported, where, and what is not.

use expect_test::expect;

use super::diags;

#[test]
fn undefined_reference_with_did_you_mean() {
    let out = diags(
        r#"
        //- /Chart.yaml
        apiVersion: v2
        name: demo
        version: 0.1.0
        //- /values.yaml
        image:
          repository: nginx
          tag: "1.0"
        //- /templates/deploy.yaml
        image: {{ .Values.image.repository }}:{{ .Values.image.tga }}
        other: {{ .Values.nothing }}
        "#,
    );
    expect![[r#"
        warning values-undefined templates/deploy.yaml@tga: `.Values.image.tga` is not defined in any values file or values schema; did you mean `.Values.image.tag`?
        warning values-undefined templates/deploy.yaml@nothing: `.Values.nothing` is not defined in any values file or values schema
        warning values-unused values.yaml@tag: `image.tag` is not used by any template
    "#]]
    .assert_eq(&out);
}

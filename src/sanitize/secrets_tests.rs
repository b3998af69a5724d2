//! One masked example and one near miss per row of the format table.

use super::{FORMATS, mask_secrets};

/// (format, text, masked text, near miss left as it is)
const EXAMPLES: &[(&str, &str, &str, &str)] = &[
    (
        "AWS access key id",
        "key AKIAIOSFODNN7EXAMPLE used",
        "key AKIA…MPLE used",
        "key AKIAIOSFODNN7EXAMPL used",
    ),
    (
        "AWS access key id",
        "ASIAY34FZKBOKMUTVV7A,",
        "ASIA…VV7A,",
        "xASIAY34FZKBOKMUTVV7A",
    ),
    (
        "AWS secret access key",
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
        "aws_secret_access_key = wJal…EKEY\n",
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLE\n",
    ),
    (
        "AWS secret access key",
        r#"{"SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}"#,
        r#"{"SecretAccessKey": "wJal…EKEY"}"#,
        r#"{"SecretAccessKeyId": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}"#,
    ),
    (
        "GitHub token",
        "token=ghp_R2d9XkLq7Tz0bVw3NcYp8MfHs4JuEa6GiO1x",
        "token=ghp_…iO1x",
        "token=ghp_R2d9XkLq7Tz0bVw3",
    ),
    (
        "GitHub token",
        "gho_16C7e42F292c6912E7710c838347Ae178B4a ghu_16C7e42F292c6912E7710c838347Ae178B4b",
        "gho_…8B4a ghu_…8B4b",
        "ghx_16C7e42F292c6912E7710c838347Ae178B4a",
    ),
    (
        "GitHub token",
        "ghs_16C7e42F292c6912E7710c838347Ae178B4c and ghr_1B4a2e77838347a7E420ce178F2E7c6912E169246c34E1ccbF66C46812d",
        "ghs_…8B4c and ghr_…812d",
        "ghs_16C7e42F292c and ghr_",
    ),
    (
        "GitHub fine-grained token",
        "github_pat_11ABCDEFG0abcdefghijKLMNOP_qrstuvwxyz0123456789",
        "github_pat_…6789",
        "github_pat_11ABCDEFG0abc",
    ),
    (
        "GitLab token",
        "glpat-Xy7pQ2rS9tUv4WzA1bCd",
        "glpat-…1bCd",
        "glpat-Xy7pQ2rS9t",
    ),
    (
        "GitLab token",
        "deploy token gldt-yZ8sQ3rT0uVw5XaB2cDe",
        "deploy token gldt-…2cDe",
        "deploy token gldt-yZ8sQ",
    ),
    (
        "Slack token",
        "SLACK_BOT_TOKEN=xoxb-2214839-5550012-qW3eRt7yUi9oP",
        "SLACK_BOT_TOKEN=xoxb-…i9oP",
        "xoxb-",
    ),
    (
        "Slack token",
        "user xoxp-2214839-5550012-aZ9yX8wV7u",
        "user xoxp-…wV7u",
        "user xoxq-2214839-5550012-aZ9yX8wV7u",
    ),
    (
        "Slack webhook",
        "post to https://hooks.slack.com/services/T0123ABCD/B0456EFGH/aBcDeFgHiJkLmNoPqRsTuVwX now",
        "post to https://hooks.slack.com/services/…uVwX now",
        "post to https://hooks.slack.com/services/ now",
    ),
    (
        "Google API key",
        "maps key=AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW;",
        "maps key=AIza…tUvW;",
        "maps AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOp",
    ),
    (
        "Stripe live key",
        "sk_live_4eC39HqLyjWDarjtT1zdp7dc and rk_live_51H8xYzAbCdEfGhIjK",
        "sk_live_…p7dc and rk_live_…hIjK",
        "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
    ),
    (
        "JWT",
        "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzdmMtZGVwbG95In0.c2lnbmF0dXJlLWZha2U.",
        "Bearer eyJ…ha2U.",
        "eyJhbGciOiJIUzI1NiJ9 alone",
    ),
    (
        "private key block",
        "before\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7\n-----END RSA PRIVATE KEY-----\nafter",
        "before\n-----BEGIN RSA PRIVATE KEY-----\n[private key masked]\n-----END RSA PRIVATE KEY-----\nafter",
        "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
    ),
    (
        "private key block",
        "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI",
        "-----BEGIN PRIVATE KEY-----\n[private key masked]\n-----END PRIVATE KEY-----",
        "we discussed the private key rotation",
    ),
    (
        "password or secret assignment",
        "DB_PASSWORD=hunter2 and client_secret: 'a b c'",
        "DB_PASSWORD=[masked] and client_secret: [masked]",
        "password reset requested; password_policy = strict",
    ),
    (
        "password or secret assignment",
        r#"{"password": "correct horse", "api_key":"k-123"}"#,
        r#"{"password": [masked], "api_key":[masked]}"#,
        "the secret is out (chat)",
    ),
];

#[test]
fn each_format_is_masked_and_its_near_miss_is_not() {
    for (name, text, masked, near_miss) in EXAMPLES {
        assert!(
            FORMATS.iter().any(|f| f.name == *name),
            "unknown format {name}"
        );
        assert_eq!(mask_secrets(text), *masked, "{name}: {text}");
        assert_eq!(mask_secrets(near_miss), *near_miss, "{name} near miss");
    }
}

#[test]
fn every_format_has_an_example() {
    for format in FORMATS {
        assert!(
            EXAMPLES.iter().any(|(name, ..)| *name == format.name),
            "{} has no example",
            format.name
        );
    }
}

#[test]
fn masking_never_splits_multibyte_text_and_never_leaks_a_body() {
    let fragments = [
        "é",
        "—",
        " AKIAIOSFODNN7EXAMPLE ",
        "-----BEGIN EC PRIVATE KEY-----",
        "MHcCAQEEIBodyBody",
        "-----END EC PRIVATE KEY-----",
        " ghp_R2d9XkLq7Tz0bVw3NcYp8MfHs4JuEa6GiO1x ",
        " password=Sw0rdfish ",
        "\n",
        "eyJhbGciOiJIUzI1NiJ9.",
    ];
    for a in fragments {
        for b in fragments {
            for c in fragments {
                let text = format!("{a}{b}{c}");
                let masked = mask_secrets(&text);
                assert!(!masked.contains("IOSFODNN7"), "{text:?} -> {masked:?}");
                assert!(!masked.contains("Xk"), "{text:?} -> {masked:?}");
                assert!(!masked.contains("Sw0rd"), "{text:?} -> {masked:?}");
                if text.contains("BEGIN EC PRIVATE KEY-----M") {
                    let after = masked.split("BEGIN EC PRIVATE KEY-----").nth(1);
                    assert!(after.is_some_and(|a| !a.contains("BodyBody")), "{text:?}");
                }
            }
        }
    }
}

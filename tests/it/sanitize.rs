//! Untrusted text: exact output for escape sequences, controls, bidi and secrets.

use std::borrow::Cow;

use nhitrace::sanitize::{line, lines, mask_secrets};

#[test]
fn plain_text_is_borrowed_unchanged() {
    let s = "Rotated AKIA key for svc-deploy — ok ✓";
    assert!(matches!(line(s), Cow::Borrowed(b) if b == s));
    assert!(matches!(mask_secrets("no secrets here"), Cow::Borrowed(_)));
}

#[test]
fn osc_window_title_becomes_markers() {
    assert_eq!(line("\x1b]2;X\x07"), "␛]2;X␇");
}

#[test]
fn csi_clear_screen_becomes_markers() {
    assert_eq!(line("\x1b[2J"), "␛[2J");
    assert_eq!(line("\x1b[31mERROR\x1b[0m"), "␛[31mERROR␛[0m");
}

#[test]
fn unterminated_osc_cannot_swallow_the_rest() {
    assert_eq!(
        line("title\x1b]0;pwned and more"),
        "title␛]0;pwned and more"
    );
}

#[test]
fn dcs_and_string_terminator() {
    assert_eq!(line("\x1bP1$r0m\x1b\\"), "␛P1$r0m␛\\");
}

#[test]
fn c1_controls_become_codepoint_markers() {
    assert_eq!(line("a\u{9b}31mb"), "a⟨U+009B⟩31mb");
    assert_eq!(line("\u{9d}0;t\u{9c}"), "⟨U+009D⟩0;t⟨U+009C⟩");
    assert_eq!(line("\u{85}"), "⟨U+0085⟩");
}

#[test]
fn bidi_overrides_become_codepoint_markers() {
    assert_eq!(line("admin\u{202E}gpj.exe"), "admin⟨U+202E⟩gpj.exe");
    assert_eq!(
        line("\u{2066}x\u{2069}\u{200E}\u{200F}\u{61C}"),
        "⟨U+2066⟩x⟨U+2069⟩⟨U+200E⟩⟨U+200F⟩⟨U+061C⟩"
    );
}

#[test]
fn other_c0_controls_del_tab_and_newline() {
    assert_eq!(line("a\0b\x08c\x7fd"), "a␀b␈c␡d");
    assert_eq!(line("k\tv"), "k    v");
    assert_eq!(line("one\ntwo\r\n"), "one⏎two␍⏎");
    assert_eq!(line("a\u{2028}b"), "a⟨U+2028⟩b");
}

#[test]
fn lines_split_and_sanitise_each_line() {
    assert_eq!(
        lines("ok\n\x1b[1mbold\x1b[0m\r\n\tindented\n"),
        vec!["ok", "␛[1mbold␛[0m", "    indented"]
    );
    assert_eq!(lines("lone\rcr"), vec!["lone␍cr"]);
    assert!(lines("").is_empty());
}

#[test]
fn aws_key_ids_keep_prefix_and_last_four() {
    assert_eq!(
        mask_secrets("key AKIAIOSFODNN7EXAMPLE used"),
        "key AKIA…MPLE used"
    );
    assert_eq!(mask_secrets("ASIAY34FZKBOKMUTVV7A,"), "ASIA…VV7A,");
    // Too long or glued to other letters: not a key id.
    assert_eq!(
        mask_secrets("AKIAIOSFODNN7EXAMPLEX"),
        "AKIAIOSFODNN7EXAMPLEX"
    );
    assert_eq!(
        mask_secrets("xAKIAIOSFODNN7EXAMPLE"),
        "xAKIAIOSFODNN7EXAMPLE"
    );
}

#[test]
fn aws_secret_access_key_value_is_masked() {
    assert_eq!(
        mask_secrets("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"),
        "aws_secret_access_key = wJal…EKEY\n"
    );
}

#[test]
fn github_gitlab_and_slack_tokens() {
    assert_eq!(
        mask_secrets("token=ghp_R2d9XkLq7Tz0bVw3NcYp8MfHs4JuEa6GiO1x"),
        "token=ghp_…iO1x"
    );
    assert_eq!(
        mask_secrets("github_pat_11ABCDEFG0abcdefghijKLMNOP_qrstuvwxyz0123456789"),
        "github_pat_…6789"
    );
    assert_eq!(mask_secrets("glpat-Xy7pQ2rS9tUv4WzA1bCd"), "glpat-…1bCd");
    assert_eq!(
        mask_secrets("SLACK_BOT_TOKEN=xoxb-2214839-5550012-qW3eRt7yUi9oP"),
        "SLACK_BOT_TOKEN=xoxb-…i9oP"
    );
    // Prefix alone or a short body is not a token.
    assert_eq!(mask_secrets("ghp_short and xoxb-"), "ghp_short and xoxb-");
}

#[test]
fn jwt_is_masked() {
    let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzdmMtZGVwbG95In0.c2lnbmF0dXJlLWZha2U";
    assert_eq!(mask_secrets(&format!("Bearer {jwt}.")), "Bearer eyJ…ha2U.");
}

#[test]
fn pem_private_key_body_is_masked() {
    let pem = "before\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7\nabc\n-----END RSA PRIVATE KEY-----\nafter";
    assert_eq!(
        mask_secrets(pem),
        "before\n-----BEGIN RSA PRIVATE KEY-----\n[private key masked]\n-----END RSA PRIVATE KEY-----\nafter"
    );
    let cut = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA";
    assert_eq!(
        mask_secrets(cut),
        "-----BEGIN OPENSSH PRIVATE KEY-----\n[private key masked]\n-----END OPENSSH PRIVATE KEY-----"
    );
    // A public certificate is not a secret.
    let cert = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
    assert_eq!(mask_secrets(cert), cert);
}

#[test]
fn masking_mixed_fragments_never_leaks_a_body_or_breaks_on_multibyte_text() {
    let fragments = [
        "é",
        "—",
        " AKIAIOSFODNN7EXAMPLE ",
        "-----BEGIN EC PRIVATE KEY-----",
        "MHcCAQEEIBodyBody",
        "-----END EC PRIVATE KEY-----",
        " ghp_R2d9XkLq7Tz0bVw3NcYp8MfHs4JuEa6GiO1x ",
        " ",
        "\n",
        "eyJhbGciOiJIUzI1NiJ9.",
    ];
    for a in fragments {
        for b in fragments {
            for c in fragments {
                // Tokens carry their own delimiting spaces; everything else touches.
                let text = format!("{a}{b}{c}");
                let masked = mask_secrets(&text);
                assert!(!masked.contains("IOSFODNN7"), "{text:?} -> {masked:?}");
                assert!(!masked.contains("Xk"), "{text:?} -> {masked:?}");
                if text.contains("BEGIN EC PRIVATE KEY-----M") {
                    let after = masked.split("BEGIN EC PRIVATE KEY-----").nth(1);
                    assert!(
                        after.is_some_and(|a| !a.contains("BodyBody")),
                        "{text:?} -> {masked:?}"
                    );
                }
            }
        }
    }
}

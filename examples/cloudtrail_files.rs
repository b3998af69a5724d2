//! Write synthetic AWS CloudTrail log files for the `import-events` benchmark:
//! `--events` records spread over `--files` gzipped `{"Records": [...]}` files, the
//! shape CloudTrail delivers to S3. The mix is an IAM-heavy account: 40% read-only
//! calls (`GetUser`, `ListAccessKeys`, `DescribeInstances`: skipped by the import)
//! and 60% mapped writes (`CreateAccessKey`, `UpdateAccessKey` to `Inactive`,
//! `DeleteAccessKey`, `AttachUserPolicy`, `AttachRolePolicy`, `PutRolePolicy`) over
//! 2,000 IAM users, 20,000 access keys and 500 roles. Deterministic for a seed.
//!
//! ```sh
//! cargo run --release --example cloudtrail_files -- /tmp/ct --events 1000000 --files 100
//! nhitrace demo /tmp/ct.db   # any store with the case to import into
//! /usr/bin/time -v nhitrace --db /tmp/ct.db import-events /tmp/ct/*.json.gz --case NHI-2026-0042
//! ```
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;

use chrono::{TimeDelta, TimeZone, Utc};
use flate2::Compression;
use flate2::write::GzEncoder;

const ACCOUNT: &str = "210987654321";
const USERS: u64 = 2_000;
const KEYS: u64 = 20_000;
const ROLES: u64 = 500;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn key_id(n: u64) -> String {
    format!("AKIAQBENCH{n:010}")
}

/// One CloudTrail record, number `n` of the whole set.
fn record(out: &mut String, n: u64, rng: &mut Rng) {
    let start = Utc.with_ymd_and_hms(2026, 6, 1, 0, 0, 0).unwrap();
    let at = start + TimeDelta::seconds(i64::try_from(n).unwrap());
    let time = at.format("%Y-%m-%dT%H:%M:%SZ");
    let user = format!("svc-{:04}", rng.below(USERS));
    let key = key_id(rng.below(KEYS));
    let role = format!("app-role-{:03}", rng.below(ROLES));
    let policy = format!("arn:aws:iam::aws:policy/Policy{:03}", rng.below(200));
    let pick = rng.below(100);
    let (name, read_only, request, response) = match pick {
        0..=19 => (
            "GetUser",
            true,
            format!(r#"{{"userName":"{user}"}}"#),
            "null".to_string(),
        ),
        20..=29 => (
            "ListAccessKeys",
            true,
            format!(r#"{{"userName":"{user}"}}"#),
            "null".to_string(),
        ),
        30..=39 => (
            "DescribeInstances",
            true,
            "{}".to_string(),
            "null".to_string(),
        ),
        40..=54 => (
            "CreateAccessKey",
            false,
            format!(r#"{{"userName":"{user}"}}"#),
            format!(
                r#"{{"accessKey":{{"userName":"{user}","accessKeyId":"{key}","status":"Active","createDate":"Jun 1, 2026 9:12:00 AM"}}}}"#
            ),
        ),
        55..=64 => (
            "UpdateAccessKey",
            false,
            format!(r#"{{"userName":"{user}","accessKeyId":"{key}","status":"Inactive"}}"#),
            "null".to_string(),
        ),
        65..=74 => (
            "DeleteAccessKey",
            false,
            format!(r#"{{"userName":"{user}","accessKeyId":"{key}"}}"#),
            "null".to_string(),
        ),
        75..=84 => (
            "AttachUserPolicy",
            false,
            format!(r#"{{"userName":"{user}","policyArn":"{policy}"}}"#),
            "null".to_string(),
        ),
        85..=92 => (
            "AttachRolePolicy",
            false,
            format!(r#"{{"roleName":"{role}","policyArn":"{policy}"}}"#),
            "null".to_string(),
        ),
        _ => (
            "PutRolePolicy",
            false,
            format!(
                r#"{{"roleName":"{role}","policyName":"inline-{}","policyDocument":"{{\"Version\":\"2012-10-17\"}}"}}"#,
                rng.below(50)
            ),
            "null".to_string(),
        ),
    };
    let source = if name == "DescribeInstances" {
        "ec2.amazonaws.com"
    } else {
        "iam.amazonaws.com"
    };
    let ip = format!("198.51.100.{}", rng.below(250) + 1);
    write!(
        out,
        r#"{{"eventVersion":"1.09","userIdentity":{{"type":"IAMUser","principalId":"AIDAQBENCHADMIN{a:05}","arn":"arn:aws:iam::{ACCOUNT}:user/ci-admin-{a}","accountId":"{ACCOUNT}","userName":"ci-admin-{a}"}},"eventTime":"{time}","eventSource":"{source}","eventName":"{name}","awsRegion":"us-east-1","sourceIPAddress":"{ip}","userAgent":"aws-cli/2.15.0","requestParameters":{request},"responseElements":{response},"requestID":"req-{n:012}","eventID":"bench-{n:012}","readOnly":{read_only},"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"{ACCOUNT}","eventCategory":"Management"}}"#,
        a = rng.below(20),
    )
    .unwrap();
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut dir: Option<PathBuf> = None;
    let (mut events, mut files, mut seed) = (1_000_000_u64, 100_u64, 7_u64);
    while let Some(arg) = args.next() {
        let mut value = || {
            args.next()
                .and_then(|v| v.parse::<u64>().ok())
                .expect("a number after the flag")
        };
        match arg.as_str() {
            "--events" => events = value(),
            "--files" => files = value().max(1),
            "--seed" => seed = value(),
            _ => dir = Some(PathBuf::from(arg)),
        }
    }
    let dir = dir.expect("usage: cloudtrail_files DIR [--events N] [--files F] [--seed S]");
    std::fs::create_dir_all(&dir).expect("create the folder");
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let per_file = events.div_ceil(files);
    let (mut n, mut raw, mut gz) = (0_u64, 0_usize, 0_u64);
    for file in 0..files {
        let mut text = String::from("{\"Records\":[");
        let end = (n + per_file).min(events);
        let first = n;
        while n < end {
            if n > first {
                text.push(',');
            }
            record(&mut text, n, &mut rng);
            n += 1;
        }
        text.push_str("]}");
        raw += text.len();
        let path = dir.join(format!(
            "{ACCOUNT}_CloudTrail_us-east-1_20260601T{file:04}Z_bench.json.gz"
        ));
        let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
        encoder.write_all(text.as_bytes()).unwrap();
        let bytes = encoder.finish().unwrap();
        gz += bytes.len() as u64;
        std::fs::write(&path, bytes).expect("write a file");
    }
    println!(
        "{events} events in {files} files under {}: {:.1} MiB of JSON, {:.1} MiB gzipped",
        dir.display(),
        raw as f64 / 1048576.0,
        gz as f64 / 1048576.0
    );
}

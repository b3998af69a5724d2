//! Word lists the generator draws from. Names are invented; identifiers only look
//! like real ones (no real account numbers, keys or secrets).

pub const PEOPLE: &[&str] = &[
    "alice.ng",
    "bob.okafor",
    "carol.diaz",
    "dev.patel",
    "erin.walsh",
    "farid.haddad",
    "grace.kim",
    "hiro.tanaka",
    "ines.costa",
    "jonas.berg",
    "kemi.adeyemi",
    "lena.fischer",
    "marco.rossi",
    "nadia.petrova",
    "oscar.lind",
    "priya.raman",
    "quinn.obrien",
    "rosa.mendes",
    "sam.cohen",
    "tariq.aziz",
];

pub const TEAMS: &[&str] = &[
    "payments",
    "billing",
    "identity",
    "platform",
    "data",
    "search",
    "mobile",
    "growth",
    "ledger",
    "risk",
    "support",
    "infra",
    "ml",
    "catalog",
    "checkout",
    "notifications",
];

pub const SERVICES: &[&str] = &[
    "deploy",
    "sync",
    "etl",
    "backup",
    "ci",
    "webhook",
    "exporter",
    "scheduler",
    "gateway",
    "reporter",
    "indexer",
    "migrator",
    "scanner",
    "relay",
];

pub const ENVIRONMENTS: &[&str] = &["prod", "prod", "prod", "staging", "dev", "shared"];

pub const CHANNELS: &[&str] = &["chat", "ticket", "email", "alert", "scanner"];

pub const TRACKERS: &[(&str, &str)] =
    &[("jira", "SEC"), ("servicenow", "INC"), ("slack", "thread")];

pub const LEAK_PLACES: &[&str] = &[
    "a public GitHub repository",
    "a CI build log",
    "a pasted chat message",
    "a support ticket attachment",
    "a container image layer",
    "a wiki page",
];

pub const FAILURES: &[&str] = &[
    "403 AccessDenied on s3:GetObject",
    "401 invalid_client from the token endpoint",
    "x509: certificate signed by unknown authority",
    "ExpiredToken: the security token has expired",
    "permission denied on secrets/data/ci",
    "SignatureDoesNotMatch after key rotation",
];

pub const CONTROLS: &[&str] = &[
    "IP allow-list on the integration",
    "weekly access log review",
    "alerting on new API callers",
    "read-only scope",
    "short session duration",
];

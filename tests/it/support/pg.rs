//! A throwaway PostgreSQL server for the tests of the PostgreSQL backend.
//!
//! The first test that asks for a database starts one server for the whole test process
//! (`initdb` into a fresh temp directory, then `postgres` listening only on a Unix socket in that
//! directory, with trust authentication and no fsync); every later test shares it and gets its
//! own database from [`new_database_url`].
//!
//! The server binaries are looked for in `$NHITRACE_PG_BIN`, then `pg_config --bindir`, then the
//! newest `/usr/lib/postgresql/*/bin` (Debian, Ubuntu), then the directory of `initdb` on `PATH`.
//! Without them the tests fail, with a message that says how to install them, unless
//! `NHITRACE_PG_TESTS=skip` is set: then the helpers here return `None` and a test prints
//! `skipped: ...` and returns:
//!
//! ```ignore
//! let Some(url) = pg::new_database_url() else {
//!     return pg::skipped("store_pg::opens_an_empty_database");
//! };
//! ```
//!
//! `initdb` and `postgres` refuse to run as root, so as root they run as the `postgres` user (or
//! `nobody`) through `setpriv` (or `runuser`), and the temp directory is handed to that user.
//!
//! The server lives in a static, which is never dropped, so it is stopped from outside: it runs
//! under a small `sh` wrapper (in its own process group, so a Ctrl-C at the terminal does not reach
//! it) whose standard input is a pipe that only this process writes to. When the pipe reports end
//! of file, the wrapper asks the server for a fast shutdown (SIGINT), waits for it (escalating to
//! SIGQUIT, then SIGKILL, if it hangs) and removes the temp directory. An `atexit` handler closes
//! the pipe and waits for the wrapper, so on a normal exit everything is gone before the test
//! binary is; when the process dies any other way (a signal, SIGKILL), the kernel closes the pipe
//! and the wrapper does the same on its own a moment later.
//!
//! The URLs name the socket directory percent-encoded in the host part, which both the `postgres`
//! crate and libpq read as a Unix socket directory, and nothing else, so a client can never reach
//! some other server on `localhost`:
//! `postgresql://nhitrace_test@%2Ftmp%2FnhpgAbC123:5432/nh_4242_0`.

use std::ffi::OsString;
use std::fs::{self, File};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use postgres::{Client, NoTls};

/// The superuser `initdb` makes; it owns every database of [`new_database_url`].
pub const SUPERUSER: &str = "nhitrace_test";

/// The port: only part of the socket's file name (`.s.PGSQL.5432`), as there is no TCP listener.
pub const PORT: u16 = 5432;

/// How long the server may take to accept connections once started.
const READY_TIMEOUT: Duration = Duration::from_secs(30);

/// Keeps the server running while this process runs, then stops it and removes its files.
///
/// `$1` is the temp directory, `$2` the data directory, the rest the server's command line. The
/// server runs in the background; a subshell blocks reading the pipe on standard input (moved to
/// descriptor 3) until this process exits, then stops the server. The main shell waits for the
/// server and writes `exited` into the temp directory when it is gone, which also tells the test
/// process that a server which never became ready has died (the log is still there to show).
const WRAPPER: &str = r#"
set -u
root=$1 data=$2
shift 2
exec 3<&0 </dev/null
"$@" 3<&- &
pg=$!
(
    read -r _ <&3 || :
    if [ ! -e "$root/exited" ]; then
        pm=
        { read -r pm <"$data/postmaster.pid"; } 2>/dev/null || :
        pm=${pm:-$pg}
        kill -INT "$pm" 2>/dev/null
        i=0
        while [ ! -e "$root/exited" ]; do
            i=$((i + 1))
            [ "$i" -eq 150 ] && kill -QUIT "$pm" 2>/dev/null
            if [ "$i" -ge 300 ]; then kill -KILL "$pm" 2>/dev/null; break; fi
            sleep 0.1 2>/dev/null || sleep 1
        done
    fi
) &
stopper=$!
exec 3<&-
wait "$pg"
echo "$?" >"$root/exited"
wait "$stopper"
rm -rf -- "$root"
"#;

static SERVER: OnceLock<Result<Option<Server>, String>> = OnceLock::new();
static COUNTER: AtomicU64 = AtomicU64::new(0);

struct Server {
    socket_dir: PathBuf,
    /// The wrapper, and the write end of its standard input, which stays open until
    /// [`stop_at_exit`] closes it (or the process ends without running it).
    wrapper: Mutex<Option<(ChildStdin, Child)>>,
}

impl Server {
    fn url(&self, user: &str, db: &str) -> String {
        format!(
            "postgresql://{}@{}:{PORT}/{}",
            encode(user.as_bytes()),
            encode(self.socket_dir.as_os_str().as_bytes()),
            encode(db.as_bytes())
        )
    }
}

/// A fresh, empty database owned by [`SUPERUSER`], and the URL that logs in to it as
/// [`SUPERUSER`]; `None` when the server binaries are missing and `NHITRACE_PG_TESTS=skip`.
pub fn new_database_url() -> Option<String> {
    let server = server()?;
    let db = format!(
        "nh_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    );
    let mut admin = connect(&server.url(SUPERUSER, "postgres"));
    admin
        .batch_execute(&format!("CREATE DATABASE {}", ident(&db)))
        .unwrap_or_else(|e| panic!("CREATE DATABASE {db}: {e}"));
    Some(server.url(SUPERUSER, &db))
}

/// The URL that logs in to database `db` (which need not exist) as [`SUPERUSER`].
pub fn superuser_url(db: &str) -> Option<String> {
    Some(server()?.url(SUPERUSER, db))
}

/// A new login role `nhitrace_reader_<n>` that may only read the database of `db_url`: CONNECT on
/// the database, USAGE on schema `public` and SELECT on the tables in it *now* (so call this once
/// the schema exists), nothing else. CREATE on schema `public` and CONNECT and TEMPORARY on the
/// database are taken from PUBLIC first, since they are granted to everyone by default (CREATE
/// only before PostgreSQL 15). Returns the URL that logs in as the new role.
pub fn create_role_select_only(db_url: &str) -> Option<String> {
    let server = server()?;
    let config: postgres::Config = db_url
        .parse()
        .unwrap_or_else(|e| panic!("not a PostgreSQL URL: {db_url}: {e}"));
    let db = config
        .get_dbname()
        .unwrap_or_else(|| panic!("the URL names no database: {db_url}"));
    let role = format!(
        "nhitrace_reader_{}",
        COUNTER.fetch_add(1, Ordering::Relaxed)
    );
    let (r, d) = (ident(&role), ident(db));
    connect(&server.url(SUPERUSER, db))
        .batch_execute(&format!(
            "CREATE ROLE {r} LOGIN;
             REVOKE ALL ON DATABASE {d} FROM PUBLIC;
             REVOKE CREATE ON SCHEMA public FROM PUBLIC;
             GRANT CONNECT ON DATABASE {d} TO {r};
             GRANT USAGE ON SCHEMA public TO {r};
             GRANT SELECT ON ALL TABLES IN SCHEMA public TO {r};"
        ))
        .unwrap_or_else(|e| panic!("creating the select-only role {role} in {db}: {e}"));
    Some(server.url(&role, db))
}

/// Connects to `url`, or panics saying which URL failed and why.
pub fn connect(url: &str) -> Client {
    Client::connect(url, NoTls)
        .unwrap_or_else(|e| panic!("connecting to {url}: {}", with_sources(&e)))
}

/// What a test prints when it returns early because the helpers here returned `None`.
pub fn skipped(test: &str) {
    eprintln!(
        "skipped: {test}: no PostgreSQL server binaries found, and NHITRACE_PG_TESTS=skip \
         allows that"
    );
}

/// The newest `<root>/<version>/bin` that holds `initdb` and `postgres`, versions compared as
/// numbers (`9.6` < `10` < `15`); `root` is `/usr/lib/postgresql` outside this module's tests.
pub fn newest_versioned_bin(root: &Path) -> Option<PathBuf> {
    fs::read_dir(root)
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name();
            let mut parts = name.to_str()?.splitn(2, '.');
            let major: u32 = parts.next()?.parse().ok()?;
            let minor: u32 = parts.next().map_or(Some(0), |m| m.parse().ok())?;
            let bin = entry.path().join("bin");
            has_server(&bin).then_some(((major, minor), bin))
        })
        .max_by_key(|(version, _)| *version)
        .map(|(_, bin)| bin)
}

/// Stops the server when the process exits normally (`atexit`), and waits until it is stopped and
/// its files are gone, so that nothing is left behind once `cargo test` returns. (When the process
/// is killed instead, the wrapper still sees end of file and cleans up, a moment later.)
extern "C" fn stop_at_exit() {
    let Some(Ok(Some(server))) = SERVER.get() else {
        return;
    };
    let Ok(mut wrapper) = server.wrapper.try_lock() else {
        return;
    };
    if let Some((stop, mut wrapper)) = wrapper.take() {
        drop(stop);
        let _ = wrapper.wait();
    }
}

/// The running server, started on first use; `None` when skipping. Panics (in every caller, with
/// the same message) when the binaries are missing or the server cannot be started.
fn server() -> Option<&'static Server> {
    match SERVER.get_or_init(start) {
        Ok(server) => server.as_ref(),
        Err(message) => panic!("{message}"),
    }
}

fn start() -> Result<Option<Server>, String> {
    let skip = match std::env::var("NHITRACE_PG_TESTS").ok().as_deref() {
        None | Some("" | "require") => false,
        Some("skip") => true,
        Some(other) => {
            return Err(format!(
                "NHITRACE_PG_TESTS={other:?}: expected `require` (the default) or `skip`"
            ));
        }
    };
    let Some(bin) = find_bin_dir()? else {
        if skip {
            return Ok(None);
        }
        return Err(
            "the PostgreSQL tests need the PostgreSQL server binaries (initdb, postgres), \
             and none were found in $NHITRACE_PG_BIN, `pg_config --bindir`, \
             /usr/lib/postgresql/*/bin or the directory of `initdb` on PATH. Install them \
             (Debian/Ubuntu: `apt-get install postgresql`; Fedora: `dnf install \
             postgresql-server`; macOS: `brew install postgresql`), or point NHITRACE_PG_BIN at \
             their directory, or set NHITRACE_PG_TESTS=skip to skip these tests"
                .to_string(),
        );
    };
    // SAFETY: geteuid has no preconditions and cannot fail.
    let user = if unsafe { libc::geteuid() } == 0 {
        Some(unprivileged_user()?)
    } else {
        None
    };
    start_server(&bin, user.as_ref()).map(Some)
}

/// Where `initdb` and `postgres` are, or `None` when nowhere; an error when `NHITRACE_PG_BIN`
/// names a directory without them.
fn find_bin_dir() -> Result<Option<PathBuf>, String> {
    if let Some(dir) = std::env::var_os("NHITRACE_PG_BIN").filter(|d| !d.is_empty()) {
        let dir = PathBuf::from(dir);
        return if has_server(&dir) {
            Ok(Some(dir))
        } else {
            Err(format!(
                "NHITRACE_PG_BIN={}: no initdb and postgres in it",
                dir.display()
            ))
        };
    }
    let from_pg_config = Command::new("pg_config")
        .arg("--bindir")
        .stderr(Stdio::null())
        .output()
        .ok()
        .filter(|out| out.status.success())
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .map(|dir| PathBuf::from(dir.trim()))
        .filter(|dir| has_server(dir));
    Ok(from_pg_config
        .or_else(|| newest_versioned_bin(Path::new("/usr/lib/postgresql")))
        .or_else(|| {
            // Through symbolic links: /usr/local/bin/initdb may point into the real directory.
            let initdb = fs::canonicalize(on_path("initdb")?).ok()?;
            let dir = initdb.parent()?.to_path_buf();
            has_server(&dir).then_some(dir)
        }))
}

fn has_server(dir: &Path) -> bool {
    dir.join("initdb").is_file() && dir.join("postgres").is_file()
}

fn on_path(program: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(program))
        .find(|path| path.is_file())
}

/// Who runs `initdb` and `postgres` when the tests run as root, and how.
struct User {
    name: String,
    uid: u32,
    gid: u32,
    /// `setpriv` (runs the command in place) or else `runuser` (forks and waits for it).
    switch: PathBuf,
}

impl User {
    /// The command line that runs `program` as this user.
    fn argv(&self, program: &Path) -> Vec<OsString> {
        let mut argv = vec![self.switch.clone().into_os_string()];
        if self.switch.ends_with("setpriv") {
            argv.extend([
                format!("--reuid={}", self.uid).into(),
                format!("--regid={}", self.gid).into(),
                "--clear-groups".into(),
            ]);
        } else {
            argv.extend(["-u".into(), self.name.clone().into()]);
        }
        argv.extend(["--".into(), program.as_os_str().to_owned()]);
        argv
    }
}

fn unprivileged_user() -> Result<User, String> {
    let id = |flag: &str, name: &str| -> Option<u32> {
        let out = Command::new("id").args([flag, name]).output().ok()?;
        out.status.success().then_some(())?;
        String::from_utf8(out.stdout).ok()?.trim().parse().ok()
    };
    let (name, uid, gid) = ["postgres", "nobody"]
        .into_iter()
        .find_map(|name| Some((name.to_string(), id("-u", name)?, id("-g", name)?)))
        .ok_or(
            "running as root, and initdb and postgres refuse to: but there is no `postgres` \
                or `nobody` user to run them as",
        )?;
    let switch = on_path("setpriv")
        .or_else(|| on_path("runuser"))
        .or_else(|| {
            ["/usr/bin/setpriv", "/usr/sbin/runuser", "/sbin/runuser"]
                .into_iter()
                .map(PathBuf::from)
                .find(|path| path.is_file())
        })
        .ok_or(
            "running as root, and initdb and postgres refuse to: but neither `setpriv` nor \
                `runuser` (util-linux) is there to run them as another user",
        )?;
    Ok(User {
        name,
        uid,
        gid,
        switch,
    })
}

fn command(argv: &[OsString]) -> Command {
    let mut command = Command::new(&argv[0]);
    command.args(&argv[1..]);
    command
}

fn start_server(bin: &Path, user: Option<&User>) -> Result<Server, String> {
    let as_user = |program: &str| match user {
        Some(user) => user.argv(&bin.join(program)),
        None => vec![bin.join(program).into_os_string()],
    };
    // Short, so that the socket's path stays within the 107 bytes of sun_path.
    let temp = tempfile::Builder::new()
        .prefix("nhpg")
        .tempdir_in("/tmp")
        .map_err(|e| format!("creating a temp directory for PostgreSQL in /tmp: {e}"))?;
    let root = temp.path().to_path_buf();
    let socket = root.join(format!(".s.PGSQL.{PORT}"));
    if socket.as_os_str().len() > 100 {
        return Err(format!("the socket path {} is too long", socket.display()));
    }
    if let Some(user) = user {
        std::os::unix::fs::chown(&root, Some(user.uid), Some(user.gid))
            .map_err(|e| format!("handing {} to user {}: {e}", root.display(), user.name))?;
    }
    let data = root.join("data");

    let initdb = command(&as_user("initdb"))
        .args([
            "-A",
            "trust",
            "-U",
            SUPERUSER,
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        ])
        .arg("-D")
        .arg(&data)
        .current_dir(&root)
        .env("LC_ALL", "C")
        .output()
        .map_err(|e| format!("running {}: {e}", bin.join("initdb").display()))?;
    if !initdb.status.success() {
        return Err(format!(
            "initdb failed ({}):\n{}{}",
            initdb.status,
            String::from_utf8_lossy(&initdb.stdout),
            String::from_utf8_lossy(&initdb.stderr)
        ));
    }

    let log_path = root.join("server.log");
    let log =
        File::create(&log_path).map_err(|e| format!("creating {}: {e}", log_path.display()))?;
    let log_too = log
        .try_clone()
        .map_err(|e| format!("{}: {e}", log_path.display()))?;
    let mut postgres = as_user("postgres");
    postgres.extend(
        [
            "-D".into(),
            data.clone().into_os_string(),
            "-k".into(),
            root.clone().into_os_string(),
            "-p".into(),
            PORT.to_string().into(),
        ]
        .into_iter()
        .chain(
            [
                "listen_addresses=",
                "fsync=off",
                "synchronous_commit=off",
                "full_page_writes=off",
                "max_connections=200",
            ]
            .into_iter()
            .flat_map(|setting| ["-c".into(), OsString::from(setting)]),
        ),
    );
    let mut wrapper = Command::new("sh")
        .args(["-c", WRAPPER, "nhitrace-pg"])
        .arg(&root)
        .arg(&data)
        .args(&postgres)
        .current_dir(&root)
        .env("LC_ALL", "C")
        .stdin(Stdio::piped())
        .stdout(log)
        .stderr(log_too)
        .process_group(0)
        .spawn()
        .map_err(|e| format!("starting the PostgreSQL wrapper (sh): {e}"))?;
    // From here on the wrapper removes the directory.
    let _ = temp.keep();
    let Some(stop) = wrapper.stdin.take() else {
        return Err("the PostgreSQL wrapper has no standard input".to_string());
    };
    let server = Server {
        socket_dir: root.clone(),
        wrapper: Mutex::new(Some((stop, wrapper))),
    };

    let url = server.url(SUPERUSER, "postgres");
    let started = Instant::now();
    let failure = loop {
        let error = match Client::connect(&url, NoTls).map_err(|e| with_sources(&e)) {
            Ok(_) => {
                // SAFETY: registers a function without arguments that neither unwinds nor exits.
                unsafe { libc::atexit(stop_at_exit) };
                return Ok(server);
            }
            Err(e) => e,
        };
        if root.join("exited").exists() {
            break format!("PostgreSQL exited while starting up ({error})");
        }
        if started.elapsed() > READY_TIMEOUT {
            break format!(
                "PostgreSQL did not accept connections within {READY_TIMEOUT:?} ({error})"
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let log = fs::read_to_string(&log_path).unwrap_or_default();
    // Closing the pipe stops the server (if it runs) and removes the directory.
    if let Ok(Some((stop, mut wrapper))) = server.wrapper.into_inner() {
        drop(stop);
        let _ = wrapper.wait();
    }
    Err(format!(
        "{failure}; server: {}, URL: {url}; its log:\n{log}",
        bin.join("postgres").display()
    ))
}

/// `error: its source: its source's source...`, as the `postgres` crate's errors leave the cause
/// (no socket yet, connection refused) to their source.
fn with_sources(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    text
}

/// `s` as a double-quoted SQL identifier.
fn ident(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// Percent-encodes all but the unreserved characters of RFC 3986.
fn encode(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

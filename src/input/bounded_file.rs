//! Reading a file someone named as evidence, without trusting what it is.
//!
//! The path may name a FIFO (whose open would wait for a writer), a device
//! (`/dev/zero`, `/dev/urandom`: endless), a directory, or a file that grows while it
//! is read. So: open without blocking, `fstat` the open file (not the path, which can
//! change in between), accept only a regular file within the limit, and read at most
//! one byte past the limit so a file that grew meanwhile is refused too.

use std::fs::{File, OpenOptions};
use std::io::Read;
use std::path::Path;

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum FileRefusal {
    #[error("cannot read {path}: {error}")]
    Unreadable { path: String, error: std::io::Error },
    #[error("{path} is {what}, not a regular file")]
    NotRegular { path: String, what: &'static str },
    #[error(
        "{path} is {size} bytes; the limit is {limit} bytes (max_file_bytes in the [evidence] section of the config)"
    )]
    TooLarge { path: String, size: u64, limit: u64 },
}

/// The bytes of the regular file at `path`, at most `limit` of them.
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, FileRefusal> {
    let shown = crate::sanitize::line(&path.display().to_string()).into_owned();
    let unreadable = |error| FileRefusal::Unreadable {
        path: shown.clone(),
        error,
    };
    let file = open_without_blocking(path).map_err(unreadable)?;
    let meta = file.metadata().map_err(unreadable)?;
    if !meta.is_file() {
        return Err(FileRefusal::NotRegular {
            path: shown,
            what: file_kind(&meta),
        });
    }
    let too_large = |size| FileRefusal::TooLarge {
        path: shown.clone(),
        size,
        limit,
    };
    if meta.len() > limit {
        return Err(too_large(meta.len()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    let read = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if read > limit {
        return Err(too_large(read));
    }
    Ok(bytes)
}

#[cfg(unix)]
fn open_without_blocking(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    // O_NONBLOCK only changes how a FIFO or device opens; a regular file reads as ever.
    OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_without_blocking(path: &Path) -> std::io::Result<File> {
    OpenOptions::new().read(true).open(path)
}

fn file_kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = meta.file_type();
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() {
        "a directory"
    } else {
        "not a file"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn refused(path: &Path, limit: u64) -> String {
        let started = Instant::now();
        let err = read_bounded(path, limit).unwrap_err().to_string();
        assert!(started.elapsed() < Duration::from_secs(1), "{err}");
        err
    }

    #[test]
    fn devices_directories_and_fifos_are_refused_at_once() {
        assert!(refused(Path::new("/dev/zero"), 1024).contains("is a device"));
        assert!(refused(Path::new("/dev/urandom"), 1024).contains("is a device"));
        let dir = tempfile::tempdir().unwrap();
        assert!(refused(dir.path(), 1024).contains("is a directory"));
        let fifo = dir.path().join("pipe");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(status.success());
        // No writer: a blocking open would wait forever.
        assert!(refused(&fifo, 1024).contains("is a FIFO"));
    }

    #[test]
    fn a_file_over_the_limit_is_refused_and_one_at_it_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.txt");
        std::fs::write(&path, vec![b'x'; 100]).unwrap();
        assert!(refused(&path, 99).contains("is 100 bytes; the limit is 99 bytes"));
        assert_eq!(read_bounded(&path, 100).unwrap().len(), 100);
        assert!(refused(&dir.path().join("none"), 10).starts_with("cannot read"));
    }
}

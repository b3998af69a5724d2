//! Reading an event file from disk, refusing one over the size limit before
//! reading it (the only I/O of this module).

use std::io::Read;
use std::path::Path;

use super::read::over_file_limit;
use super::{EventError, EventInput, Limits};

/// The file's bytes, named by its path as given.
pub fn load_file(path: &Path, limits: Limits) -> Result<EventInput, EventError> {
    let name = path.display().to_string();
    let cannot = |e: std::io::Error| EventError::file(&name, format!("cannot read: {e}"));
    let file = std::fs::File::open(path).map_err(cannot)?;
    let meta = file.metadata().map_err(cannot)?;
    if !meta.is_file() {
        return Err(EventError::file(&name, "is not a regular file"));
    }
    let limit = limits.max_file_bytes;
    if meta.len() > limit {
        return Err(EventError::file(&name, over_file_limit(meta.len(), limit)));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // One byte past the limit, so a file that grew meanwhile is still refused.
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > limit {
        return Err(EventError::file(
            &name,
            over_file_limit(bytes.len() as u64, limit),
        ));
    }
    Ok(EventInput { name, bytes })
}

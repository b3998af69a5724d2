//! `nhitrace demo PATH` and the temporary store behind `nhitrace --demo`.

use std::path::{Path, PathBuf};

use super::{CliError, paths};
use crate::store::{OpenMode, Store};

/// Write the bundled demo cases into a new store at `path`; refuses an existing path.
pub(super) fn write_demo_store(path: &Path) -> Result<u8, CliError> {
    let mut store = Store::open_at(&super::open::location_of(path), OpenMode::CreateNew)?;
    crate::demo::write_to(&mut store)?;
    let cases = store.case_summaries()?.len();
    println!("wrote {cases} demo cases to {}", path.display());
    Ok(0)
}

/// A private temporary directory holding a fresh demo store; removed when dropped.
pub(super) struct TempDemo {
    dir: PathBuf,
    pub store: PathBuf,
}

impl TempDemo {
    pub fn create() -> Result<TempDemo, CliError> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let dir =
            std::env::temp_dir().join(format!("nhitrace-demo-{}-{nanos:09}", std::process::id()));
        paths::create_private_dir(&dir)?;
        let demo = TempDemo {
            store: dir.join("demo.db"),
            dir,
        };
        let mut store = Store::open(&demo.store, OpenMode::CreateNew)?;
        crate::demo::write_to(&mut store)?;
        Ok(demo)
    }
}

impl Drop for TempDemo {
    fn drop(&mut self) {
        // Best effort: a leftover demo copy in the temp dir holds only demo data.
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

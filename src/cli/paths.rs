//! Where nhitrace keeps its files by default.

use std::path::PathBuf;

use super::CliError;

const STORE_FILE: &str = "nhitrace.db";

/// The default store: `nhitrace.db` in the platform data directory
/// (`~/.local/share/nhitrace/` on Linux, `~/Library/Application Support/nhitrace/` on macOS).
pub fn default_store() -> Result<PathBuf, CliError> {
    let dirs = directories::ProjectDirs::from("", "", "nhitrace").ok_or_else(|| {
        CliError::Usage("cannot find a home directory for the default store; pass --db PATH".into())
    })?;
    let dir = dirs.data_dir();
    create_private_dir(dir)?;
    Ok(dir.join(STORE_FILE))
}

/// Create a directory (and parents) readable only by the owner.
pub fn create_private_dir(dir: &std::path::Path) -> Result<(), CliError> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(dir)
        .map_err(|e| CliError::Io(format!("{}: {e}", dir.display())))
}

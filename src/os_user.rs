//! Who is at the keyboard: the name the audit log, bundles and new entries record.

/// The operating-system user running nhitrace: `$USER`, then `$LOGNAME`, then the
/// name `/etc/passwd` gives the process's uid, then `uid:N`.
pub fn os_user() -> String {
    for variable in ["USER", "LOGNAME"] {
        if let Ok(name) = std::env::var(variable)
            && !name.trim().is_empty()
        {
            return name;
        }
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let Ok(meta) = std::fs::metadata("/proc/self") {
            let uid = meta.uid();
            return passwd_name(uid).unwrap_or_else(|| format!("uid:{uid}"));
        }
    }
    "unknown".to_string()
}

#[cfg(unix)]
fn passwd_name(uid: u32) -> Option<String> {
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let mut fields = line.split(':');
        let name = fields.next()?;
        let entry_uid: u32 = fields.nth(1)?.parse().ok()?;
        (entry_uid == uid && !name.is_empty()).then(|| name.to_string())
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_someone() {
        let user = super::os_user();
        assert!(!user.trim().is_empty());
        assert_ne!(user, "unknown");
    }
}

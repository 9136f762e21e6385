//! Writing files the user asked for (`--output`, `--save-answers`): whole or
//! not at all, never over an existing file unless told to, and private when
//! the content is.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically: into a temporary file in the same
/// folder, synced, then moved into place, so a reader never sees half a file
/// and a failure leaves nothing behind.
///
/// Without `force`, an existing `path` (even a dangling link) is an
/// [`io::ErrorKind::AlreadyExists`] error and is left untouched; on Unix the
/// final step is a hard link, which refuses to replace a file created in the
/// meantime. With `force` an existing file is replaced. On Unix, `mode`
/// (such as `0o600`) is the new file's permission bits, set when the temporary
/// file is created, before any content is written.
pub fn write_new_file(path: &Path, bytes: &[u8], force: bool, mode: Option<u32>) -> io::Result<()> {
    if !force && fs::symlink_metadata(path).is_ok() {
        return Err(already_exists());
    }
    let name = path.file_name().ok_or_else(|| {
        io::Error::new(io::ErrorKind::InvalidInput, "the path does not name a file")
    })?;
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let (temp_path, mut file) = create_temp(folder, &name.to_string_lossy(), mode)?;
    let result = file
        .write_all(bytes)
        .and_then(|()| file.sync_all())
        .and_then(|()| {
            drop(file);
            if force {
                fs::rename(&temp_path, path)
            } else {
                move_without_replacing(&temp_path, path)
            }
        });
    // After a rename the temporary name is gone; after a hard link or an error
    // it is still there. Either way nothing but `path` must be left behind.
    let _ = fs::remove_file(&temp_path);
    result
}

fn already_exists() -> io::Error {
    io::Error::new(io::ErrorKind::AlreadyExists, "the file already exists")
}

/// Creates a new, empty temporary file next to the target, with the mode asked for.
fn create_temp(folder: &Path, name: &str, mode: Option<u32>) -> io::Result<(PathBuf, fs::File)> {
    for attempt in 0..100u32 {
        let candidate = folder.join(format!(".{name}.{}.{attempt}.tmp", std::process::id()));
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(mode.unwrap_or(0o666));
        }
        match options.open(&candidate) {
            Ok(file) => {
                #[cfg(unix)]
                if let Some(mode) = mode {
                    // The umask may have removed bits; a private file must be
                    // exactly as private as asked, and a wider mode is allowed
                    // only when asked for explicitly.
                    use std::os::unix::fs::PermissionsExt;
                    file.set_permissions(fs::Permissions::from_mode(mode))?;
                }
                return Ok((candidate, file));
            }
            Err(err) if err.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(err) => return Err(err),
        }
    }
    #[cfg(not(unix))]
    let _ = mode;
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        "no free temporary file name in the folder",
    ))
}

/// Moves `from` to `to` unless `to` exists. A hard link fails atomically when
/// `to` exists; where the file system has no hard links, check then rename.
fn move_without_replacing(from: &Path, to: &Path) -> io::Result<()> {
    match fs::hard_link(from, to) {
        Ok(()) => Ok(()),
        Err(err) if err.kind() == io::ErrorKind::AlreadyExists => Err(already_exists()),
        Err(_) => {
            if fs::symlink_metadata(to).is_ok() {
                return Err(already_exists());
            }
            fs::rename(from, to)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// A new file is written whole, and no temporary file is left behind.
    #[test]
    fn writes_a_new_file() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("report.md");
        write_new_file(&path, b"# report\n", false, None).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"# report\n");
        assert_eq!(names(dir.path()), vec!["report.md"]);
    }

    /// An existing file is kept unless `force` is given, which replaces it.
    #[test]
    fn refuses_to_overwrite_without_force() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("report.md");
        fs::write(&path, "keep me").unwrap();
        let err = write_new_file(&path, b"new", false, None).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read_to_string(&path).unwrap(), "keep me");
        assert_eq!(
            names(dir.path()),
            vec!["report.md"],
            "no temporary file left"
        );
        write_new_file(&path, b"new", true, None).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(names(dir.path()), vec!["report.md"]);
    }

    /// A dangling symbolic link counts as an existing file: it is not followed.
    #[cfg(unix)]
    #[test]
    fn refuses_a_dangling_link() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("report.md");
        std::os::unix::fs::symlink(dir.path().join("elsewhere"), &path).unwrap();
        let err = write_new_file(&path, b"x", false, None).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert!(!dir.path().join("elsewhere").exists());
    }

    /// A failure (here: a folder that does not exist) creates nothing.
    #[test]
    fn failure_leaves_nothing_behind() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("missing/report.md");
        assert!(write_new_file(&path, b"x", false, None).is_err());
        assert!(names(dir.path()).is_empty());
        // A path that is a folder cannot be replaced, and no temporary file remains.
        let folder = dir.path().join("folder");
        fs::create_dir(&folder).unwrap();
        assert!(write_new_file(&folder, b"x", true, None).is_err());
        assert_eq!(names(dir.path()), vec!["folder"]);
    }

    /// With a mode, the file gets exactly those permission bits.
    #[cfg(unix)]
    #[test]
    fn private_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("answers.toml");
        write_new_file(&path, b"x", false, Some(0o600)).unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        // Replacing with --force keeps the file private too.
        write_new_file(&path, b"y", true, Some(0o600)).unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

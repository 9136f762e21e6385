//! Writing files the user asked for: atomically, never over an existing file
//! unless told to, and private when the content is.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

/// Writes `bytes` to `path` through a temporary file in the same folder and a
/// rename, so a reader never sees half a file and a failure leaves nothing
/// behind. An existing file is an `AlreadyExists` error unless `force` is set.
/// On Unix, `mode` (such as `0o600`) is set before any content is written.
pub fn write_new_file(path: &Path, bytes: &[u8], force: bool, mode: Option<u32>) -> io::Result<()> {
    if !force && fs::symlink_metadata(path).is_ok() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "the file already exists",
        ));
    }
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path has no file name"))?;
    let mut temp = None;
    for attempt in 0..100u32 {
        let candidate = folder.join(format!(
            ".{}.{}.{attempt}.tmp",
            name.to_string_lossy(),
            std::process::id()
        ));
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        if let Some(mode) = mode {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(mode);
        }
        match options.open(&candidate) {
            Ok(file) => {
                temp = Some((candidate, file));
                break;
            }
            Err(err) if err.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(err) => return Err(err),
        }
    }
    let (temp_path, mut file) = temp.ok_or_else(|| {
        io::Error::new(io::ErrorKind::AlreadyExists, "no free temporary file name")
    })?;
    let result = file
        .write_all(bytes)
        .and_then(|()| file.sync_all())
        .and_then(|()| {
            if !force && fs::symlink_metadata(path).is_ok() {
                return Err(io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    "the file already exists",
                ));
            }
            fs::rename(&temp_path, path)
        });
    if result.is_err() {
        let _ = fs::remove_file(&temp_path);
    }
    #[cfg(not(unix))]
    let _ = mode;
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A new file is written whole; an existing one is kept unless forced.
    #[test]
    fn refuses_to_overwrite_without_force() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("answers.toml");
        write_new_file(&path, b"one", false, None).unwrap();
        let err = write_new_file(&path, b"two", false, None).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&path).unwrap(), b"one");
        write_new_file(&path, b"three", true, None).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"three");
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file left behind");
    }

    /// The mode asked for is the file's mode.
    #[cfg(unix)]
    #[test]
    fn private_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("answers.toml");
        write_new_file(&path, b"x", false, Some(0o600)).unwrap();
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }

    /// A folder that does not exist is an error, and nothing is created.
    #[test]
    fn missing_folder_is_an_error() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("no/such/answers.toml");
        assert!(write_new_file(&path, b"x", false, None).is_err());
    }
}

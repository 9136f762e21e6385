//! Writing files the user asked for (`--output`, `--save-answers`): whole or
//! not at all, only ever over a regular file, never over an existing one
//! unless told to, and private when the content is.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Why a file was not written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// Something is at the path and `force` was not given.
    #[error("the file already exists")]
    Exists,
    /// What is at the path is not a regular file (a folder, a device, a
    /// named pipe, a socket, a symbolic link): it is never replaced, with
    /// `force` or without. The text says what it is, as "a folder".
    #[error("it is {0}, not a regular file")]
    NotAFile(&'static str),
    /// The file system refused.
    #[error("{0}")]
    Io(#[from] io::Error),
}

/// Writes `bytes` to `path` atomically: into a temporary file in the same
/// folder, synced, then moved into place, and the folder synced after the
/// move, so a reader never sees half a file, a failure leaves nothing
/// behind, and a saved file survives a crash.
///
/// Only a regular file is ever replaced, and only with `force`: without it
/// an existing `path` is [`WriteError::Exists`] and the final move refuses
/// to replace a file created in the meantime (`persist_noclobber`); anything
/// but a regular file (a device such as `/dev/null`, a named pipe, a folder,
/// a symbolic link, even a dangling one) is [`WriteError::NotAFile`]. On
/// Unix, `mode` (such as `0o600`) is the new file's exact permission bits,
/// set before any content is written; without it the file gets the usual
/// `0o666` less the umask.
pub fn write_new_file(
    path: &Path,
    bytes: &[u8],
    force: bool,
    mode: Option<u32>,
) -> Result<(), WriteError> {
    may_write(path, force)?;
    let name = path.file_name().ok_or_else(|| {
        io::Error::new(io::ErrorKind::InvalidInput, "the path does not name a file")
    })?;
    let folder = folder_of(path);
    let mut builder = tempfile::Builder::new();
    let prefix = format!(".{}.", name.to_string_lossy());
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(mode.unwrap_or(0o666)));
    }
    // tempfile adds the temporary file's random name to its errors; the
    // user named `path`, and the caller names it.
    let mut temp = builder.tempfile_in(folder).map_err(without_temp_path)?;
    // The umask may have removed bits; a private file must be exactly as
    // private as asked, and a wider mode is given only when asked for.
    #[cfg(unix)]
    if let Some(mode) = mode {
        use std::os::unix::fs::PermissionsExt;
        temp.as_file()
            .set_permissions(fs::Permissions::from_mode(mode))?;
    }
    #[cfg(not(unix))]
    let _ = mode;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    // On an error the temporary file is removed when `temp` is dropped.
    let persisted = if force {
        temp.persist(path)
    } else {
        temp.persist_noclobber(path)
    };
    match persisted {
        Ok(_) => {}
        Err(err) if err.error.kind() == io::ErrorKind::AlreadyExists => {
            return Err(WriteError::Exists);
        }
        Err(err) => return Err(err.error.into()),
    }
    sync_folder(folder)?;
    Ok(())
}

/// Whether [`write_new_file`] may write `path` as things are now: nothing
/// is there, or a regular file is and `force` is given. Checked before
/// work that would be lost if the write were refused at the end (the
/// questionnaire), and again by the write itself.
pub fn may_write(path: &Path, force: bool) -> Result<(), WriteError> {
    match fs::symlink_metadata(path) {
        Ok(metadata) if !metadata.file_type().is_file() => {
            Err(WriteError::NotAFile(kind_of(&metadata.file_type())))
        }
        Ok(_) if !force => Err(WriteError::Exists),
        _ => Ok(()),
    }
}

/// The operating system's error inside one of tempfile's, which adds " at
/// path" and the temporary file's random name: the user named another
/// file, and the caller names that one.
fn without_temp_path(err: io::Error) -> io::Error {
    let text = err.to_string();
    match text.rfind(" at path ") {
        Some(cut) => io::Error::new(err.kind(), &text[..cut]),
        None => err,
    }
}

/// The folder a path's file is in: `.` for a bare name.
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// Makes a rename in `folder` durable: the new name is in the folder's own
/// data, which is written on a sync of the folder, not of the file.
#[cfg(unix)]
fn sync_folder(folder: &Path) -> io::Result<()> {
    match fs::File::open(folder).and_then(|opened| opened.sync_all()) {
        // Some file systems cannot sync a folder; the file itself is synced.
        Err(err)
            if matches!(
                err.kind(),
                io::ErrorKind::InvalidInput | io::ErrorKind::Unsupported
            ) =>
        {
            Ok(())
        }
        other => other,
    }
}

/// Elsewhere a folder cannot be opened to be synced; the file itself is.
#[cfg(not(unix))]
fn sync_folder(_folder: &Path) -> io::Result<()> {
    Ok(())
}

/// What a thing that is not a regular file is, in words.
fn kind_of(file_type: &fs::FileType) -> &'static str {
    if file_type.is_dir() {
        return "a folder";
    }
    if file_type.is_symlink() {
        return "a symbolic link";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device";
        }
    }
    "a special file"
}

/// Whether two paths name the same file, once links and `..` are resolved:
/// the same resolved path, or (on Unix, when both exist) the same file by
/// device and inode, as hard links are. A path that does not exist yet is
/// resolved by its folder. Used to refuse, before anything is written,
/// writing two things to one file.
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    if let (Ok(first), Ok(second)) = (fs::metadata(a), fs::metadata(b)) {
        use std::os::unix::fs::MetadataExt;
        return first.dev() == second.dev() && first.ino() == second.ino();
    }
    match (resolved(a), resolved(b)) {
        (Some(first), Some(second)) => first == second,
        _ => a == b,
    }
}

/// `path` made absolute with every link resolved, or, for a file that does
/// not exist yet, its folder resolved and the name put back.
fn resolved(path: &Path) -> Option<PathBuf> {
    if let Ok(full) = fs::canonicalize(path) {
        return Some(full);
    }
    let name = path.file_name()?;
    Some(fs::canonicalize(folder_of(path)).ok()?.join(name))
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
        assert!(matches!(err, WriteError::Exists), "{err:?}");
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

    /// A symbolic link, even a dangling one, is not followed and not
    /// replaced, with `force` or without.
    #[cfg(unix)]
    #[test]
    fn refuses_a_link() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("report.md");
        std::os::unix::fs::symlink(dir.path().join("elsewhere"), &path).unwrap();
        for force in [false, true] {
            let err = write_new_file(&path, b"x", force, None).unwrap_err();
            assert!(
                matches!(err, WriteError::NotAFile("a symbolic link")),
                "{err:?}"
            );
        }
        assert!(!dir.path().join("elsewhere").exists());
        assert!(
            fs::symlink_metadata(&path)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(names(dir.path()), vec!["report.md"]);
    }

    /// A named pipe and a device are refused even with `force`, and stay
    /// what they were; nothing is written into them.
    #[cfg(unix)]
    #[test]
    fn refuses_a_pipe_and_a_device() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::TempDir::new().unwrap();
        let fifo = dir.path().join("pipe");
        rustix::fs::mkfifoat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
        )
        .unwrap();
        for force in [false, true] {
            let err = write_new_file(&fifo, b"x", force, None).unwrap_err();
            assert!(
                matches!(err, WriteError::NotAFile("a named pipe (FIFO)")),
                "{err:?}"
            );
            let err = write_new_file(Path::new("/dev/null"), b"x", force, None).unwrap_err();
            assert!(matches!(err, WriteError::NotAFile("a device")), "{err:?}");
        }
        assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
        assert!(
            fs::symlink_metadata("/dev/null")
                .unwrap()
                .file_type()
                .is_char_device()
        );
        assert_eq!(names(dir.path()), vec!["pipe"], "no temporary file left");
    }

    /// A failure (here: a folder that does not exist) creates nothing, and
    /// a folder at the path is not replaced.
    #[test]
    fn failure_leaves_nothing_behind() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("missing/report.md");
        match write_new_file(&path, b"x", false, None) {
            // The reason, without the temporary file's name.
            Err(WriteError::Io(err)) => assert_eq!(err.kind(), io::ErrorKind::NotFound, "{err}"),
            other => panic!("{other:?}"),
        }
        let err = write_new_file(&path, b"x", false, None).unwrap_err();
        assert!(!err.to_string().contains(".tmp"), "{err}");
        assert!(names(dir.path()).is_empty());
        let folder = dir.path().join("folder");
        fs::create_dir(&folder).unwrap();
        let err = write_new_file(&folder, b"x", true, None).unwrap_err();
        assert!(matches!(err, WriteError::NotAFile("a folder")), "{err:?}");
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

    /// The same file is recognised through `.`, `..`, a link and a hard
    /// link, whether or not it exists yet; different names are different.
    #[cfg(unix)]
    #[test]
    fn same_file_resolves_paths() {
        let dir = tempfile::TempDir::new().unwrap();
        let base = dir.path();
        fs::create_dir(base.join("sub")).unwrap();
        let new = base.join("new.toml");
        assert!(same_file(&new, &base.join("sub/../new.toml")));
        assert!(same_file(&new, &base.join("./new.toml")));
        assert!(!same_file(&new, &base.join("other.toml")));
        fs::write(&new, "x").unwrap();
        std::os::unix::fs::symlink(&new, base.join("link.toml")).unwrap();
        fs::hard_link(&new, base.join("hard.toml")).unwrap();
        assert!(same_file(&new, &base.join("link.toml")));
        assert!(same_file(&base.join("hard.toml"), &new));
        assert!(!same_file(&new, &base.join("sub")));
    }
}

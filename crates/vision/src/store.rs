//! Storage of sanitised photo bytes by photo id and variant, with a filesystem implementation.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use uuid::Uuid;

/// A derived image of a photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Variant {
    Working,
    Thumbnail,
}

impl Variant {
    fn file_suffix(self) -> &'static str {
        match self {
            Variant::Working => "working.jpg",
            Variant::Thumbnail => "thumbnail.jpg",
        }
    }
}

/// A failure to read or write stored photo bytes.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("photo store I/O failed on {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
}

/// Keeps photo bytes by id and variant. Implementations must make `put` atomic: a reader sees
/// either no photo or the whole photo.
pub trait PhotoStore: Send + Sync {
    /// Stores `bytes` as the given variant of photo `id`, replacing any earlier bytes.
    fn put(&self, id: Uuid, variant: Variant, bytes: &[u8]) -> Result<(), StoreError>;

    /// Returns the stored bytes, or `None` when that variant of `id` is not stored.
    fn get(&self, id: Uuid, variant: Variant) -> Result<Option<Vec<u8>>, StoreError>;

    /// Removes the variant; removing one that is not stored succeeds.
    fn delete(&self, id: Uuid, variant: Variant) -> Result<(), StoreError>;
}

/// A [`PhotoStore`] under one directory: `<root>/<first two hex digits>/<uuid>.<variant>.jpg`.
///
/// Paths are built only from the UUID and the variant, never from anything a client sent.
/// The calls block; async callers should run them on a blocking thread pool.
#[derive(Debug, Clone)]
pub struct FsPhotoStore {
    root: PathBuf,
}

impl FsPhotoStore {
    /// Opens a store rooted at `root`, creating the directory when missing.
    pub fn open(root: impl Into<PathBuf>) -> Result<FsPhotoStore, StoreError> {
        let root = root.into();
        fs::create_dir_all(&root).map_err(|source| StoreError::Io {
            path: root.clone(),
            source,
        })?;
        Ok(FsPhotoStore { root })
    }

    /// Returns the directory this store writes under.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn path_for(&self, id: Uuid, variant: Variant) -> PathBuf {
        let name = id.as_hyphenated().to_string();
        self.root
            .join(&name[..2])
            .join(format!("{name}.{}", variant.file_suffix()))
    }
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    }
}

impl PhotoStore for FsPhotoStore {
    fn put(&self, id: Uuid, variant: Variant, bytes: &[u8]) -> Result<(), StoreError> {
        let path = self.path_for(id, variant);
        let directory = path
            .parent()
            .expect("a photo path always has its shard directory as parent");
        fs::create_dir_all(directory).map_err(io_error(directory))?;

        // Write a uniquely named temporary file in the same directory, flush it to disk and
        // rename it over the target, so a crash never leaves a half-written photo.
        let temporary = directory.join(format!(".{}.tmp", Uuid::new_v4().as_simple()));
        let written = write_synced(&temporary, bytes).and_then(|()| fs::rename(&temporary, &path));
        if let Err(source) = written {
            let _ = fs::remove_file(&temporary);
            return Err(StoreError::Io { path, source });
        }
        Ok(())
    }

    fn get(&self, id: Uuid, variant: Variant) -> Result<Option<Vec<u8>>, StoreError> {
        let path = self.path_for(id, variant);
        match fs::read(&path) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(StoreError::Io { path, source }),
        }
    }

    fn delete(&self, id: Uuid, variant: Variant) -> Result<(), StoreError> {
        let path = self.path_for(id, variant);
        match fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(source) => Err(StoreError::Io { path, source }),
        }
    }
}

fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = fs::File::create_new(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

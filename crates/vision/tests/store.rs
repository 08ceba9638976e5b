//! The filesystem photo store: round trips, variants, deletes and atomic writes.

use trackchild_vision::{FsPhotoStore, PhotoStore, Variant};
use uuid::Uuid;

fn temporary_store() -> (FsPhotoStore, std::path::PathBuf) {
    let root = std::env::temp_dir().join(format!("trackchild-vision-store-{}", Uuid::new_v4()));
    (
        FsPhotoStore::open(&root).expect("a temporary directory can be created"),
        root,
    )
}

#[test]
fn put_get_delete_round_trip() {
    let (store, root) = temporary_store();
    let id = Uuid::new_v4();

    store
        .put(id, Variant::Working, b"working bytes")
        .expect("put succeeds");
    store
        .put(id, Variant::Thumbnail, b"thumb")
        .expect("put succeeds");

    assert_eq!(
        store.get(id, Variant::Working).unwrap().as_deref(),
        Some(&b"working bytes"[..])
    );
    assert_eq!(
        store.get(id, Variant::Thumbnail).unwrap().as_deref(),
        Some(&b"thumb"[..])
    );

    store.delete(id, Variant::Working).expect("delete succeeds");
    assert_eq!(store.get(id, Variant::Working).unwrap(), None);
    assert!(
        store.get(id, Variant::Thumbnail).unwrap().is_some(),
        "the other variant stays"
    );
    store
        .delete(id, Variant::Working)
        .expect("deleting a missing variant succeeds");

    std::fs::remove_dir_all(root).expect("the temporary store can be removed");
}

#[test]
fn put_replaces_and_leaves_no_temporary_files() {
    let (store, root) = temporary_store();
    let id = Uuid::new_v4();

    store.put(id, Variant::Working, b"first").unwrap();
    store.put(id, Variant::Working, b"second").unwrap();

    assert_eq!(
        store.get(id, Variant::Working).unwrap().as_deref(),
        Some(&b"second"[..])
    );
    let shard = root.join(&id.to_string()[..2]);
    let names: Vec<String> = std::fs::read_dir(&shard)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec![format!("{id}.working.jpg")]);

    std::fs::remove_dir_all(root).unwrap();
}

#[test]
fn missing_photo_is_none() {
    let (store, root) = temporary_store();

    assert_eq!(store.get(Uuid::new_v4(), Variant::Thumbnail).unwrap(), None);

    std::fs::remove_dir_all(root).unwrap();
}

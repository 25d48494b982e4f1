use std::path::{Path, PathBuf};

use crate::IngestError;

/// Every file under `paths` (folders walked recursively, hidden entries skipped), sorted and
/// de-duplicated so that the result never depends on the order of the file system or of arguments.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<PathBuf>, IngestError> {
    let mut files = Vec::new();
    for path in paths {
        let metadata = fs_err::metadata(path)
            .map_err(|source| IngestError::Input { path: path.clone(), source })?;
        if metadata.is_file() {
            files.push(path.clone());
            continue;
        }
        let walker = walkdir::WalkDir::new(path).follow_links(true).into_iter();
        for entry in walker.filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.path())) {
            let entry = entry.map_err(|source| IngestError::Walk { path: path.clone(), source })?;
            if entry.file_type().is_file() {
                files.push(entry.into_path());
            }
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

fn is_hidden(path: &Path) -> bool {
    path.file_name().and_then(|name| name.to_str()).is_some_and(|name| name.starts_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_sorted_and_skips_hidden() {
        let dir = tempfile::tempdir().unwrap();
        fs_err::create_dir_all(dir.path().join("b/.git")).unwrap();
        for name in ["b/2.txt", "a.txt", "b/.git/x", ".hidden"] {
            fs_err::write(dir.path().join(name), "x").unwrap();
        }
        let found = discover(&[dir.path().to_path_buf(), dir.path().join("a.txt")]).unwrap();
        let names: Vec<_> =
            found.iter().map(|p| p.strip_prefix(dir.path()).unwrap().to_owned()).collect();
        assert_eq!(names, [PathBuf::from("a.txt"), PathBuf::from("b/2.txt")]);
        assert!(discover(&[dir.path().join("missing")]).is_err());
    }
}

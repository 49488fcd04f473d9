//! Files sent as parts of `multipart/form-data` bodies: bytes in memory, or a file on disk read
//! as the request is sent (again for each attempt, so a retried upload sends it whole).

use bytes::Bytes;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::path::{Path, PathBuf};

/// A file to upload as one part of a multipart body, with the file name and content type the
/// part declares.
///
/// ```
/// use apigen_runtime::FilePart;
///
/// let receipt = FilePart::bytes(b"%PDF-1.7".to_vec()).file_name("receipt.pdf").content_type("application/pdf");
/// let photo = FilePart::path("photos/front.jpg"); // file name `front.jpg`, read when sent
/// # let _ = (receipt, photo);
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct FilePart {
    file_name: Option<String>,
    content_type: Option<String>,
    source: Source,
}

/// Where a part's bytes come from.
#[derive(Clone, PartialEq, Eq)]
pub(crate) enum Source {
    Bytes(Bytes),
    Path(PathBuf),
}

impl FilePart {
    /// A part holding `data`, without a file name (set one with [`FilePart::file_name`]).
    pub fn bytes(data: impl Into<Bytes>) -> Self {
        Self { file_name: None, content_type: None, source: Source::Bytes(data.into()) }
    }

    /// A part holding the file at `path`, read as the request is sent (never whole in memory),
    /// named after the path's last component.
    pub fn path(path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        let file_name = path.file_name().map(|name| name.to_string_lossy().into_owned());
        Self { file_name, content_type: None, source: Source::Path(path) }
    }

    /// The file name the part declares.
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// The part's content type (`application/octet-stream` if not set).
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The declared file name, if any.
    pub fn name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    /// The declared content type, if any.
    pub fn declared_content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The file on disk this part is read from, if it is not in memory.
    pub fn file_path(&self) -> Option<&Path> {
        match &self.source {
            Source::Path(path) => Some(path),
            Source::Bytes(_) => None,
        }
    }

    pub(crate) fn source(&self) -> &Source {
        &self.source
    }
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("FilePart");
        debug.field("file_name", &self.file_name).field("content_type", &self.content_type);
        match &self.source {
            Source::Bytes(bytes) => debug.field("bytes", &bytes.len()),
            Source::Path(path) => debug.field("path", path),
        };
        debug.finish()
    }
}

/// A file is sent as its own part, never inside the JSON or text of the other fields: in a
/// model it serializes as `null`, which the multipart encoder leaves out.
impl Serialize for FilePart {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_unit()
    }
}

/// Files are only sent; a response never holds one.
impl<'de> Deserialize<'de> for FilePart {
    fn deserialize<D: Deserializer<'de>>(_deserializer: D) -> Result<Self, D::Error> {
        Err(serde::de::Error::custom("a file part is only sent in a multipart body, never received"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_keep_their_name_type_and_source_and_serialize_as_null() {
        let part = FilePart::path("dir/photo.jpg").content_type("image/jpeg");
        assert_eq!((part.name(), part.declared_content_type()), (Some("photo.jpg"), Some("image/jpeg")));
        assert_eq!(part.file_path(), Some(Path::new("dir/photo.jpg")));
        let bytes = FilePart::bytes(&b"hi"[..]).file_name("hi.txt");
        assert_eq!((bytes.name(), bytes.file_path()), (Some("hi.txt"), None));
        assert_eq!(serde_json::to_value(&bytes).expect("serializes"), serde_json::Value::Null);
        assert!(serde_json::from_str::<FilePart>("\"x\"").is_err());
        assert_eq!(format!("{bytes:?}"), "FilePart { file_name: Some(\"hi.txt\"), content_type: None, bytes: 2 }");
    }
}

//! `multipart/form-data` bodies (RFC 7578), encoded for each attempt: text parts and files in
//! memory are copied once; files on disk are streamed from the disk as the body is sent, and
//! opened again by a retry, so a retried upload sends the whole file.

use crate::encoding;
use crate::error::{Error, InvalidArgument, Untyped};
use crate::request::{Part, PartContent};
use crate::upload::Source;
use bytes::Bytes;
use reqwest::header::HeaderValue;
use std::path::PathBuf;
use tokio::io::AsyncReadExt;

/// Size of the chunks a file is read in.
const CHUNK: usize = 64 * 1024;

/// An encoded multipart body: its content type (with the boundary), its exact length (sent as
/// `Content-Length`, which some gateways require) and the body.
pub(crate) struct Encoded {
    pub(crate) content_type: HeaderValue,
    pub(crate) length: u64,
    pub(crate) body: reqwest::Body,
}

/// A piece of the body: bytes, or a file read when its turn comes.
enum Segment {
    Bytes(Bytes),
    File(PathBuf),
}

/// Encodes `parts` with a fresh random boundary. A file that cannot be read fails here, before
/// anything is sent.
pub(crate) fn encode(parts: &[Part]) -> Result<Encoded, Untyped> {
    let (content_type, length, mut segments) = segments(parts)?;
    let body = match segments.as_slice() {
        [Segment::Bytes(bytes)] => reqwest::Body::from(bytes.clone()),
        _ => reqwest::Body::wrap_stream(stream(std::mem::take(&mut segments))),
    };
    Ok(Encoded { content_type, length, body })
}

/// The body's content type, its length and its segments.
fn segments(parts: &[Part]) -> Result<(HeaderValue, u64, Vec<Segment>), Untyped> {
    let uuid = encoding::uuid_v4().map_err(|reason| Error::Config { reason: format!("no multipart boundary could be made: {reason}") })?;
    let boundary = format!("apigen-{}", uuid.replace('-', ""));
    let mut segments = Vec::new();
    let mut pending = Vec::new();
    let mut length = 0u64;
    for part in parts {
        pending.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"", quoted(&part.name)).as_bytes());
        match &part.content {
            PartContent::Text(text) => {
                pending.extend_from_slice(b"\r\n\r\n");
                pending.extend_from_slice(text.as_bytes());
            }
            PartContent::File(file) => {
                if let Some(name) = file.name() {
                    pending.extend_from_slice(format!("; filename=\"{}\"", quoted(name)).as_bytes());
                }
                let content_type = file.declared_content_type().unwrap_or("application/octet-stream");
                if content_type.contains(['\r', '\n']) {
                    return Err(InvalidArgument { name: part.name.clone(), reason: "the content type has a line break".to_owned() }.into());
                }
                pending.extend_from_slice(format!("\r\nContent-Type: {content_type}\r\n\r\n").as_bytes());
                match file.source() {
                    Source::Bytes(bytes) => {
                        pending.extend_from_slice(bytes);
                    }
                    Source::Path(path) => {
                        let size = std::fs::metadata(path)
                            .map_err(|error| InvalidArgument { name: part.name.clone(), reason: format!("cannot read `{}`: {error}", path.display()) })?
                            .len();
                        length += pending.len() as u64 + size;
                        segments.push(Segment::Bytes(Bytes::from(std::mem::take(&mut pending))));
                        segments.push(Segment::File(path.clone()));
                    }
                }
            }
        }
        pending.extend_from_slice(b"\r\n");
    }
    pending.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    length += pending.len() as u64;
    let content_type = HeaderValue::from_str(&format!("multipart/form-data; boundary={boundary}")).map_err(|_| Error::Config { reason: "invalid multipart boundary".to_owned() })?;
    segments.push(Segment::Bytes(Bytes::from(pending)));
    Ok((content_type, length, segments))
}

/// The segments as a stream of chunks, each file opened when its turn comes.
fn stream(segments: Vec<Segment>) -> impl futures_util::Stream<Item = std::io::Result<Bytes>> + Send + 'static {
    futures_util::stream::try_unfold((segments.into_iter(), None::<tokio::fs::File>), |(mut rest, mut file)| async move {
        loop {
            if let Some(mut open) = file.take() {
                let mut chunk = vec![0u8; CHUNK];
                let read = open.read(&mut chunk).await?;
                if read > 0 {
                    chunk.truncate(read);
                    return Ok(Some((Bytes::from(chunk), (rest, Some(open)))));
                }
            }
            match rest.next() {
                None => return Ok(None),
                Some(Segment::Bytes(bytes)) => return Ok(Some((bytes, (rest, None)))),
                Some(Segment::File(path)) => file = Some(tokio::fs::File::open(path).await?),
            }
        }
    })
}

/// A name as a quoted-string parameter: quotes and line breaks percent-encoded, as browsers do
/// (WHATWG HTML, multipart form data).
fn quoted(name: &str) -> String {
    name.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::upload::FilePart;
    use futures_util::TryStreamExt;

    /// The body `parts` encode to, read as a transport would, with its content type and length.
    async fn collected(parts: &[Part]) -> (String, u64, String) {
        let (content_type, length, segments) = segments(parts).expect("encodes");
        let chunks: Vec<Bytes> = stream(segments).try_collect().await.expect("readable");
        (content_type.to_str().expect("text").to_owned(), length, String::from_utf8(chunks.concat()).expect("text"))
    }

    #[tokio::test]
    async fn text_and_file_parts_are_framed_and_counted() {
        let dir = std::env::temp_dir().join(format!("apigen-multipart-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("evidence \"1\".txt");
        std::fs::write(&path, "from disk").expect("written");
        let parts = vec![
            Part { name: "purpose".to_owned(), content: PartContent::Text("dispute".to_owned()) },
            Part { name: "note".to_owned(), content: PartContent::File(FilePart::bytes(&b"in memory"[..]).file_name("n.txt").content_type("text/plain")) },
            Part { name: "file".to_owned(), content: PartContent::File(FilePart::path(&path)) },
        ];
        let (content_type, length, body) = collected(&parts).await;
        let boundary = content_type.strip_prefix("multipart/form-data; boundary=").expect("boundary").to_owned();
        assert_eq!(body.len() as u64, length, "Content-Length is exact");
        let expected = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\ndispute\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"note\"; filename=\"n.txt\"\r\nContent-Type: text/plain\r\n\r\nin memory\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"evidence %221%22.txt\"\r\nContent-Type: application/octet-stream\r\n\r\nfrom disk\r\n\
             --{boundary}--\r\n"
        );
        assert_eq!(body, expected);
        let (_, _, again) = collected(&parts).await;
        assert!(again.contains("from disk"), "a retry reads the file again");
        assert!(encode(&parts).is_ok());
        std::fs::remove_dir_all(&dir).ok();
    }

    #[tokio::test]
    async fn a_missing_file_fails_before_sending() {
        let parts = vec![Part { name: "file".to_owned(), content: PartContent::File(FilePart::path("/nonexistent/apigen.bin")) }];
        let error = encode(&parts).err().expect("missing file");
        assert!(error.to_string().contains("cannot read `/nonexistent/apigen.bin`"), "{error}");
        let chunks: Vec<Bytes> = stream(vec![Segment::Bytes(Bytes::from_static(b"a")), Segment::File(PathBuf::from("/nonexistent/x"))]).try_collect().await.unwrap_or_default();
        assert!(chunks.is_empty(), "a file gone by the time it is read ends the body with an error");
    }
}

//! Response bodies read as they arrive (reports, exports), so large files are never held whole
//! in memory.

use crate::error::{Error, ErrorKind, KindName};
use bytes::Bytes;
use futures_util::stream::{BoxStream, Stream, StreamExt};
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::io::{AsyncWrite, AsyncWriteExt};

/// A response body as a stream of chunks.
pub struct ByteStream<K> {
    content_type: Option<String>,
    content_length: Option<u64>,
    chunks: BoxStream<'static, Result<Bytes, Error<K>>>,
}

impl<K> std::fmt::Debug for ByteStream<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ByteStream").field("content_type", &self.content_type).field("content_length", &self.content_length).finish_non_exhaustive()
    }
}

impl<K: Send + 'static> ByteStream<K> {
    pub(crate) fn new(
        content_type: Option<String>,
        content_length: Option<u64>,
        chunks: impl Stream<Item = Result<Bytes, Error<K>>> + Send + 'static,
    ) -> Self {
        Self { content_type, content_length, chunks: chunks.boxed() }
    }

    /// The body's `Content-Type`, if the server sent one.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The body's announced length, if the server sent one.
    pub fn content_length(&self) -> Option<u64> {
        self.content_length
    }

    /// Writes the whole body to `writer` chunk by chunk and flushes it; returns the bytes written.
    pub async fn write_to<W: AsyncWrite + Unpin>(mut self, writer: &mut W) -> Result<u64, Error<K>> {
        let mut written = 0u64;
        while let Some(chunk) = self.chunks.next().await {
            let chunk = chunk?;
            writer.write_all(&chunk).await.map_err(|error| Error::Io { reason: "writing the body failed".to_owned(), source: Some(error) })?;
            written += chunk.len() as u64;
        }
        writer.flush().await.map_err(|error| Error::Io { reason: "flushing the body failed".to_owned(), source: Some(error) })?;
        Ok(written)
    }

    /// Reads the whole body into memory (for small files); refuses more than `limit` bytes.
    pub async fn collect(mut self, limit: usize) -> Result<Bytes, Error<K>> {
        let mut body = Vec::new();
        while let Some(chunk) = self.chunks.next().await {
            let chunk = chunk?;
            if body.len() + chunk.len() > limit {
                return Err(Error::Io { reason: format!("the body is larger than the limit of {limit} bytes"), source: None });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Bytes::from(body))
    }
}

impl ByteStream<KindName> {
    /// This stream with the client's own error kind.
    pub(crate) fn typed<K: ErrorKind>(self) -> ByteStream<K> {
        let Self { content_type, content_length, chunks } = self;
        ByteStream { content_type, content_length, chunks: chunks.map(|chunk| chunk.map_err(Error::typed)).boxed() }
    }
}

impl<K> Stream for ByteStream<K> {
    type Item = Result<Bytes, Error<K>>;

    fn poll_next(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.chunks.poll_next_unpin(context)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::execute::tests_support::Kind;

    fn chunks(parts: &'static [&'static [u8]]) -> ByteStream<Kind> {
        let total = parts.iter().map(|part| part.len() as u64).sum();
        ByteStream::new(Some("text/csv".to_owned()), Some(total), futures_util::stream::iter(parts.iter().map(|part| Ok(Bytes::from_static(part)))))
    }

    #[tokio::test]
    async fn bodies_are_written_chunk_by_chunk_or_collected_within_a_limit() {
        let mut out = Vec::new();
        assert_eq!(chunks(&[b"a,b\n", b"1,2\n"]).write_to(&mut out).await.expect("written"), 8);
        assert_eq!(out, b"a,b\n1,2\n");
        let stream = chunks(&[b"abc", b"def"]);
        assert_eq!((stream.content_type(), stream.content_length()), (Some("text/csv"), Some(6)));
        assert_eq!(stream.collect(6).await.expect("fits"), Bytes::from_static(b"abcdef"));
        assert!(matches!(chunks(&[b"abc", b"def"]).collect(5).await, Err(Error::Io { .. })));
    }
}

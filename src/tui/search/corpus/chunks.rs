//! The packed text of the corpus: a few large chunks addressed by `u32` offsets.

use crate::store::StoreError;

/// Bytes in one chunk of text. A case's own text (or an asset's) never spans two
/// chunks; a longer one gets a chunk of its own.
pub(super) const CHUNK: usize = 1 << 20;

/// Text packed into chunks; an offset is `chunk number × CHUNK + position in it`.
#[derive(Clone, Default, PartialEq, Eq)]
pub(super) struct Chunks {
    chunks: Vec<String>,
}

/// Where one run of text is: its offset and length in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Span {
    pub(super) start: u32,
    pub(super) len: u32,
}

pub(super) fn too_large() -> StoreError {
    StoreError::Invalid("the search text does not fit in 4 GiB".into())
}

impl Chunks {
    /// Append `parts` as one contiguous run. A run starts in the chunk its offset
    /// names; one longer than a chunk gets a chunk of exactly its length.
    pub(super) fn push(&mut self, parts: &[&str]) -> Result<Span, StoreError> {
        let len: usize = parts.iter().map(|p| p.len()).sum();
        let fits = self
            .chunks
            .last()
            .is_some_and(|c| c.len() < CHUNK && c.len() + len <= CHUNK);
        if !fits {
            self.chunks.push(String::with_capacity(len.max(CHUNK)));
        }
        let number = self.chunks.len() - 1;
        let chunk = self.chunks.last_mut().ok_or_else(too_large)?;
        let start = number
            .checked_mul(CHUNK)
            .and_then(|base| base.checked_add(chunk.len()))
            .and_then(|start| u32::try_from(start).ok())
            .ok_or_else(too_large)?;
        let len = u32::try_from(len).map_err(|_| too_large())?;
        for part in parts {
            chunk.push_str(part);
        }
        Ok(Span { start, len })
    }

    pub(super) fn get(&self, span: Span) -> &str {
        let start = span.start as usize;
        let at = start % CHUNK;
        self.chunks
            .get(start / CHUNK)
            .and_then(|c| c.get(at..at + span.len as usize))
            .unwrap_or_default()
    }

    /// The bytes of `span` (no character boundary to check: a span is whole text).
    pub(super) fn bytes_of(&self, span: Span) -> &[u8] {
        let start = span.start as usize;
        let at = start % CHUNK;
        self.chunks
            .get(start / CHUNK)
            .and_then(|c| c.as_bytes().get(at..at + span.len as usize))
            .unwrap_or_default()
    }

    pub(super) fn finish(&mut self) {
        if let Some(last) = self.chunks.last_mut() {
            last.shrink_to_fit();
        }
    }

    pub(super) fn bytes(&self) -> usize {
        self.chunks.iter().map(String::capacity).sum()
    }
}

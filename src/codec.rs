//! The one place bincode is used: canonical encoding of events and stored values, decoded with a size limit.
//!
//! bincode 2 with its standard configuration (little endian, varint integers) is deterministic for a
//! given value, which makes its output usable as the canonical form that event hashes are taken over.
//! Every decode carries a byte limit so a hostile or damaged length prefix cannot make us allocate
//! gigabytes.

use serde::de::DeserializeOwned;
use serde::Serialize;

/// Largest single value we ever decode (an event, a stored record): 16 MiB.
pub const MAX_VALUE_BYTES: usize = 16 * 1024 * 1024;

/// Schema version written as the first byte of every stored value.
pub const SCHEMA_VERSION: u8 = 1;

type Config = bincode::config::Configuration<
    bincode::config::LittleEndian,
    bincode::config::Varint,
    bincode::config::Limit<MAX_VALUE_BYTES>,
>;

fn config() -> Config {
    bincode::config::standard().with_limit::<MAX_VALUE_BYTES>()
}

#[derive(Debug, thiserror::Error)]
pub enum CodecError {
    #[error("cannot encode value: {0}")]
    Encode(String),
    #[error("cannot decode value: {0}")]
    Decode(String),
    #[error("value has {0} trailing bytes after its end")]
    Trailing(usize),
    #[error("stored value has schema version {found}, this build reads version {expected}")]
    Version { found: u8, expected: u8 },
    #[error("stored value is empty")]
    Empty,
}

/// Canonical bytes of a value.
pub fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, CodecError> {
    bincode::serde::encode_to_vec(value, config()).map_err(|e| CodecError::Encode(e.to_string()))
}

/// Decode a value that must span exactly `bytes`.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, CodecError> {
    let (value, used) = decode_prefix(bytes)?;
    if used != bytes.len() {
        return Err(CodecError::Trailing(bytes.len() - used));
    }
    Ok(value)
}

/// Decode a value from the start of `bytes`; returns it and how many bytes it took (the rest is
/// the caller's: a record's trailing hashes, or fields a later format appends).
pub fn decode_prefix<T: DeserializeOwned>(bytes: &[u8]) -> Result<(T, usize), CodecError> {
    if bytes.len() > MAX_VALUE_BYTES {
        return Err(CodecError::Decode(format!(
            "{} bytes exceeds the {} byte limit",
            bytes.len(),
            MAX_VALUE_BYTES
        )));
    }
    bincode::serde::decode_from_slice(bytes, config())
        .map_err(|e| CodecError::Decode(e.to_string()))
}

/// A stored value: schema-version byte, then the canonical encoding.
pub fn encode_versioned<T: Serialize>(value: &T) -> Result<Vec<u8>, CodecError> {
    let mut out = vec![SCHEMA_VERSION];
    out.extend(encode(value)?);
    Ok(out)
}

/// Read a stored value written by [`encode_versioned`], refusing unknown schema versions.
pub fn decode_versioned<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, CodecError> {
    match bytes.split_first() {
        None => Err(CodecError::Empty),
        Some((&SCHEMA_VERSION, rest)) => decode(rest),
        Some((&found, _)) => Err(CodecError::Version {
            found,
            expected: SCHEMA_VERSION,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Sample {
        a: u64,
        b: String,
        c: Option<[u8; 4]>,
    }

    #[test]
    fn round_trip_and_version() {
        let s = Sample {
            a: 300,
            b: "Dinas Kesehatan".into(),
            c: Some([1, 2, 3, 4]),
        };
        let bytes = encode_versioned(&s).unwrap();
        assert_eq!(bytes[0], SCHEMA_VERSION);
        assert_eq!(decode_versioned::<Sample>(&bytes).unwrap(), s);
        // same value, same bytes: the encoding is canonical
        assert_eq!(encode(&s).unwrap(), encode(&s).unwrap());
    }

    #[test]
    fn refuses_unknown_version_trailing_bytes_and_garbage() {
        let mut bytes = encode_versioned(&7u32).unwrap();
        bytes[0] = 99;
        assert!(matches!(
            decode_versioned::<u32>(&bytes),
            Err(CodecError::Version { found: 99, .. })
        ));
        let mut bytes = encode(&7u32).unwrap();
        bytes.push(0);
        assert!(matches!(
            decode::<u32>(&bytes),
            Err(CodecError::Trailing(1))
        ));
        assert!(matches!(
            decode_versioned::<u32>(&[]),
            Err(CodecError::Empty)
        ));
    }

    #[test]
    fn huge_length_prefix_is_refused_without_allocating() {
        // a Vec<u8> claiming u64::MAX elements (varint 0xFD marker + 8 bytes)
        let mut bytes = vec![0xFD];
        bytes.extend(u64::MAX.to_le_bytes());
        assert!(decode::<Vec<u8>>(&bytes).is_err());
        // a string claiming 1 GiB
        let mut bytes = vec![0xFC];
        bytes.extend((1u32 << 30).to_le_bytes());
        assert!(decode::<String>(&bytes).is_err());
    }
}

//! JSON export: one object `{schema_version, exported_at, tables: {name: [row objects]}}`, written row by row.

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde_json::Value as Json;

use super::schema::Value;
use super::{rfc3339_local, AtomicFile, ExportError, Row, Sink, Table, Written, SCHEMA_VERSION};

pub struct JsonSink {
    file: AtomicFile,
    /// Tables written so far and their rows.
    tables: Vec<(&'static str, usize)>,
    current: Option<&'static Table>,
}

fn json_value(v: &Value<'_>) -> Json {
    match v {
        Value::Null => Json::Null,
        Value::Text(s) | Value::Nip(s) => Json::String((*s).to_string()),
        Value::Integer(n) => Json::from(*n),
        Value::Decimal(x) => serde_json::Number::from_f64(*x).map_or(Json::Null, Json::Number),
        Value::Date(d) => Json::String(d.format("%Y-%m-%d").to_string()),
        Value::DateTime(t) => Json::String(rfc3339_local(*t)),
        Value::List(items) => Json::Array(items.iter().map(|s| Json::from(*s)).collect()),
    }
}

impl JsonSink {
    pub fn new(path: &Path, exported_at: DateTime<Utc>) -> Result<JsonSink, ExportError> {
        let mut file = AtomicFile::create(path)?;
        write!(
            file,
            "{{\"schema_version\":{SCHEMA_VERSION},\"exported_at\":{},\"tables\":{{",
            Json::String(rfc3339_local(exported_at))
        )
        .map_err(|e| ExportError::io(path, e))?;
        Ok(JsonSink {
            file,
            tables: Vec::new(),
            current: None,
        })
    }

    fn io(&self, e: std::io::Error) -> ExportError {
        ExportError::io(self.file.path(), e)
    }
}

impl Sink for JsonSink {
    fn begin(&mut self, table: &'static Table) -> Result<(), ExportError> {
        let sep = if self.tables.is_empty() { "" } else { "," };
        write!(self.file, "{sep}\n{}:[", Json::from(table.name)).map_err(|e| self.io(e))?;
        self.tables.push((table.name, 0));
        self.current = Some(table);
        Ok(())
    }

    fn row(&mut self, row: Row<'_>) -> Result<(), ExportError> {
        let Some(table) = self.current else {
            return Ok(());
        };
        let n = self.tables.last().map_or(0, |t| t.1);
        let values = row.values();
        let mut buf = Vec::with_capacity(512);
        buf.extend_from_slice(if n == 0 { b"\n{" } else { b",\n{" });
        for (i, (col, v)) in table.columns.iter().zip(&values).enumerate() {
            if i > 0 {
                buf.push(b',');
            }
            serde_json::to_writer(&mut buf, col.name).map_err(|e| self.io(e.into()))?;
            buf.push(b':');
            serde_json::to_writer(&mut buf, &json_value(v)).map_err(|e| self.io(e.into()))?;
        }
        buf.push(b'}');
        self.file.write_all(&buf).map_err(|e| self.io(e))?;
        if let Some(t) = self.tables.last_mut() {
            t.1 += 1;
        }
        Ok(())
    }

    fn end(&mut self) -> Result<(), ExportError> {
        if self.current.take().is_some() {
            self.file.write_all(b"]").map_err(|e| self.io(e))?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<Vec<Written>, ExportError> {
        self.end()?;
        self.file.write_all(b"\n}}\n").map_err(|e| self.io(e))?;
        let path = self.file.path().to_path_buf();
        let tables = std::mem::take(&mut self.tables);
        let bytes = self.file.commit()?;
        Ok(vec![Written {
            path,
            bytes,
            tables,
        }])
    }
}

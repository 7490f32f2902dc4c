//! Frames across the door through the Arrow C stream interface (the Arrow
//! PyCapsule protocol, `__arrow_c_stream__`), column by column:
//!
//! - out: core rows → [`Node`] trees → one Arrow array per column (a struct
//!   field per record key, nested records as structs, lists as large lists)
//!   → a stream that `polars.DataFrame(...)` takes without copying cells one
//!   by one through Python objects;
//! - in: any producer of the protocol (pandas ≥ 2.2 via pyarrow, polars,
//!   pyarrow, DuckDB ...) → the columns the core reads → a polars
//!   `DataFrame` for `f1core::data`.
//!
//! No pyo3-polars: no release works with both polars 0.55 and pyo3 0.27
//! (0.26 is pyo3 0.27 + polars 0.53; 0.28 is polars 0.55 + pyo3 0.29), and it
//! ties the wheel to one Python polars version, which the protocol does not.

use super::tree::{Node, TreeError, to_node};
use f1core::Error;
use polars::polars_compute::cast::{CastOptionsImpl, cast};
use polars::prelude::{Column, DataFrame, Series};
use polars_arrow::array::{
    Array, BooleanArray, DictionaryArray, DictionaryKey, ListArray, MutableBinaryViewArray,
    NullArray, PrimitiveArray, StructArray, Utf8ViewArray, new_empty_array,
};
use polars_arrow::bitmap::Bitmap;
use polars_arrow::datatypes::{ArrowDataType, Field};
use polars_arrow::ffi::{ArrowArrayStream, ArrowArrayStreamReader, export_iterator};
use polars_arrow::offset::Offsets;
use pyo3::prelude::*;
use pyo3::types::PyCapsule;
use serde::Serialize;
use std::ffi::CStr;

const STREAM: &CStr = c"arrow_array_stream";

/// A table ready to be read through `__arrow_c_stream__` (any number of
/// times: each call exports a fresh stream of the same arrays).
#[pyclass(module = "f1core", name = "_ArrowTable", frozen)]
pub struct ArrowTable {
    /// A struct array, one field per column.
    table: Box<dyn Array>,
}

#[pymethods]
impl ArrowTable {
    /// Arrow PyCapsule protocol; `requested_schema` is not supported (the
    /// consumer casts if it wants other types).
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema;
        let field = Field::new("".into(), self.table.dtype().clone(), false);
        let batches = std::iter::once(Ok(self.table.clone()));
        let stream = export_iterator(Box::new(batches), field);
        PyCapsule::new(py, stream, Some(STREAM.to_owned()))
    }
}

/// Rows as an Arrow table; `None` when there are no rows (and so no
/// columns to name).
pub fn table<T: Serialize>(rows: &[T]) -> Result<Option<ArrowTable>, TreeError> {
    let nodes = rows.iter().map(to_node).collect::<Result<Vec<_>, _>>()?;
    // Rows that are not records (plain numbers, ...) become one `value` column.
    let nodes: Vec<Node> = nodes
        .into_iter()
        .map(|n| match n {
            Node::Record(_) => n,
            other => Node::Record(vec![("value".into(), other)]),
        })
        .collect();
    let cells: Vec<Option<&Node>> = nodes.iter().map(Some).collect();
    let kind = cells.iter().flatten().fold(Kind::Null, |k, n| k.merge(n));
    Ok(match kind {
        Kind::Record(fields) if !fields.is_empty() => Some(ArrowTable {
            table: build(&Kind::Record(fields), &cells, false),
        }),
        _ => None,
    })
}

/// The Arrow type a column's cells share. Where cells disagree (text and
/// numbers), the column is text.
#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Null,
    Bool,
    Int,
    Float,
    Str,
    Text,
    List(Box<Kind>),
    Record(Vec<(String, Kind)>),
}

impl Kind {
    fn merge(self, n: &Node) -> Kind {
        match (self, n) {
            (k, Node::Null) => k,
            (Kind::Null, Node::Bool(_)) | (Kind::Bool, Node::Bool(_)) => Kind::Bool,
            (Kind::Null, Node::Int(_)) | (Kind::Int, Node::Int(_)) => Kind::Int,
            (Kind::Null | Kind::Int | Kind::Float, Node::Int(_) | Node::Float(_)) => Kind::Float,
            (Kind::Null, Node::Str(_)) | (Kind::Str, Node::Str(_)) => Kind::Str,
            (Kind::Null, Node::List(items)) => {
                Kind::List(Box::new(items.iter().fold(Kind::Null, Kind::merge)))
            }
            (Kind::List(inner), Node::List(items)) => {
                Kind::List(Box::new(items.iter().fold(*inner, Kind::merge)))
            }
            (Kind::Null, Node::Record(_)) => Kind::Record(Vec::new()).merge(n),
            (Kind::Record(mut fields), Node::Record(items)) => {
                // Union of keys in order of first appearance: variants of an
                // enum with different fields share one struct column.
                for (key, v) in items {
                    match fields.iter_mut().find(|(k, _)| k == key) {
                        Some((_, k)) => *k = std::mem::replace(k, Kind::Null).merge(v),
                        None => fields.push((key.clone(), Kind::Null.merge(v))),
                    }
                }
                Kind::Record(fields)
            }
            _ => Kind::Text,
        }
    }
}

/// One column from its cells (`None` = missing).
fn build(kind: &Kind, cells: &[Option<&Node>], nullable: bool) -> Box<dyn Array> {
    let n = cells.len();
    match kind {
        Kind::Null => Box::new(NullArray::new(ArrowDataType::Null, n)),
        Kind::Bool => Box::new(BooleanArray::from(
            cells
                .iter()
                .map(|c| match c {
                    Some(Node::Bool(b)) => Some(*b),
                    _ => None,
                })
                .collect::<Vec<_>>(),
        )),
        Kind::Int => Box::new(PrimitiveArray::<i64>::from(
            cells
                .iter()
                .map(|c| match c {
                    Some(Node::Int(i)) => Some(*i),
                    _ => None,
                })
                .collect::<Vec<_>>(),
        )),
        Kind::Float => Box::new(PrimitiveArray::<f64>::from(
            cells
                .iter()
                .map(|c| match c {
                    Some(Node::Int(i)) => Some(*i as f64),
                    Some(Node::Float(x)) => Some(*x),
                    _ => None,
                })
                .collect::<Vec<_>>(),
        )),
        Kind::Str | Kind::Text => {
            let text: MutableBinaryViewArray<str> =
                cells.iter().map(|c| c.and_then(text_of)).collect();
            let array: Utf8ViewArray = text.into();
            Box::new(array)
        }
        Kind::List(inner) => {
            fn items<'a>(c: &Option<&'a Node>) -> &'a [Node] {
                match c {
                    Some(Node::List(items)) => items.as_slice(),
                    _ => &[],
                }
            }
            let flat: Vec<Option<&Node>> = cells.iter().flat_map(items).map(Some).collect();
            let values = build(inner, &flat, true);
            let offsets = Offsets::<i64>::try_from_lengths(cells.iter().map(|c| items(c).len()))
                .expect("list offsets fit in i64");
            let validity = validity(cells, |c| matches!(c, Node::List(_)));
            let dtype = ListArray::<i64>::default_datatype(values.dtype().clone());
            Box::new(ListArray::<i64>::new(
                dtype,
                offsets.into(),
                values,
                validity,
            ))
        }
        Kind::Record(fields) if fields.is_empty() => {
            Box::new(NullArray::new(ArrowDataType::Null, n))
        }
        Kind::Record(fields) => {
            let values: Vec<Box<dyn Array>> = fields
                .iter()
                .map(|(key, k)| {
                    let column: Vec<Option<&Node>> = cells
                        .iter()
                        .map(|c| match c {
                            Some(Node::Record(items)) => {
                                items.iter().find(|(name, _)| name == key).map(|(_, v)| v)
                            }
                            _ => None,
                        })
                        .collect();
                    build(k, &column, true)
                })
                .collect();
            let dtype = ArrowDataType::Struct(
                fields
                    .iter()
                    .zip(&values)
                    .map(|((key, _), v)| Field::new(key.as_str().into(), v.dtype().clone(), true))
                    .collect(),
            );
            let validity = if nullable {
                validity(cells, |c| matches!(c, Node::Record(_)))
            } else {
                None
            };
            Box::new(StructArray::new(dtype, n, values, validity))
        }
    }
}

/// Null where a cell is missing or not of the expected shape; `None` when
/// every cell is there.
fn validity(cells: &[Option<&Node>], present: impl Fn(&Node) -> bool) -> Option<Bitmap> {
    let bits: Bitmap = cells.iter().map(|c| c.is_some_and(&present)).collect();
    (bits.unset_bits() > 0).then_some(bits)
}

/// A cell of a text column: text as is, anything else written out.
fn text_of(n: &Node) -> Option<String> {
    match n {
        Node::Null => None,
        Node::Str(s) => Some(s.clone()),
        other => Some(render(other)),
    }
}

fn render(n: &Node) -> String {
    match n {
        Node::Null => "null".into(),
        Node::Bool(b) => b.to_string(),
        Node::Int(i) => i.to_string(),
        Node::Float(x) => x.to_string(),
        Node::Str(s) => format!("{s:?}"),
        Node::List(items) => {
            let inner: Vec<String> = items.iter().map(render).collect();
            format!("[{}]", inner.join(", "))
        }
        Node::Record(items) => {
            let inner: Vec<String> = items
                .iter()
                .map(|(k, v)| format!("{k:?}: {}", render(v)))
                .collect();
            format!("{{{}}}", inner.join(", "))
        }
    }
}

/// Error of a frame that cannot be read: a core data error naming the column.
fn frame_error(message: String) -> PyErr {
    crate::error::to_py(Error::Csv {
        file: "DataFrame".into(),
        message,
    })
}

/// The `wanted` columns (those present) of any Arrow stream producer, as a
/// polars frame. Column types the core could not read are refused here,
/// before polars sees them.
pub fn frame_from_stream(source: &Bound<'_, PyAny>, wanted: &[&str]) -> PyResult<DataFrame> {
    let capsule = source.call_method0("__arrow_c_stream__")?;
    let capsule = capsule.cast::<PyCapsule>()?;
    let ptr = capsule.pointer_checked(Some(STREAM))?;
    // SAFETY: a capsule named `arrow_array_stream` holds an ArrowArrayStream
    // (Arrow PyCapsule protocol). Moving it out and leaving an empty one (no
    // release callback) is how the protocol hands over ownership: the
    // capsule's destructor then has nothing to release.
    let stream = unsafe {
        std::ptr::replace(
            ptr.as_ptr().cast::<ArrowArrayStream>(),
            ArrowArrayStream::empty(),
        )
    };
    // SAFETY: the stream came from a protocol producer (see above).
    let mut reader = unsafe { ArrowArrayStreamReader::try_new(Box::new(stream)) }
        .map_err(|e| frame_error(format!("cannot read the Arrow stream: {e}")))?;
    let ArrowDataType::Struct(fields) = reader.field().dtype().clone() else {
        return Err(frame_error("the Arrow stream is not a table".into()));
    };
    let keep: Vec<usize> = (0..fields.len())
        .filter(|&i| wanted.contains(&fields[i].name.as_str()))
        .collect();
    for &i in &keep {
        check_type(&fields[i])?;
    }
    let mut chunks: Vec<Vec<Box<dyn Array>>> = vec![Vec::new(); fields.len()];
    // SAFETY: as above; each batch is owned by the reader's stream.
    while let Some(batch) = unsafe { reader.next() } {
        let batch = batch.map_err(|e| frame_error(format!("Arrow stream: {e}")))?;
        let Some(s) = batch.as_any().downcast_ref::<StructArray>() else {
            return Err(frame_error("an Arrow batch is not a table".into()));
        };
        for &i in &keep {
            chunks[i].push(text_if_dictionary(s.values()[i].clone())?);
        }
    }
    let mut columns = Vec::with_capacity(keep.len());
    for &i in &keep {
        let name = fields[i].name.clone();
        let mut parts = std::mem::take(&mut chunks[i]);
        if parts.is_empty() {
            let dtype = match &fields[i].dtype {
                ArrowDataType::Dictionary(..) => ArrowDataType::Utf8View,
                other => other.clone(),
            };
            parts.push(new_empty_array(dtype));
        }
        let series = Series::from_arrow_chunks(name.clone(), parts)
            .map_err(|e| frame_error(format!("column `{name}`: {e}")))?;
        columns.push(Column::from(series));
    }
    DataFrame::new_infer_height(columns).map_err(|e| frame_error(e.to_string()))
}

/// Columns the laps reader can take: text, numbers, booleans, durations,
/// nulls, and dictionaries of text (pandas categoricals).
fn check_type(field: &Field) -> PyResult<()> {
    use ArrowDataType as T;
    let ok = match &field.dtype {
        T::Null | T::Boolean | T::Float32 | T::Float64 | T::Utf8 | T::LargeUtf8 | T::Utf8View => {
            true
        }
        T::Int8 | T::Int16 | T::Int32 | T::Int64 => true,
        T::UInt8 | T::UInt16 | T::UInt32 | T::UInt64 => true,
        T::Duration(_) => true,
        T::Dictionary(_, values, _) => {
            matches!(values.as_ref(), T::Utf8 | T::LargeUtf8 | T::Utf8View)
        }
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(frame_error(format!(
            "column `{}`: cannot read Arrow type {:?} (expected text, numbers, booleans or durations)",
            field.name, field.dtype
        )))
    }
}

/// A categorical column as plain text (polars is built without
/// categoricals, and its cast does not decode dictionaries).
fn text_if_dictionary(array: Box<dyn Array>) -> PyResult<Box<dyn Array>> {
    let ArrowDataType::Dictionary(key, ..) = array.dtype() else {
        return Ok(array);
    };
    polars_arrow::match_integer_type!(key, |$K| decode::<$K>(array.as_ref()))
}

fn decode<K: DictionaryKey>(array: &dyn Array) -> PyResult<Box<dyn Array>> {
    let bad = |e: String| frame_error(format!("categorical column: {e}"));
    let dict = array
        .as_any()
        .downcast_ref::<DictionaryArray<K>>()
        .ok_or_else(|| bad("not a dictionary".into()))?;
    let values = cast(
        dict.values().as_ref(),
        &ArrowDataType::Utf8View,
        CastOptionsImpl::default(),
    )
    .map_err(|e| bad(e.to_string()))?;
    let values = values
        .as_any()
        .downcast_ref::<Utf8ViewArray>()
        .ok_or_else(|| bad("values are not text".into()))?;
    let text: MutableBinaryViewArray<str> = dict
        .keys()
        .iter()
        .map(|k| {
            let i: usize = (*k?).try_into().ok()?;
            (i < values.len() && values.is_valid(i)).then(|| values.value(i))
        })
        .collect();
    let text: Utf8ViewArray = text.into();
    Ok(Box::new(text))
}

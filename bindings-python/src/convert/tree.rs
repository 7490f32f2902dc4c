//! Any serialisable core value as a small ordered tree, the first step of
//! rows → Arrow columns. Struct fields keep their declaration order (a
//! `serde_json::Value` would sort them), enums read as serde writes them to
//! JSON: unit variants as their name, others as a one-key record.

use serde::ser::{self, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<Node>),
    Record(Vec<(String, Node)>),
}

/// `value` as a tree.
pub fn to_node<T: Serialize + ?Sized>(value: &T) -> Result<Node, TreeError> {
    value.serialize(ToNode)
}

#[derive(Debug)]
pub struct TreeError(String);

impl fmt::Display for TreeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TreeError {}

impl ser::Error for TreeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        TreeError(msg.to_string())
    }
}

struct ToNode;

/// Items of a sequence, or fields of a record, being collected; `tag` wraps
/// the result as `{tag: result}` (the variant of a tuple or struct variant).
pub struct Collect {
    items: Vec<(String, Node)>,
    tag: Option<&'static str>,
    pending_key: Option<String>,
}

impl Collect {
    fn new(tag: Option<&'static str>) -> Self {
        Collect {
            items: Vec::new(),
            tag,
            pending_key: None,
        }
    }

    fn push<T: Serialize + ?Sized>(&mut self, key: String, v: &T) -> Result<(), TreeError> {
        self.items.push((key, v.serialize(ToNode)?));
        Ok(())
    }

    fn list(self) -> Node {
        let items = self.items.into_iter().map(|(_, v)| v).collect();
        wrap(self.tag, Node::List(items))
    }

    fn record(self) -> Node {
        wrap(self.tag, Node::Record(self.items))
    }
}

fn wrap(tag: Option<&'static str>, node: Node) -> Node {
    match tag {
        Some(t) => Node::Record(vec![(t.to_string(), node)]),
        None => node,
    }
}

impl ser::Serializer for ToNode {
    type Ok = Node;
    type Error = TreeError;
    type SerializeSeq = Collect;
    type SerializeTuple = Collect;
    type SerializeTupleStruct = Collect;
    type SerializeTupleVariant = Collect;
    type SerializeMap = Collect;
    type SerializeStruct = Collect;
    type SerializeStructVariant = Collect;

    fn serialize_bool(self, v: bool) -> Result<Node, TreeError> {
        Ok(Node::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<Node, TreeError> {
        Ok(Node::Int(v.into()))
    }
    fn serialize_i16(self, v: i16) -> Result<Node, TreeError> {
        Ok(Node::Int(v.into()))
    }
    fn serialize_i32(self, v: i32) -> Result<Node, TreeError> {
        Ok(Node::Int(v.into()))
    }
    fn serialize_i64(self, v: i64) -> Result<Node, TreeError> {
        Ok(Node::Int(v))
    }
    fn serialize_u8(self, v: u8) -> Result<Node, TreeError> {
        Ok(Node::Int(v.into()))
    }
    fn serialize_u16(self, v: u16) -> Result<Node, TreeError> {
        Ok(Node::Int(v.into()))
    }
    fn serialize_u32(self, v: u32) -> Result<Node, TreeError> {
        Ok(Node::Int(v.into()))
    }
    fn serialize_u64(self, v: u64) -> Result<Node, TreeError> {
        Ok(i64::try_from(v).map_or(Node::Float(v as f64), Node::Int))
    }
    fn serialize_f32(self, v: f32) -> Result<Node, TreeError> {
        Ok(Node::Float(v.into()))
    }
    fn serialize_f64(self, v: f64) -> Result<Node, TreeError> {
        Ok(Node::Float(v))
    }
    fn serialize_char(self, v: char) -> Result<Node, TreeError> {
        Ok(Node::Str(v.to_string()))
    }
    fn serialize_str(self, v: &str) -> Result<Node, TreeError> {
        Ok(Node::Str(v.to_string()))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Node, TreeError> {
        Ok(Node::List(
            v.iter().map(|b| Node::Int((*b).into())).collect(),
        ))
    }
    fn serialize_none(self) -> Result<Node, TreeError> {
        Ok(Node::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<Node, TreeError> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<Node, TreeError> {
        Ok(Node::Null)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Node, TreeError> {
        Ok(Node::Null)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Node, TreeError> {
        Ok(Node::Str(variant.to_string()))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<Node, TreeError> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<Node, TreeError> {
        Ok(Node::Record(vec![(
            variant.to_string(),
            v.serialize(self)?,
        )]))
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Collect, TreeError> {
        Ok(Collect::new(None))
    }
    fn serialize_tuple(self, _: usize) -> Result<Collect, TreeError> {
        Ok(Collect::new(None))
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Collect, TreeError> {
        Ok(Collect::new(None))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Collect, TreeError> {
        Ok(Collect::new(Some(variant)))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Collect, TreeError> {
        Ok(Collect::new(None))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Collect, TreeError> {
        Ok(Collect::new(None))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Collect, TreeError> {
        Ok(Collect::new(Some(variant)))
    }
}

impl ser::SerializeSeq for Collect {
    type Ok = Node;
    type Error = TreeError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), TreeError> {
        self.push(String::new(), v)
    }
    fn end(self) -> Result<Node, TreeError> {
        Ok(self.list())
    }
}

impl ser::SerializeTuple for Collect {
    type Ok = Node;
    type Error = TreeError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), TreeError> {
        self.push(String::new(), v)
    }
    fn end(self) -> Result<Node, TreeError> {
        Ok(self.list())
    }
}

impl ser::SerializeTupleStruct for Collect {
    type Ok = Node;
    type Error = TreeError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), TreeError> {
        self.push(String::new(), v)
    }
    fn end(self) -> Result<Node, TreeError> {
        Ok(self.list())
    }
}

impl ser::SerializeTupleVariant for Collect {
    type Ok = Node;
    type Error = TreeError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), TreeError> {
        self.push(String::new(), v)
    }
    fn end(self) -> Result<Node, TreeError> {
        Ok(self.list())
    }
}

impl ser::SerializeMap for Collect {
    type Ok = Node;
    type Error = TreeError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> Result<(), TreeError> {
        self.pending_key = Some(match k.serialize(ToNode)? {
            Node::Str(s) => s,
            Node::Int(i) => i.to_string(),
            other => return Err(TreeError(format!("map key {other:?} is not text"))),
        });
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), TreeError> {
        let key = self.pending_key.take().unwrap_or_default();
        self.push(key, v)
    }
    fn end(self) -> Result<Node, TreeError> {
        Ok(self.record())
    }
}

impl ser::SerializeStruct for Collect {
    type Ok = Node;
    type Error = TreeError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), TreeError> {
        self.push(key.to_string(), v)
    }
    fn end(self) -> Result<Node, TreeError> {
        Ok(self.record())
    }
}

impl ser::SerializeStructVariant for Collect {
    type Ok = Node;
    type Error = TreeError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), TreeError> {
        self.push(key.to_string(), v)
    }
    fn end(self) -> Result<Node, TreeError> {
        Ok(self.record())
    }
}

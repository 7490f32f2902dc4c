//! Model registry (seed `model_metadata`, §9.3): trained models saved as
//! versioned artifacts in a directory, each carrying its own metadata and
//! metrics; list them, load one or the latest production model, promote.
//!
//! One JSON file per artifact, `<MODEL_TYPE>-v<N>.json`:
//! `{"format": "f1core-model", "format_version": 1, "metadata": {...},
//! "checksum": "<fnv1a-64 of the model JSON>", "model": {...}}`. Writes go to
//! a temporary file renamed into place, so a crash never leaves half a file
//! under an artifact's name; a truncated, edited or newer-format file is a
//! typed error, never a panic or a silently wrong model.

use crate::domain::{ModelMetadata, ModelType};
use crate::error::{Error, Result};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Artifact format this build writes and the newest it reads.
pub const FORMAT_VERSION: u32 = 1;
const FORMAT: &str = "f1core-model";

/// A directory of model artifacts.
#[derive(Debug, Clone)]
pub struct Registry {
    dir: PathBuf,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn corrupt(path: &Path, message: impl Into<String>) -> Error {
    Error::Model {
        format: "f1core artifact",
        location: path.display().to_string(),
        message: message.into(),
    }
}

/// FNV-1a, 64 bit, of the model's canonical JSON: enough to notice an edited
/// or damaged model body (not a defence against tampering).
fn checksum(model: &Value) -> String {
    let mut text = String::new();
    canonical(model, &mut text);
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// Compact JSON with object keys sorted, whatever order the map keeps: a
/// dependency turning on serde_json's `preserve_order` in one runtime's build
/// must not make artifacts written by another fail their checksum.
fn canonical(v: &Value, out: &mut String) {
    match v {
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                canonical(&map[k], out);
            }
            out.push('}');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

fn type_name(t: ModelType) -> String {
    serde_json::to_value(t)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| format!("{t:?}"))
}

/// `v12` → 12.
fn version_number(v: &str) -> Option<u64> {
    v.strip_prefix('v')?.parse().ok()
}

impl Registry {
    /// Opens (creating if needed) the registry directory.
    pub fn open(dir: impl AsRef<Path>) -> Result<Registry> {
        let dir = dir.as_ref().to_path_buf();
        std::fs::create_dir_all(&dir).map_err(io(&dir))?;
        Ok(Registry { dir })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, t: ModelType, version: &str) -> PathBuf {
        self.dir.join(format!("{}-{version}.json", type_name(t)))
    }

    /// The next free version for a model type: `v1`, `v2`, …
    pub fn next_version(&self, t: ModelType) -> Result<String> {
        let last = self
            .list()?
            .iter()
            .filter(|m| m.model_type == t)
            .filter_map(|m| version_number(&m.version))
            .max()
            .unwrap_or(0);
        Ok(format!("v{}", last + 1))
    }

    /// Saves a model with its metadata; `metadata.version` empty = the next
    /// free version. Refuses to overwrite an existing version. Returns the
    /// metadata as saved.
    pub fn save<M: Serialize>(
        &self,
        mut metadata: ModelMetadata,
        model: &M,
    ) -> Result<ModelMetadata> {
        if metadata.version.is_empty() {
            metadata.version = self.next_version(metadata.model_type)?;
        }
        if version_number(&metadata.version).is_none() {
            return Err(Error::InvalidInput(format!(
                "model version must look like v1, v2, …; got {:?}",
                metadata.version
            )));
        }
        let path = self.path(metadata.model_type, &metadata.version);
        if path.exists() {
            return Err(Error::InvalidInput(format!(
                "{} already exists; versions are never overwritten",
                path.display()
            )));
        }
        let was_production = metadata.is_production;
        self.write(&path, &metadata, &serde_json::to_value(model)?)?;
        if was_production {
            self.promote(metadata.model_type, &metadata.version)?;
        }
        Ok(metadata)
    }

    fn write(&self, path: &Path, metadata: &ModelMetadata, model: &Value) -> Result<()> {
        let doc = serde_json::json!({
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "metadata": metadata,
            "checksum": checksum(model),
            "model": model,
        });
        let tmp = path.with_extension("json.tmp");
        std::fs::write(&tmp, serde_json::to_vec_pretty(&doc)?).map_err(io(&tmp))?;
        std::fs::rename(&tmp, path).map_err(io(path))
    }

    /// Reads and checks one artifact file.
    fn read(&self, path: &Path) -> Result<(ModelMetadata, Value)> {
        let text = std::fs::read_to_string(path).map_err(io(path))?;
        let doc: Value = serde_json::from_str(&text)
            .map_err(|e| corrupt(path, format!("not a complete JSON artifact ({e})")))?;
        if doc.get("format").and_then(Value::as_str) != Some(FORMAT) {
            return Err(corrupt(path, format!("not an {FORMAT} artifact")));
        }
        let version = doc
            .get("format_version")
            .and_then(Value::as_u64)
            .ok_or_else(|| corrupt(path, "no format_version"))?;
        if version > u64::from(FORMAT_VERSION) {
            return Err(corrupt(
                path,
                format!(
                    "format version {version} was written by a newer f1core; this one reads up to {FORMAT_VERSION}"
                ),
            ));
        }
        let metadata: ModelMetadata =
            serde_json::from_value(doc.get("metadata").cloned().unwrap_or(Value::Null))
                .map_err(|e| corrupt(path, format!("bad metadata ({e})")))?;
        let model = doc
            .get("model")
            .cloned()
            .ok_or_else(|| corrupt(path, "no model"))?;
        let want = doc.get("checksum").and_then(Value::as_str).unwrap_or("");
        if checksum(&model) != want {
            return Err(corrupt(
                path,
                "checksum mismatch: the model body was changed or damaged",
            ));
        }
        Ok((metadata, model))
    }

    /// Every artifact's metadata, by model type then version. A damaged
    /// file is an error naming it (not skipped: a silent gap would hide it).
    pub fn list(&self) -> Result<Vec<ModelMetadata>> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(&self.dir).map_err(io(&self.dir))? {
            let path = entry.map_err(io(&self.dir))?.path();
            if path.extension().is_some_and(|e| e == "json") {
                out.push(self.read(&path)?.0);
            }
        }
        out.sort_by_key(|m| (type_name(m.model_type), version_number(&m.version)));
        Ok(out)
    }

    /// Loads one version of a model type.
    pub fn load<M: DeserializeOwned>(
        &self,
        t: ModelType,
        version: &str,
    ) -> Result<(ModelMetadata, M)> {
        let path = self.path(t, version);
        if !path.exists() {
            return Err(Error::NotFound(format!(
                "no {} model {version} in {}",
                type_name(t),
                self.dir.display()
            )));
        }
        let (meta, model) = self.read(&path)?;
        let model = serde_json::from_value(model).map_err(|e| {
            corrupt(
                &path,
                format!("model does not fit the requested type ({e})"),
            )
        })?;
        Ok((meta, model))
    }

    /// The production model of a type (the newest if several are marked).
    pub fn latest_production<M: DeserializeOwned>(
        &self,
        t: ModelType,
    ) -> Result<(ModelMetadata, M)> {
        let prod = self
            .list()?
            .into_iter()
            .filter(|m| m.model_type == t && m.is_production)
            .max_by_key(|m| version_number(&m.version))
            .ok_or_else(|| {
                Error::NotFound(format!(
                    "no production {} model in {}",
                    type_name(t),
                    self.dir.display()
                ))
            })?;
        self.load(t, &prod.version)
    }

    /// Marks one version as production and every other version of the same
    /// type as not.
    pub fn promote(&self, t: ModelType, version: &str) -> Result<()> {
        let target = self.path(t, version);
        if !target.exists() {
            return Err(Error::NotFound(format!(
                "no {} model {version} to promote in {}",
                type_name(t),
                self.dir.display()
            )));
        }
        for meta in self.list()?.into_iter().filter(|m| m.model_type == t) {
            let should = meta.version == version;
            if meta.is_production != should || (should && !meta.is_production) {
                let path = self.path(t, &meta.version);
                let (mut m, model) = self.read(&path)?;
                m.is_production = should;
                self.write(&path, &m, &model)?;
            }
        }
        Ok(())
    }
}

// No file system on wasm32-unknown-unknown: these run natively only.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn meta(t: ModelType, production: bool) -> ModelMetadata {
        ModelMetadata {
            model_type: t,
            version: String::new(),
            trained_at: "2026-11-25T20:00:00Z".into(),
            races_count: 1100,
            metrics: BTreeMap::from([("log_loss".to_string(), 0.31)]),
            hyperparameters: BTreeMap::new(),
            feature_names: vec!["grid".into()],
            is_production: production,
        }
    }

    #[test]
    fn save_list_promote_load() {
        let dir = tempfile::tempdir().unwrap();
        let reg = Registry::open(dir.path()).unwrap();
        let a = reg
            .save(meta(ModelType::RaceWinner, true), &vec![1.0, 2.0])
            .unwrap();
        let b = reg
            .save(meta(ModelType::RaceWinner, false), &vec![3.0])
            .unwrap();
        reg.save(meta(ModelType::Quali, false), &vec![9.0]).unwrap();
        assert_eq!((a.version.as_str(), b.version.as_str()), ("v1", "v2"));
        let (m, w): (_, Vec<f64>) = reg.latest_production(ModelType::RaceWinner).unwrap();
        assert_eq!((m.version.as_str(), w), ("v1", vec![1.0, 2.0]));
        reg.promote(ModelType::RaceWinner, "v2").unwrap();
        let (m, w): (_, Vec<f64>) = reg.latest_production(ModelType::RaceWinner).unwrap();
        assert_eq!((m.version.as_str(), w), ("v2", vec![3.0]));
        let list = reg.list().unwrap();
        assert_eq!(list.len(), 3);
        assert_eq!(list.iter().filter(|m| m.is_production).count(), 1);
        let e = reg
            .latest_production::<Vec<f64>>(ModelType::Quali)
            .unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::NotFound);
        let e = reg
            .save(
                ModelMetadata {
                    version: "v1".into(),
                    ..meta(ModelType::RaceWinner, false)
                },
                &1,
            )
            .unwrap_err();
        assert!(e.to_string().contains("never overwritten"), "{e}");
    }

    #[test]
    fn damaged_artifacts_are_typed_errors() {
        let dir = tempfile::tempdir().unwrap();
        let reg = Registry::open(dir.path()).unwrap();
        reg.save(meta(ModelType::RaceWinner, true), &vec![1.5, 2.5])
            .unwrap();
        let path = dir.path().join("RACE_WINNER-v1.json");
        let good = std::fs::read_to_string(&path).unwrap();
        let load = || {
            reg.load::<Vec<f64>>(ModelType::RaceWinner, "v1")
                .unwrap_err()
                .to_string()
        };
        // Truncated.
        std::fs::write(&path, &good[..good.len() / 2]).unwrap();
        assert!(
            load().contains("not a complete JSON artifact"),
            "{}",
            load()
        );
        // A model number edited by hand.
        std::fs::write(&path, good.replace("2.5", "2.6")).unwrap();
        assert!(load().contains("checksum mismatch"), "{}", load());
        // Written by a newer f1core.
        std::fs::write(
            &path,
            good.replace("\"format_version\": 1", "\"format_version\": 2"),
        )
        .unwrap();
        assert!(load().contains("newer f1core"), "{}", load());
        // Not ours at all, and a model of another shape.
        std::fs::write(&path, "{\"hello\": 1}").unwrap();
        assert!(
            load().contains("not an f1core-model artifact"),
            "{}",
            load()
        );
        std::fs::write(&path, &good).unwrap();
        let e = reg.load::<String>(ModelType::RaceWinner, "v1").unwrap_err();
        assert!(e.to_string().contains("does not fit"), "{e}");
        assert_eq!(e.kind(), crate::ErrorKind::Data);
        // list() names the damaged file rather than skipping it.
        std::fs::write(&path, "{").unwrap();
        assert!(
            reg.list()
                .unwrap_err()
                .to_string()
                .contains("RACE_WINNER-v1.json")
        );
    }
}

#[cfg(test)]
mod checksum_tests {
    use super::*;

    /// The canonical text is serde_json's compact form with keys sorted (so
    /// artifacts written before it still verify), whatever the input order.
    #[test]
    fn checksum_ignores_key_order_and_matches_sorted_compact_json() {
        let a: Value =
            serde_json::from_str(r#"{"b":[1,2.5,"x\"y",null],"a":{"z":true,"c":-0.1}}"#).unwrap();
        let mut text = String::new();
        canonical(&a, &mut text);
        assert_eq!(text, r#"{"a":{"c":-0.1,"z":true},"b":[1,2.5,"x\"y",null]}"#);
        let b: Value =
            serde_json::from_str(r#"{"a":{"c":-0.1,"z":true},"b":[1,2.5,"x\"y",null]}"#).unwrap();
        assert_eq!(checksum(&a), checksum(&b));
        let c: Value =
            serde_json::from_str(r#"{"a":{"c":-0.1,"z":false},"b":[1,2.5,"x\"y",null]}"#).unwrap();
        assert_ne!(checksum(&a), checksum(&c));
    }
}

//! Maps from the dump's ids (small integers) to values: a dense vector
//! indexed by id, with a hash map for any large ids. Faster than hashing
//! for the lookups done per row.

use crate::domain::Id;
use std::collections::HashMap;

/// Ids of a table (`V = ()`) or a value per id: a dense vector for the
/// dump's small ids, a hash map for any others.
#[derive(Debug, Clone)]
pub(crate) struct IdMap<V> {
    dense: Vec<Option<V>>,
    sparse: HashMap<Id, V>,
}

/// Ids above this go to the hash map.
const DENSE_IDS: usize = 1 << 16;

impl<V> Default for IdMap<V> {
    fn default() -> Self {
        IdMap {
            dense: Vec::new(),
            sparse: HashMap::new(),
        }
    }
}

impl<V: Copy> IdMap<V> {
    pub fn get(&self, id: Id) -> Option<V> {
        match self.dense.get(id as usize) {
            Some(v) => *v,
            None => self.sparse.get(&id).copied(),
        }
    }
}

impl<V> IdMap<V> {
    /// Sets the value of `id` (replacing any, as `HashMap::insert` does).
    pub fn insert(&mut self, id: Id, v: V) {
        let i = id as usize;
        if i < DENSE_IDS {
            if self.dense.len() <= i {
                self.dense.resize_with(i + 1, || None);
            }
            self.dense[i] = Some(v);
        } else {
            self.sparse.insert(id, v);
        }
    }

    pub fn contains(&self, id: Id) -> bool {
        match self.dense.get(id as usize) {
            Some(v) => v.is_some(),
            None => self.sparse.contains_key(&id),
        }
    }
}

impl<V> FromIterator<(Id, V)> for IdMap<V> {
    fn from_iter<I: IntoIterator<Item = (Id, V)>>(iter: I) -> Self {
        let mut m = IdMap::default();
        for (id, v) in iter {
            m.insert(id, v);
        }
        m
    }
}

impl FromIterator<Id> for IdMap<()> {
    fn from_iter<I: IntoIterator<Item = Id>>(iter: I) -> Self {
        iter.into_iter().map(|id| (id, ())).collect()
    }
}

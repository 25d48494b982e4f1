/// Disjoint sets over item indices (union by smaller root, path halving): items joined pair by
/// pair become groups. The root of a group is always its smallest index, so the groups come out
/// in order of their first item whatever order the joins came in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Groups {
    parent: Vec<usize>,
}

impl Groups {
    /// `n` items, each alone.
    pub fn new(n: usize) -> Groups {
        Groups { parent: (0..n).collect() }
    }

    /// Adds one more item, alone; returns its index.
    pub fn add(&mut self) -> usize {
        let idx = self.parent.len();
        self.parent.push(idx);
        idx
    }

    /// The smallest index of the item's group.
    pub fn root(&mut self, mut idx: usize) -> usize {
        while self.parent[idx] != idx {
            self.parent[idx] = self.parent[self.parent[idx]];
            idx = self.parent[idx];
        }
        idx
    }

    /// Joins the groups of two items.
    pub fn join(&mut self, a: usize, b: usize) {
        let (a, b) = (self.root(a), self.root(b));
        self.parent[a.max(b)] = a.min(b);
    }

    /// The groups, each in index order, in order of their first index.
    pub fn groups(mut self) -> Vec<Vec<usize>> {
        let mut by_root: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
        for idx in 0..self.parent.len() {
            let top = self.root(idx);
            by_root.entry(top).or_default().push(idx);
        }
        by_root.into_values().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joined_items_group_under_their_smallest_index_whatever_the_order() {
        let mut groups = Groups::new(5);
        groups.join(4, 2);
        groups.join(3, 0);
        groups.join(2, 3);
        assert_eq!(groups.add(), 5);
        assert_eq!(groups.root(4), 0);
        assert_eq!(groups.groups(), [vec![0, 2, 3, 4], vec![1], vec![5]]);
    }
}
